import * as z from '../domain/zod';
import type { CaseRecord } from '../domain/case';
import { fireDueDeadlines, planTimer } from '../domain/lifecycle-rules';
import { AWAITED_INPUTS, TIMER_ACTIONS, type AwaitedInput, type NotificationKind, type TimerResult } from '../domain/lifecycle-contract';
import { decided, requireCase, savedVersion, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { countMetric, logger, recordPendingDecisionAge } from '../shared/observability';

const input = z.object({
  caseId: caseIdSchema,
  awaiting: z.enum(AWAITED_INPUTS),
  action: z.enum(TIMER_ACTIONS),
});

/**
 * Timers (functions/domain/lifecycle-rules.ts, planTimer and fireDueDeadlines).
 * "plan" says how long the workflow may wait before it must act, and whether
 * the case still needs a workflow; "fire" acts on every deadline and reminder
 * now due, owes their emails in the same write (the workflow sends them next),
 * and plans the next wait from the case as it leaves it. The plan carries the
 * case version it was made from: the version read, or the one this firing saved.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting, action }): Promise<TimerResult> => {
  const at = now();
  if (action === 'plan') {
    const record = await requireCase(caseId);
    notePendingDecision(record, awaiting, at);
    return planTimer(record, awaiting, at);
  }
  const { calendar } = serviceConfig();
  const fired = await updateCase<TimerResult & { emails: NotificationKind[] }>(caseId, (current) => {
    notePendingDecision(current, awaiting, at);
    const firing = fireDueDeadlines(current, awaiting, at, calendar);
    const planVersion = firing.events.length > 0 ? savedVersion(current) : current.version;
    return decided(firing, { ...firing.wait, planVersion, emails: firing.emails.map((email) => email.kind) });
  });
  if (fired.next === 'closed' && fired.emails.includes('returnCutoff')) countMetric('ReferralRejected');
  for (const kind of fired.emails) {
    if (kind === 'initialConsiderationChase') countMetric('DecisionChased');
    if (kind === 'initialConsiderationEscalation' || kind === 'deadlineOverdue') countMetric('DecisionEscalated');
  }
  logger.info('Deadlines fired', { caseId, next: fired.next, emails: fired.emails });
  const { emails: _owed, ...timer } = fired;
  return timer;
});

/** How long the threshold decision has waited, each time its wait is planned: the oldest pending decision's age is the maximum. */
function notePendingDecision(record: CaseRecord, awaiting: AwaitedInput, at: Date): void {
  if (awaiting === 'thresholdDecision' && record.awaiting?.kind === 'thresholdDecision') {
    recordPendingDecisionAge((at.getTime() - Date.parse(record.awaiting.since)) / 3_600_000);
  }
}
