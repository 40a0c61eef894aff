import { oweEmails, scheduleDeadlines, settleDeadlines, type CaseRecord } from '../domain/case';
import { missingKeyDemographics } from '../domain/completeness';
import { updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { caseTaskInput, taskHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';

/**
 * Completeness: a referral lacking key demographics is returned to the referrer,
 * with the three-working-day window opened on the first return only (a still
 * incomplete resubmission keeps the original cut-off). A complete referral
 * moves to initial consideration, due within one working day. The return email
 * is owed in the same write. Only a referral just received (or resubmitted) is
 * checked: a retry after the check was saved answers as the check did.
 */
export const handler = taskHandler(caseTaskInput, async ({ caseId }) => {
  const at = now();
  const { calendar } = serviceConfig();
  const result = await updateCase(caseId, (current) => {
    const checks = (current.completenessChecks ?? 0) + 1;
    if (current.status !== 'RECEIVED') return { result: { complete: current.status !== 'AWAITING_RESUBMISSION', checked: false } };
    const missing = missingKeyDemographics(current.referral);
    if (missing.length === 0) {
      const next: CaseRecord = {
        ...current,
        status: 'AWAITING_THRESHOLD_DECISION',
        missing: [],
        completenessChecks: checks,
        awaiting: { kind: 'thresholdDecision', since: at.toISOString() },
        deadlines: [
          ...settleDeadlines(current.deadlines, ['returnReminder', 'returnCutoff'], 'met', at),
          ...scheduleDeadlines(['initialConsiderationChase', 'initialConsiderationEscalation'], at, calendar),
        ],
      };
      return { next, events: [{ type: 'ReferralComplete', actor: 'system', at: at.toISOString() }], result: { complete: true, checked: true } };
    }
    const firstReturn = current.returnedAt === undefined;
    const returned: CaseRecord = {
      ...current,
      status: 'AWAITING_RESUBMISSION',
      missing,
      completenessChecks: checks,
      returnedAt: current.returnedAt ?? at.toISOString(),
      awaiting: { kind: 'resubmission', since: at.toISOString() },
      deadlines: firstReturn ? [...current.deadlines, ...scheduleDeadlines(['returnReminder', 'returnCutoff'], at, calendar)] : current.deadlines,
    };
    const event = {
      type: 'ReferralReturned',
      actor: 'system',
      at: at.toISOString(),
      details: { missing: missing.map((item) => item.field), firstReturn },
    };
    const next = oweEmails(returned, [{ key: `returnRequest-${checks}`, kind: 'returnRequest' }], at);
    return { next, events: [event], result: { complete: false, checked: true } };
  });
  if (result.checked) countMetric(result.complete ? 'ReferralComplete' : 'ReferralReturned');
  logger.info('Completeness checked', { caseId, complete: result.complete, checked: result.checked });
  return { complete: result.complete };
});
