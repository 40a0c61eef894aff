import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import {
  DEADLINE_KINDS,
  DEADLINE_POLICY,
  deadlineAt,
  deadlineOnDate,
  deadlinesFor,
  periodEndsAt,
  DEFAULT_DUE_SOON_NOTICE,
  dueSoonFor,
  reminderFor,
  type DeadlineKind,
} from '../../functions/domain/deadline-policy';

const calendar = createWorkingCalendar();
const at = (iso: string) => new Date(iso);

describe('the deadline-policy table', () => {
  it('holds one row per kind, each keyed by its own kind and citing a source', () => {
    expect(DEADLINE_KINDS).toEqual([
      'returnReminder',
      'returnCutoff',
      'initialConsiderationChase',
      'initialConsiderationEscalation',
      'strategyMeeting',
      'employerAction',
      'disciplinaryHearing',
      'policeReview',
      'ladoReview',
      'ladoReviewComplex',
      'consultationReview',
      'suspensionReview',
      'resolutionOneMonth',
      'resolutionThreeMonths',
      'resolutionTwelveMonths',
      'dbsReferral',
      'regulatorReferral',
      'lessonsLearned',
      'childFeedback',
    ]);
    for (const kind of DEADLINE_KINDS) {
      expect(DEADLINE_POLICY[kind].kind).toBe(kind);
      expect(DEADLINE_POLICY[kind].source.trim()).not.toBe('');
      expect(DEADLINE_POLICY[kind].description.trim()).not.toBe('');
      expect(DEADLINE_POLICY[kind].notify.length).toBeGreaterThan(0);
    }
  });

  it('reminds the allocated LADO on the day only for the allegation-management deadlines and the feedback duty', () => {
    const remindedOnTheDay = DEADLINE_KINDS.filter((kind) => DEADLINE_POLICY[kind].remindOnTheDay);
    expect(remindedOnTheDay).toEqual([
      'strategyMeeting',
      'employerAction',
      'disciplinaryHearing',
      'policeReview',
      'ladoReview',
      'ladoReviewComplex',
      'consultationReview',
      'suspensionReview',
      'childFeedback',
    ]);
    // A reminder goes to whoever the deadline is about: the allocated LADO.
    for (const kind of remindedOnTheDay) expect(DEADLINE_POLICY[kind].notify).toContain('allocatedLado');
    for (const kind of DEADLINE_KINDS.filter((k) => !remindedOnTheDay.includes(k))) {
      expect(DEADLINE_POLICY[kind]).not.toHaveProperty('remindOnTheDay');
    }
  });

  it('chases only the threshold escalation, the DBS referral and the feedback to the child again until done', () => {
    expect(DEADLINE_KINDS.filter((kind) => DEADLINE_POLICY[kind].repeats)).toEqual(['initialConsiderationEscalation', 'dbsReferral', 'childFeedback']);
    expect(DEADLINE_POLICY.dbsReferral.choice).toMatch(/every 5 working days until/);
    expect(DEADLINE_POLICY.childFeedback.choice).toMatch(/every 10 working days until/);
  });

  it('copies the LADO manager on the threshold escalation and the national resolution targets only', () => {
    expect(DEADLINE_KINDS.filter((kind) => DEADLINE_POLICY[kind].notify.includes('ladoManager'))).toEqual([
      'initialConsiderationEscalation',
      'resolutionOneMonth',
      'resolutionThreeMonths',
      'resolutionTwelveMonths',
    ]);
  });

  it('leaves the date to the officer only for the police review', () => {
    expect(DEADLINE_KINDS.filter((kind) => DEADLINE_POLICY[kind].period.unit === 'officerSetDate')).toEqual(['policeReview']);
    expect(DEADLINE_POLICY.policeReview.countedFrom).toBe('officerSetDate');
    expect(DEADLINE_POLICY.policeReview.source).toMatch(/004 para 43/);
  });

  const timescales: Array<[DeadlineKind, number, 'workingDays' | 'calendarMonths', string, RegExp]> = [
    ['strategyMeeting', 7, 'workingDays', 'allegationOpened', /004 para 27/],
    ['employerAction', 3, 'workingDays', 'allegationDecided', /004 para 40: "Where the initial consideration decides/],
    ['disciplinaryHearing', 15, 'workingDays', 'tracksRecorded', /004 para 41/],
    ['ladoReview', 20, 'workingDays', 'lastReview', /004 para 42/],
    ['ladoReviewComplex', 10, 'workingDays', 'lastReview', /004 para 42/],
    ['consultationReview', 10, 'workingDays', 'lastReview', /003, 5\.2/],
    ['suspensionReview', 20, 'workingDays', 'suspensionRecorded', /004 para 34/],
    ['resolutionOneMonth', 1, 'calendarMonths', 'allegationOpened', /within 1 month/],
    ['resolutionThreeMonths', 3, 'calendarMonths', 'allegationOpened', /within 3 months/],
    ['resolutionTwelveMonths', 12, 'calendarMonths', 'allegationOpened', /within 12 months/],
    ['dbsReferral', 5, 'workingDays', 'outcomeRecorded', /004 para 56/],
    ['regulatorReferral', 5, 'workingDays', 'outcomeRecorded', /004 para 56/],
    ['lessonsLearned', 20, 'workingDays', 'outcomeRecorded', /004 para 59/],
    ['childFeedback', 10, 'workingDays', 'outcomeRecorded', /004 para 58/],
  ];

  it.each(timescales)('%s falls %i %s after %s, at the close of the day, as its source says', (kind, count, unit, countedFrom, source) => {
    expect(DEADLINE_POLICY[kind]).toMatchObject({ period: { count, unit }, at: 'endOfWorkingDay', countedFrom });
    expect(DEADLINE_POLICY[kind].source).toMatch(source);
  });

  it('gives the referrer a reminder at the close of day 2 and the cut-off at the close of day 3 after the first return', () => {
    expect(DEADLINE_POLICY.returnReminder).toMatchObject({
      period: { count: 2, unit: 'workingDays' },
      at: 'endOfWorkingDay',
      countedFrom: 'referralFirstReturned',
      notify: ['referrer'],
    });
    expect(DEADLINE_POLICY.returnCutoff).toMatchObject({
      period: { count: 3, unit: 'workingDays' },
      at: 'endOfWorkingDay',
      countedFrom: 'referralFirstReturned',
      notify: ['referrer'],
    });
    expect(DEADLINE_POLICY.returnCutoff.source).toContain('seeds/000');
    expect(DEADLINE_POLICY.returnCutoff.choice).toMatch(/does not start a new window/);
  });

  it('chases the duty LADO after one working day, then the LADO manager after two and every working day after', () => {
    expect(DEADLINE_POLICY.initialConsiderationChase).toMatchObject({
      period: { count: 1, unit: 'workingDays' },
      at: 'endOfWorkingDay',
      countedFrom: 'readyForThresholdDecision',
      notify: ['dutyLado'],
    });
    expect(DEADLINE_POLICY.initialConsiderationChase).not.toHaveProperty('repeats');
    expect(DEADLINE_POLICY.initialConsiderationEscalation).toMatchObject({
      period: { count: 2, unit: 'workingDays' },
      at: 'endOfWorkingDay',
      countedFrom: 'readyForThresholdDecision',
      repeats: true,
      repeatEvery: { count: 1, unit: 'workingDays' },
      notify: ['ladoManager'],
    });
    expect(DEADLINE_POLICY.initialConsiderationChase.source).toMatch(/004 para 16/);
    expect(DEADLINE_POLICY.initialConsiderationChase.source).toMatch(/para 22: .*without delay/);
    expect(DEADLINE_POLICY.initialConsiderationChase.choice).toMatch(/from receipt for a child at immediate risk/);
    expect(DEADLINE_POLICY.initialConsiderationEscalation.choice).toMatch(/every working day until the decision is recorded/);
  });
});

describe('deadline instants', () => {
  it('returned on Friday late before the August bank holiday: reminder Wednesday, cut-off Thursday at 17:00 BST', () => {
    const returned = at('2026-08-28T15:55:00Z');
    expect(deadlineAt('returnReminder', returned, calendar)).toEqual(at('2026-09-02T16:00:00Z'));
    expect(deadlineAt('returnCutoff', returned, calendar)).toEqual(at('2026-09-03T16:00:00Z'));
  });

  it('returned before Christmas 2021: counts past the substitute days', () => {
    const returned = at('2021-12-24T10:00:00Z');
    expect(deadlineAt('returnReminder', returned, calendar)).toEqual(at('2021-12-30T17:00:00Z'));
    expect(deadlineAt('returnCutoff', returned, calendar)).toEqual(at('2021-12-31T17:00:00Z'));
  });

  it('returned before Easter 2026: cut-off the Thursday after Easter Monday', () => {
    expect(deadlineAt('returnCutoff', at('2026-04-02T13:00:00Z'), calendar)).toEqual(at('2026-04-09T16:00:00Z'));
  });

  it('complete before Christmas 2022: chase and escalation after the substitute day', () => {
    const complete = at('2022-12-23T11:00:00Z');
    expect(deadlineAt('initialConsiderationChase', complete, calendar)).toEqual(at('2022-12-28T17:00:00Z'));
    expect(deadlineAt('initialConsiderationEscalation', complete, calendar)).toEqual(at('2022-12-29T17:00:00Z'));
  });

  it('complete before the state funeral and the coronation: the one-off days are skipped', () => {
    expect(deadlineAt('initialConsiderationChase', at('2022-09-16T10:00:00Z'), calendar)).toEqual(at('2022-09-20T16:00:00Z'));
    expect(deadlineAt('initialConsiderationChase', at('2023-05-05T10:00:00Z'), calendar)).toEqual(at('2023-05-09T16:00:00Z'));
  });

  it('complete on the Friday before the clocks go back: due at 17:00 GMT on Monday and Tuesday', () => {
    const complete = at('2026-10-23T09:00:00Z');
    expect(deadlinesFor(['initialConsiderationChase', 'initialConsiderationEscalation'], complete, calendar)).toEqual([
      { kind: 'initialConsiderationChase', dueAt: at('2026-10-26T17:00:00Z') },
      { kind: 'initialConsiderationEscalation', dueAt: at('2026-10-27T17:00:00Z') },
    ]);
  });

  it('complete late on a Thursday that is already Friday in London', () => {
    expect(deadlineAt('initialConsiderationChase', at('2026-10-22T23:30:00Z'), calendar)).toEqual(at('2026-10-26T17:00:00Z'));
  });

  it('follows the working hours the service configures', () => {
    const earlyClose = createWorkingCalendar({ workingDay: { start: '08:00', end: '16:00' } });
    expect(deadlineAt('returnCutoff', at('2026-01-12T10:00:00Z'), earlyClose)).toEqual(at('2026-01-15T16:00:00Z'));
  });
});

describe('periods of calendar months', () => {
  it('ends on the same date n months on, at the close of that working day', () => {
    expect(periodEndsAt({ count: 3, unit: 'calendarMonths' }, 'endOfWorkingDay', at('2026-01-15T10:00:00Z'), calendar)).toEqual(
      at('2026-04-15T16:00:00Z'),
    );
  });

  it('ends on the last day of a shorter month, moved to the next working day when closed', () => {
    // 31 January + 1 month is Saturday 28 February, so Monday 2 March.
    expect(periodEndsAt({ count: 1, unit: 'calendarMonths' }, 'endOfWorkingDay', at('2026-01-31T10:00:00Z'), calendar)).toEqual(
      at('2026-03-02T17:00:00Z'),
    );
    // Christmas Day 2026 is a Friday and Boxing Day's substitute is Monday 28.
    expect(periodEndsAt({ count: 12, unit: 'calendarMonths' }, 'startOfWorkingDay', at('2025-12-25T10:00:00Z'), calendar)).toEqual(
      at('2026-12-29T09:00:00Z'),
    );
  });

  it('refuses an empty period', () => {
    expect(() => periodEndsAt({ count: 0, unit: 'calendarMonths' }, 'endOfWorkingDay', at('2026-01-15T10:00:00Z'), calendar)).toThrow(
      RangeError,
    );
  });
});

describe('deadlines on a date the officer sets', () => {
  it('fall due at the close of that working day', () => {
    expect(deadlineOnDate('2027-01-15', calendar)).toEqual(at('2027-01-15T17:00:00Z'));
    expect(deadlineOnDate('2027-04-16', calendar)).toEqual(at('2027-04-16T16:00:00Z'));
  });

  it('move to the close of the next working day when the date is a weekend or a bank holiday', () => {
    expect(deadlineOnDate('2027-01-16', calendar)).toEqual(at('2027-01-18T17:00:00Z'));
    // Christmas Day 2026 is a Friday; Boxing Day is made up on Monday 28.
    expect(deadlineOnDate('2026-12-25', calendar)).toEqual(at('2026-12-29T17:00:00Z'));
  });

  it('cannot be counted as a period', () => {
    expect(() => periodEndsAt(DEADLINE_POLICY.policeReview.period, 'endOfWorkingDay', at('2027-01-04T10:00:00Z'), calendar)).toThrow(RangeError);
    expect(() => deadlineAt('policeReview', at('2027-01-04T10:00:00Z'), calendar)).toThrow(/deadlineOnDate/);
  });
});

describe('reminderFor', () => {
  it('is the opening of the working day a reminded deadline falls due, in GMT and in BST', () => {
    expect(reminderFor('ladoReview', at('2026-12-21T17:00:00Z'), calendar)).toEqual(at('2026-12-21T09:00:00Z'));
    expect(reminderFor('policeReview', at('2027-04-16T16:00:00Z'), calendar)).toEqual(at('2027-04-16T08:00:00Z'));
  });

  it('follows the working hours the service configures', () => {
    const earlyStart = createWorkingCalendar({ workingDay: { start: '08:00', end: '16:00' } });
    expect(reminderFor('strategyMeeting', at('2026-12-02T16:00:00Z'), earlyStart)).toEqual(at('2026-12-02T08:00:00Z'));
  });

  it('is undefined for a deadline with no reminder on the day', () => {
    for (const kind of ['returnCutoff', 'initialConsiderationChase', 'resolutionOneMonth', 'dbsReferral'] as const) {
      expect(reminderFor(kind, at('2026-12-21T17:00:00Z'), calendar)).toBeUndefined();
    }
  });
});

describe('the due-soon notice', () => {
  it('is given, by default two working days ahead of a deadline set five or more ahead, to every deadline of the allocated LADO and to no other', () => {
    expect(DEFAULT_DUE_SOON_NOTICE).toEqual({ workingDaysBefore: 2, minimumLeadWorkingDays: 5 });
    const noticed = DEADLINE_KINDS.filter((kind) => DEADLINE_POLICY[kind].dueSoon);
    expect(noticed).toEqual(DEADLINE_KINDS.filter((kind) => DEADLINE_POLICY[kind].notify.includes('allocatedLado')));
    for (const kind of ['resolutionOneMonth', 'resolutionThreeMonths', 'resolutionTwelveMonths', 'dbsReferral', 'regulatorReferral', 'lessonsLearned', 'ladoReview'] as const) {
      expect(DEADLINE_POLICY[kind].dueSoon, kind).toEqual(DEFAULT_DUE_SOON_NOTICE);
    }
    for (const kind of ['returnReminder', 'returnCutoff', 'initialConsiderationChase', 'initialConsiderationEscalation'] as const) {
      expect(DEADLINE_POLICY[kind], kind).not.toHaveProperty('dueSoon');
    }
    // The notice always falls after the moment the deadline is set.
    for (const kind of noticed) expect(DEADLINE_POLICY[kind].dueSoon!.workingDaysBefore).toBeLessThan(DEADLINE_POLICY[kind].dueSoon!.minimumLeadWorkingDays);
  });

  it('opens the working day two working days before the day a deadline set ten working days ahead falls due, skipping the weekend', () => {
    // A consultation decided on Monday 23 November 2026 is reviewed by Monday 7 December: told on Thursday 3 December.
    expect(dueSoonFor('consultationReview', at('2026-12-07T17:00:00Z'), at('2026-11-23T15:00:00Z'), calendar)).toEqual(at('2026-12-03T09:00:00Z'));
  });

  it('skips bank holidays and closure days as it counts back, in GMT and in BST', () => {
    // Set on Monday 14 December 2026, due Wednesday 30 December: 25 and 28 December are bank holidays.
    expect(dueSoonFor('ladoReviewComplex', at('2026-12-30T17:00:00Z'), at('2026-12-14T10:00:00Z'), calendar)).toEqual(at('2026-12-24T09:00:00Z'));
    const closedChristmasEve = createWorkingCalendar({ extraClosureDays: ['2026-12-24'] });
    expect(dueSoonFor('ladoReviewComplex', at('2026-12-30T17:00:00Z'), at('2026-12-14T10:00:00Z'), closedChristmasEve)).toEqual(at('2026-12-23T09:00:00Z'));
    // Due Tuesday 7 April 2026, after Good Friday (3 April) and Easter Monday (6 April): told on Wednesday 1 April at 09:00 BST.
    expect(dueSoonFor('regulatorReferral', at('2026-04-07T16:00:00Z'), at('2026-03-26T10:00:00Z'), calendar)).toEqual(at('2026-04-01T08:00:00Z'));
  });

  it('is given to a deadline set exactly five working days ahead, and to none set closer', () => {
    // Set on Tuesday 24 November 2026: five working days on is Tuesday 1 December, three is Friday 27 November.
    expect(dueSoonFor('regulatorReferral', at('2026-12-01T17:00:00Z'), at('2026-11-24T10:00:00Z'), calendar)).toEqual(at('2026-11-27T09:00:00Z'));
    expect(dueSoonFor('ladoReview', at('2026-11-30T17:00:00Z'), at('2026-11-24T10:00:00Z'), calendar)).toBeUndefined();
    expect(dueSoonFor('employerAction', at('2026-11-27T17:00:00Z'), at('2026-11-24T10:00:00Z'), calendar)).toBeUndefined();
  });

  it('counts the lead from when the deadline is set, not from the event its period starts at', () => {
    // A strategy meeting due Wednesday 2 December, counted from the referral: set on Tuesday 24 November it is six working days ahead, set on Friday 27 November three.
    expect(dueSoonFor('strategyMeeting', at('2026-12-02T17:00:00Z'), at('2026-11-24T10:00:00Z'), calendar)).toEqual(at('2026-11-30T09:00:00Z'));
    expect(dueSoonFor('strategyMeeting', at('2026-12-02T17:00:00Z'), at('2026-11-27T10:00:00Z'), calendar)).toBeUndefined();
  });

  it('is not given to a deadline of the first days, however far ahead', () => {
    expect(dueSoonFor('initialConsiderationEscalation', at('2026-12-30T17:00:00Z'), at('2026-12-01T10:00:00Z'), calendar)).toBeUndefined();
  });
});
