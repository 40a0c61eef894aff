import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { awaitsThresholdDecision, type CaseRecord } from '../../functions/domain/case';
import {
  checkCompleteness,
  decideThreshold,
  fireDueDeadlines,
  isRefusal,
  planWait,
  receiveReferral,
  recordReceipt,
  resubmit,
  waitsClosedBy,
  type Refusal,
  type Transition,
} from '../../functions/domain/lifecycle-rules';
import { officerDecisionSchema } from '../../functions/domain/officer-records';
import type { Referral } from '../../functions/domain/referral-schema';
import type { ThresholdDecision } from '../../functions/domain/threshold-decision';
import { completeReferral, referralMissingDateOfBirthAndAddress } from '../support/referrals';

/**
 * The first days' rules for urgent referrals and undecided ones, on the pure
 * core: an immediate-risk referral can be decided while its missing details
 * are awaited (seeds/004 paras 16, 22), and an undecided referral is escalated
 * to the LADO manager every working day until it is decided.
 */
const calendar = createWorkingCalendar();
const at = (iso: string) => new Date(iso);
const MONDAY = at('2026-11-23T10:00:00Z');
const why = 'Recorded after discussion with the case manager.';
const LADO = { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' };

const threshold = (outcome: ThresholdDecision['outcome'], extra: Record<string, unknown> = {}) =>
  officerDecisionSchema.parse({ kind: 'threshold', officerId: 'duty.1', rationale: why, outcome, ...extra }) as ThresholdDecision;
const allegation = () => threshold('allegation', { harmCriteria: ['harmed-child'], allocatedTo: LADO });

function applied<T extends Transition>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) throw new Error(`Refused: ${outcome.message}`);
  return outcome;
}

const atRisk = (referral: Referral): Referral => ({ ...referral, allegation: { ...referral.allegation, immediateRisk: true } });

/** A referral received and checked on Monday 23 November 2026 at 10:00 (GMT). */
function checked(referral: Referral, checkedAt = MONDAY): CaseRecord {
  const received = recordReceipt(receiveReferral(referral, MONDAY).next, MONDAY).next;
  return checkCompleteness(received, checkedAt, calendar).next;
}

const pending = (record: CaseRecord) => record.deadlines.filter((d) => d.state === 'pending').map(({ kind, dueAt }) => [kind, dueAt]);

describe('an urgent referral is never blocked by paperwork', () => {
  it('opens initial consideration at its first check, counted from receipt, beside the return window', () => {
    const urgent = checked(atRisk(referralMissingDateOfBirthAndAddress()));

    expect(urgent).toMatchObject({ status: 'AWAITING_RESUBMISSION', awaiting: { kind: 'resubmission' } });
    expect(awaitsThresholdDecision(urgent)).toBe(true);
    expect(pending(urgent)).toEqual([
      ['returnReminder', '2026-11-25T17:00:00.000Z'],
      ['returnCutoff', '2026-11-26T17:00:00.000Z'],
      ['initialConsiderationChase', '2026-11-24T17:00:00.000Z'],
      ['initialConsiderationEscalation', '2026-11-25T17:00:00.000Z'],
    ]);
    // Without immediate risk, the decision waits for the details: only the return window opens.
    const ordinary = checked(referralMissingDateOfBirthAndAddress());
    expect(awaitsThresholdDecision(ordinary)).toBe(false);
    expect(pending(ordinary).map(([kind]) => kind)).toEqual(['returnReminder', 'returnCutoff']);
  });

  it('counts the chase from receipt even when the completing check comes later, and opens it once', () => {
    // Received on Monday, checked after midnight (an outage held the check up): day 1 is still Tuesday.
    const late = checked(atRisk(completeReferral()), at('2026-11-24T00:30:00Z'));
    expect(pending(late)[0]).toEqual(['initialConsiderationChase', '2026-11-24T17:00:00.000Z']);
    expect(pending(checked(completeReferral(), at('2026-11-24T00:30:00Z')))[0]).toEqual(['initialConsiderationChase', '2026-11-25T17:00:00.000Z']);

    // Returned, then completed on Wednesday: the chase opened at the return stands.
    const returned = checked(atRisk(referralMissingDateOfBirthAndAddress()));
    const { dateOfBirth, address } = completeReferral().subject;
    const resubmitted = applied(resubmit(returned, { subject: { dateOfBirth, address } }, at('2026-11-25T10:00:00Z'))).next;
    const complete = checkCompleteness(resubmitted, at('2026-11-25T10:00:01Z'), calendar).next;
    expect(complete.status).toBe('AWAITING_THRESHOLD_DECISION');
    expect(complete.deadlines.filter((d) => d.kind === 'initialConsiderationChase')).toHaveLength(1);
    expect(pending(complete).map(([kind]) => kind)).toEqual(['initialConsiderationChase', 'initialConsiderationEscalation']);
  });

  it('takes the threshold decision while the missing details are awaited, closing the return window unfired', () => {
    const urgent = checked(atRisk(referralMissingDateOfBirthAndAddress()));
    const decided = applied(decideThreshold(urgent, allegation(), at('2026-11-23T11:00:00Z'), calendar));

    expect(decided.next.status).toBe('ALLEGATION_MANAGEMENT');
    expect(decided.next).not.toHaveProperty('awaiting');
    expect(awaitsThresholdDecision(decided.next)).toBe(false);
    expect(decided.next.deadlines.filter((d) => d.kind.startsWith('return') || d.kind.startsWith('initialConsideration')).map((d) => [d.kind, d.state])).toEqual([
      ['returnReminder', 'met'],
      ['returnCutoff', 'met'],
      ['initialConsiderationChase', 'met'],
      ['initialConsiderationEscalation', 'met'],
    ]);
    // The details are still wanted: listed on the case for the allocated LADO.
    expect(decided.next.missing.map((item) => item.field)).toEqual(['subject.dateOfBirth', 'subject.address']);
    expect(decided.events).toEqual([expect.objectContaining({ type: 'ThresholdDecisionRecorded', actor: 'duty.1', rationale: why })]);
  });

  it('sends no return email after the decision, and the cut-off passes without a rejection', () => {
    const urgent = checked(atRisk(referralMissingDateOfBirthAndAddress()));
    // SES was out: the return request is still owed when the decision comes.
    expect(urgent.owedEmails?.map((email) => email.kind)).toEqual(['acknowledgement', 'immediateRiskAlert', 'returnRequest']);
    const decided = applied(decideThreshold(urgent, threshold('no-further-action', { category: 'employer-procedures' }), at('2026-11-23T11:00:00Z'), calendar)).next;
    expect(decided.status).toBe('CLOSED');
    expect(decided.owedEmails?.map((email) => email.kind)).toEqual(['acknowledgement', 'immediateRiskAlert', 'noFurtherActionNotice']);

    // The workflow, parked on the details, moves on to close the first days: it does not end them as a rejection.
    expect(planWait(decided, 'resubmission', at('2026-11-23T11:00:01Z')).wait).toEqual({ next: 'inputArrived', seconds: 1, owed: 3 });
    const atCutoff = fireDueDeadlines(decided, 'resubmission', at('2026-11-26T17:00:00Z'), calendar);
    expect(atCutoff.events).toEqual([]);
    expect(atCutoff.next.status).toBe('CLOSED');
  });

  it('is refused for a referral without immediate risk while its details are awaited', () => {
    const ordinary = checked(referralMissingDateOfBirthAndAddress());
    const refusal = decideThreshold(ordinary, allegation(), at('2026-11-23T11:00:00Z'), calendar);
    expect(refusal).toEqual({ refused: 'notAwaiting', message: 'This case is not awaiting a threshold decision: its status is AWAITING_RESUBMISSION.' });
  });

  it('left undecided, is rejected at the cut-off as any referral, its initial consideration closing with it', () => {
    const urgent = checked(atRisk(referralMissingDateOfBirthAndAddress()));
    const rejected = fireDueDeadlines(urgent, 'resubmission', at('2026-11-26T17:00:00Z'), calendar);

    expect(rejected.next).toMatchObject({ status: 'REJECTED', rejectedAt: '2026-11-26T17:00:00.000Z' });
    expect(pending(rejected.next)).toEqual([]);
    expect(rejected.wait).toEqual({ next: 'closed', seconds: 1, owed: 4 });
  });

  it('resumes the wait for the missing details when the decision overtakes them', () => {
    expect(waitsClosedBy('thresholdDecision')).toEqual(['thresholdDecision', 'resubmission']);
    expect(waitsClosedBy('resubmission')).toEqual(['resubmission']);
    expect(waitsClosedBy('officerEvent')).toEqual(['officerEvent']);
  });
});

describe('initial consideration never goes silent', () => {
  /** Complete on Tuesday 22 December 2026: Christmas Day is a Friday and Boxing Day's substitute Monday 28. */
  const complete = () => checked(completeReferral(), at('2026-12-22T10:00:00Z'));
  const escalations = (firing: Transition) => firing.emails.filter((email) => email.kind === 'initialConsiderationEscalation');

  it('escalates to the LADO manager at the close of every working day after the first escalation, each a new email, skipping the holidays', () => {
    let record = complete();
    expect(pending(record)).toEqual([
      ['initialConsiderationChase', '2026-12-23T17:00:00.000Z'],
      ['initialConsiderationEscalation', '2026-12-24T17:00:00.000Z'],
    ]);
    record = fireDueDeadlines(record, 'thresholdDecision', at('2026-12-23T17:00:00Z'), calendar).next;

    const keys: string[] = [];
    for (const [dueAt, next] of [
      ['2026-12-24T17:00:00.000Z', '2026-12-29T17:00:00.000Z'],
      ['2026-12-29T17:00:00.000Z', '2026-12-30T17:00:00.000Z'],
      ['2026-12-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z'],
      ['2026-12-31T17:00:00.000Z', '2027-01-04T17:00:00.000Z'],
    ] as const) {
      // Never early: a second before, nothing is due.
      expect(fireDueDeadlines(record, 'thresholdDecision', new Date(Date.parse(dueAt) - 1000), calendar).events).toEqual([]);
      const firing = fireDueDeadlines(record, 'thresholdDecision', at(dueAt), calendar);
      expect(escalations(firing).map((email) => email.key)).toEqual([`initialConsiderationEscalation-${dueAt}`]);
      expect(firing.events).toEqual([expect.objectContaining({ type: 'DeadlineFired', details: { deadline: 'initialConsiderationEscalation', dueAt } })]);
      expect(pending(firing.next)).toEqual([['initialConsiderationEscalation', next]]);
      // A retry of the same step finds nothing more due: each escalation is owed once.
      expect(fireDueDeadlines(firing.next, 'thresholdDecision', at(dueAt), calendar).events).toEqual([]);
      keys.push(...escalations(firing).map((email) => email.key));
      record = firing.next;
    }
    expect(new Set(keys).size).toBe(4);
    expect(planWait(record, 'thresholdDecision', at('2026-12-31T17:00:01Z')).wait.next).toBe('wait');
  });

  it('counts each escalation from the one before, however late the timer ran', () => {
    let record = fireDueDeadlines(complete(), 'thresholdDecision', at('2026-12-23T17:00:00Z'), calendar).next;
    // The timer ran on the morning after the escalation fell due.
    record = fireDueDeadlines(record, 'thresholdDecision', at('2026-12-29T08:00:00Z'), calendar).next;
    expect(pending(record)).toEqual([['initialConsiderationEscalation', '2026-12-29T17:00:00.000Z']]);
  });

  it('stops once the decision is recorded', () => {
    let record = fireDueDeadlines(complete(), 'thresholdDecision', at('2026-12-24T17:00:00Z'), calendar).next;
    expect(pending(record)).toEqual([['initialConsiderationEscalation', '2026-12-29T17:00:00.000Z']]);
    record = applied(decideThreshold(record, allegation(), at('2026-12-29T10:00:00Z'), calendar)).next;
    expect(pending(record).filter(([kind]) => String(kind).startsWith('initialConsideration'))).toEqual([]);
    expect(fireDueDeadlines(record, 'thresholdDecision', at('2026-12-29T17:00:00Z'), calendar).events).toEqual([]);
  });
});
