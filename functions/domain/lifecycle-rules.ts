import type * as z from './zod';
import type { WorkingCalendar } from './calendar';
import {
  awaitsThresholdDecision,
  callsWorkflowBack,
  CLOSED_STATUSES,
  dueDeadlines,
  dueReminders,
  dueSoonNotices,
  heldReferral,
  oweEmails,
  parkedOn,
  scheduleFor,
  secondsUntilNextWake,
  settleDeadlines,
  settleOwedEmail,
  type CaseEvent,
  type CaseRecord,
  type Deadline,
  type OwedEmail,
} from './case';
import { caseIdForSubmission, emailId, fingerprint } from './case-id';
import { missingKeyDemographics } from './completeness';
import { DEADLINE_POLICY, type DeadlineKind } from './deadline-policy';
import {
  NOTIFICATION_RECIPIENT,
  REFERRER_ACTOR,
  SYSTEM_ACTOR,
  type AwaitedInput,
  type CaseEventType,
  type FirstDaysStep,
  type PhaseName,
  type TimerOutcome,
  type TimerResult,
} from './lifecycle-contract';
import { applyOfficerEvent, applyThresholdDecision, type OfficerEvent } from './officer-records';
import { rejectedReferralRetention } from './outcome';
import { firstDaysStep, phaseDecision } from './phases';
import { resubmitted, type Referral, type Resubmission, type StaffKeyedChannel } from './referral-schema';
import type { ThresholdDecision } from './threshold-decision';

export { closeCase } from './officer-records';

/**
 * The lifecycle core: every command a case goes through, each one pure
 * function from the case, the command, the moment and the working calendar
 * to what follows (a `Transition`). No AWS, no environment, no clock: the
 * handlers load the case, decide with the core, save what it decided in one
 * transaction, and only then act (resume the workflow, send, alert).
 *
 * receive             receiveReferral (the portal's submission), recordReceipt (the workflow takes it up)
 * check completeness  checkCompleteness
 * resubmit            resubmit
 * fire due deadlines  fireDueDeadlines
 * plan a wait         planWait, and parkWait when the workflow parks on it
 * threshold decision  decideThreshold
 * officer record      recordOfficerEvent
 * hand over           handOver, goesOnToManagement, flagNeedsAttention
 * close               closeCase: the one rule every way of closing applies (officer-records.ts)
 * emails              recordEmailSent, recordEmailUndeliverable, recordDeliveryProblem
 */

/** What the workflow does after a timer step, and how long it may wait first. The handler adds the case version it planned from. */
export interface WaitPlan {
  next: TimerOutcome;
  seconds: number;
  /** Emails the case owes as the plan leaves it: the workflow sends them before it waits, and plans again. */
  owed: number;
}

/** What a command makes of a case: the one shape every command answers with. */
export interface Transition {
  /** The case as the command leaves it: the case given, as it was, when `events` is empty. */
  next: CaseRecord;
  /** The audit events that record the change, saved with it; none when nothing changed. */
  events: CaseEvent[];
  /** The emails the change owes: already on `next.owedEmails`, so that they are saved in the same transaction. */
  emails: OwedEmail[];
  /** For the timer's commands: what the workflow does next. */
  wait?: WaitPlan;
}

/** Why a command cannot apply to the case as it stands. */
export interface Refusal {
  refused: 'stopped' | 'notAwaiting' | 'conflict' | 'contradicts';
  message: string;
  /** What a resubmission contradicts, field by field. */
  issues?: z.core.$ZodError;
}

export const isRefusal = (outcome: object): outcome is Refusal => 'refused' in outcome;

export const STOPPED_WORKFLOW_MESSAGE =
  "This case's workflow has stopped and needs attention; operations have been alerted. Nothing was recorded: send it again once the case is repaired.";

const unchanged = (record: CaseRecord): Transition => ({ next: record, events: [], emails: [] });

/** A change, with the emails it owes: those on `next` the case did not owe before. */
function changed(before: CaseRecord, next: CaseRecord, events: CaseEvent[]): Transition {
  const owed = new Set((before.owedEmails ?? []).map((email) => email.key));
  return { next, events, emails: (next.owedEmails ?? []).filter((email) => !owed.has(email.key)) };
}

const systemEvent = (type: CaseEventType, at: Date, details?: CaseEvent['details']): CaseEvent => ({
  type,
  actor: SYSTEM_ACTOR,
  at: at.toISOString(),
  ...(details ? { details } : {}),
});

// ------------------------------------------------------------------ receive

/** How a referral came in, and for one keyed in by staff, who keyed it. */
export type ReferralSource = { channel: 'portal' } | { channel: StaffKeyedChannel; keyedBy: { officerId: string; email: string } };

/**
 * A referral becomes a case, received now (domain.md stage 1), whether the
 * portal submitted it or staff keyed it in: the same lifecycle follows. Its
 * id is derived from the submission id. The case records its channel; one
 * keyed in records the officer who keyed it, and that officer is the actor.
 */
export function receiveReferral(referral: Referral, at: Date, source: ReferralSource = { channel: 'portal' }): Transition {
  const receivedAt = at.toISOString();
  const record: CaseRecord = {
    caseId: caseIdForSubmission(referral.submissionId),
    submissionId: referral.submissionId,
    submissionFingerprint: fingerprint(referral),
    channel: source.channel,
    ...('keyedBy' in source ? { keyedBy: source.keyedBy } : {}),
    status: 'RECEIVED',
    receivedAt,
    referral,
    missing: [],
    deadlines: [],
    decisions: [],
  };
  const actor = 'keyedBy' in source ? source.keyedBy.officerId : REFERRER_ACTOR;
  return { next: record, events: [{ type: 'ReferralReceived', actor, at: receivedAt, details: { submissionId: referral.submissionId, channel: source.channel } }], emails: [] };
}

/** Whether a case already stored under the id is this submission sent again, rather than another referral under a reused submission id. */
export function isSameSubmission(stored: Pick<CaseRecord, 'submissionFingerprint'>, received: Pick<CaseRecord, 'submissionFingerprint'>): boolean {
  return stored.submissionFingerprint === received.submissionFingerprint;
}

/**
 * The workflow takes a referral up. For a new referral it records the receipt
 * and owes the acknowledgement (and, for a child at immediate risk, the duty
 * LADO's alert: domain.md stage 1). For one further along it changes nothing.
 * Either way it says where the referral stands.
 */
export function recordReceipt(record: CaseRecord, at: Date): Transition & { step: FirstDaysStep } {
  const step = firstDaysStep(record);
  if (record.receiptRecordedAt !== undefined) return { ...unchanged(record), step };
  const immediateRisk = record.referral.allegation.immediateRisk;
  const received = oweEmails(
    {
      ...record,
      receiptRecordedAt: at.toISOString(),
      phase: record.phase ?? { name: 'first-days', sequence: 1, startedAt: at.toISOString(), wakes: 0 },
    },
    [{ key: 'acknowledgement', kind: 'acknowledgement' }, ...(immediateRisk ? [{ key: 'immediateRiskAlert', kind: 'immediateRiskAlert' as const }] : [])],
    at,
  );
  return { ...changed(record, received, [systemEvent('ReceiptRecorded', at, { immediateRisk })]), step };
}

// ------------------------------------------------------------------ completeness

const RETURN_WINDOW: readonly DeadlineKind[] = ['returnReminder', 'returnCutoff'];
const INITIAL_CONSIDERATION: readonly DeadlineKind[] = ['initialConsiderationChase', 'initialConsiderationEscalation'];

/**
 * Initial consideration opens once, as soon as the referral awaits its
 * threshold decision: on completeness, or at the first check for a child at
 * immediate risk, whatever the referral lacks (case.ts, awaitsThresholdDecision).
 */
function openInitialConsideration(record: CaseRecord, at: Date, calendar: WorkingCalendar): CaseRecord {
  const opened = record.deadlines.some((d) => INITIAL_CONSIDERATION.includes(d.kind));
  if (opened || !awaitsThresholdDecision(record)) return record;
  return { ...record, deadlines: [...record.deadlines, ...scheduleFor(INITIAL_CONSIDERATION, record, at, calendar)] };
}

/**
 * Completeness (domain.md stage 2): a referral lacking key demographics is
 * returned to the referrer, with the three-working-day window opened on the
 * first return only (a still incomplete resubmission keeps the original
 * cut-off: deadline-policy.ts, returnCutoff). A complete referral moves to
 * initial consideration (stage 3); one with a child at immediate risk opens
 * it at its first check, returned or not. Only a referral just received or
 * resubmitted is checked: otherwise the answer is the stored status's.
 */
export function checkCompleteness(record: CaseRecord, at: Date, calendar: WorkingCalendar): Transition & { complete: boolean } {
  if (record.status !== 'RECEIVED') return { ...unchanged(record), complete: record.status !== 'AWAITING_RESUBMISSION' };
  const checks = (record.completenessChecks ?? 0) + 1;
  const stamp = at.toISOString();
  const missing = missingKeyDemographics(heldReferral(record));
  if (missing.length === 0) {
    const complete: CaseRecord = {
      ...record,
      status: 'AWAITING_THRESHOLD_DECISION',
      missing: [],
      completenessChecks: checks,
      referralCompleteAt: stamp,
      awaiting: { kind: 'thresholdDecision', since: stamp },
      deadlines: settleDeadlines(record.deadlines, RETURN_WINDOW, 'met', at),
    };
    const next = openInitialConsideration(complete, at, calendar);
    return { ...changed(record, next, [systemEvent('ReferralComplete', at)]), complete: true };
  }
  const firstReturn = record.returnedAt === undefined;
  const returned: CaseRecord = {
    ...record,
    status: 'AWAITING_RESUBMISSION',
    missing,
    completenessChecks: checks,
    returnedAt: record.returnedAt ?? stamp,
    awaiting: { kind: 'resubmission', since: stamp },
  };
  const windowed = firstReturn ? { ...returned, deadlines: [...returned.deadlines, ...scheduleFor(RETURN_WINDOW, returned, at, calendar)] } : returned;
  const next = oweEmails(openInitialConsideration(windowed, at, calendar), [{ key: `returnRequest-${checks}`, kind: 'returnRequest' }], at);
  const event = systemEvent('ReferralReturned', at, { missing: missing.map((item) => item.field), firstReturn });
  return { ...changed(record, next, [event]), complete: false };
}

// ------------------------------------------------------------------ awaited input

/**
 * Human input is taken only while the workflow waits for it, and never while
 * the workflow is stopped for operations; taking it closes the wait.
 */
function acceptInput(
  record: CaseRecord,
  awaits: (record: CaseRecord) => boolean,
  apply: () => Transition | Refusal,
  notAwaiting: (record: CaseRecord) => string,
): Transition | Refusal {
  if (record.needsAttention) return { refused: 'stopped', message: STOPPED_WORKFLOW_MESSAGE };
  if (!awaits(record)) return { refused: 'notAwaiting', message: notAwaiting(record) };
  const applied = apply();
  if (isRefusal(applied)) return applied;
  const { awaiting: _closed, ...withoutWait } = applied.next;
  return { ...applied, next: withoutWait };
}

function notAwaitingResubmission(record: CaseRecord): string {
  if (record.status === 'REJECTED') {
    return `This referral was rejected on ${record.rejectedAt} because the missing details were not supplied within three working days. Please submit a new referral with full and correct details.`;
  }
  return `This referral is not awaiting a resubmission: its status is ${record.status}.`;
}

/** The fields a resubmission supplies, by name only. */
function suppliedFields(resubmission: Resubmission): string[] {
  return Object.entries(resubmission).flatMap(([section, fields]) =>
    fields && typeof fields === 'object' ? Object.keys(fields).map((field) => `${section}.${field}`) : [],
  );
}

/**
 * The referrer supplies what a returned referral lacked: applied to the
 * referral, which is checked again as a whole, and taken back to the
 * completeness check (domain.md stage 2).
 */
export function resubmit(record: CaseRecord, resubmission: Resubmission, at: Date, keyedBy?: string): Transition | Refusal {
  return acceptInput(
    record,
    (current) => current.awaiting?.kind === 'resubmission',
    () => {
      // A referral keyed in by staff has its missing details keyed in by staff too: the referrer may have no portal account.
      if (keyedBy !== undefined && !record.keyedBy) return { refused: 'conflict', message: 'This referral came through the portal: its referrer supplies the missing details there' };
      const referral = resubmitted(heldReferral(record), resubmission);
      if (!referral.success) return { refused: 'contradicts', message: 'The resubmission contradicts the referral held', issues: referral.error };
      const event: CaseEvent = { type: 'ResubmissionReceived', actor: keyedBy ?? REFERRER_ACTOR, at: at.toISOString(), details: { fields: suppliedFields(resubmission) } };
      return changed(record, { ...record, status: 'RECEIVED', referral: referral.data }, [event]);
    },
    notAwaitingResubmission,
  );
}

/**
 * The waits an input closes when it is taken: its own; and a threshold
 * decision also the wait for an urgent referral's missing details, which it
 * may overtake (case.ts, awaitsThresholdDecision).
 */
export function waitsClosedBy(input: AwaitedInput): readonly AwaitedInput[] {
  return input === 'thresholdDecision' ? ['thresholdDecision', 'resubmission'] : [input];
}

/** Return emails: each warns that the referral will be rejected without its missing details. */
const RETURN_EMAILS: ReadonlySet<string> = new Set(['returnRequest', 'returnReminder']);

/**
 * An urgent referral decided while its missing details are awaited: the return
 * window closes without firing, so no reminder and no rejection follow, and a
 * return email still owed (SES was out) is not sent after the decision. The
 * missing details stay listed on the case, for the allocated LADO to obtain.
 */
function closeReturnWindow(record: CaseRecord, at: Date): CaseRecord {
  let next: CaseRecord = { ...record, deadlines: settleDeadlines(record.deadlines, RETURN_WINDOW, 'met', at) };
  for (const owed of (next.owedEmails ?? []).filter((o) => RETURN_EMAILS.has(o.kind))) next = settleOwedEmail(next, owed.key);
  return next;
}

/**
 * The duty LADO's threshold decision (domain.md stage 4), taken only while the
 * case awaits it: for a child at immediate risk, even while its missing
 * details are awaited (seeds/004 paras 16, 22).
 */
export function decideThreshold(record: CaseRecord, decision: ThresholdDecision, at: Date, calendar: WorkingCalendar): Transition | Refusal {
  return acceptInput(
    record,
    awaitsThresholdDecision,
    () =>
      changed(record, applyThresholdDecision(closeReturnWindow(record, at), decision, at, calendar), [
        { type: 'ThresholdDecisionRecorded', actor: decision.officerId, at: at.toISOString(), rationale: decision.rationale, details: thresholdDetails(decision) },
      ]),
    (current) => `This case is not awaiting a threshold decision: its status is ${current.status}.`,
  );
}

/** What the trail records of a threshold decision besides who, when and why: its outcome, and the category or the receiving authority. */
function thresholdDetails(decision: ThresholdDecision): CaseEvent['details'] {
  switch (decision.outcome) {
    case 'no-further-action':
      return { outcome: decision.outcome, category: decision.category };
    case 'transfer':
      return { outcome: decision.outcome, receivingAuthority: decision.receivingAuthority.name };
    default:
      return { outcome: decision.outcome };
  }
}

/**
 * An officer's record while the case is managed (domain.md stages 5 to 8).
 * `wakeWorkflow`: the workflow parked on officer events must act sooner than
 * it planned, or end; otherwise its timer finds the record when it wakes.
 */
export function recordOfficerEvent(record: CaseRecord, input: OfficerEvent, at: Date, calendar: WorkingCalendar): (Transition & { wakeWorkflow: boolean }) | Refusal {
  if (record.needsAttention) return { refused: 'stopped', message: STOPPED_WORKFLOW_MESSAGE };
  const applied = applyOfficerEvent(record, input, at, calendar);
  if (!applied.ok) return { refused: 'conflict', message: applied.conflict };
  return { ...changed(record, applied.next, [applied.event]), wakeWorkflow: record.awaiting?.kind === 'officerEvent' && callsWorkflowBack(record, applied.next) };
}

// ------------------------------------------------------------------ timers

/**
 * How long the workflow may wait for `awaiting` before it must act: the next
 * deadline or reminder, or the end of this execution's phase; or that it
 * should not wait at all, the input having arrived or the case having ended.
 */
function waitPlan(record: CaseRecord, awaiting: AwaitedInput, at: Date): WaitPlan {
  const { next, secondsLeft } = phaseDecision(record, awaiting, at);
  const owed = record.owedEmails?.length ?? 0;
  // The first days move on once their input has arrived, or a threshold decision overtook it (even one that
  // closed the case); only a rejection ends them. Management plans again whatever an officer records.
  const movedOn = next === 'wait' || (next === 'closed' && record.status !== 'REJECTED');
  if (movedOn && awaiting !== 'officerEvent' && record.awaiting?.kind !== awaiting) return { next: 'inputArrived', seconds: 1, owed };
  return { next, seconds: secondsUntilNextWake(record, at, secondsLeft), owed };
}

/** Plans a wait: it changes nothing. */
export function planWait(record: CaseRecord, awaiting: AwaitedInput, at: Date): Transition & { wait: WaitPlan } {
  return { ...unchanged(record), wait: waitPlan(record, awaiting, at) };
}

/** The timer task's plan of a wait for a case as stored: the plan, and the case version it was made from. */
export function planTimer(record: CaseRecord & { version: number }, awaiting: AwaitedInput, at: Date): TimerResult {
  return { ...planWait(record, awaiting, at).wait, planVersion: record.version };
}

type EmailToOwe = Omit<OwedEmail, 'owedSince'>;

/** Why a rejected referral ended, as its closure records it beside its retention date. */
export const REJECTION_REASON = 'Rejected: the missing key details did not arrive by the cut-off (000)';

/** The email a deadline owes when it falls due: its row's own, or the overdue email naming it. */
function overdueEmail(deadline: Deadline): EmailToOwe {
  const key = `${deadline.kind}-${deadline.dueAt}`;
  const kind = DEADLINE_POLICY[deadline.kind].email;
  return kind === 'deadlineOverdue' ? { key, kind, deadline: deadline.kind, dueAt: deadline.dueAt } : { key, kind };
}

/** The allocated LADO's emails before a deadline: a few working days ahead, then on its day; each of its own key, so each goes once. */
const dueSoonEmail = (deadline: Deadline): EmailToOwe => ({ key: `${deadline.kind}-${deadline.dueAt}-due-soon`, kind: 'deadlineDueSoon', deadline: deadline.kind, dueAt: deadline.dueAt });
const dueTodayEmail = (deadline: Deadline): EmailToOwe => ({ key: `${deadline.kind}-${deadline.dueAt}-due-today`, kind: 'deadlineDueToday', deadline: deadline.kind, dueAt: deadline.dueAt });

/** A deadline without the notices just given: each is given once. */
function withoutNotices(deadline: Deadline, told: { dueSoon: boolean; dueToday: boolean }): Deadline {
  const { dueSoonAt, remindAt, ...rest } = deadline;
  return { ...rest, ...(dueSoonAt && !told.dueSoon ? { dueSoonAt } : {}), ...(remindAt && !told.dueToday ? { remindAt } : {}) };
}

/**
 * A timer fired: every deadline, due-soon notice and reminder now due while
 * the case still waits for `awaiting` is acted on, and the emails they call
 * for are owed in the same change. A due-soon notice overtaken by the day
 * itself (the timer ran late) gives way to the on-the-day reminder. The cut-off rejects a returned referral (domain.md stage
 * 2), as of the cut-off itself whenever the timer ran; a duty that repeats
 * comes round again. The wait that follows is planned from the case as it is
 * left. A timer that wakes after the input arrived, or finds nothing due,
 * changes nothing and only plans.
 */
export function fireDueDeadlines(record: CaseRecord, awaiting: AwaitedInput, at: Date, calendar: WorkingCalendar): Transition & { wait: WaitPlan } {
  const waiting = record.awaiting?.kind === awaiting;
  const due = waiting ? dueDeadlines(record, at) : [];
  const reminders = waiting ? dueReminders(record, at) : [];
  const notices = waiting ? dueSoonNotices(record, at) : [];
  if (due.length === 0 && reminders.length === 0 && notices.length === 0) return planWait(record, awaiting, at);

  const kinds = due.map((d) => d.kind);
  const reminded = new Set(reminders);
  const noticed = new Set(notices);
  const dueSoon = notices.filter((d) => !reminded.has(d));
  const fired: CaseRecord = {
    ...record,
    deadlines: settleDeadlines(record.deadlines, kinds, 'fired', at).map((d) =>
      reminded.has(d) || noticed.has(d) ? withoutNotices(d, { dueSoon: noticed.has(d), dueToday: reminded.has(d) }) : d,
    ),
  };
  // A duty chased until it is confirmed comes round again, counted from the chase that fell due.
  let next: CaseRecord = { ...fired, deadlines: [...fired.deadlines, ...scheduleFor(kinds.filter((kind) => DEADLINE_POLICY[kind].repeats), fired, at, calendar)] };
  const events: CaseEvent[] = [
    ...due.map((d) => systemEvent('DeadlineFired', at, { deadline: d.kind, dueAt: d.dueAt })),
    ...dueSoon.map((d) => systemEvent('DeadlineApproaching', at, { deadline: d.kind, dueAt: d.dueAt })),
    ...reminders.map((d) => systemEvent('DeadlineReminder', at, { deadline: d.kind, dueAt: d.dueAt })),
  ];
  const cutoff = due.find((d) => d.kind === 'returnCutoff');
  if (cutoff) {
    // A reminder still owed (SES was out) would only confuse beside the rejection.
    for (const reminder of (next.owedEmails ?? []).filter((o) => o.kind === 'returnReminder')) next = settleOwedEmail(next, reminder.key);
    const { awaiting: _closed, ...rest } = next;
    // Rejected by the rule at the cut-off, even when the timer ran a little late (retrying an email before it).
    // Its record is kept for the rejected referral's own period, counted from the cut-off (outcome.ts).
    const closure = { reason: REJECTION_REASON, ...rejectedReferralRetention(new Date(cutoff.dueAt)) };
    // An urgent referral's initial consideration, open since receipt, closes with it.
    const deadlines = settleDeadlines(rest.deadlines, INITIAL_CONSIDERATION, 'met', at);
    next = { ...rest, status: 'REJECTED', rejectedAt: cutoff.dueAt, closure, deadlines };
    events.push(systemEvent('ReferralRejected', at, { deadline: 'returnCutoff', dueAt: cutoff.dueAt }));
  }
  // A reminder overtaken by the cut-off (a long outage) is not worth sending beside the rejection.
  const overdue = cutoff ? [cutoff] : due;
  next = oweEmails(next, [...overdue.map(overdueEmail), ...dueSoon.map(dueSoonEmail), ...reminders.map(dueTodayEmail)], at);
  return { ...changed(record, next, events), wait: waitPlan(next, awaiting, at) };
}

/**
 * The workflow parks on the wait it planned from case version `planVersion`.
 * 'arrived': the input came while the workflow was busy (or, in management,
 * an officer's record changed the plan), so it must not park; 'alreadyParked':
 * a retry of a park its first attempt saved; 'parked': the wait is recorded,
 * and the phase has woken once more.
 */
export function parkWait(
  record: CaseRecord & { version: number },
  command: { awaiting: AwaitedInput; planVersion: number },
  at: Date,
): Transition & { parked: 'parked' | 'arrived' | 'alreadyParked' } {
  const { awaiting, planVersion } = command;
  if (record.awaiting?.kind !== awaiting) return { ...unchanged(record), parked: 'arrived' };
  if (record.awaiting.parkedFor === planVersion) {
    // Parked by the first attempt; an officer's record since then calls for a new plan instead.
    const changedSince = awaiting === 'officerEvent' && record.version !== planVersion + 1;
    return { ...unchanged(record), parked: changedSince ? 'arrived' : 'alreadyParked' };
  }
  if (awaiting === 'officerEvent' && record.version !== planVersion) return { ...unchanged(record), parked: 'arrived' };
  return { ...changed(record, parkedOn(record, planVersion), [waitingEvent(awaiting, at)]), parked: 'parked' };
}

/** The audit event of a workflow parking on `awaiting`. */
export function waitingEvent(awaiting: AwaitedInput, at: Date): CaseEvent {
  return systemEvent('WorkflowWaiting', at, { awaiting });
}

// ------------------------------------------------------------------ hand over

/** An execution of a case's chain: its phase and number (case-id.ts names it). */
export interface ExecutionTarget {
  phase: PhaseName;
  sequence: number;
}

const PHASE_ORDER: Record<PhaseName, number> = { 'first-days': 0, management: 1 };

/** The execution after `from` in `phase`: the next number of the same phase, or the first of the next. */
export function nextExecution(from: ExecutionTarget, phase: PhaseName): ExecutionTarget {
  return phase === from.phase ? { phase, sequence: from.sequence + 1 } : { phase, sequence: 1 };
}

/** The execution that takes a stopped case up again: the next of the phase it is in. */
export function restartExecution(record: Pick<CaseRecord, 'phase'>): ExecutionTarget {
  const phase = record.phase ?? { name: 'first-days' as const, sequence: 1 };
  return { phase: phase.name, sequence: phase.sequence + 1 };
}

/** Whether a case that has had its threshold decision goes on to management; closed, it ends with its first days. */
export function goesOnToManagement(record: Pick<CaseRecord, 'status'>): boolean {
  return !CLOSED_STATUSES.has(record.status);
}

function isAfter(target: ExecutionTarget, phase: CaseRecord['phase']): boolean {
  if (!phase) return true;
  return PHASE_ORDER[target.phase] > PHASE_ORDER[phase.name] || (target.phase === phase.name && target.sequence > phase.sequence);
}

/**
 * The case moves to the execution `target`, for the reason `cause` names:
 * once only (a retry finds it there already). A needs-attention flag is
 * cleared, the workflow having been taken up again; management waits for
 * officers' records from its first moment.
 */
export function handOver(
  record: CaseRecord,
  command: { target: ExecutionTarget; cause: { type: 'PhaseStarted' | 'WorkflowRestarted'; actor: string; rationale?: string } },
  at: Date,
): Transition {
  const { target, cause } = command;
  if (!isAfter(target, record.phase)) return unchanged(record);
  const stamp = at.toISOString();
  const { needsAttention: _repaired, ...rest } = record;
  const next: CaseRecord = {
    ...rest,
    phase: { name: target.phase, sequence: target.sequence, startedAt: stamp, wakes: 0 },
    ...(target.phase === 'management' && !record.awaiting && !CLOSED_STATUSES.has(record.status) ? { awaiting: { kind: 'officerEvent' as const, since: stamp } } : {}),
  };
  return changed(record, next, [{ ...cause, at: stamp, details: { phase: target.phase, sequence: target.sequence } }]);
}

/** A step of `execution` failed past its retries: the case is flagged for operations, once per execution. */
export function flagNeedsAttention(record: CaseRecord, failure: { step: string; errorClass: string; execution: string }, at: Date): Transition {
  if (record.needsAttention?.execution === failure.execution) return unchanged(record);
  const { step, errorClass, execution } = failure;
  const since = at.toISOString();
  return changed(record, { ...record, needsAttention: { step, errorClass, since, execution } }, [systemEvent('NeedsAttention', at, { step, errorClass, execution })]);
}

// ------------------------------------------------------------------ emails

const isOwed = (record: CaseRecord, owed: OwedEmail) => record.owedEmails?.some((o) => o.key === owed.key) ?? false;

/** An owed email went: it is owed no more, and the trail says of what kind and to whom (a role, never an address). */
export function recordEmailSent(record: CaseRecord, owed: OwedEmail, at: Date): Transition {
  if (!isOwed(record, owed)) return unchanged(record);
  const details = { kind: owed.kind, recipient: NOTIFICATION_RECIPIENT[owed.kind], emailId: emailId(record.caseId, owed.key), ...(owed.deadline ? { deadline: owed.deadline } : {}) };
  return changed(record, settleOwedEmail(record, owed.key), [systemEvent('EmailSent', at, details)]);
}

/** SES refused an owed email outright: it is owed no more, and flagged on the case for operations to reach its recipient another way. */
export function recordEmailUndeliverable(record: CaseRecord, owed: OwedEmail, problem: string, at: Date): Transition {
  if (!isOwed(record, owed)) return unchanged(record);
  const flagged = { address: NOTIFICATION_RECIPIENT[owed.kind], problem, emailKind: owed.kind, at: at.toISOString() };
  const next = { ...settleOwedEmail(record, owed.key), deliveryProblems: [...(record.deliveryProblems ?? []), flagged] };
  return changed(record, next, [systemEvent('EmailDeliveryProblem', at, { problem, emailKind: owed.kind })]);
}

/** An email sent earlier bounced or was refused: each address is flagged on the case (a rejection notice that never arrived is a safeguarding risk). */
export function recordDeliveryProblem(record: CaseRecord, report: { addresses: readonly string[]; problem: string; emailKind: string }, at: Date): Transition {
  const { addresses, problem, emailKind } = report;
  const flagged = addresses.map((address) => ({ address, problem, emailKind, at: at.toISOString() }));
  return changed(record, { ...record, deliveryProblems: [...(record.deliveryProblems ?? []), ...flagged] }, [systemEvent('EmailDeliveryProblem', at, { problem, emailKind })]);
}
