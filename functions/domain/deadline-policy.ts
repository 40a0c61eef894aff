import { DateTime } from 'luxon';
import type { WorkingCalendar } from './calendar';

/**
 * Every deadline the workflow keeps, in one table. A deadline falls a period after
 * an event, at the opening or close of the working day the period ends on.
 * Where the sources leave the timing open, the row records the choice and why.
 */

export type DeadlineKind = 'returnReminder' | 'returnCutoff' | 'initialConsiderationChase' | 'initialConsiderationEscalation';

/** The event a period is counted from. */
export type DeadlineEvent =
  // The referral was first returned to the referrer as incomplete; a still incomplete resubmission does not move it.
  | 'referralFirstReturned'
  // The referral holds every key demographic, on receipt or after a resubmission.
  | 'referralComplete';

export type Recipient = 'referrer' | 'dutyLado' | 'ladoManager';

/**
 * Working days are counted with the calendar (the event's date is day 0).
 * Calendar months run from the event's local date to the same date n months on
 * (the month's last day when it is shorter), moved to the next working day when closed.
 */
export interface Period {
  count: number;
  unit: 'workingDays' | 'calendarMonths';
}

export type DeadlineMoment = 'startOfWorkingDay' | 'endOfWorkingDay';

export interface DeadlinePolicy<K extends DeadlineKind = DeadlineKind> {
  kind: K;
  description: string;
  period: Period;
  at: DeadlineMoment;
  countedFrom: DeadlineEvent;
  /** Who is emailed when the deadline is reached. */
  notify: readonly Recipient[];
  /** Where the timescale comes from: seed file and paragraph. */
  source: string;
  /** The choice made where the sources leave the timing open, and why. */
  choice?: string;
}

export const DEADLINE_POLICY: { readonly [K in DeadlineKind]: DeadlinePolicy<K> } = {
  returnReminder: {
    kind: 'returnReminder',
    description: 'Remind the referrer that the returned referral will be rejected unless the missing details arrive',
    period: { count: 2, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralFirstReturned',
    notify: ['referrer'],
    source: 'seeds/000: "LESAS gives three working days for these to be returned with the details required"',
    choice:
      'The sources do not mention a reminder. One at the close of working day 2 gives the referrer a full working day before the cut-off.',
  },
  returnCutoff: {
    kind: 'returnCutoff',
    description: 'Reject a returned referral whose missing details have not arrived',
    period: { count: 3, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralFirstReturned',
    notify: ['referrer'],
    source:
      'seeds/000: "three working days for these to be returned ... if on the third day a response has not been received the referral will be rejected"',
    choice:
      'The cut-off is the close of working day 3, so the referrer has the whole of the third day. ' +
      'A resubmission that is still incomplete does not start a new window: the original cut-off stands, ' +
      'because the referrer stays accountable for the details (000) and a referral must not sit incomplete indefinitely.',
  },
  initialConsiderationChase: {
    kind: 'initialConsiderationChase',
    description: "Chase the duty LADO when a complete referral's threshold decision is overdue",
    period: { count: 1, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralComplete',
    notify: ['dutyLado'],
    source:
      'seeds/004 para 16: LADO "informed within one working day"; para 12: "within 24 hours"; para 22: initial discussion "in any event within 24 hours"',
    choice:
      'The sources give both 24 hours and one working day. One working day, ending at close of business, ' +
      'is the measure the service can keep over weekends and bank holidays.',
  },
  initialConsiderationEscalation: {
    kind: 'initialConsiderationEscalation',
    description: 'Escalate to the LADO manager a threshold decision still overdue one working day after the chase',
    period: { count: 2, unit: 'workingDays' },
    at: 'endOfWorkingDay',
    countedFrom: 'referralComplete',
    notify: ['ladoManager'],
    source: 'domain.md, stage 3: the system chases the duty LADO, then the manager, when the decision is overdue',
    choice: 'One working day after the chase, so the duty LADO has a working day to act before the manager is told.',
  },
};

export const DEADLINE_KINDS = Object.keys(DEADLINE_POLICY) as DeadlineKind[];

/** The instant a period counted from an event ends, at the given moment of its last day. */
export function periodEndsAt(period: Period, at: DeadlineMoment, from: Date, calendar: WorkingCalendar): Date {
  if (!Number.isInteger(period.count) || period.count < 1) {
    throw new RangeError(`A period counts at least one whole ${period.unit} unit, not ${period.count}`);
  }
  let lastDay: string;
  if (period.unit === 'workingDays') {
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
