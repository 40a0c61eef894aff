import { z } from 'zod';
import { dueDeadlines, dueReminders, secondsUntilNextWake, settleDeadlines, scheduleDeadlines, type AwaitedInput, type CaseRecord, type Deadline } from '../domain/case';
import { DEADLINE_POLICY, type DeadlineKind } from '../domain/deadline-policy';
import { phaseDecision, type PhaseNext } from '../domain/phases';
import { requireCase, savedVersion, updateCase, type StoredCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { countMetric, logger, recordPendingDecisionAge } from '../shared/observability';
import type { NotificationKind } from '../notifier/templates';

const input = z.object({
  caseId: caseIdSchema,
  awaiting: z.enum(['resubmission', 'thresholdDecision', 'officerEvent']),
  action: z.enum(['plan', 'fire']),
});

interface Notification {
  caseId: string;
  kind: NotificationKind;
  key: string;
  deadline?: DeadlineKind;
  /** Which occurrence: a repeated chase has several deadlines of one kind. */
  dueAt?: string;
}

/** How long the workflow may wait, whether it waits on at all, and the case version the plan was made from. */
interface Timer {
  next: PhaseNext;
  seconds: number;
  planVersion: number;
}

/** What firing did, and the plan for the wait that follows, so that firing needs no separate planning step. */
interface FireResult extends Timer {
  outcome: 'inputArrived' | 'waiting' | 'rejected';
  notifications: Notification[];
}

/** The first days' deadlines each have an email of their own; later ones share the due-today and overdue emails. */
const OWN_EMAIL: ReadonlySet<DeadlineKind> = new Set(['returnReminder', 'returnCutoff', 'initialConsiderationChase', 'initialConsiderationEscalation']);

function overdueNotice(caseId: string, deadline: Deadline): Notification {
  const key = `${deadline.kind}-${deadline.dueAt}`;
  return OWN_EMAIL.has(deadline.kind)
    ? { caseId, kind: deadline.kind as NotificationKind, key }
    : { caseId, kind: 'deadlineOverdue', key, deadline: deadline.kind, dueAt: deadline.dueAt };
}

/**
 * Timers. "plan" says how long the workflow may wait before it must act (the
 * next deadline or reminder, or the end of this execution's phase) and whether
 * the case still needs a workflow; "fire" acts on every deadline and reminder
 * now due, says which emails to send, and plans the next wait from the case as
 * it leaves it. A timer that wakes after the awaited input arrived does
 * nothing but say so.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting, action }) => {
  const at = now();
  if (action === 'plan') return planWait(await requireCase(caseId), awaiting, at);
  const fired = await updateCase<FireResult>(caseId, (current) => {
    if (current.awaiting?.kind !== awaiting) return { result: { outcome: 'inputArrived', notifications: [], ...planWait(current, awaiting, at) } };
    const due = dueDeadlines(current, at);
    const reminders = dueReminders(current, at);
    if (due.length === 0 && reminders.length === 0) return { result: { outcome: 'waiting', notifications: [], ...planWait(current, awaiting, at) } };

    const kinds = due.map((d) => d.kind);
    const rejected = kinds.includes('returnCutoff');
    const remindedAt = new Set(reminders);
    const next: CaseRecord = {
      ...current,
      deadlines: [
        ...settleDeadlines(current.deadlines, kinds, 'fired', at).map((d) => {
          if (!remindedAt.has(d)) return d;
          const { remindAt: _sent, ...rest } = d;
          return rest;
        }),
        // A duty chased until it is confirmed comes round again.
        ...scheduleDeadlines(kinds.filter((kind) => DEADLINE_POLICY[kind].repeats), at, serviceConfig().calendar),
      ],
    };
    const stamp = at.toISOString();
    const events = [
      ...due.map((d) => ({ type: 'DeadlineFired', actor: 'system', at: stamp, details: { deadline: d.kind, dueAt: d.dueAt } })),
      ...reminders.map((d) => ({ type: 'DeadlineReminder', actor: 'system', at: stamp, details: { deadline: d.kind, dueAt: d.dueAt } })),
    ];
    if (rejected) {
      const cutoff = due.find((d) => d.kind === 'returnCutoff')!;
      next.status = 'REJECTED';
      next.rejectedAt = stamp;
      delete next.awaiting;
      events.push({ type: 'ReferralRejected', actor: 'system', at: stamp, details: { deadline: 'returnCutoff', dueAt: cutoff.dueAt } });
    }
    // A reminder overtaken by the cut-off (a long outage) is not worth sending beside the rejection.
    const overdue = rejected ? due.filter((d) => d.kind === 'returnCutoff') : due;
    const notifications: Notification[] = [
      ...overdue.map((d) => overdueNotice(caseId, d)),
      ...reminders.map((d) => ({ caseId, kind: 'deadlineDueSoon' as const, key: `${d.kind}-${d.dueAt}-reminder`, deadline: d.kind, dueAt: d.dueAt })),
    ];
    // Saved as the next version: the wait that follows is planned from it.
    const timer = planWait({ ...next, version: savedVersion(current) }, awaiting, at);
    return { next, events, result: { outcome: rejected ? 'rejected' : 'waiting', notifications, ...timer } };
  });
  if (fired.outcome === 'rejected') countMetric('ReferralRejected');
  for (const n of fired.notifications) {
    if (n.kind === 'initialConsiderationChase') countMetric('DecisionChased');
    if (n.kind === 'initialConsiderationEscalation' || n.kind === 'deadlineOverdue') countMetric('DecisionEscalated');
  }
  logger.info('Deadlines fired', { caseId, outcome: fired.outcome, emails: fired.notifications.map((n) => n.deadline ?? n.kind) });
  return fired;
});

function planWait(record: StoredCase, awaiting: AwaitedInput, at: Date): Timer {
  if (awaiting === 'thresholdDecision' && record.awaiting?.kind === 'thresholdDecision') {
    recordPendingDecisionAge((at.getTime() - Date.parse(record.awaiting.since)) / 3_600_000);
  }
  const { next, secondsLeft } = phaseDecision(record, awaiting, at);
  return { next, seconds: secondsUntilNextWake(record, at, secondsLeft), planVersion: record.version };
}
