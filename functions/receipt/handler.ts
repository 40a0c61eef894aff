import { requireCase } from '../shared/case-store';
import { caseTaskInput, taskHandler } from '../shared/handler';

/** Receipt: tells the workflow whether the referrer flagged a child at immediate risk. */
export const handler = taskHandler(caseTaskInput, async ({ caseId }) => {
  const record = await requireCase(caseId);
  return { immediateRisk: record.referral.allegation.immediateRisk };
});
