import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import type { CaseRecord, Deadline } from '../../functions/domain/case';
import { dueWhenSet } from '../../functions/domain/deadline-policy';
import {
  checkCompleteness,
  decideThreshold,
  fireDueDeadlines,
  handOver,
  isRefusal,
  receiveReferral,
  recordOfficerEvent,
  recordReceipt,
  type Refusal,
  type Transition,
} from '../../functions/domain/lifecycle-rules';
import { officerDecisionSchema, RECORDS_BY_STATUS, type OfficerEvent } from '../../functions/domain/officer-records';
import { CONSULTATION_OUTCOMES, FEEDBACK_GIVERS, OUTCOMES } from '../../functions/domain/outcome';
import type { PortalReferral, Referral } from '../../functions/domain/referral-schema';
import type { ThresholdDecision } from '../../functions/domain/threshold-decision';
import { officerCaseView } from '../../functions/get-case/case-view';
import { completeReferral } from '../support/referrals';

/**
 * The rules of managing a case after the threshold decision, on the pure
 * core: the employer's three working days (004 para 40), the targets of a
 * consultation that becomes an allegation, a suspension reported at
 * referral (004 para 34), the consultation's outcome (003 §5, Table 6) and
 * the feedback to the child and parents (004 para 58). All in GMT: no clock
 * change falls between November and March.
 */
const calendar = createWorkingCalendar();
const at = (iso: string) => new Date(iso);
const why = 'Recorded after discussion with the case manager.';
const LADO = { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' };
const RECEIVED = at('2026-11-23T09:30:00Z'); // Monday
const DECIDED = at('2026-11-23T15:00:00Z');

function applied<T extends Transition>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) throw new Error(`Refused: ${outcome.message}`);
  return outcome;
}

const threshold = (outcome: 'allegation' | 'consultation') =>
  officerDecisionSchema.parse({
    kind: 'threshold',
    officerId: 'duty.1',
    rationale: why,
    outcome,
    ...(outcome === 'allegation' ? { harmCriteria: ['harmed-child'] } : {}),
    allocatedTo: LADO,
  }) as ThresholdDecision;

const officerRecord = (input: Record<string, unknown>) => officerDecisionSchema.parse({ officerId: LADO.officerId, rationale: why, ...input }) as OfficerEvent;

function withAllegation(flags: Partial<Referral['allegation']>, overrides: Partial<PortalReferral> = {}): PortalReferral {
  const referral = completeReferral(overrides);
  return { ...referral, allegation: { ...referral.allegation, ...flags } };
}

/** A referral received on Monday 23 November, decided `outcome` at `decidedAt`, and managed from then on. */
function decided(outcome: 'allegation' | 'consultation', referral = completeReferral(), decidedAt = DECIDED): CaseRecord {
  const received = recordReceipt(receiveReferral(referral, RECEIVED).next, RECEIVED).next;
  const awaiting = checkCompleteness(received, at('2026-11-23T09:31:00Z'), calendar).next;
  const decision = applied(decideThreshold(awaiting, threshold(outcome), decidedAt, calendar)).next;
  return handOver(decision, { target: { phase: 'management', sequence: 1 }, cause: { type: 'PhaseStarted', actor: 'system' } }, decidedAt).next;
}

function record(c: CaseRecord, input: Record<string, unknown>, when: string) {
  return applied(recordOfficerEvent(c, officerRecord(input), at(when), calendar));
}

const dueOf = (c: CaseRecord, kind: Deadline['kind']) => c.deadlines.filter((d) => d.kind === kind && d.state === 'pending').map((d) => d.dueAt);

describe("employer action: the employer's three working days count from the initial consideration (004 para 40)", () => {
  const employerTrack = { kind: 'tracks', police: false, section47: false, employer: 'action-without-disciplinary' };

  it('counts from the threshold decision, not from when the officer records the tracks', () => {
    const tracked = record(decided('allegation'), employerTrack, '2026-11-25T10:00:00Z').next;
    // Decided Monday 23 November: Thursday 26, not three working days from Wednesday's record (Monday 30).
    expect(dueOf(tracked, 'employerAction')).toEqual(['2026-11-26T17:00:00.000Z']);
  });

  it('counts from the escalation for a consultation that became an allegation', () => {
    const escalated = record(decided('consultation'), { kind: 'escalate-to-allegation', harmCriteria: ['risk-of-harm'] }, '2027-01-14T10:00:00Z').next;
    const tracked = record(escalated, employerTrack, '2027-01-15T10:00:00Z').next;
    // Escalated Thursday 14 January: Friday 15, Monday 18, Tuesday 19.
    expect(dueOf(tracked, 'employerAction')).toEqual(['2027-01-19T17:00:00.000Z']);
  });

  it('is set one working day ahead, never past due, when the tracks come after the three days', () => {
    const tracks = record(decided('allegation'), employerTrack, '2026-11-30T10:00:00Z');
    expect(dueOf(tracks.next, 'employerAction')).toEqual(['2026-12-01T17:00:00.000Z']);
    expect(tracks.emails).toEqual([]);
  });
});

describe('a consultation that becomes an allegation: its targets start at the escalation', () => {
  const escalation = { kind: 'escalate-to-allegation', harmCriteria: ['risk-of-harm'] };
  // Seven weeks a consultation (003, 5.2), escalated on Thursday 14 January 2027.
  const escalatedAt = '2027-01-14T10:00:00Z';

  it('sets its resolution targets and first review from the escalation, none of them already past', () => {
    const escalated = record(decided('consultation'), escalation, escalatedAt).next;
    expect(escalated.status).toBe('ALLEGATION_MANAGEMENT');
    // 14 February is a Sunday: the next working day. Counted from the referral they would have been 23 December and 23 February.
    expect(dueOf(escalated, 'resolutionOneMonth')).toEqual(['2027-02-15T17:00:00.000Z']);
    expect(dueOf(escalated, 'resolutionThreeMonths')).toEqual(['2027-04-14T16:00:00.000Z']);
    expect(dueOf(escalated, 'resolutionTwelveMonths')).toEqual(['2028-01-14T17:00:00.000Z']);
    expect(dueOf(escalated, 'ladoReview')).toEqual(['2027-02-11T17:00:00.000Z']);
  });

  it('counts the strategy meeting from the escalation: seven working days', () => {
    const escalated = record(decided('consultation'), escalation, escalatedAt).next;
    const tracked = record(escalated, { kind: 'tracks', police: false, section47: true, employer: 'none' }, '2027-01-15T10:00:00Z').next;
    expect(dueOf(tracked, 'strategyMeeting')).toEqual(['2027-01-25T17:00:00.000Z']);
  });

  it('sends no overdue email the instant it is escalated, nor when its workflow next wakes', () => {
    const escalated = record(decided('consultation'), escalation, escalatedAt);
    expect(escalated.emails).toEqual([]);
    const woken = fireDueDeadlines(escalated.next, 'officerEvent', at('2027-01-14T10:00:01Z'), calendar);
    expect(woken.emails).toEqual([]);
    expect(woken.events).toEqual([]);
  });

  it('still counts a direct allegation’s targets and strategy meeting from the referral', () => {
    const allegation = decided('allegation');
    expect(dueOf(allegation, 'resolutionOneMonth')).toEqual(['2026-12-23T17:00:00.000Z']);
    const tracked = record(allegation, { kind: 'tracks', police: false, section47: true, employer: 'none' }, '2026-11-24T10:00:00Z').next;
    expect(dueOf(tracked, 'strategyMeeting')).toEqual(['2026-12-02T17:00:00.000Z']);
  });

  it('sets a target already gone, after a threshold decision a month late, one working day ahead', () => {
    const late = decided('allegation', completeReferral(), at('2027-01-04T10:00:00Z'));
    // A month from the referral was 23 December: due instead at the close of Tuesday 5 January.
    expect(dueOf(late, 'resolutionOneMonth')).toEqual(['2027-01-05T17:00:00.000Z']);
    expect(dueOf(late, 'resolutionThreeMonths')).toEqual(['2027-02-23T17:00:00.000Z']);
  });
});

describe('no command sets a deadline already past due', () => {
  it('dueWhenSet keeps a deadline still ahead, and moves one already gone to one working day after it is set', () => {
    const setAt = at('2026-12-04T16:00:00Z'); // Friday
    expect(dueWhenSet('strategyMeeting', at('2026-12-07T17:00:00Z'), setAt, calendar)).toEqual(at('2026-12-07T17:00:00Z'));
    expect(dueWhenSet('strategyMeeting', at('2026-12-02T17:00:00Z'), setAt, calendar)).toEqual(at('2026-12-07T17:00:00Z'));
    // Due at the very instant it is set is already due: moved on too.
    expect(dueWhenSet('strategyMeeting', setAt, setAt, calendar)).toEqual(at('2026-12-07T17:00:00Z'));
  });

  /** A small seeded generator (mulberry32), so that a failure can be replayed. */
  function generator(seed: number) {
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    return { next, pick, chance: (p: number) => next() < p };
  }

  const localDay = (instant: number, offsetDays: number) => new Date(instant + offsetDays * 86_400_000).toISOString().slice(0, 10);

  /** A record of the kind given, with its fields drawn: police dates up to a month either side of now. */
  function drawRecord(kind: OfficerEvent['kind'], now: number, random: ReturnType<typeof generator>): Record<string, unknown> {
    const date = () => localDay(now, Math.floor(random.next() * 60) - 30);
    switch (kind) {
      case 'tracks': {
        const police = random.chance(0.5);
        return { kind, police, ...(police ? { policeTargetDate: date() } : {}), section47: random.chance(0.5), employer: random.pick(['none', 'action-without-disciplinary', 'hearing-without-investigation', 'investigation']) };
      }
      case 'police-update':
        return random.chance(0.7) ? { kind, nextTargetDate: date() } : { kind };
      case 'suspension':
        return { kind, suspended: random.chance(0.6) };
      case 'reallocate':
        return { kind, allocatedTo: { officerId: 'lado.8', email: 'lado8@lado.example.gov.uk' } };
      case 'complexity':
        return { kind, complex: random.chance(0.5) };
      case 'escalate-to-allegation':
        return { kind, harmCriteria: ['risk-of-harm'] };
      case 'close-consultation':
        return { kind, outcome: random.pick(CONSULTATION_OUTCOMES) };
      case 'outcome':
        return { kind, result: { outcome: random.pick(OUTCOMES), conclusions: ['resigned'], investigationCompleted: random.chance(0.5) } };
      case 'regulator-referral-considered':
        return { kind, referred: random.chance(0.5) };
      case 'feedback-given':
        return { kind, givenBy: random.pick(FEEDBACK_GIVERS) };
      default:
        return { kind };
    }
  }

  it('over seeded random runs of every officer record and timer, late and early, each deadline set is still ahead of the moment it is set', () => {
    let checked = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const random = generator(seed);
      const referral = withAllegation({ subjectSuspended: random.chance(0.3) }, random.chance(0.2) ? { children: { identified: false } } : {});
      let now = DECIDED.getTime() + Math.floor(random.next() * 40) * 86_400_000;
      let c = decided(random.pick(['allegation', 'consultation'] as const), referral, new Date(now));
      for (let step = 0; step < 30 && c.status !== 'CLOSED'; step++) {
        now += Math.floor(random.next() * 20 * 86_400_000);
        const moment = new Date(now);
        let outcome: Transition | Refusal;
        if (random.chance(0.3)) outcome = fireDueDeadlines(c, 'officerEvent', moment, calendar);
        else outcome = recordOfficerEvent(c, officerRecord(drawRecord(random.pick(RECORDS_BY_STATUS[c.status] ?? []), now, random)), moment, calendar);
        if (isRefusal(outcome)) continue;
        const before = new Set(c.deadlines.map((d) => `${d.kind}@${d.dueAt}`));
        for (const set of outcome.next.deadlines.filter((d) => d.state === 'pending' && !before.has(`${d.kind}@${d.dueAt}`))) {
          expect(Date.parse(set.dueAt), `seed ${seed}, step ${step}: ${set.kind} set at ${moment.toISOString()}`).toBeGreaterThan(now);
          checked++;
        }
        c = outcome.next;
      }
    }
    // The runs did set deadlines, and many of them.
    expect(checked).toBeGreaterThan(500);
  });
});

describe('a suspension reported at referral is reviewed once the case is an allegation (004 para 34)', () => {
  const suspended = () => withAllegation({ subjectSuspended: true });

  it('starts the suspension review at the threshold decision of an allegation', () => {
    const allegation = decided('allegation', suspended());
    expect(allegation.suspended).toBe(true);
    expect(dueOf(allegation, 'suspensionReview')).toEqual(['2026-12-21T17:00:00.000Z']);
  });

  it('waits while the case is a consultation, and starts at the escalation', () => {
    const consultation = decided('consultation', suspended());
    expect(consultation.suspended).toBeUndefined();
    expect(dueOf(consultation, 'suspensionReview')).toEqual([]);
    const escalated = record(consultation, { kind: 'escalate-to-allegation', harmCriteria: ['risk-of-harm'] }, '2027-01-14T10:00:00Z').next;
    expect(escalated.suspended).toBe(true);
    expect(dueOf(escalated, 'suspensionReview')).toEqual(['2027-02-11T17:00:00.000Z']);
  });

  it('is then kept by the officer’s own records: lifting the suspension ends the review', () => {
    const lifted = record(decided('allegation', suspended()), { kind: 'suspension', suspended: false }, '2026-11-30T10:00:00Z').next;
    expect(lifted.suspended).toBe(false);
    expect(dueOf(lifted, 'suspensionReview')).toEqual([]);
  });

  it('starts no review when the referral reports no suspension', () => {
    expect(dueOf(decided('allegation'), 'suspensionReview')).toEqual([]);
    expect(decided('allegation').suspended).toBeUndefined();
  });

  it('shows the officer recording the tracks what the referral reported of the police, social care and a suspension', () => {
    const view = officerCaseView(decided('allegation', withAllegation({ policeInvolved: true, socialCareInvolved: false, subjectSuspended: true })));
    expect(view.reportedAtReferral).toEqual({ policeInvolved: true, socialCareInvolved: false, subjectSuspended: true });
  });
});

describe("closing a consultation records its outcome (003 §5, Table 6)", () => {
  it('needs the outcome, named in the error, from the categories of Table 6', () => {
    const missing = officerDecisionSchema.safeParse({ kind: 'close-consultation', officerId: LADO.officerId, rationale: why });
    expect(missing.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['outcome', "The consultation's outcome must be one of: management action, advice or signposting, risk assessment, no further action, referred elsewhere"],
    ]);
    const unknown = officerDecisionSchema.safeParse({ kind: 'close-consultation', officerId: LADO.officerId, rationale: why, outcome: 'dismissal' });
    expect(unknown.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['outcome']);
  });

  it('stores it on the case, shows it to officers and records it in the audit event', () => {
    const closed = record(decided('consultation'), { kind: 'close-consultation', outcome: 'advice or signposting' }, '2026-12-03T10:00:00Z');
    expect(closed.next).toMatchObject({ status: 'CLOSED', consultationOutcome: 'advice or signposting' });
    expect(closed.events).toEqual([
      { type: 'Officer:close-consultation', actor: LADO.officerId, at: '2026-12-03T10:00:00.000Z', rationale: why, details: { outcome: 'advice or signposting' } },
    ]);
    expect(officerCaseView(closed.next).consultationOutcome).toBe('advice or signposting');
  });
});

describe('feedback to the child and parents or carers after the outcome (004 para 58)', () => {
  const unfounded = { kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } };
  const concluded = (referral = completeReferral()) => record(decided('allegation', referral), unfounded, '2026-11-24T10:00:00Z').next;

  it('is a duty after any outcome where the referral identifies a child, due 10 working days after it', () => {
    const c = concluded();
    expect(c.duties).toMatchObject({ childFeedback: 'pending' });
    expect(dueOf(c, 'childFeedback')).toEqual(['2026-12-08T17:00:00.000Z']);
  });

  it('is no duty where the referral identifies no child', () => {
    const c = concluded(completeReferral({ children: { identified: false } }));
    expect(c.duties).toEqual({ regulatorReferral: 'pending' });
    expect(dueOf(c, 'childFeedback')).toEqual([]);
  });

  it('is chased by an overdue email to the allocated LADO every 10 working days until confirmed', () => {
    const first = fireDueDeadlines(concluded(), 'officerEvent', at('2026-12-08T17:00:00Z'), calendar);
    expect(first.emails).toContainEqual(expect.objectContaining({ kind: 'deadlineOverdue', deadline: 'childFeedback', dueAt: '2026-12-08T17:00:00.000Z' }));
    expect(dueOf(first.next, 'childFeedback')).toEqual(['2026-12-22T17:00:00.000Z']);
  });

  it('is confirmed with who gave it, and until then the case cannot close', () => {
    const considered = record(concluded(), { kind: 'regulator-referral-considered', referred: false }, '2026-11-25T10:00:00Z').next;
    const closing = recordOfficerEvent(considered, officerRecord({ kind: 'close' }), at('2026-11-26T10:00:00Z'), calendar);
    expect(isRefusal(closing) && closing.message).toBe('The case cannot close while duties are outstanding: childFeedback.');

    const given = record(considered, { kind: 'feedback-given', givenBy: 'social worker' }, '2026-11-27T10:00:00Z');
    expect(given.next.duties).toEqual({ regulatorReferral: 'done', childFeedback: 'done' });
    expect(given.next.deadlines.filter((d) => d.kind === 'childFeedback').map((d) => d.state)).toEqual(['met']);
    expect(given.events).toEqual([
      { type: 'Officer:feedback-given', actor: LADO.officerId, at: '2026-11-27T10:00:00.000Z', rationale: why, details: { givenBy: 'social worker' } },
    ]);
    expect(record(given.next, { kind: 'close' }, '2026-11-30T10:00:00Z').next.status).toBe('CLOSED');
  });

  it('names who gave it from the choices of 004 para 58, and is refused once confirmed', () => {
    const parsed = officerDecisionSchema.safeParse({ kind: 'feedback-given', officerId: LADO.officerId, rationale: why, givenBy: 'teacher' });
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['givenBy', 'Who gave the feedback must be one of: social worker, employer, lado'],
    ]);
    const given = record(concluded(), { kind: 'feedback-given', givenBy: 'lado' }, '2026-11-27T10:00:00Z').next;
    const again = recordOfficerEvent(given, officerRecord({ kind: 'feedback-given', givenBy: 'employer' }), at('2026-11-27T11:00:00Z'), calendar);
    expect(isRefusal(again) && again.message).toBe('The childFeedback duty is not outstanding on this case.');
  });
});
