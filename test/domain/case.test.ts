import { describe, expect, it } from 'vitest';
import {
  callsWorkflowBack,
  CLOSED_STATUSES,
  dueDeadlines,
  dueReminders,
  dueSoonNotices,
  isActive,
  nextWake,
  overdueDeadlines,
  oweEmails,
  OWED_EMAIL_RETRY_SECONDS,
  pendingDeadlines,
  replaceDeadlines,
  scheduleDeadlines,
  scheduleOnDate,
  secondsUntilNextWake,
  settleDeadlines,
  settleOwedEmail,
  type CaseRecord,
  type CaseStatus,
  type Deadline,
  type OwedEmail,
} from '../../functions/domain/case';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { deadlineAt } from '../../functions/domain/deadline-policy';
import { completeReferral } from '../support/referrals';

const calendar = createWorkingCalendar();

const reminder: Deadline = { kind: 'returnReminder', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' };
const cutoff: Deadline = { kind: 'returnCutoff', dueAt: '2026-11-26T17:00:00.000Z', state: 'pending' };
const chase: Deadline = { kind: 'initialConsiderationChase', dueAt: '2026-11-24T17:00:00.000Z', state: 'fired', settledAt: '2026-11-24T17:00:01.000Z' };
const escalation: Deadline = { kind: 'initialConsiderationEscalation', dueAt: '2026-11-20T17:00:00.000Z', state: 'met', settledAt: '2026-11-19T10:00:00.000Z' };

describe('pendingDeadlines', () => {
  it('keeps only pending deadlines, earliest first, whatever order they are stored in', () => {
    expect(pendingDeadlines({ deadlines: [cutoff, chase, reminder, escalation] })).toEqual([reminder, cutoff]);
  });
});

describe('overdueDeadlines', () => {
  it('keeps the deadlines that fell due and are not met, while the case is open', () => {
    const later: Deadline = { ...chase, kind: 'initialConsiderationEscalation', dueAt: '2026-11-25T17:00:00.000Z' };
    expect(overdueDeadlines({ status: 'AWAITING_THRESHOLD_DECISION', deadlines: [later, cutoff, chase, escalation] })).toEqual([chase, later]);
    expect(overdueDeadlines({ status: 'REJECTED', deadlines: [chase] })).toEqual([]);
  });
});

describe('dueDeadlines', () => {
  const record = { deadlines: [cutoff, reminder, chase] };

  it('is empty a millisecond before the first deadline: a timer that wakes early must not act', () => {
    expect(dueDeadlines(record, new Date(Date.parse(reminder.dueAt) - 1))).toEqual([]);
  });

  it('includes a deadline at its due instant', () => {
    expect(dueDeadlines(record, new Date(reminder.dueAt))).toEqual([reminder]);
  });

  it('includes every overdue pending deadline, never settled ones', () => {
    expect(dueDeadlines(record, new Date('2026-12-01T09:00:00Z'))).toEqual([reminder, cutoff]);
  });
});

describe('settleDeadlines', () => {
  const at = new Date('2026-11-24T12:00:00Z');

  it('settles the pending deadlines of the kinds given, with the time', () => {
    expect(settleDeadlines([reminder, cutoff], ['returnReminder', 'returnCutoff'], 'met', at)).toEqual([
      { ...reminder, state: 'met', settledAt: at.toISOString() },
      { ...cutoff, state: 'met', settledAt: at.toISOString() },
    ]);
  });

  it('leaves other kinds pending', () => {
    expect(settleDeadlines([reminder, cutoff], ['returnReminder'], 'fired', at)).toEqual([
      { ...reminder, state: 'fired', settledAt: at.toISOString() },
      cutoff,
    ]);
  });

  it('does not rewrite a deadline already settled', () => {
    expect(settleDeadlines([chase, escalation], ['initialConsiderationChase', 'initialConsiderationEscalation'], 'met', at)).toEqual([chase, escalation]);
  });
});

// An allegation-management deadline, reminded on the morning it falls due.
const review: Deadline = { kind: 'ladoReview', dueAt: '2026-12-21T17:00:00.000Z', remindAt: '2026-12-21T09:00:00.000Z', state: 'pending' };
const hearing: Deadline = { kind: 'disciplinaryHearing', dueAt: '2026-12-15T17:00:00.000Z', remindAt: '2026-12-15T09:00:00.000Z', state: 'pending' };

describe('dueReminders', () => {
  it('is empty a millisecond before the reminder', () => {
    expect(dueReminders({ deadlines: [review] }, new Date(Date.parse(review.remindAt!) - 1))).toEqual([]);
  });

  it('includes a pending deadline from its reminder until just before it falls due', () => {
    expect(dueReminders({ deadlines: [review] }, new Date(review.remindAt!))).toEqual([review]);
    expect(dueReminders({ deadlines: [review] }, new Date(Date.parse(review.dueAt) - 1))).toEqual([review]);
  });

  it('leaves out a deadline already due: it is overdue, not due soon', () => {
    expect(dueReminders({ deadlines: [review] }, new Date(review.dueAt))).toEqual([]);
  });

  it('leaves out deadlines without a reminder, or already settled', () => {
    const settled: Deadline = { ...review, state: 'met', settledAt: '2026-12-20T10:00:00.000Z' };
    expect(dueReminders({ deadlines: [cutoff, settled] }, new Date('2026-12-21T12:00:00Z'))).toEqual([]);
  });

  it('lists several due reminders earliest deadline first', () => {
    expect(dueReminders({ deadlines: [review, hearing] }, new Date('2026-12-15T12:00:00Z'))).toEqual([hearing]);
    const sameDay: Deadline = { ...hearing, dueAt: '2026-12-21T16:00:00.000Z', remindAt: '2026-12-21T09:00:00.000Z' };
    expect(dueReminders({ deadlines: [review, sameDay] }, new Date('2026-12-21T12:00:00Z'))).toEqual([sameDay, review]);
  });
});

describe('dueSoonNotices', () => {
  const noticed: Deadline = { ...review, dueSoonAt: '2026-12-17T09:00:00.000Z' };

  it('includes a pending deadline from its due-soon notice until just before it falls due, and not a millisecond earlier', () => {
    expect(dueSoonNotices({ deadlines: [noticed] }, new Date(Date.parse(noticed.dueSoonAt!) - 1))).toEqual([]);
    expect(dueSoonNotices({ deadlines: [noticed] }, new Date(noticed.dueSoonAt!))).toEqual([noticed]);
    expect(dueSoonNotices({ deadlines: [noticed] }, new Date(Date.parse(noticed.dueAt) - 1))).toEqual([noticed]);
    expect(dueSoonNotices({ deadlines: [noticed] }, new Date(noticed.dueAt))).toEqual([]);
  });

  it('leaves out deadlines without a notice, or already settled', () => {
    expect(dueSoonNotices({ deadlines: [review, { ...noticed, state: 'met' }] }, new Date('2026-12-18T12:00:00Z'))).toEqual([]);
  });

  it('brings the next wake forward to the notice', () => {
    expect(nextWake({ deadlines: [noticed] })).toBe(Date.parse(noticed.dueSoonAt!));
    expect(nextWake({ deadlines: [noticed, hearing] })).toBe(Date.parse(hearing.remindAt!));
  });
});

describe('nextWake', () => {
  it('is the earliest instant among pending deadlines and their reminders', () => {
    expect(nextWake({ deadlines: [review, cutoff] })).toBe(Date.parse(cutoff.dueAt));
    expect(nextWake({ deadlines: [review] })).toBe(Date.parse(review.remindAt!));
    expect(nextWake({ deadlines: [review, hearing] })).toBe(Date.parse(hearing.remindAt!));
  });

  it('ignores settled deadlines, and is undefined when nothing is pending', () => {
    expect(nextWake({ deadlines: [chase, escalation] })).toBeUndefined();
    expect(nextWake({ deadlines: [{ ...hearing, state: 'fired' }, review] })).toBe(Date.parse(review.remindAt!));
  });
});

describe('callsWorkflowBack', () => {
  const open = 'ALLEGATION_MANAGEMENT' as const;

  it('calls back when the change brings the next wake earlier, or sets one where none was', () => {
    expect(callsWorkflowBack({ deadlines: [review] }, { status: open, deadlines: [review, hearing] })).toBe(true);
    expect(callsWorkflowBack({ deadlines: [] }, { status: open, deadlines: [review] })).toBe(true);
  });

  it('leaves the wait parked when the next wake stays or moves later, or nothing is left pending', () => {
    expect(callsWorkflowBack({ deadlines: [review, hearing] }, { status: open, deadlines: [review, hearing] })).toBe(false);
    expect(callsWorkflowBack({ deadlines: [review, hearing] }, { status: open, deadlines: [review, { ...hearing, state: 'met' }] })).toBe(false);
    expect(callsWorkflowBack({ deadlines: [review] }, { status: open, deadlines: [] })).toBe(false);
  });

  it('calls back when the case closed, so that its execution ends', () => {
    expect(callsWorkflowBack({ deadlines: [review] }, { status: 'CLOSED', deadlines: [review] })).toBe(true);
  });
});

describe('secondsUntilNextWake', () => {
  const MAX = 30 * 24 * 60 * 60;
  const record = { deadlines: [cutoff, reminder] };

  it('is the whole seconds until the earliest pending deadline, rounded up', () => {
    expect(secondsUntilNextWake(record, new Date('2026-11-25T16:59:58.200Z'), MAX)).toBe(2);
    expect(secondsUntilNextWake(record, new Date('2026-11-25T16:00:00.000Z'), MAX)).toBe(3600);
  });

  it('is at least 1, for a deadline due now or overdue', () => {
    expect(secondsUntilNextWake(record, new Date(reminder.dueAt), MAX)).toBe(1);
    expect(secondsUntilNextWake(record, new Date('2026-12-25T00:00:00Z'), MAX)).toBe(1);
  });

  it('is capped at the maximum, and is the maximum when nothing is pending', () => {
    expect(secondsUntilNextWake(record, new Date('2026-09-01T00:00:00Z'), MAX)).toBe(MAX);
    expect(secondsUntilNextWake({ deadlines: [chase, escalation] }, new Date('2026-11-01T00:00:00Z'), MAX)).toBe(MAX);
  });

  it('wakes for an on-the-day reminder before the deadline it belongs to', () => {
    expect(secondsUntilNextWake({ deadlines: [review] }, new Date('2026-12-21T08:00:00Z'), MAX)).toBe(3600);
    // Once the reminder is sent it is cleared, and the deadline itself is next.
    const { remindAt: _sent, ...reminded } = review;
    expect(secondsUntilNextWake({ deadlines: [reminded] }, new Date('2026-12-21T09:00:01Z'), MAX)).toBe(8 * 3600 - 1);
  });

  describe('while the case still owes an email (SES out)', () => {
    const owed: OwedEmail[] = [{ key: 'acknowledgement', kind: 'acknowledgement', owedSince: '2026-11-23T09:31:00.000Z' }];

    it('waits an hour at most, to send it again', () => {
      expect(OWED_EMAIL_RETRY_SECONDS).toBe(60 * 60);
      // The cut-off is a day and more away; nothing pending at all.
      expect(secondsUntilNextWake({ deadlines: [cutoff], owedEmails: owed }, new Date('2026-11-25T09:00:00Z'), MAX)).toBe(OWED_EMAIL_RETRY_SECONDS);
      expect(secondsUntilNextWake({ deadlines: [], owedEmails: owed }, new Date('2026-11-25T09:00:00Z'), MAX)).toBe(OWED_EMAIL_RETRY_SECONDS);
    });

    it('still wakes sooner for a deadline within the hour, and never past a smaller maximum', () => {
      expect(secondsUntilNextWake({ deadlines: [cutoff], owedEmails: owed }, new Date('2026-11-26T16:30:00Z'), MAX)).toBe(1800);
      expect(secondsUntilNextWake({ deadlines: [cutoff], owedEmails: owed }, new Date('2026-11-25T09:00:00Z'), 600)).toBe(600);
    });

    it('is not capped once nothing is owed', () => {
      expect(secondsUntilNextWake({ deadlines: [cutoff], owedEmails: [] }, new Date('2026-11-25T17:00:00Z'), MAX)).toBe(24 * 3600);
      expect(secondsUntilNextWake({ deadlines: [cutoff] }, new Date('2026-11-25T17:00:00Z'), MAX)).toBe(24 * 3600);
    });
  });
});

function caseRecord(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseId: 'LADO-0123456789',
    submissionId: 'portal-submission-0001',
    submissionFingerprint: 'fingerprint-of-the-original-submission',
    status: 'RECEIVED',
    receivedAt: '2026-11-23T09:30:00.000Z',
    referral: completeReferral(),
    missing: [],
    deadlines: [],
    decisions: [],
    ...overrides,
  };
}

describe('oweEmails', () => {
  const at = new Date('2026-11-23T09:31:00Z');
  const later = new Date('2026-11-25T17:00:00Z');

  it('owes each email given, stamped with when it became owed, after those already owed', () => {
    const received = oweEmails(caseRecord(), [{ key: 'acknowledgement', kind: 'acknowledgement' }, { key: 'immediateRiskAlert', kind: 'immediateRiskAlert' }], at);
    const reminded = oweEmails(received, [{ key: 'ladoReview-2026-12-21T17:00:00.000Z-reminder', kind: 'deadlineDueSoon', deadline: 'ladoReview', dueAt: '2026-12-21T17:00:00.000Z' }], later);

    expect(reminded.owedEmails).toEqual([
      { key: 'acknowledgement', kind: 'acknowledgement', owedSince: at.toISOString() },
      { key: 'immediateRiskAlert', kind: 'immediateRiskAlert', owedSince: at.toISOString() },
      { key: 'ladoReview-2026-12-21T17:00:00.000Z-reminder', kind: 'deadlineDueSoon', deadline: 'ladoReview', dueAt: '2026-12-21T17:00:00.000Z', owedSince: later.toISOString() },
    ]);
  });

  it('owes an email already owed under the same key once, keeping when it was first owed', () => {
    const received = oweEmails(caseRecord(), [{ key: 'acknowledgement', kind: 'acknowledgement' }], at);

    const again = oweEmails(received, [{ key: 'acknowledgement', kind: 'acknowledgement' }, { key: 'returnRequest-1', kind: 'returnRequest' }], later);

    expect(again.owedEmails).toEqual([
      { key: 'acknowledgement', kind: 'acknowledgement', owedSince: at.toISOString() },
      { key: 'returnRequest-1', kind: 'returnRequest', owedSince: later.toISOString() },
    ]);
  });

  it('answers the very record when there is nothing new to owe, and never changes the record it is given', () => {
    const received = oweEmails(caseRecord(), [{ key: 'acknowledgement', kind: 'acknowledgement' }], at);
    const before = structuredClone(received);

    expect(oweEmails(received, [{ key: 'acknowledgement', kind: 'acknowledgement' }], later)).toBe(received);
    expect(oweEmails(received, [], later)).toBe(received);
    oweEmails(received, [{ key: 'returnRequest-1', kind: 'returnRequest' }], later);
    expect(received).toEqual(before);
  });

  it('keeps the rest of the case as it was', () => {
    const record = caseRecord({ status: 'AWAITING_RESUBMISSION', missing: [{ field: 'subject.dateOfBirth', label: "The subject's date of birth" }] });

    const { owedEmails, ...rest } = oweEmails(record, [{ key: 'returnRequest-1', kind: 'returnRequest' }], at);

    expect(rest).toEqual(record);
    expect(owedEmails).toHaveLength(1);
  });
});

describe('settleOwedEmail', () => {
  const owedSince = '2026-11-23T09:31:00.000Z';
  const acknowledgement: OwedEmail = { key: 'acknowledgement', kind: 'acknowledgement', owedSince };
  const alert: OwedEmail = { key: 'immediateRiskAlert', kind: 'immediateRiskAlert', owedSince };

  it('stops owing the email of that key only', () => {
    expect(settleOwedEmail(caseRecord({ owedEmails: [acknowledgement, alert] }), 'acknowledgement').owedEmails).toEqual([alert]);
  });

  it('leaves no owedEmails field once the last is settled', () => {
    const settled = settleOwedEmail(caseRecord({ owedEmails: [acknowledgement] }), 'acknowledgement');

    expect(settled).not.toHaveProperty('owedEmails');
    expect(settled).toEqual(caseRecord({ referral: settled.referral }));
  });

  it('changes nothing owed for a key not owed (an email settled already)', () => {
    expect(settleOwedEmail(caseRecord({ owedEmails: [acknowledgement, alert] }), 'returnRequest-1').owedEmails).toEqual([acknowledgement, alert]);
    expect(settleOwedEmail(caseRecord(), 'acknowledgement')).not.toHaveProperty('owedEmails');
  });

  it('never changes the record it is given', () => {
    const record = caseRecord({ owedEmails: [acknowledgement, alert] });

    settleOwedEmail(record, 'acknowledgement');

    expect(record.owedEmails).toEqual([acknowledgement, alert]);
  });
});

describe('isActive', () => {
  const OPEN: CaseStatus[] = ['RECEIVED', 'AWAITING_RESUBMISSION', 'AWAITING_THRESHOLD_DECISION', 'ALLEGATION_MANAGEMENT', 'CONSULTATION', 'OUTCOME_DUTIES'];
  const owedEmails: OwedEmail[] = [{ key: 'returnCutoff-2026-11-26T17:00:00.000Z', kind: 'returnCutoff', owedSince: '2026-11-26T17:00:00.000Z' }];
  const needsAttention = { step: 'CheckCompleteness', errorClass: 'ValidationException', since: '2026-11-23T09:32:00.000Z', execution: 'LADO-0123456789-first-days' };

  it('names exactly the closed and the rejected as closed', () => {
    expect([...CLOSED_STATUSES].sort()).toEqual(['CLOSED', 'REJECTED']);
  });

  it.each(OPEN)('holds an open case at %s active', (status) => {
    expect(isActive({ status })).toBe(true);
  });

  it.each(['CLOSED', 'REJECTED'] as const)('lets a case at %s go, once it owes nothing and needs no attention', (status) => {
    expect(isActive({ status })).toBe(false);
    expect(isActive({ status, owedEmails: [] })).toBe(false);
  });

  it.each(['CLOSED', 'REJECTED'] as const)('holds a case at %s active while it still owes an email, or needs attention', (status) => {
    expect(isActive({ status, owedEmails })).toBe(true);
    expect(isActive({ status, needsAttention })).toBe(true);
  });
});

describe('scheduleDeadlines', () => {
  it('makes pending deadlines of the kinds asked, due when the policy table says', () => {
    const returned = new Date('2026-11-23T09:31:00Z');

    const scheduled = scheduleDeadlines(['returnReminder', 'returnCutoff'], returned, calendar);

    expect(scheduled).toEqual([
      { kind: 'returnReminder', dueAt: deadlineAt('returnReminder', returned, calendar).toISOString(), state: 'pending' },
      { kind: 'returnCutoff', dueAt: deadlineAt('returnCutoff', returned, calendar).toISOString(), state: 'pending' },
    ]);
    // Monday's return: close of Wednesday (working day 2) and Thursday (working day 3), in GMT.
    expect(scheduled.map((d) => d.dueAt)).toEqual(['2026-11-25T17:00:00.000Z', '2026-11-26T17:00:00.000Z']);
  });

  it('counts over a weekend and in BST', () => {
    const friday = new Date('2026-07-17T15:00:00Z');

    const scheduled = scheduleDeadlines(['initialConsiderationChase', 'initialConsiderationEscalation'], friday, calendar);

    expect(scheduled.map((d) => d.dueAt)).toEqual(['2026-07-20T16:00:00.000Z', '2026-07-21T16:00:00.000Z']);
  });
});

describe('scheduleDeadlines with reminders', () => {
  it('sets the reminder at the opening of the due day for kinds reminded on the day, and the due-soon notice two working days before for the allocated LADO', () => {
    const allocated = new Date('2026-11-23T15:00:00Z');

    expect(scheduleDeadlines(['ladoReview', 'resolutionOneMonth'], allocated, calendar)).toEqual([
      { kind: 'ladoReview', dueAt: '2026-12-21T17:00:00.000Z', dueSoonAt: '2026-12-17T09:00:00.000Z', remindAt: '2026-12-21T09:00:00.000Z', state: 'pending' },
      { kind: 'resolutionOneMonth', dueAt: '2026-12-23T17:00:00.000Z', dueSoonAt: '2026-12-21T09:00:00.000Z', state: 'pending' },
    ]);
  });

  it('sets no due-soon notice on a deadline set under five working days ahead, nor on the first days\' deadlines', () => {
    const tracks = new Date('2026-11-24T10:00:00Z');
    expect(scheduleDeadlines(['employerAction'], tracks, calendar)).toEqual([
      { kind: 'employerAction', dueAt: '2026-11-27T17:00:00.000Z', remindAt: '2026-11-27T09:00:00.000Z', state: 'pending' },
    ]);
    expect(scheduleDeadlines(['returnCutoff'], tracks, calendar)[0]).not.toHaveProperty('dueSoonAt');
  });
});

describe('scheduleOnDate', () => {
  const setAt = new Date('2027-01-04T10:00:00Z');

  it('makes a pending deadline at the close of the date the officer gives, told two working days ahead and reminded that morning', () => {
    expect(scheduleOnDate('policeReview', '2027-01-15', setAt, calendar)).toEqual({
      kind: 'policeReview',
      dueAt: '2027-01-15T17:00:00.000Z',
      dueSoonAt: '2027-01-13T09:00:00.000Z',
      remindAt: '2027-01-15T09:00:00.000Z',
      state: 'pending',
    });
  });

  it('moves a date that falls on a weekend to the next working day, reminder included', () => {
    expect(scheduleOnDate('policeReview', '2027-01-16', setAt, calendar)).toMatchObject({
      dueAt: '2027-01-18T17:00:00.000Z',
      remindAt: '2027-01-18T09:00:00.000Z',
    });
  });

  it('sets a date already gone one working day after it is set, never past due', () => {
    // Given on Monday 4 January for Thursday 31 December: due at the close of Tuesday 5 January.
    const late = scheduleOnDate('policeReview', '2026-12-31', setAt, calendar);
    expect(late).toMatchObject({
      dueAt: '2027-01-05T17:00:00.000Z',
      remindAt: '2027-01-05T09:00:00.000Z',
    });
    // One working day ahead: no time for notice before it.
    expect(late).not.toHaveProperty('dueSoonAt');
  });
});

describe('replaceDeadlines', () => {
  const at = new Date('2026-12-01T10:00:00Z');
  const police: Deadline = { kind: 'policeReview', dueAt: '2027-01-15T17:00:00.000Z', remindAt: '2027-01-15T09:00:00.000Z', state: 'pending' };
  const newPolice: Deadline = { kind: 'policeReview', dueAt: '2027-02-12T17:00:00.000Z', remindAt: '2027-02-12T09:00:00.000Z', state: 'pending' };

  it('meets the pending deadline of the same kind and appends its replacement', () => {
    expect(replaceDeadlines([police, review], [newPolice], at)).toEqual([
      { ...police, state: 'met', settledAt: at.toISOString() },
      review,
      newPolice,
    ]);
  });

  it('leaves settled deadlines of that kind as they were', () => {
    const fired: Deadline = { ...police, state: 'fired', settledAt: '2027-01-15T17:00:00.000Z' };
    expect(replaceDeadlines([fired], [newPolice], at)).toEqual([fired, newPolice]);
  });

  it('changes nothing when there is nothing to replace', () => {
    expect(replaceDeadlines([police, review], [], at)).toEqual([police, review]);
  });
});
