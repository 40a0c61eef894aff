import { z } from 'zod';
import { dueDeadlines, dueReminders, oweEmails, settleOwedEmail, secondsUntilNextWake, settleDeadlines, scheduleDeadlines, type AwaitedInput, type CaseRecord, type Deadline, type OwedEmail } from '../domain/case';
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

/**
 * What the workflow does next, how long it may wait, and the case version the
 * plan was made from. `inputArrived`: the awaited input came while the
 * workflow was busy; `closed`: the case has ended (rejected, or closed);
 * `handover`: this execution has run long enough and hands the case on.
 */
interface Timer {
  next: PhaseNext | 'inputArrived';
  seconds: number;
  planVersion: number;
}

/** The first days' deadlines each have an email of their own; later ones share the due-today and overdue emails. */
const OWN_EMAIL: ReadonlySet<DeadlineKind> = new Set(['returnReminder', 'returnCutoff', 'initialConsiderationChase', 'initialConsiderationEscalation']);

type EmailToOwe = Omit<OwedEmail, 'owedSince'>;

function overdueEmail(deadline: Deadline): EmailToOwe {
  const key = `${deadline.kind}-${deadline.dueAt}`;
  return OWN_EMAIL.has(deadline.kind)
    ? { key, kind: deadline.kind as NotificationKind }
    : { key, kind: 'deadlineOverdue', deadline: deadline.kind, dueAt: deadline.dueAt };
}

/**
 * Timers. "plan" says how long the workflow may wait before it must act (the
 * next deadline or reminder, or the end of this execution's phase) and whether
 * the case still needs a workflow; "fire" acts on every deadline and reminder
 * now due, owes their emails in the same write (the workflow sends them next),
 * and plans the next wait from the case as it leaves it. A timer that wakes
 * after the awaited input arrived does nothing but say so; a retry after the
 * firing was saved finds nothing due and answers from the stored case.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting, action }) => {
  const at = now();
  if (action === 'plan') return planWait(await requireCase(caseId), awaiting, at);
  const fired = await updateCase<Timer & { emails: NotificationKind[] }>(caseId, (current) => {
    const due = current.awaiting?.kind === awaiting ? dueDeadlines(current, at) : [];
    const reminders = current.awaiting?.kind === awaiting ? dueReminders(current, at) : [];
    if (due.length === 0 && reminders.length === 0) return { result: { ...planWait(current, awaiting, at), emails: [] } };

    const kinds = due.map((d) => d.kind);
    const rejected = kinds.includes('returnCutoff');
    const remindedAt = new Set(reminders);
    let next: CaseRecord = {
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
      // A reminder still owed (SES was out) would only confuse beside the rejection.
      const owedReminders = (next.owedEmails ?? []).filter((o) => o.kind === 'returnReminder');
      for (const reminder of owedReminders) next = settleOwedEmail(next, reminder.key);
      next.status = 'REJECTED';
      // Rejected by the rule at the cut-off, even when the timer ran a little late (retrying an email before it).
      next.rejectedAt = cutoff.dueAt;
      delete next.awaiting;
      events.push({ type: 'ReferralRejected', actor: 'system', at: stamp, details: { deadline: 'returnCutoff', dueAt: cutoff.dueAt } });
    }
    // A reminder overtaken by the cut-off (a long outage) is not worth sending beside the rejection.
    const overdue = rejected ? due.filter((d) => d.kind === 'returnCutoff') : due;
    const emails: EmailToOwe[] = [
      ...overdue.map(overdueEmail),
      ...reminders.map((d) => ({ key: `${d.kind}-${d.dueAt}-reminder`, kind: 'deadlineDueSoon' as const, deadline: d.kind, dueAt: d.dueAt })),
    ];
    next = oweEmails(next, emails, at);
    // Saved as the next version: the wait that follows is planned from it.
    const timer = planWait({ ...next, version: savedVersion(current) }, awaiting, at);
    return { next, events, result: { ...timer, emails: emails.map((e) => e.kind) } };
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

function planWait(record: StoredCase, awaiting: AwaitedInput, at: Date): Timer {
  if (awaiting === 'thresholdDecision' && record.awaiting?.kind === 'thresholdDecision') {
    recordPendingDecisionAge((at.getTime() - Date.parse(record.awaiting.since)) / 3_600_000);
  }
  const { next, secondsLeft } = phaseDecision(record, awaiting, at);
  // The first days move on once their input has arrived; management plans again whatever an officer records.
  if (next === 'wait' && awaiting !== 'officerEvent' && record.awaiting?.kind !== awaiting) {
    return { next: 'inputArrived', seconds: 1, planVersion: record.version };
  }
  return { next, seconds: secondsUntilNextWake(record, at, secondsLeft), planVersion: record.version };
}
