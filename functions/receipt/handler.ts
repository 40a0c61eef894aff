import { oweEmails, type CaseRecord } from '../domain/case';
import { firstDaysStep } from '../domain/phases';
import { updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { caseTaskInput, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';

/**
 * Receipt: the first step of every first-days execution. For a new referral
 * it records the receipt and owes the acknowledgement (and, for a child at
 * immediate risk, the duty LADO's alert) in one write. For a referral further
 * along (an execution resumed from the stored case after a failure, a restart
 * or a handover) it changes nothing. Either way it says where the referral
 * stands, which is where the execution takes it up.
 */
export const handler = taskHandler(caseTaskInput, async ({ caseId }) => {
  const at = now();
  const next = await updateCase(caseId, (current) => {
    const step = firstDaysStep(current);
    if (current.receiptRecordedAt !== undefined) return { result: step };
    const immediateRisk = current.referral.allegation.immediateRisk;
    const received: CaseRecord = oweEmails(
      {
        ...current,
        receiptRecordedAt: at.toISOString(),
        phase: current.phase ?? { name: 'first-days', sequence: 1, startedAt: at.toISOString(), wakes: 0 },
      },
      [{ key: 'acknowledgement', kind: 'acknowledgement' }, ...(immediateRisk ? [{ key: 'immediateRiskAlert', kind: 'immediateRiskAlert' as const }] : [])],
      at,
    );
    return { next: received, events: [{ type: 'ReceiptRecorded', actor: 'system', at: at.toISOString(), details: { immediateRisk } }], result: step };
  });
  logger.info('Receipt recorded', { caseId, next });
  return { next };
});
