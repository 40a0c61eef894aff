import { z } from 'zod';
import type { DeadlineKind } from '../domain/deadline-policy';
import { dueDeadlines, secondsUntilNextWake, settleDeadlines, type CaseRecord } from '../domain/case';
import { updateCase, requireCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';

/** With nothing pending, a parked workflow still wakes monthly to re-check, well inside Step Functions' limits. */
export const IDLE_RECHECK_SECONDS = 30 * 24 * 60 * 60;

interface FireResult {
  outcome: 'inputArrived' | 'waiting' | 'rejected';
  notifications: Array<{ caseId: string; kind: DeadlineKind; key: string }>;
}

const input = z.object({
  caseId: caseIdSchema,
  awaiting: z.enum(['resubmission', 'thresholdDecision']),
  action: z.enum(['plan', 'fire']),
});

/**
 * Timers. "plan" says how long the workflow may wait before the next deadline;
 * "fire" acts on every deadline now due and says which emails to send. A timer
 * that wakes after the awaited input arrived does nothing but say so.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting, action }) => {
  const at = now();
  if (action === 'plan') {
    return { seconds: secondsUntilNextWake(await requireCase(caseId), at, IDLE_RECHECK_SECONDS) };
  }
  const fired = await updateCase<FireResult>(caseId, (current) => {
    if (current.awaiting?.kind !== awaiting) return { result: { outcome: 'inputArrived', notifications: [] } };
    const due = dueDeadlines(current, at);
    if (due.length === 0) return { result: { outcome: 'waiting', notifications: [] } };
    const kinds = due.map((d) => d.kind);
    const rejected = kinds.includes('returnCutoff');
    const next: CaseRecord = { ...current, deadlines: settleDeadlines(current.deadlines, kinds, 'fired', at) };
    if (rejected) {
      next.status = 'REJECTED';
      next.rejectedAt = at.toISOString();
      delete next.awaiting;
    }
    const events = due.map((d) => ({ type: 'DeadlineFired', actor: 'system', at: at.toISOString(), details: { deadline: d.kind, dueAt: d.dueAt } }));
    if (rejected) events.push({ type: 'ReferralRejected', actor: 'system', at: at.toISOString(), details: { deadline: 'returnCutoff', dueAt: at.toISOString() } });
    // A reminder overtaken by the cut-off (a long outage) is not worth sending beside the rejection.
    const notified = rejected ? due.filter((d) => d.kind === 'returnCutoff') : due;
    return {
      next,
      events,
      result: {
        outcome: rejected ? 'rejected' : 'waiting',
        notifications: notified.map((d) => ({ caseId, kind: d.kind, key: `${d.kind}-${d.dueAt}` })),
      },
    };
  });
  if (fired.outcome === 'rejected') countMetric('ReferralRejected');
  for (const n of fired.notifications) {
    if (n.kind === 'initialConsiderationChase') countMetric('DecisionChased');
    if (n.kind === 'initialConsiderationEscalation') countMetric('DecisionEscalated');
  }
  logger.info('Deadlines fired', { caseId, outcome: fired.outcome, deadlines: fired.notifications.map((n) => n.kind) });
  return fired;
});
