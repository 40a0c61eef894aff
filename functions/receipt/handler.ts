import type { ReceiptResult } from '../domain/lifecycle-contract';
import { recordReceipt } from '../domain/lifecycle-rules';
import { decided, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { caseTaskInput, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';

/**
 * Receipt: the first step of every first-days execution. For a new referral
 * it records the receipt and owes the acknowledgement (and, for a child at
 * immediate risk, the duty LADO's alert) in one write. For a referral further
 * along (an execution resumed from the stored case after a failure, a restart
 * or a handover) it changes nothing. Either way it says where the referral
 * stands, which is where the execution takes it up (functions/domain/lifecycle-rules.ts).
 */
export const handler = taskHandler(caseTaskInput, async ({ caseId }): Promise<ReceiptResult> => {
  const at = now();
  const next = await updateCase(caseId, (current) => {
    const receipt = recordReceipt(current, at);
    return decided(receipt, receipt.step);
  });
  logger.info('Receipt recorded', { caseId, next });
  return { next };
});
