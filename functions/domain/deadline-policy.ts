import { addCalendarDays, addCalendarMonths, type WorkingCalendar } from './calendar';
import { NOTIFICATION_RECIPIENT, recipientRoles, type CaseNotificationKind, type RecipientRole } from './lifecycle-contract';

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
  | 'lessonsLearned'
  | 'childFeedback';

/** The event a period is counted from. */
export type DeadlineEvent =
  // The referral was first returned to the referrer as incomplete; a still incomplete resubmission does not move it.
  | 'referralFirstReturned'
  // The referral can have the duty LADO's threshold decision: once it holds every key demographic (on receipt or
  // after a resubmission); with a child at immediate risk, on receipt, whatever it lacks (seeds/004 paras 16, 22).
  | 'readyForThresholdDecision'
  // The officer recorded which tracks the allegation follows (police, section 47, employer).
  | 'tracksRecorded'
  // The case became an allegation: the referral's receipt for a referral the threshold decision made an
  // allegation, or the escalation for a consultation made one later (its targets then start afresh).
  | 'allegationOpened'
  // The decision that the harm threshold is met: the threshold decision (the initial consideration) for an
  // allegation, or the escalation of a consultation.
  | 'allegationDecided'
  // The case was allocated (its threshold decision), or a review of it was recorded: a review done, the
  // consultation review that made it an allegation, or a reassessment of its complexity, which restarts the
  // cycle at its new rhythm. A reallocation to another LADO does not.
  | 'lastReview'
  // The officer recorded a suspension, or its last review; for a suspension the referral reported and no
  // officer has recorded since, the decision that the harm threshold is met (allegationDecided).
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

/**
 * The notice the allocated LADO is given before a deadline: an email at the
 * opening of the working day `workingDaysBefore` working days before the one it
 * falls due on, for a deadline set at least `minimumLeadWorkingDays` working
 * days ahead. A deadline set closer is announced by its own emails alone.
 */
export interface DueSoonNotice {
  workingDaysBefore: number;
  minimumLeadWorkingDays: number;
}

/**
 * Every deadline of the allocated LADO has this notice unless its row says
 * otherwise. The sources set no notice period: two working days leave time to
 * arrange a meeting or a review, and a deadline under five working days away
 * is near enough that its due-today reminder is notice enough.
 */
export const DEFAULT_DUE_SOON_NOTICE: DueSoonNotice = { workingDaysBefore: 2, minimumLeadWorkingDays: 5 };

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
  email: CaseNotificationKind;
  /** The overdue email is copied to the LADO manager (the national resolution targets). */
  escalates?: true;
  /** Who is emailed when the deadline is reached: derived from `email` and `escalates` (lifecycle-contract.ts). */
  notify: readonly RecipientRole[];
  /** The allocated LADO is also emailed on the morning of the day it falls due (allegation management). */
  remindOnTheDay?: boolean;
  /**
   * The allocated LADO is told a few working days ahead that it falls due: every
   * deadline whose email is theirs, with DEFAULT_DUE_SOON_NOTICE unless the row gives its own.
   */
  dueSoon?: DueSoonNotice;
  /**
   * A duty chased again until it is done: the first chase is counted from
   * `countedFrom`, each later one from the chase before it, `repeatEvery` apart.
   */
  repeats?: boolean;
  /** How far apart the chases after the first fall; by default the row's period. */
  repeatEvery?: Period;
  /** Where the timescale comes from: seed file and paragraph. */
  source: string;
  /** The choice made where the sources leave the timing open, and why. */
  choice?: string;
}

/** A row as written: who it notifies follows from its email, and so does its due-soon notice unless it gives its own. */
type PolicyRow<K extends DeadlineKind> = Omit<DeadlinePolicy<K>, 'notify'>;

function row<K extends DeadlineKind>(policy: PolicyRow<K>): DeadlinePolicy<K> {
  const allocatedLados = NOTIFICATION_RECIPIENT[policy.email] === NOTIFICATION_RECIPIENT.deadlineDueSoon;
  const dueSoon = policy.dueSoon ?? (allocatedLados ? DEFAULT_DUE_SOON_NOTICE : undefined);
  return { ...policy, notify: recipientRoles(policy.email, policy.escalates === true), ...(dueSoon ? { dueSoon } : {}) };
}

/** Where the national resolution targets start. */
const RESOLUTION_FROM =
  'From the referral for an allegation decided at the threshold; from the escalation for a consultation that became one, ' +
  'so that weeks spent as a consultation (003, 5.2) do not make its targets fall due the moment it becomes an allegation.';

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
    description: "Chase the duty LADO when a referral's threshold decision is overdue",
    period: { count: 1, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'readyForThresholdDecision',
    email: 'initialConsiderationChase',
    source:
      'seeds/004 para 16: LADO "informed within one working day", and "some allegations are so serious as to require an immediate referral"; ' +
      'para 12: "within 24 hours"; para 22: initial discussion "without delay and in any event within 24 hours"',
    choice:
      'The sources give both 24 hours and one working day. One working day, ending at close of business, ' +
      'is the measure the service can keep over weekends and bank holidays. It counts from completeness, ' +
      'but from receipt for a child at immediate risk, whose decision missing details never hold up (para 22: "without delay").',
  }),
  initialConsiderationEscalation: row({
    kind: 'initialConsiderationEscalation',
    description: 'Escalate to the LADO manager a threshold decision still overdue one working day after the chase, and each working day after',
    period: { count: 2, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'readyForThresholdDecision',
    email: 'initialConsiderationEscalation',
    repeats: true,
    repeatEvery: { count: 1, unit: 'workingDays' },
    source:
      'domain.md, stage 3: the system chases the duty LADO, then the manager, when the decision is overdue; ' +
      'seeds/004 para 22: the initial discussion "without delay"; para 14: the LADO monitors cases "to ensure they are dealt with as quickly as possible"',
    choice:
      'One working day after the chase, so the duty LADO has a working day to act before the manager is told; ' +
      'then again at the close of every working day until the decision is recorded, so that an undecided referral never goes quiet.',
  }),
  strategyMeeting: row({
    kind: 'strategyMeeting',
    description: 'Hold the strategy meeting for a possible section 47 enquiry',
    period: { count: 7, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'allegationOpened',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source: 'seeds/004 para 27: a strategy meeting "within 7 working days of the referral" where the section 47 threshold may be met',
    choice:
      'From the referral for an allegation decided at the threshold; from the escalation for a consultation that became one, ' +
      'since a strategy meeting was not in question while the threshold was not met.',
  }),
  employerAction: row({
    kind: 'employerAction',
    description: 'The employer acts on an allegation needing no formal disciplinary action',
    period: { count: 3, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'allegationDecided',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    source:
      'seeds/004 para 40: "Where the initial consideration decides that the allegation does not appear to involve a possible criminal offence ... ' +
      'the employer should institute appropriate action within three working days"',
    choice:
      'Counted from the initial consideration (the threshold decision), not from when the officer records the tracks; ' +
      'for a consultation that became an allegation, from the escalation, its initial consideration as an allegation.',
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
    countedFrom: 'allegationOpened',
    email: 'deadlineOverdue',
    escalates: true,
    source: 'domain.md stage 5: long-standing national targets, 80% of cases resolved within 1 month',
    choice: RESOLUTION_FROM,
  }),
  resolutionThreeMonths: row({
    kind: 'resolutionThreeMonths',
    description: 'Target: resolve the allegation within three months',
    period: { count: 3, unit: 'calendarMonths' },
    at: 'endOfWorkingDay',
    countedFrom: 'allegationOpened',
    email: 'deadlineOverdue',
    escalates: true,
    source: 'domain.md stage 5: long-standing national targets, 90% within 3 months',
    choice: RESOLUTION_FROM,
  }),
  resolutionTwelveMonths: row({
    kind: 'resolutionTwelveMonths',
    description: 'Target: resolve all but the most exceptional allegations within twelve months',
    period: { count: 12, unit: 'calendarMonths' },
    at: 'endOfWorkingDay',
    countedFrom: 'allegationOpened',
    email: 'deadlineOverdue',
    escalates: true,
    source: 'domain.md stage 5: long-standing national targets, all but the most exceptional within 12 months',
    choice: RESOLUTION_FROM,
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
  childFeedback: row({
    kind: 'childFeedback',
    description: 'Confirm that the child and their parents or carers were given feedback on the outcome',
    period: { count: 10, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'outcomeRecorded',
    email: 'deadlineOverdue',
    remindOnTheDay: true,
    repeats: true,
    source:
      'seeds/004 para 58: managed feedback to the child who made the allegation or was suspected of being harmed, and an update to the ' +
      "parents or carers when the investigation concludes; the child's allocated social worker gives it where there is one",
    choice:
      'The sources give no timescale. 10 working days after the outcome, enough to arrange a managed conversation, ' +
      'chased every 10 working days until the officer confirms it was given and by whom.',
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
    const target = addCalendarMonths(calendar.localDateOf(from), period.count);
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

/**
 * When a deadline set at `setAt` falls due, given when its period ends: then,
 * or, when that has already passed (tracks recorded after the strategy
 * meeting's seven days, a police date already gone), one working day after it
 * is set, at the row's moment. The officer is then reminded that morning and
 * chased that evening, never at the moment the deadline is set.
 */
export function dueWhenSet(kind: DeadlineKind, periodEnd: Date, setAt: Date, calendar: WorkingCalendar): Date {
  return periodEnd.getTime() > setAt.getTime() ? periodEnd : periodEndsAt({ count: 1, unit: 'workingDays' }, DEADLINE_POLICY[kind].at, setAt, calendar);
}

/** A deadline on a date the officer sets (a police target date): the close of that working day, or of the next one. */
export function deadlineOnDate(localDate: string, calendar: WorkingCalendar): Date {
  return calendar.endOfWorkingDay(calendar.isWorkingDay(localDate) ? localDate : calendar.nextWorkingDay(localDate));
}

/**
 * When the allocated LADO is told that a deadline set at `setAt` falls due
 * soon: the opening of the working day its row's notice counts back from the
 * day it falls due, weekends, bank holidays and closure days skipped; none
 * when the row has no notice or the deadline was set too close to give one.
 */
export function dueSoonFor(kind: DeadlineKind, dueAt: Date, setAt: Date, calendar: WorkingCalendar): Date | undefined {
  const notice = DEADLINE_POLICY[kind].dueSoon;
  if (!notice || calendar.workingDaysBetween(setAt, dueAt) < notice.minimumLeadWorkingDays) return undefined;
  let day = calendar.localDateOf(dueAt);
  for (let counted = 0; counted < notice.workingDaysBefore; ) {
    day = addCalendarDays(day, -1);
    if (calendar.isWorkingDay(day)) counted++;
  }
  return calendar.startOfWorkingDay(day);
}

/** The morning of the working day a deadline falls due: when the allocated LADO is reminded of it. */
export function reminderFor(kind: DeadlineKind, dueAt: Date, calendar: WorkingCalendar): Date | undefined {
  return DEADLINE_POLICY[kind].remindOnTheDay ? calendar.startOfWorkingDay(calendar.localDateOf(dueAt)) : undefined;
}
