import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import type { CaseRecord } from '../../functions/domain/case';
import { applyOfficerEvent, applyThresholdDecision, officerDecisionSchema, type OfficerEvent } from '../../functions/domain/officer-records';
import { NO_FURTHER_ACTION, NO_FURTHER_ACTION_CATEGORIES, type ThresholdDecision } from '../../functions/domain/threshold-decision';
import { completeReferral } from '../support/referrals';

const calendar = createWorkingCalendar();
const received = new Date('2026-11-23T10:00:00Z'); // Monday
const decidedAt = new Date('2026-11-23T15:00:00Z');
const lado = { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' };
const why = 'Recorded after discussion with the case manager.';

function awaitingDecision(): CaseRecord {
  return {
    caseId: 'LADO-0000000001',
    submissionId: 'portal-0001',
    submissionFingerprint: 'f',
    status: 'AWAITING_THRESHOLD_DECISION',
    receivedAt: received.toISOString(),
    referral: completeReferral(),
    missing: [],
    deadlines: [
      { kind: 'initialConsiderationChase', dueAt: '2026-11-24T17:00:00.000Z', state: 'pending' },
      { kind: 'initialConsiderationEscalation', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' },
    ],
    decisions: [],
  };
}

const threshold = (outcome: ThresholdDecision['outcome'], extra: Record<string, unknown> = {}) =>
  officerDecisionSchema.parse({ kind: 'threshold', officerId: 'duty.1', rationale: why, outcome, ...extra }) as ThresholdDecision;

function allegation(): CaseRecord {
  return applyThresholdDecision(awaitingDecision(), threshold('allegation', { harmCriteria: ['harmed-child'], allocatedTo: lado }), decidedAt, calendar);
}

function apply(record: CaseRecord, input: Record<string, unknown>, at = new Date('2026-11-24T10:00:00Z')) {
  return applyOfficerEvent(record, officerDecisionSchema.parse({ officerId: 'lado.7', rationale: why, ...input }) as OfficerEvent, at, calendar);
}

function applied(record: CaseRecord, input: Record<string, unknown>, at?: Date): CaseRecord {
  const result = apply(record, input, at);
  if (!result.ok) throw new Error(result.conflict);
  return result.next;
}

const pending = (record: CaseRecord) => record.deadlines.filter((d) => d.state === 'pending').map(({ kind, dueAt, remindAt }) => ({ kind, dueAt, remindAt }));

describe('the threshold decision', () => {
  it('starts allegation management: allocated, reviewed about monthly, with resolution targets from the referral', () => {
    const record = allegation();
    expect(record.status).toBe('ALLEGATION_MANAGEMENT');
    expect(record.allocation).toEqual(lado);
    expect(record.deadlines.filter((d) => d.kind.startsWith('initialConsideration')).map((d) => d.state)).toEqual(['met', 'met']);
    expect(pending(record)).toEqual([
      { kind: 'ladoReview', dueAt: '2026-12-21T17:00:00.000Z', remindAt: '2026-12-21T09:00:00.000Z' },
      { kind: 'resolutionOneMonth', dueAt: '2026-12-23T17:00:00.000Z', remindAt: undefined },
      { kind: 'resolutionThreeMonths', dueAt: '2027-02-23T17:00:00.000Z', remindAt: undefined },
      { kind: 'resolutionTwelveMonths', dueAt: '2027-11-23T17:00:00.000Z', remindAt: undefined },
    ]);
  });

  it('starts a consultation with a fortnightly review', () => {
    const record = applyThresholdDecision(awaitingDecision(), threshold('consultation', { allocatedTo: lado }), decidedAt, calendar);
    expect(record.status).toBe('CONSULTATION');
    expect(pending(record).map((d) => [d.kind, d.dueAt])).toEqual([['consultationReview', '2026-12-07T17:00:00.000Z']]);
  });

  it('closes on no further LADO action, recording its category, and on a transfer naming who leads, with retention dates', () => {
    const closed = applyThresholdDecision(awaitingDecision(), threshold('no-further-action', { category: 'not-working-with-children' }), decidedAt, calendar);
    expect(closed).toMatchObject({
      status: 'CLOSED',
      closedAt: decidedAt.toISOString(),
      closure: { noFurtherAction: 'not-working-with-children', reason: `No further LADO action: ${NO_FURTHER_ACTION['not-working-with-children'].label}`, employerRecordsUntil: '2051-03-17' },
    });
    const medway = { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' };
    const transferred = applyThresholdDecision(awaitingDecision(), threshold('transfer', { receivingAuthority: medway }), decidedAt, calendar);
    expect(transferred.closure).toMatchObject({ receivingAuthority: medway, reason: expect.stringMatching(/^Another authority leads/) });
    // The decision hands nothing over itself: the reason says what is to happen, not that it has.
    expect(transferred.closure?.reason).not.toMatch(/transferred|passed on|handed/i);
    expect(pending(transferred)).toEqual([]);
  });

  it('needs the category of no further action, naming the field when it is missing or unknown', () => {
    const decision = { kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'no-further-action' };
    const missing = officerDecisionSchema.safeParse(decision);
    expect(missing.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['category', `The category of no further action must be one of: ${NO_FURTHER_ACTION_CATEGORIES.join(', ')}`],
    ]);
    expect(officerDecisionSchema.safeParse({ ...decision, category: 'not-our-problem' }).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['category']);
    // Every category names its source.
    for (const category of NO_FURTHER_ACTION_CATEGORIES) expect(NO_FURTHER_ACTION[category].source, category).toMatch(/seeds\/00\d/);
  });

  it("needs a transfer's receiving authority and its designated officer's valid email, naming the field at fault", () => {
    const decision = { kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'transfer' };
    const paths = (body: Record<string, unknown>) => officerDecisionSchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths(decision)).toEqual(['receivingAuthority']);
    // A lead authority's name alone, as before, is no longer enough.
    expect(paths({ ...decision, leadAuthority: 'Medway Council' })).toContain('receivingAuthority');
    expect(paths({ ...decision, receivingAuthority: { name: 'Medway Council', designatedOfficerEmail: 'not an address' } })).toEqual(['receivingAuthority.designatedOfficerEmail']);
    expect(paths({ ...decision, receivingAuthority: { name: 'Medway\nCouncil', designatedOfficerEmail: 'lado@medway.example.gov.uk' } })).toEqual(['receivingAuthority.name']);
    expect(paths({ ...decision, receivingAuthority: { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' } })).toBeUndefined();
  });

  it('needs an allocated LADO for an allegation or a consultation', () => {
    const parsed = officerDecisionSchema.safeParse({ kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'allegation', harmCriteria: ['harmed-child'] });
    expect(parsed.success).toBe(false);
  });
});

describe('allegation management', () => {
  it('schedules each track from the policy table: strategy meeting from the referral, employer action from the decision, the hearing from the record', () => {
    const record = applied(allegation(), { kind: 'tracks', police: true, policeTargetDate: '2027-01-15', section47: true, employer: 'action-without-disciplinary' });
    expect(pending(record).filter((d) => ['strategyMeeting', 'employerAction', 'policeReview'].includes(d.kind))).toEqual([
      // 7 working days from Monday 23 November: Wednesday 2 December.
      { kind: 'strategyMeeting', dueAt: '2026-12-02T17:00:00.000Z', remindAt: '2026-12-02T09:00:00.000Z' },
      // 3 working days from the threshold decision on Monday 23 November: Thursday 26 November (004 para 40).
      { kind: 'employerAction', dueAt: '2026-11-26T17:00:00.000Z', remindAt: '2026-11-26T09:00:00.000Z' },
      { kind: 'policeReview', dueAt: '2027-01-15T17:00:00.000Z', remindAt: '2027-01-15T09:00:00.000Z' },
    ]);
    const hearing = applied(allegation(), { kind: 'tracks', police: false, section47: false, employer: 'hearing-without-investigation' });
    // 15 working days from Tuesday 24 November: Tuesday 15 December.
    expect(pending(hearing).find((d) => d.kind === 'disciplinaryHearing')?.dueAt).toBe('2026-12-15T17:00:00.000Z');
  });

  it('meets a deadline when the officer records it done, even after it fell overdue, and refuses one never set', () => {
    const tracked = applied(allegation(), { kind: 'tracks', police: false, section47: true, employer: 'none' });
    const overdue = { ...tracked, deadlines: tracked.deadlines.map((d) => (d.kind === 'strategyMeeting' ? { ...d, state: 'fired' as const } : d)) };
    const held = applied(overdue, { kind: 'strategy-meeting-held' });
    expect(held.deadlines.find((d) => d.kind === 'strategyMeeting')?.state).toBe('met');
    const refused = apply(held, { kind: 'employer-action-taken' });
    expect(refused).toEqual({ ok: false, conflict: 'No employer action is outstanding on this case.' });
  });

  it('moves the police review to the next target date, and reviews complex cases fortnightly', () => {
    const tracked = applied(allegation(), { kind: 'tracks', police: true, policeTargetDate: '2027-01-15', section47: false, employer: 'investigation' });
    const updated = applied(tracked, { kind: 'police-update', nextTargetDate: '2027-04-16' }, new Date('2027-01-14T10:00:00Z'));
    expect(pending(updated).filter((d) => d.kind === 'policeReview').map((d) => d.dueAt)).toEqual(['2027-04-16T16:00:00.000Z']);
    const complex = applied(allegation(), { kind: 'complexity', complex: true });
    expect(pending(complex).filter((d) => d.kind.startsWith('ladoReview'))).toEqual([
      { kind: 'ladoReviewComplex', dueAt: '2026-12-08T17:00:00.000Z', remindAt: '2026-12-08T09:00:00.000Z' },
    ]);
  });

  it('keeps a suspension under review while it lasts', () => {
    const suspended = applied(allegation(), { kind: 'suspension', suspended: true });
    expect(suspended.suspended).toBe(true);
    expect(pending(suspended).filter((d) => d.kind === 'suspensionReview')).toHaveLength(1);
    const lifted = applied(suspended, { kind: 'suspension', suspended: false });
    expect(pending(lifted).filter((d) => d.kind === 'suspensionReview')).toEqual([]);
  });

  it('on the outcome, meets the management deadlines and opens the duties that follow', () => {
    const tracked = applied(allegation(), { kind: 'tracks', police: false, section47: true, employer: 'investigation' });
    const outcome = applied(tracked, {
      kind: 'outcome',
      result: { outcome: 'substantiated', conclusions: ['dismissed'], investigationCompleted: true },
    });
    expect(outcome.status).toBe('OUTCOME_DUTIES');
    expect(outcome.duties).toEqual({ regulatorReferral: 'pending', dbsReferral: 'pending', lessonsLearned: 'pending', childFeedback: 'pending' });
    expect(pending(outcome).map((d) => d.kind)).toEqual(['childFeedback', 'dbsReferral', 'lessonsLearned', 'regulatorReferral']);
    const refused = apply(outcome, { kind: 'close' });
    expect(refused).toEqual({ ok: false, conflict: 'The case cannot close while duties are outstanding: regulatorReferral, dbsReferral, lessonsLearned, childFeedback.' });

    let record = outcome;
    for (const kind of ['dbs-referral-confirmed', 'lessons-learned-done']) record = applied(record, { kind });
    record = applied(record, { kind: 'regulator-referral-considered', referred: true });
    record = applied(record, { kind: 'feedback-given', givenBy: 'social worker' });
    const closed = applied(record, { kind: 'close' }, new Date('2027-02-01T10:00:00Z'));
    expect(closed).toMatchObject({ status: 'CLOSED', closure: { ladoRecordUntil: '2052-02-01', employerRecordsUntil: '2051-03-17' } });
    expect(closed.awaiting).toBeUndefined();
  });

  it('opens no DBS duty for an outcome that does not call for one', () => {
    const outcome = applied(allegation(), { kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } });
    expect(outcome.duties).toEqual({ regulatorReferral: 'pending', childFeedback: 'pending' });
  });

  it('refuses a record that does not belong to the stage, naming the status', () => {
    expect(apply(awaitingDecision(), { kind: 'review-done' })).toEqual({
      ok: false,
      conflict: 'A "review-done" record does not apply to this case now: its status is AWAITING_THRESHOLD_DECISION.',
    });
    expect(apply(allegation(), { kind: 'close-consultation', outcome: 'no further action' }).ok).toBe(false);
  });
});

describe('a consultation', () => {
  it('that becomes an allegation keeps its decisions and starts allegation management', () => {
    const consultation = applyThresholdDecision(awaitingDecision(), threshold('consultation', { allocatedTo: lado }), decidedAt, calendar);
    const reviewed = applied(consultation, { kind: 'review-done' }, new Date('2026-12-07T10:00:00Z'));
    const escalated = applied(reviewed, { kind: 'escalate-to-allegation', harmCriteria: ['risk-of-harm'] }, new Date('2026-12-10T10:00:00Z'));
    expect(escalated.status).toBe('ALLEGATION_MANAGEMENT');
    expect(escalated.decisions.map((d) => d.decision.kind)).toEqual(['threshold', 'review-done', 'escalate-to-allegation']);
    expect(pending(escalated).map((d) => d.kind)).toEqual(['ladoReview', 'resolutionOneMonth', 'resolutionThreeMonths', 'resolutionTwelveMonths']);
  });
});
