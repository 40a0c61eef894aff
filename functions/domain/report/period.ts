import { addCalendarDays, addCalendarMonths, isLocalDate, lastDayOfMonth, londonDayBounds, monthsOfPeriod, type WorkingCalendar } from '../calendar';

/**
 * The report's period: London dates, inclusive, and the instants they stand
 * for. A referral counts in the period of its receipt; a decision, an
 * outcome, a closure in the period of their own event, all by London date.
 * What stands "at the period's end" is read at its last moment, or at the
 * moment the report is computed when that comes first (a year still running).
 */

/**
 * The financial year (1 April to 31 March) containing a London date: Kent
 * reports on 1 April 2023 to 31 March 2024 (003 §1.1).
 */
export function financialYear(today: string): { from: string; to: string } {
  if (!isLocalDate(today)) throw new RangeError(`"${today}" is not a date written YYYY-MM-DD`);
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const starts = month >= 4 ? year : year - 1;
  return { from: `${starts}-04-01`, to: `${starts + 1}-03-31` };
}

export interface ReportPeriod {
  from: string;
  to: string;
  /** The period's first moment. */
  start: Date;
  /** The period's last moment. */
  end: Date;
  computedAt: Date;
  /** Where the period's end is read: its last moment, or computedAt if sooner. */
  asAt: Date;
  /** The London date of an instant. */
  dateOf(instant: string | Date): string;
  /** Whether an instant falls in the period (by its London date) and not after the report is computed. */
  holds(instant: string | undefined): boolean;
  /** Whether an instant's London date falls in the period, whenever it is computed (a deadline still ahead). */
  dateIn(instant: string): boolean;
  /** Whether an instant falls on or before the period's end, as read. */
  byEnd(instant: string | undefined): boolean;
}

export function reportPeriod(from: string, to: string, computedAt: Date, calendar: WorkingCalendar): ReportPeriod {
  if (!isLocalDate(from) || !isLocalDate(to)) throw new RangeError(`The period must be two dates written YYYY-MM-DD, not ${from} to ${to}`);
  if (from > to) throw new RangeError(`The period must not end (${to}) before it starts (${from})`);
  const start = londonDayBounds(from).start;
  const end = londonDayBounds(to).end;
  const asAt = computedAt.getTime() < end.getTime() ? computedAt : end;
  const dateOf = (instant: string | Date) => calendar.localDateOf(typeof instant === 'string' ? new Date(instant) : instant);
  const computed = computedAt.getTime();
  return {
    from,
    to,
    start,
    end,
    computedAt,
    asAt,
    dateOf,
    holds: (instant) => {
      if (instant === undefined) return false;
      if (Date.parse(instant) > computed) return false;
      const date = dateOf(instant);
      return date >= from && date <= to;
    },
    dateIn: (instant) => {
      const date = dateOf(instant);
      return date >= from && date <= to;
    },
    byEnd: (instant) => instant !== undefined && Date.parse(instant) <= asAt.getTime(),
  };
}

/** The London months a period touches, each as YYYY-MM, with the moment its caseload is read: its last moment, or the period's end as read if sooner. */
export function monthsOf(period: ReportPeriod): Array<{ month: string; readAt: Date }> {
  const months: Array<{ month: string; readAt: Date }> = [];
  for (const label of monthsOfPeriod(period.from, period.to)) {
    const lastDay = lastDayOfMonth(label);
    const monthEnd = londonDayBounds(lastDay < period.to ? lastDay : period.to).end;
    const firstDay = label === period.from.slice(0, 7) ? period.from : `${label}-01`;
    const monthStart = londonDayBounds(firstDay).start;
    // A month not yet begun when the report is computed has no caseload to read.
    if (monthStart.getTime() <= period.asAt.getTime()) {
      months.push({ month: label, readAt: monthEnd.getTime() < period.asAt.getTime() ? monthEnd : period.asAt });
    }
  }
  return months;
}

/** The rolling 12 months to a London date, inclusive: from the day after the same date a year before. */
export function rollingYearTo(to: string): { from: string; to: string } {
  return { from: addCalendarDays(addCalendarMonths(to, -12), 1), to };
}
