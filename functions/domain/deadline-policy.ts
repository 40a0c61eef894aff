import { DateTime } from 'luxon';
import type { WorkingCalendar } from './calendar';
import { recipientRoles, type NotificationKind, type RecipientRole } from './lifecycle-contract';

/**
 * Every deadline the workflow keeps, in one table. A deadline falls a period after
 * an event, at the opening or close of the working day the period ends on: the
 * row's `countedFrom` names the event, and the lifecycle core reads when it
 * happened from the case (case.ts, `startOfPeriod`), so that no caller picks a
 * start of its own. Where the sources leave the timing open, the row records
 * the choice and why.
 */

export type DeadlineKind =
  | 'returnReminder'
  | 'returnCutoff'
  | 'initialConsiderationChase'
  | 'initialConsiderationEscalation'
  | 'strategyMeeting'
  | 'employerAction'
  | 'disciplinaryHearing'
  | 'policeReview'
  | 'ladoReview'
  | 'ladoReviewComplex'
  | 'consultationReview'
  | 'suspensionReview'
  | 'resolutionOneMonth'
  | 'resolutionThreeMonths'
  | 'resolutionTwelveMonths'
  | 'dbsReferral'
  | 'regulatorReferral'
  | 'lessonsLearned';

/** The event a period is counted from. */
export type DeadlineEvent =
  // The referral was first returned to the referrer as incomplete; a still incomplete resubmission does not move it.
  | 'referralFirstReturned'
  // The referral holds every key demographic, on receipt or after a resubmission.
  | 'referralComplete'
  // The portal submission arrived.
  | 'referralReceived'
  // The officer recorded which tracks the allegation follows (police, section 47, employer).
  | 'tracksRecorded'
  // The case was allocated (its threshold decision), or a review of it was recorded: a review done, the
  // consultation review that made it an allegation, or a reassessment of its complexity, which restarts the
  // cycle at its new rhythm. A reallocation to another LADO does not.
  | 'lastReview'
  // The officer recorded a suspension, or its last review.
  | 'suspensionRecorded'
  // The outcome of the allegation was recorded.
  | 'outcomeRecorded'
  // A date the officer set, such as the police's target date to review progress with the CPS.
  | 'officerSetDate';

/**
 * Working days are counted with the calendar (the event's date is day 0).
 * Calendar months run from the event's local date to the same date n months on
 * (the month's last day when it is shorter), moved to the next working day when closed.
 */
export interface Period {
  count: number;
  /** 'officerSetDate' rows have no period: the officer gives the date (see deadlineOnDate). */
  unit: 'workingDays' | 'calendarMonths' | 'officerSetDate';
}

export type DeadlineMoment = 'startOfWorkingDay' | 'endOfWorkingDay';

export interface DeadlinePolicy<K extends DeadlineKind = DeadlineKind> {
  kind: K;
  description: string;
  period: Period;
  at: DeadlineMoment;
  countedFrom: DeadlineEvent;
  /**
   * The email owed when the deadline is reached: the first days' deadlines each
   * have their own; later ones share the overdue email, which names the deadline.
   */
  email: NotificationKind;
  /** The overdue email is copied to the LADO manager (the national resolution targets). */
  escalates?: true;
  /** Who is emailed when the deadline is reached: derived from `email` and `escalates` (lifecycle-contract.ts). */
  notify: readonly RecipientRole[];
  /** The allocated LADO is also emailed on the morning of the day it falls due (allegation management). */
  remindOnTheDay?: boolean;
  /**
   * A duty chased again each period until it is confirmed: the first chase is
   * counted from `countedFrom`, each later one from the chase before it.
   */
  repeats?: boolean;
  /** Where the timescale comes from: seed file and paragraph. */
  source: string;
  /** The choice made where the sources leave the timing open, and why. */
  choice?: string;
}

/** A row as written: who it notifies follows from its email. */
type PolicyRow<K extends DeadlineKind> = Omit<DeadlinePolicy<K>, 'notify'>;

function row<K extends DeadlineKind>(policy: PolicyRow<K>): DeadlinePolicy<K> {
  return { ...policy, notify: recipientRoles(policy.email, policy.escalates === true) };
}

export const DEADLINE_POLICY: { readonly [K in DeadlineKind]: DeadlinePolicy<K> } = {
  returnReminder: row({
    kind: 'returnReminder',
    description: 'Remind the referrer that the returned referral will be rejected unless the missing details arrive',
    period: { count: 2, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralFirstReturned',
    email: 'returnReminder',
    source: 'seeds/000: "LESAS gives three working days for these to be returned with the details required"',
    choice:
      'The sources do not mention a reminder. One at the close of working day 2 gives the referrer a full working day before the cut-off.',
  }),
  returnCutoff: row({
    kind: 'returnCutoff',
    description: 'Reject a returned referral whose missing details have not arrived',
    period: { count: 3, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralFirstReturned',
    email: 'returnCutoff',
    source:
      'seeds/000: "three working days for these to be returned ... if on the third day a response has not been received the referral will be rejected"',
    choice:
      'The cut-off is the close of working day 3, so the referrer has the whole of the third day. ' +
      'A resubmission that is still incomplete does not start a new window: the original cut-off stands, ' +
      'because the referrer stays accountable for the details (000) and a referral must not sit incomplete indefinitely.',
  }),
  initialConsiderationChase: row({
    kind: 'initialConsiderationChase',
    description: "Chase the duty LADO when a complete referral's threshold decision is overdue",
    period: { count: 1, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralComplete',
    email: 'initialConsiderationChase',
    source:
      'seeds/004 para 16: LADO "informed within one working day"; para 12: "within 24 hours"; para 22: initial discussion "in any event within 24 hours"',
    choice:
      'The sources give both 24 hours and one working day. One working day, ending at close of business, ' +
      'is the measure the service can keep over weekends and bank holidays.',
  }),
  initialConsiderationEscalation: row({
    kind: 'initialConsiderationEscalation',
    description: 'Escalate to the LADO manager a threshold decision still overdue one working day after the chase',
    period: { count: 2, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralComplete',
    email: 'initialConsiderationEscalation',
    source: 'domain.md, stage 3: the system chases the duty LADO, then the manager, when the decision is overdue',
    choice: 'One working day after the chase, so the duty LADO has a working day to act before the manager is told.',
  }),
  strategyMeeting: row({
    kind: 'strategyMeeting',
    description: 'Hold the strategy meeting for a possible section 47 enquiry',
    period: { count: 7, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralReceived',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/004 para 27: a strategy meeting "within 7 working days of the referral" where the section 47 threshold may be met',
  }),
  employerAction: row({
    kind: 'employerAction',
    description: 'The employer acts on an allegation needing no formal disciplinary action',
    period: { count: 3, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'tracksRecorded',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/004 para 40: "the employer should institute appropriate action within 3 working days"',
  }),
  disciplinaryHearing: row({
    kind: 'disciplinaryHearing',
    description: 'Hold the disciplinary hearing that needs no further investigation',
    period: { count: 15, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'tracksRecorded',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/004 para 41: "a disciplinary hearing ... should be held within 15 working days"',
  }),
  policeReview: row({
    kind: 'policeReview',
    description: "Review progress with the police on their target date",
    period: { count: 1, unit: 'officerSetDate' },
    at: 'endOfWorkingDay',
    countedFrom: 'officerSetDate',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/004 para 43: the police set a target date to review progress with the CPS',
    choice: 'The date is the one the officer records from the police; it falls due at the close of that working day.',
  }),
  ladoReview: row({
    kind: 'ladoReview',
    description: 'Review the open allegation',
    period: { count: 20, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'lastReview',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/004 para 42: the LADO reviews every open case periodically, more often when complex',
    choice: 'About monthly (20 working days) for an ordinary case.',
  }),
  ladoReviewComplex: row({
    kind: 'ladoReviewComplex',
    description: 'Review the open allegation marked complex',
    period: { count: 10, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'lastReview',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/004 para 42: reviews are more frequent for complex cases',
    choice: 'Fortnightly (10 working days) for a case marked complex.',
  }),
  consultationReview: row({
    kind: 'consultationReview',
    description: 'Review the open consultation: close it, or make it an allegation',
    period: { count: 10, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'lastReview',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/003, 5.2: consultations may stay open for weeks and can become allegations',
    choice: 'Fortnightly, so that no consultation drifts.',
  }),
  suspensionReview: row({
    kind: 'suspensionReview',
    description: 'Review the suspension',
    period: { count: 20, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'suspensionRecorded',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/004 para 34: the LADO is told of a suspension, which is kept under review',
    choice: 'About monthly (20 working days) while the suspension lasts.',
  }),
  resolutionOneMonth: row({
    kind: 'resolutionOneMonth',
    description: 'Target: resolve the allegation within one month',
    period: { count: 1, unit: 'calendarMonths' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralReceived',
    email: 'deadlineOverdue',
    escalates: true,
    source: 'domain.md stage 5: long-standing national targets, 80% of cases resolved within 1 month',
  }),
  resolutionThreeMonths: row({
    kind: 'resolutionThreeMonths',
    description: 'Target: resolve the allegation within three months',
    period: { count: 3, unit: 'calendarMonths' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralReceived',
    email: 'deadlineOverdue',
    escalates: true,
    source: 'domain.md stage 5: long-standing national targets, 90% within 3 months',
  }),
  resolutionTwelveMonths: row({
    kind: 'resolutionTwelveMonths',
    description: 'Target: resolve all but the most exceptional allegations within twelve months',
    period: { count: 12, unit: 'calendarMonths' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralReceived',
    email: 'deadlineOverdue',
    escalates: true,
    source: 'domain.md stage 5: long-standing national targets, all but the most exceptional within 12 months',
  }),
  dbsReferral: row({
    kind: 'dbsReferral',
    description: 'Confirm that the employer has made the DBS referral',
    period: { count: 5, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'outcomeRecorded',
    email: 'deadlineOverdue',
    repeats: true,
    source: "seeds/004 para 56: the employer's statutory duty to refer to the DBS; domain.md stage 7: the LADO follows it up",
    choice: 'Chased every 5 working days until the officer confirms the employer made the referral.',
  }),
  regulatorReferral: row({
    kind: 'regulatorReferral',
    description: 'Consider with the employer a referral to the professional regulator',
    period: { count: 5, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'outcomeRecorded',
    email: 'deadlineOverdue',
    source: 'seeds/004 para 56: the LADO consults the employer on a referral to the regulating body',
  }),
  lessonsLearned: row({
    kind: 'lessonsLearned',
    description: 'Review with the case manager the lessons of a substantiated allegation',
    period: { count: 20, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'outcomeRecorded',
    email: 'deadlineOverdue',
    source: 'seeds/004 para 59: after a substantiated allegation the LADO reviews practice with the case manager',
  }),
};

export const DEADLINE_KINDS = Object.keys(DEADLINE_POLICY) as DeadlineKind[];

/** The instant a period counted from an event ends, at the given moment of its last day. */
export function periodEndsAt(period: Period, at: DeadlineMoment, from: Date, calendar: WorkingCalendar): Date {
  if (!Number.isInteger(period.count) || period.count < 1) {
    throw new RangeError(`A period counts at least one whole ${period.unit} unit, not ${period.count}`);
  }
  let lastDay: string;
  if (period.unit === 'officerSetDate') {
    throw new RangeError('A deadline on a date the officer sets is computed with deadlineOnDate');
  } else if (period.unit === 'workingDays') {
    lastDay = calendar.addWorkingDays(from, period.count);
  } else {
    const target = DateTime.fromISO(calendar.localDateOf(from), { zone: 'utc' }).plus({ months: period.count }).toISODate();
    if (target === null) throw new RangeError(`Cannot add ${period.count} months to ${from.toISOString()}`);
    lastDay = calendar.isWorkingDay(target) ? target : calendar.nextWorkingDay(target);
  }
  return at === 'endOfWorkingDay' ? calendar.endOfWorkingDay(lastDay) : calendar.startOfWorkingDay(lastDay);
}

export function deadlineAt(kind: DeadlineKind, from: Date, calendar: WorkingCalendar): Date {
  const policy = DEADLINE_POLICY[kind];
  return periodEndsAt(policy.period, policy.at, from, calendar);
}

/** The deadlines of several kinds counted from one event, in the order asked. */
export function deadlinesFor(
  kinds: readonly DeadlineKind[],
  from: Date,
  calendar: WorkingCalendar,
): Array<{ kind: DeadlineKind; dueAt: Date }> {
  return kinds.map((kind) => ({ kind, dueAt: deadlineAt(kind, from, calendar) }));
}

/** A deadline on a date the officer sets (a police target date): the close of that working day, or of the next one. */
export function deadlineOnDate(localDate: string, calendar: WorkingCalendar): Date {
  return calendar.endOfWorkingDay(calendar.isWorkingDay(localDate) ? localDate : calendar.nextWorkingDay(localDate));
}

/** The morning of the working day a deadline falls due: when the allocated LADO is reminded of it. */
export function reminderFor(kind: DeadlineKind, dueAt: Date, calendar: WorkingCalendar): Date | undefined {
  return DEADLINE_POLICY[kind].remindOnTheDay ? calendar.startOfWorkingDay(calendar.localDateOf(dueAt)) : undefined;
}
