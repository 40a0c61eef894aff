import type { CaseStatus, RecordedDecision } from '../case';
import type { OfficerEvent } from '../officer-records';
import { SECTORS, type Referral, type ReferralChannel } from '../referral-schema';
import type { ReferralFacts } from '../retention';
import type { ThresholdDecision } from '../threshold-decision';
import { rebuildCase, type TrailEvent, type VersionedCase } from '../trail';
import type { CaseTrail, StoredEventLike } from './input';

/**
 * One case as the report reads it from its trail. What a case says (its
 * referral's facts, its decisions, its outcome) is read from the case as its
 * trail stands when the report is computed, corrections applied and, for a
 * disposed case, the anonymous facts it keeps (retention.ts); when each thing
 * happened is read from the record's own time (decidedAt) or its event. What
 * stood at an instant (open cases, caseloads, emails owed) is rebuilt from the
 * events up to it.
 */

/** Free text grouped without regard to case or spacing: lower case, trimmed, spaces collapsed. */
export function textLabel(text: string | undefined, missing: string): string {
  const label = text?.trim().replace(/\s+/g, ' ').toLowerCase();
  return label ? label : missing;
}

/** The sector a referral names (referral-schema.ts, SECTORS), or unknown when it names none (003 §3.8: "34 referrals did not include setting information"). */
export function sectorOf(referral: Pick<Referral | ReferralFacts, 'employer'>): string {
  const sector = referral.employer.sector;
  return sector && (SECTORS as readonly string[]).includes(sector) ? sector : 'unknown';
}

export const SUBSECTOR_NOT_GIVEN = 'not given';

/** A threshold decision, or an outcome, closure or escalation record, with when it was made. */
export interface Dated<T> {
  at: string;
  decision: T;
}

type RecordOf<K extends OfficerEvent['kind']> = Extract<OfficerEvent, { kind: K }>;

/** Where a case stood after one change: its status and the LADO it was allocated to. */
export interface CaseState {
  at: string;
  /** `at` in milliseconds, for reading a timeline at many instants. */
  time: number;
  status: CaseStatus;
  officerId?: string;
}

export interface CaseReading {
  caseId: string;
  /** The trail's events up to the moment the report is computed, oldest first. */
  events: readonly StoredEventLike[];
  /** The case as its trail stands then. */
  record: VersionedCase;
  receivedAt: string;
  referral: Referral | ReferralFacts;
  channel: ReferralChannel;
  sector: string;
  subsector: string;
  category: string;
  /** Every threshold decision, in order: a reopened case may have more than one. */
  thresholdDecisions: Array<Dated<ThresholdDecision>>;
  escalations: Array<Dated<RecordOf<'escalate-to-allegation'>>>;
  /** When the case first became an allegation: its threshold decision, or the escalation of its consultation. */
  allegationOpenedAt?: string;
  /** Every outcome recorded, in order: a reopened allegation may have a second. */
  outcomes: Array<Dated<RecordOf<'outcome'>>>;
  consultationClosures: Array<Dated<RecordOf<'close-consultation'>>>;
  tracks: Array<Dated<RecordOf<'tracks'>>>;
  /** The case's status and allocation after each change, in order. */
  timeline: CaseState[];
  /** The case as it stood at an instant; undefined before its receipt. */
  asOf(instant: Date): VersionedCase | undefined;
}

function recordsOf<K extends OfficerEvent['kind']>(decisions: readonly RecordedDecision[], kind: K): Array<Dated<RecordOf<K>>> {
  return decisions.filter((recorded) => recorded.decision.kind === kind).map((recorded) => ({ at: recorded.decidedAt, decision: recorded.decision as RecordOf<K> }));
}

/** The events that carry a change, in the order the case changed (trail.ts, rebuildCase). */
function changesInOrder(events: readonly StoredEventLike[]): StoredEventLike[] {
  return events.filter((event) => event.changes).sort((a, b) => Number(a.changes!['version'] ?? 0) - Number(b.changes!['version'] ?? 0));
}

function timelineOf(events: readonly StoredEventLike[]): CaseState[] {
  const timeline: CaseState[] = [];
  let status: CaseStatus | undefined;
  let officerId: string | undefined;
  for (const event of changesInOrder(events)) {
    const changes = event.changes!;
    if ('status' in changes) status = changes['status'] as CaseStatus;
    if ('allocation' in changes) officerId = (changes['allocation'] as { officerId?: string } | undefined)?.officerId;
    if (event.removed?.includes('allocation')) officerId = undefined;
    if (status) timeline.push({ at: event.at, time: Date.parse(event.at), status, ...(officerId ? { officerId } : {}) });
  }
  return timeline;
}

/** The state a timeline records at an instant: the last change at or before it. */
export function stateAt(timeline: readonly CaseState[], instant: Date): CaseState | undefined {
  const time = instant.getTime();
  let found: CaseState | undefined;
  for (const state of timeline) {
    if (state.time > time) break;
    found = state;
  }
  return found;
}

/**
 * Reads a case from its trail as of `computedAt`; undefined when the trail
 * does not rebuild a case with its receipt and referral (the trails-readable
 * check counts them).
 */
export function readCase(trail: CaseTrail, computedAt: Date): CaseReading | undefined {
  const until = computedAt.getTime();
  const events = trail.events.filter((event) => Date.parse(event.at) <= until);
  const record = rebuildCase(events as TrailEvent[]);
  if (typeof record.receivedAt !== 'string' || !record.referral || !record.referral.allegation || !record.referral.employer) return undefined;
  const decisions = record.decisions ?? [];
  const thresholdDecisions = decisions
    .filter((recorded) => recorded.decision.kind === 'threshold')
    .map((recorded) => ({ at: recorded.decidedAt, decision: recorded.decision as ThresholdDecision }));
  const escalations = recordsOf(decisions, 'escalate-to-allegation');
  const opened = [...thresholdDecisions.filter((d) => d.decision.outcome === 'allegation'), ...escalations].map((d) => d.at).sort()[0];
  const referral = record.referral;
  return {
    caseId: trail.caseId,
    events,
    record,
    receivedAt: record.receivedAt,
    referral,
    channel: record.channel ?? 'portal',
    sector: sectorOf(referral),
    subsector: textLabel(referral.employer.subsector, SUBSECTOR_NOT_GIVEN),
    category: referral.allegation.category ?? 'not recorded',
    thresholdDecisions,
    escalations,
    ...(opened ? { allegationOpenedAt: opened } : {}),
    outcomes: recordsOf(decisions, 'outcome'),
    consultationClosures: recordsOf(decisions, 'close-consultation'),
    tracks: recordsOf(decisions, 'tracks'),
    timeline: timelineOf(events),
    asOf(instant) {
      const upTo = events.filter((event) => Date.parse(event.at) <= instant.getTime());
      const then = rebuildCase(upTo as TrailEvent[]);
      return typeof then.receivedAt === 'string' ? then : undefined;
    },
  };
}

/** The latest outcome of a case: a reopened allegation's second outcome replaces its first (reopening.ts). */
export const latestOutcome = (reading: CaseReading) => reading.outcomes.at(-1);
/** The first outcome of a case: the resolution targets measure the first resolution (reopening.ts). */
export const firstOutcome = (reading: CaseReading) => reading.outcomes[0];
