import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { heldReferral, type CaseRecord } from '../../functions/domain/case';
import { checkCompleteness, closeCase, fireDueDeadlines, isRefusal, receiveReferral, recordReceipt, REJECTION_REASON, type Refusal, type Transition } from '../../functions/domain/lifecycle-rules';
import { RETENTION_JOB_ACTOR } from '../../functions/domain/lifecycle-contract';
import { officerDecisionSchema } from '../../functions/domain/officer-records';
import { DEFAULT_RETENTION, rejectedReferralRetention } from '../../functions/domain/outcome';
import { anonymised, anonymisedEvent, disposeOfPersonalData, DISPOSED_RATIONALE, keptUntil, referralFacts } from '../../functions/domain/retention';
import { completeReferral, PERSONAL_DATA, referralMissingDateOfBirthAndAddress } from '../support/referrals';

/**
 * Retention kept: the rejected referral's period, and the disposal of a
 * case's personal data once its LADO retention date has passed (which fields
 * go, which stay), on the case and on the events of its trail.
 */
const calendar = createWorkingCalendar();
const MONDAY = new Date('2026-11-23T09:30:00Z');
const why = 'The pupil described the teacher grabbing her arm in the corridor.';

/** Personal data of the referral used, beyond the names and dates the other tests share. */
const REFERRAL_TEXT = ['Larkspur Lane', 'ME14 1AA', 'Class teacher', 'grabbed by the arm', 'dsl-', '01632 960 123', 'Designated safeguarding lead'];

function applied(outcome: Transition | Refusal): Transition {
  if (isRefusal(outcome)) throw new Error(`Refused: ${outcome.message}`);
  return outcome;
}

/** A referral with every field filled in, children identified. */
function fullReferral() {
  const referral = completeReferral();
  return {
    ...referral,
    subject: { ...referral.subject, knownAs: ['Ellie'], ethnicity: 'White British', startDate: '2015-09-01', previousConcerns: 'A complaint in 2019 about shouting.' },
    employer: { ...referral.employer, caseManager: { name: 'Harriet Voss', email: 'head@larkspur.example.sch.uk' } },
    children: {
      identified: true as const,
      children: [{ firstName: 'Jonah', lastName: 'Bramley', dateOfBirth: '2016-06-05', gender: 'male', disability: 'none known', ethnicity: 'Mixed', status: 'universal services' as const }],
    },
    allegation: { ...referral.allegation, occurred: '2026-08-19', harmCriteria: ['harmed-child' as const] },
  };
}

/** A case closed on Tuesday 24 November 2026, with an officer's record and an undelivered email. */
function closedCase(): CaseRecord {
  const received = receiveReferral(fullReferral(), MONDAY).next;
  const review = officerDecisionSchema.parse({ kind: 'review-done', officerId: 'lado.7', rationale: why });
  const recorded: CaseRecord = {
    ...received,
    decisions: [{ decision: review, decidedBy: 'lado.7', decidedAt: '2026-11-23T15:00:00.000Z' }],
    allocation: { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' },
    deliveryProblems: [{ address: 'dsl@larkspur.example.sch.uk', problem: 'Bounce', emailKind: 'acknowledgement', at: '2026-11-23T09:31:00.000Z' }],
  };
  return closeCase(recorded, new Date('2026-11-24T12:00:00Z'), 'Consultation closed: the harm threshold was not met');
}

const textOf = (value: unknown) => JSON.stringify(value);

describe("a rejected referral's retention", () => {
  it('is 6 years from the rejection by default, a policy value beside the LADO record’s 25', () => {
    expect(DEFAULT_RETENTION).toMatchObject({ ladoRecordYears: 25, rejectedReferralYears: 6 });
    expect(rejectedReferralRetention(new Date('2026-11-26T17:00:00Z'))).toEqual({ employerRecordsUntil: null, ladoRecordUntil: '2032-11-26' });
    // Counted from the London date: 23:30 GMT+1 on 30 June is 1 July.
    expect(rejectedReferralRetention(new Date('2026-06-30T23:30:00Z')).ladoRecordUntil).toBe('2032-07-01');
    expect(rejectedReferralRetention(new Date('2026-11-26T17:00:00Z'), { ...DEFAULT_RETENTION, rejectedReferralYears: 2 }).ladoRecordUntil).toBe('2028-11-26');
  });

  it('is recorded when the cut-off rejects the referral, counted from the cut-off, with why it ended', () => {
    const returned = checkCompleteness(recordReceipt(receiveReferral(referralMissingDateOfBirthAndAddress(), MONDAY).next, MONDAY).next, MONDAY, calendar).next;
    const cutoff = returned.deadlines.find((d) => d.kind === 'returnCutoff')!;
    // The timer runs a little late: the date still counts from the cut-off itself.
    const rejected = fireDueDeadlines(returned, 'resubmission', new Date(Date.parse(cutoff.dueAt) + 60_000), calendar).next;
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.closure).toEqual({ reason: REJECTION_REASON, employerRecordsUntil: null, ladoRecordUntil: '2032-11-26' });
    expect(cutoff.dueAt).toBe('2026-11-26T17:00:00.000Z');
    expect(keptUntil(rejected)).toBe('2032-11-26');
  });
});

describe('what disposal keeps of a referral', () => {
  it('keeps the facts the reports count, and nothing that names, dates or describes a person', () => {
    const referral = fullReferral();
    const facts = referralFacts(referral);
    expect(facts).toEqual({
      submissionId: referral.submissionId,
      subject: { employmentBasis: 'paid' },
      employer: { sector: 'education', subsector: 'primary' },
      children: { identified: true, children: [{ gender: 'male', disability: 'none known', ethnicity: 'Mixed', status: 'universal services' }] },
      allegation: {
        arose: '2026-08-20',
        occurred: '2026-08-19',
        category: 'physical intervention',
        harmCriteria: ['harmed-child'],
        immediateRisk: false,
        policeInvolved: false,
        socialCareInvolved: false,
        subjectSuspended: false,
        subjectAware: false,
      },
    });
    for (const personal of [...PERSONAL_DATA, ...REFERRAL_TEXT, 'Ellie', 'White British', 'Harriet', '2015-09-01', 'shouting']) expect(textOf(facts)).not.toContain(personal);
  });

  it('says so when no child was identified, and leaves facts as they are', () => {
    const facts = referralFacts({ ...fullReferral(), children: { identified: false } });
    expect(facts.children).toEqual({ identified: false });
    expect(referralFacts(facts)).toEqual(facts);
  });
});

describe('what disposal keeps of a case', () => {
  it("keeps dates, statuses, decisions' kinds and the closure; replaces each rationale; removes undelivered addresses", () => {
    const record = closedCase();
    const disposed = anonymised(record);
    const { referral, decisions, deliveryProblems, ...rest } = record;
    const { referral: factsKept, decisions: decisionsKept, ...restKept } = disposed;
    expect(restKept).toEqual(rest);
    expect(factsKept).toEqual(referralFacts(referral));
    expect(decisionsKept).toEqual(decisions.map((d) => ({ ...d, decision: { ...d.decision, rationale: DISPOSED_RATIONALE } })));
    expect(disposed).not.toHaveProperty('deliveryProblems');
    expect(deliveryProblems).toHaveLength(1);
    for (const personal of [...PERSONAL_DATA, ...REFERRAL_TEXT, why, 'dsl@larkspur']) expect(textOf(disposed)).not.toContain(personal);
    // Who acted stays: the officer's id and work address, in role.
    expect(disposed.allocation).toEqual({ officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' });
    expect(disposed.closure).toEqual(record.closure);
  });

  it('leaves out a field it does not know, and works on part of a case as on the whole', () => {
    expect(anonymised({ status: 'CLOSED', version: 7, somethingNew: 'Eleanor' } as Partial<CaseRecord>)).toEqual({ status: 'CLOSED', version: 7 });
    expect(anonymised({ closedAt: '2026-11-24T12:00:00.000Z' })).toEqual({ closedAt: '2026-11-24T12:00:00.000Z' });
  });
});

describe('what disposal rewrites in the trail', () => {
  it("rewrites the first event's whole case and an officer's rationale, and only what holds personal data", () => {
    const record = { ...closedCase(), version: 1 };
    const first = anonymisedEvent({ changes: record });
    expect(first).toEqual({ changes: anonymised(record) });
    expect(textOf(first)).not.toContain('Whitcombe');
    expect(anonymisedEvent({ changes: { version: 4, status: 'CLOSED' }, rationale: why })).toEqual({ rationale: DISPOSED_RATIONALE });
    // Nothing to rewrite: an event without personal data, or one rewritten already.
    expect(anonymisedEvent({ changes: { version: 4, status: 'CLOSED' } })).toBeUndefined();
    expect(anonymisedEvent({})).toBeUndefined();
    expect(anonymisedEvent({ changes: first!.changes!, rationale: DISPOSED_RATIONALE })).toBeUndefined();
  });
});

describe('disposing of personal data', () => {
  // Closed on 24 November 2026: kept until 24 November 2051.
  const dayAfter = new Date('2051-11-25T01:00:00Z');

  it('waits until the LADO retention date has passed, in London', () => {
    const record = closedCase();
    expect(record.closure?.ladoRecordUntil).toBe('2051-11-24');
    expect(keptUntil(record)).toBe('2051-11-24');
    expect(isRefusal(disposeOfPersonalData(record, new Date('2051-11-24T23:30:00Z')))).toBe(true);
    expect(isRefusal(disposeOfPersonalData(record, new Date('2051-11-25T00:00:00Z')))).toBe(false);
  });

  it('anonymises the case and records who, when and why', () => {
    const record = closedCase();
    const disposal = applied(disposeOfPersonalData(record, dayAfter));
    expect(disposal.next).toEqual({ ...anonymised(record), disposedAt: dayAfter.toISOString() });
    expect(disposal.events).toEqual([
      { type: 'RecordsDisposed', actor: RETENTION_JOB_ACTOR, at: dayAfter.toISOString(), rationale: 'The LADO retention date 2051-11-24 has passed', details: { ladoRecordUntil: '2051-11-24' } },
    ]);
    expect(disposal.emails).toEqual([]);
    // Out of the retention job's index, and no rule that reads the referral's people can run on it.
    expect(keptUntil(disposal.next)).toBeUndefined();
    expect(() => heldReferral(disposal.next)).toThrow(/disposed of/);
    // A second run changes nothing.
    expect(applied(disposeOfPersonalData(disposal.next, new Date('2051-11-26T01:00:00Z'))).events).toEqual([]);
  });

  it('keeps an open case, and one that still owes an email, for a later run', () => {
    const record = closedCase();
    expect(disposeOfPersonalData({ ...record, status: 'ALLEGATION_MANAGEMENT' }, dayAfter)).toMatchObject({ refused: 'conflict', message: expect.stringContaining('only a closed case') });
    expect(keptUntil({ ...record, status: 'ALLEGATION_MANAGEMENT' })).toBeUndefined();
    const owing = { ...record, owedEmails: [{ key: 'transferNotice', kind: 'transferNotice' as const, owedSince: dayAfter.toISOString() }] };
    expect(disposeOfPersonalData(owing, dayAfter)).toMatchObject({ refused: 'conflict', message: expect.stringContaining('owes emails') });
  });
});
