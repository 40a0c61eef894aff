import type { CompletenessResult } from '../domain/lifecycle-contract';
import { checkCompleteness } from '../domain/lifecycle-rules';
import { decided, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { caseTaskInput, taskHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';

/**
 * Completeness: the referral is checked, and returned to the referrer or moved
 * to initial consideration, with the return email owed in the same write
 * (functions/domain/lifecycle-rules.ts, checkCompleteness). A retry after the check
 * was saved answers as the check did, and writes nothing.
 */
export const handler = taskHandler(caseTaskInput, async ({ caseId }): Promise<CompletenessResult> => {
  const at = now();
  const { calendar } = serviceConfig();
  const result = await updateCase(caseId, (current) => {
    const check = checkCompleteness(current, at, calendar);
    return decided(check, { complete: check.complete, checked: check.events.length > 0 });
  });
  if (result.checked) countMetric(result.complete ? 'ReferralComplete' : 'ReferralReturned');
  logger.info('Completeness checked', { caseId, complete: result.complete, checked: result.checked });
  return { complete: result.complete };
});
