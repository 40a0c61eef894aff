import type { MissingItem } from './completeness';
import type { WorkingCalendar } from './calendar';
import { DEADLINE_POLICY, deadlineOnDate, deadlinesFor, dueSoonFor, dueWhenSet, periodEndsAt, reminderFor, type DeadlineEvent, type DeadlineKind } from './deadline-policy';
import type { AuditEventType, AwaitedInput, CaseNotificationKind, CaseStatus, PhaseName } from './lifecycle-contract';
import type { Referral, ReferralChannel } from './referral-schema';
import type { ReferralFacts } from './retention';
import type { OfficerDecision } from './officer-records';
import type { NoFurtherActionCategory, ReceivingAuthority } from './threshold-decision';
import type { AllegationOutcome, ConsultationOutcome } from './outcome';

/**
 * A case, as the workflow and the officers see it. Statuses name where the case
 * waits (lifecycle-contract.ts lists them); stages name the part of the
 * procedure (domain.md, stages 1 to 8).
 */
export type { AwaitedInput, CaseStatus, PhaseName };

export type CaseStage =
  | 'receipt'
  | 'completeness'
  | 'initial-consideration'
  | 'allegation-management'
  | 'consultation'
  | 'outcome-and-duties'
  | 'closed';

export const STAGE_OF: Record<CaseStatus, CaseStage> = {
  RECEIVED: 'receipt',
  AWAITING_RESUBMISSION: 'completeness',
  REJECTED: 'closed',
  AWAITING_THRESHOLD_DECISION: 'initial-consideration',
  ALLEGATION_MANAGEMENT: 'allegation-management',
  CONSULTATION: 'consultation',
  OUTCOME_DUTIES: 'outcome-and-duties',
  CLOSED: 'closed',
};

/** One entry of a case's append-only audit trail. */
export interface CaseEvent {
  type: AuditEventType;
  /** Who acted: an officer id, "referrer", or "system" for the workflow. */
  actor: string;
  at: string;
  rationale?: string;
  /** Identifiers and labels only: never referral content. */
  details?: Record<string, string | number | boolean | string[]>;
}

export interface Deadline {
  kind: DeadlineKind;
  dueAt: string;
  /** When the allocated LADO is told a few working days ahead that it falls due (deadline-policy.ts, `dueSoon`); cleared once told. */
  dueSoonAt?: string;
  /** When the allocated LADO is reminded that it falls due; cleared once the reminder is sent. */
  remindAt?: string;
  state: 'pending' | 'fired' | 'met';
  settledAt?: string;
}

/**
 * An email the case owes: written in the same transaction as the change that
 * called for it (a receipt, a return, a deadline firing), and removed only in
 * the transaction that records it sent. Through retries, outages and restarts
 * it stays owed until then, so no email is lost.
 */
export interface OwedEmail {
  /** Names this one email: its send is claimed under this key, so it goes once. */
  key: string;
  kind: CaseNotificationKind;
  /** For due-soon and overdue emails: which deadline, and which occurrence of it. */
  deadline?: DeadlineKind;
  dueAt?: string;
  owedSince: string;
}

/**
 * A step of the workflow failed beyond its retries: the workflow has stopped
 * and the case waits for operations to repair it. The error's class and the
 * step only, never its message.
 */
export interface NeedsAttention {
  step: string;
  errorClass: string;
  since: string;
  /** The execution that stopped. */
  execution: string;
}

export interface RecordedDecision {
  decision: OfficerDecision;
  /** Who, when and why: the rationale sits inside the decision. */
  decidedBy: string;
  decidedAt: string;
  /** The latest correction of the record (corrections.ts): who and when; why, and the record as first made, are in the trail. */
  corrected?: { by: string; at: string };
}

export interface CaseRecord {
  caseId: string;
  submissionId: string;
  /** Fingerprint of the submitted referral, to tell a retry from a different referral under a reused id. */
  submissionFingerprint: string;
  /** How the referral came in; absent on cases from before channels were recorded, which came through the portal. */
  channel?: ReferralChannel;
  /** For a referral keyed in by staff: the officer who keyed it, who is sent what the referrer would be when they gave no email. */
  keyedBy?: { officerId: string; email: string };
  status: CaseStatus;
  receivedAt: string;
  /** The referral as received; once its retention date has passed, only its anonymous facts (retention.ts). */
  referral: Referral | ReferralFacts;
  missing: MissingItem[];
  /** How many times completeness has been checked: numbers each return email. */
  completenessChecks?: number;
  returnedAt?: string;
  /** When the referral was found to hold every key demographic: the initial-consideration deadlines count from it. */
  referralCompleteAt?: string;
  rejectedAt?: string;
  deadlines: Deadline[];
  /** What the workflow waits for. Its task token is an item of its own beside the case (see case-store). */
  awaiting?: {
    kind: AwaitedInput;
    since: string;
    /** The plan (case version) the workflow last parked on: a retried park recognises its own wait. */
    parkedFor?: number;
  };
  decisions: RecordedDecision[];
  /** The LADO the case is allocated to (allegations and consultations). */
  allocation?: { officerId: string; email: string };
  complex?: boolean;
  suspended?: boolean;
  tracks?: { police: boolean; section47: boolean; employer: 'none' | 'action-without-disciplinary' | 'hearing-without-investigation' | 'investigation' };
  outcome?: AllegationOutcome & { recordedAt: string; recordedBy: string };
  /** Duties after the outcome, each pending until the officer confirms it. */
  duties?: Partial<Record<'dbsReferral' | 'regulatorReferral' | 'lessonsLearned' | 'childFeedback', 'pending' | 'done'>>;
  /** How a consultation ended (003 §5, Table 6), recorded when it closes. */
  consultationOutcome?: ConsultationOutcome;
  closedAt?: string;
  closure?: {
    reason: string;
    /** On a transfer: the authority that leads, to whose designated officer the referral passes. */
    receivingAuthority?: ReceivingAuthority;
    /** On no further LADO action: why, as the referrer is told it. */
    noFurtherAction?: NoFurtherActionCategory;
    employerRecordsUntil: string | null;
    ladoRecordUntil: string;
  };
  /** Emails that could not be delivered: a bounced rejection notice is a safeguarding risk, so they are flagged on the case. */
  deliveryProblems?: Array<{ address: string; problem: string; emailKind: string; at: string }>;
  /** The execution that runs the case now: cases outlive executions, and hand over from one to the next. */
  phase?: CasePhase;
  /** When the workflow first recorded the referral's receipt (and owed its acknowledgement). */
  receiptRecordedAt?: string;
  owedEmails?: OwedEmail[];
  needsAttention?: NeedsAttention;
  /** When the retention job disposed of the case's personal data, its LADO retention date having passed (retention.ts). */
  disposedAt?: string;
  /**
   * The earlier cases whose subject matched this one's name and date of birth
   * when the referral was received or resubmitted (subject-match.ts): ids only.
   * Absent when the referral gave nothing to match on (no date of birth).
   */
  previouslyKnownCaseIds?: string[];
}

export interface CasePhase {
  name: PhaseName;
  sequence: number;
  startedAt: string;
  wakes: number;
}

/**
 * The case once its workflow has parked on the wait planned from version
 * `planVersion`: the wait records the plan it parked for, and the phase has
 * woken once more. The park's audit event says only that plan version, and
 * the trail applies this to rebuild the case (trail.ts).
 */
export function parkedOn<T extends Pick<CaseRecord, 'awaiting' | 'phase'>>(record: T, planVersion: number): T {
  if (!record.awaiting) return record;
  const phase = record.phase ? { ...record.phase, wakes: record.phase.wakes + 1 } : undefined;
  return { ...record, awaiting: { ...record.awaiting, parkedFor: planVersion }, ...(phase ? { phase } : {}) };
}

/**
 * The referral as received, for the rules that read who or what it names. A
 * case whose personal data was disposed of holds only the referral's facts,
 * and is closed: no such rule runs on it, so reaching one is a fault.
 */
export function heldReferral(record: Pick<CaseRecord, 'caseId' | 'referral'>): Referral {
  if (!('referrer' in record.referral)) throw new Error(`Case ${record.caseId} holds only the anonymous facts of its referral: its personal data was disposed of`);
  return record.referral;
}

/** Statuses in which nothing more happens to the case. */
export const CLOSED_STATUSES: ReadonlySet<CaseStatus> = new Set(['CLOSED', 'REJECTED']);

/** How soon a workflow that still owes emails (SES being out) wakes to send them again. */
export const OWED_EMAIL_RETRY_SECONDS = 60 * 60;

/** Adds emails to those the case owes; one already owed under the same key is owed once. */
export function oweEmails(record: CaseRecord, emails: ReadonlyArray<Omit<OwedEmail, 'owedSince'>>, at: Date): CaseRecord {
  const owed = record.owedEmails ?? [];
  const fresh = emails.filter((email) => !owed.some((o) => o.key === email.key)).map((email) => ({ ...email, owedSince: at.toISOString() }));
  return fresh.length ? { ...record, owedEmails: [...owed, ...fresh] } : record;
}

/** The case without one owed email, once it is sent or found undeliverable. */
export function settleOwedEmail(record: CaseRecord, key: string): CaseRecord {
  const owedEmails = (record.owedEmails ?? []).filter((o) => o.key !== key);
  const { owedEmails: _all, ...rest } = record;
  return owedEmails.length ? { ...rest, owedEmails } : rest;
}

/** Whether the case still needs watching: open, owing an email, or stopped for operations. */
export function isActive(record: Pick<CaseRecord, 'status' | 'owedEmails' | 'needsAttention'>): boolean {
  return !CLOSED_STATUSES.has(record.status) || (record.owedEmails?.length ?? 0) > 0 || record.needsAttention !== undefined;
}

/**
 * Whether the case awaits the duty LADO's threshold decision: once complete;
 * and with a child at immediate risk even while its missing details are
 * awaited, since paperwork must not hold up an urgent decision (seeds/004
 * para 16: "immediate referral"; para 22: "without delay"). The decision is
 * taken, and the morning list lists the case, by this one rule.
 */
export function awaitsThresholdDecision(record: Pick<CaseRecord, 'awaiting' | 'referral'>): boolean {
  const awaiting = record.awaiting?.kind;
  return awaiting === 'thresholdDecision' || (awaiting === 'resubmission' && record.referral.allegation.immediateRisk);
}

/** Deadlines still to fire, earliest first. */
export function pendingDeadlines(record: Pick<CaseRecord, 'deadlines'>): Deadline[] {
  return record.deadlines.filter((d) => d.state === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Deadlines that fell due and are not yet met: overdue until the officer records what meets them, earliest first. */
export function overdueDeadlines(record: Pick<CaseRecord, 'deadlines' | 'status'>): Deadline[] {
  if (CLOSED_STATUSES.has(record.status)) return [];
  return record.deadlines.filter((d) => d.state === 'fired').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Deadlines due at `now`: a timer that fires a moment early must not act. */
export function dueDeadlines(record: Pick<CaseRecord, 'deadlines'>, now: Date): Deadline[] {
  return pendingDeadlines(record).filter((d) => Date.parse(d.dueAt) <= now.getTime());
}

/** Pending deadlines whose on-the-day reminder is due at `now` (and which are not yet overdue). */
export function dueReminders(record: Pick<CaseRecord, 'deadlines'>, now: Date): Deadline[] {
  return pendingDeadlines(record).filter(
    (d) => d.remindAt !== undefined && Date.parse(d.remindAt) <= now.getTime() && Date.parse(d.dueAt) > now.getTime(),
  );
}

/** Pending deadlines whose due-soon notice is due at `now` (and which are not yet overdue). */
export function dueSoonNotices(record: Pick<CaseRecord, 'deadlines'>, now: Date): Deadline[] {
  return pendingDeadlines(record).filter(
    (d) => d.dueSoonAt !== undefined && Date.parse(d.dueSoonAt) <= now.getTime() && Date.parse(d.dueAt) > now.getTime(),
  );
}

/** The next instant the workflow must act at: a deadline, its due-soon notice or its reminder. */
export function nextWake(record: Pick<CaseRecord, 'deadlines'>): number | undefined {
  const instants = pendingDeadlines(record).flatMap((d) => [d.dueAt, d.dueSoonAt, d.remindAt].flatMap((iso) => (iso ? [Date.parse(iso)] : [])));
  return instants.length ? Math.min(...instants) : undefined;
}

/**
 * Whether a change to a case must call its parked workflow back now: the case
 * closed, or it has something to act on before the wake already planned. A
 * parked wait never sleeps past the case's next wake, and a change that moves
 * that wake later leaves it so: the timer then finds nothing due and plans again.
 */
export function callsWorkflowBack(before: Pick<CaseRecord, 'deadlines'>, after: Pick<CaseRecord, 'deadlines' | 'status'>): boolean {
  if (after.status === 'CLOSED') return true;
  const planned = nextWake(before);
  const needed = nextWake(after);
  return needed !== undefined && (planned === undefined || needed < planned);
}

/** Closes every pending deadline of the given kinds, e.g. when the awaited input arrives. */
export function settleDeadlines(deadlines: Deadline[], kinds: readonly DeadlineKind[], state: 'met' | 'fired', at: Date): Deadline[] {
  return deadlines.map((d) => (d.state === 'pending' && kinds.includes(d.kind) ? { ...d, state, settledAt: at.toISOString() } : d));
}

/**
 * Seconds until the workflow should next wake: the next pending deadline, capped so
 * that a wait with nothing pending still re-checks now and then. Step Functions
 * needs a whole number of at least 1.
 */
export function secondsUntilNextWake(record: Pick<CaseRecord, 'deadlines' | 'owedEmails'>, now: Date, maxSeconds: number): number {
  const next = nextWake(record);
  const untilNext = next !== undefined ? Math.ceil((next - now.getTime()) / 1000) : maxSeconds;
  // Emails still owed after their retries (an SES outage) are tried again within the hour.
  const cap = record.owedEmails?.length ? Math.min(maxSeconds, OWED_EMAIL_RETRY_SECONDS) : maxSeconds;
  return Math.min(Math.max(untilNext, 1), cap);
}

/** A pending deadline set at `setAt`, with its due-soon notice and on-the-day reminder where its row gives them. */
function pending(kind: DeadlineKind, dueAt: Date, setAt: Date, calendar: WorkingCalendar): Deadline {
  const dueSoonAt = dueSoonFor(kind, dueAt, setAt, calendar);
  const remindAt = reminderFor(kind, dueAt, calendar);
  return {
    kind,
    dueAt: dueAt.toISOString(),
    ...(dueSoonAt ? { dueSoonAt: dueSoonAt.toISOString() } : {}),
    ...(remindAt ? { remindAt: remindAt.toISOString() } : {}),
    state: 'pending',
  };
}

/**
 * New pending deadlines of the given kinds, all counted from one moment, and
 * set then, by the policy table. The lifecycle schedules with `scheduleFor`,
 * which takes each row's own starting event from the case.
 */
export function scheduleDeadlines(kinds: readonly DeadlineKind[], from: Date, calendar: WorkingCalendar): Deadline[] {
  return deadlinesFor(kinds, from, calendar).map(({ kind, dueAt }) => pending(kind, dueAt, from, calendar));
}

/** A pending deadline on a date the officer gives at `at`: one working day on if that date has already gone (`dueWhenSet`). */
export function scheduleOnDate(kind: DeadlineKind, localDate: string, at: Date, calendar: WorkingCalendar): Deadline {
  return pending(kind, dueWhenSet(kind, deadlineOnDate(localDate, calendar), at, calendar), at, calendar);
}

/**
 * A pending deadline as set at `setAt` (one a correction calls for, counted as
 * of an earlier record): one already past due then falls due one working day
 * on (`dueWhenSet`), its notices counted anew; any other stays as it is.
 */
export function setAsOf(deadline: Deadline, setAt: Date, calendar: WorkingCalendar): Deadline {
  if (deadline.state !== 'pending' || Date.parse(deadline.dueAt) > setAt.getTime()) return deadline;
  return pending(deadline.kind, dueWhenSet(deadline.kind, new Date(deadline.dueAt), setAt, calendar), setAt, calendar);
}

/** The officer records that count as a review of the case (deadline-policy.ts, 'lastReview'): each restarts the review cycle. */
const REVIEW_RECORDS: ReadonlySet<string> = new Set(['review-done', 'escalate-to-allegation', 'complexity']);

/** The latest decision recorded on the case that matches, if any. */
function latestDecision(record: Pick<CaseRecord, 'decisions'>, matches: (decision: OfficerDecision) => boolean): RecordedDecision | undefined {
  return record.decisions.filter((recorded) => matches(recorded.decision)).at(-1);
}

const isAllegationDecision = (decision: OfficerDecision) => decision.kind === 'threshold' && decision.outcome === 'allegation';

/** When a decision was recorded, if it was. */
const decidedAt = (recorded: RecordedDecision | undefined): Date | undefined => (recorded ? new Date(recorded.decidedAt) : undefined);

/**
 * When a period's starting event happened, read from the case: its timestamps
 * and its recorded decisions. Undefined when the case records no such event.
 * A date the officer sets is a date, not an event: see `officerSetDate`.
 */
export function startOfPeriod(event: Exclude<DeadlineEvent, 'officerSetDate'>, record: CaseRecord): Date | undefined {
  const at = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));
  switch (event) {
    case 'referralFirstReturned':
      // Set on the first return only: a still incomplete resubmission does not move it.
      return at(record.returnedAt);
    case 'readyForThresholdDecision':
      // A child at immediate risk: the decision may come at once, whatever the referral lacks (seeds/004 paras 16, 22).
      return at(record.referral.allegation.immediateRisk ? record.receivedAt : record.referralCompleteAt);
    case 'tracksRecorded':
      return decidedAt(latestDecision(record, (d) => d.kind === 'tracks'));
    case 'allegationOpened': {
      const escalation = latestDecision(record, (d) => d.kind === 'escalate-to-allegation');
      if (escalation) return decidedAt(escalation);
      return latestDecision(record, isAllegationDecision) ? at(record.receivedAt) : undefined;
    }
    case 'allegationDecided':
      return decidedAt(latestDecision(record, (d) => d.kind === 'escalate-to-allegation' || isAllegationDecision(d)));
    case 'lastReview':
      return decidedAt(latestDecision(record, (d) => (d.kind === 'threshold' ? 'allocatedTo' in d : REVIEW_RECORDS.has(d.kind))));
    case 'suspensionRecorded': {
      const recorded = latestDecision(record, (d) => d.kind === 'suspension');
      // A suspension the referral reported is under review from the moment the case is an allegation (004 para 34).
      if (!recorded && record.referral.allegation.subjectSuspended) return startOfPeriod('allegationDecided', record);
      return decidedAt(recorded);
    }
    case 'outcomeRecorded':
      return at(record.outcome?.recordedAt);
  }
}

/** The latest date an officer set for the police's review: with the tracks, or with a police update. */
export function officerSetDate(record: Pick<CaseRecord, 'decisions'>): string | undefined {
  const dateOf = (decision: OfficerDecision) =>
    decision.kind === 'tracks' ? decision.policeTargetDate : decision.kind === 'police-update' ? decision.nextTargetDate : undefined;
  const latest = latestDecision(record, (decision) => dateOf(decision) !== undefined);
  return latest ? dateOf(latest.decision) : undefined;
}

/**
 * New pending deadlines of the given kinds, each counted from its own row's
 * starting event as the case records it (deadline-policy.ts, `countedFrom`).
 * A duty that repeats is counted from its last chase once it has one. None
 * is set already past due at `at`, the moment it is set (deadline-policy.ts,
 * `dueWhenSet`). Throws when the case records no such event: a rule asked
 * for a deadline too soon.
 */
export function scheduleFor(kinds: readonly DeadlineKind[], record: CaseRecord, at: Date, calendar: WorkingCalendar): Deadline[] {
  return kinds.map((kind) => {
    const policy = DEADLINE_POLICY[kind];
    if (policy.countedFrom === 'officerSetDate') {
      const date = officerSetDate(record);
      if (date === undefined) throw new Error(`A ${kind} deadline needs a date the officer set, and the case records none`);
      return scheduleOnDate(kind, date, at, calendar);
    }
    const lastChase = policy.repeats ? record.deadlines.filter((d) => d.kind === kind).at(-1) : undefined;
    const from = lastChase ? new Date(lastChase.dueAt) : startOfPeriod(policy.countedFrom, record);
    if (from === undefined) throw new Error(`A ${kind} deadline counts from ${policy.countedFrom}, and the case records none`);
    const period = lastChase ? (policy.repeatEvery ?? policy.period) : policy.period;
    return pending(kind, dueWhenSet(kind, periodEndsAt(period, policy.at, from, calendar), at, calendar), at, calendar);
  });
}

/** Replaces any pending deadline of the same kinds with the new ones: a rescheduled review, a new police date. */
export function replaceDeadlines(deadlines: Deadline[], replacements: Deadline[], at: Date): Deadline[] {
  const kinds = replacements.map((d) => d.kind);
  return [...settleDeadlines(deadlines, kinds, 'met', at), ...replacements];
}
