import type { MissingItem } from './completeness';
import type { WorkingCalendar } from './calendar';
import { deadlinesFor, type DeadlineKind } from './deadline-policy';
import type { Referral } from './referral-schema';
import type { ThresholdDecision } from './threshold-decision';

/**
 * A case, as the workflow and the officers see it. Statuses name where the case
 * waits; stages name the part of the procedure (domain.md, stages 1 to 4).
 */
export type CaseStatus =
  | 'RECEIVED'
  | 'AWAITING_RESUBMISSION'
  | 'REJECTED'
  | 'AWAITING_THRESHOLD_DECISION'
  | 'THRESHOLD_DECIDED';

export type CaseStage = 'receipt' | 'completeness' | 'initial-consideration' | 'threshold-decided' | 'closed';

export const STAGE_OF: Record<CaseStatus, CaseStage> = {
  RECEIVED: 'receipt',
  AWAITING_RESUBMISSION: 'completeness',
  REJECTED: 'closed',
  AWAITING_THRESHOLD_DECISION: 'initial-consideration',
  THRESHOLD_DECIDED: 'threshold-decided',
};

/** Human input the workflow can wait for; each arrives through a callback task. */
export type AwaitedInput = 'resubmission' | 'thresholdDecision';

export interface Deadline {
  kind: DeadlineKind;
  dueAt: string;
  state: 'pending' | 'fired' | 'met';
  settledAt?: string;
}

export interface RecordedDecision {
  decision: ThresholdDecision;
  /** Who, when and why: the rationale sits inside the decision. */
  decidedBy: string;
  decidedAt: string;
}

export interface CaseRecord {
  caseId: string;
  submissionId: string;
  /** Fingerprint of the submitted referral, to tell a retry from a different referral under a reused id. */
  submissionFingerprint: string;
  status: CaseStatus;
  receivedAt: string;
  referral: Referral;
  missing: MissingItem[];
  /** How many times completeness has been checked: numbers each return email. */
  completenessChecks?: number;
  returnedAt?: string;
  rejectedAt?: string;
  deadlines: Deadline[];
  /** What the workflow waits for. The task token never leaves the table. */
  awaiting?: { kind: AwaitedInput; since: string; taskToken?: string };
  decisions: RecordedDecision[];
}

/** Deadlines still to fire, earliest first. */
export function pendingDeadlines(record: Pick<CaseRecord, 'deadlines'>): Deadline[] {
  return record.deadlines.filter((d) => d.state === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Deadlines due at `now`: a timer that fires a moment early must not act. */
export function dueDeadlines(record: Pick<CaseRecord, 'deadlines'>, now: Date): Deadline[] {
  return pendingDeadlines(record).filter((d) => Date.parse(d.dueAt) <= now.getTime());
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
export function secondsUntilNextWake(record: Pick<CaseRecord, 'deadlines'>, now: Date, maxSeconds: number): number {
  const next = pendingDeadlines(record)[0];
  const untilNext = next ? Math.ceil((Date.parse(next.dueAt) - now.getTime()) / 1000) : maxSeconds;
  return Math.min(Math.max(untilNext, 1), maxSeconds);
}

/** New pending deadlines of the given kinds, counted from `from` by the policy table. */
export function scheduleDeadlines(kinds: readonly DeadlineKind[], from: Date, calendar: WorkingCalendar): Deadline[] {
  return deadlinesFor(kinds, from, calendar).map(({ kind, dueAt }) => ({ kind, dueAt: dueAt.toISOString(), state: 'pending' }));
}
