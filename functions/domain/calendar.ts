import { TZDateMini } from '@date-fns/tz';
import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays';

/**
 * The working-day calendar: Monday to Friday in Europe/London, less the bank
 * holidays of England and Wales (substitute and one-off days included) and any
 * closure days the service adds. Every period of working days is counted here
 * (domain.md, "Working days"). The service's own settings (closure days,
 * working hours) come in as arguments: functions/shared/config.ts reads them
 * from the environment.
 */

export const SERVICE_ZONE = 'Europe/London';

/** A time of day in the service's zone, written HH:mm. */
export interface WorkingHours {
  start: string;
  end: string;
}

export interface WorkingCalendarOptions {
  /** The service's own closure days, each a local date written YYYY-MM-DD. */
  extraClosureDays?: readonly string[];
  workingDay?: WorkingHours;
}

export interface WorkingCalendar {
  readonly workingHours: WorkingHours;
  isWorkingDay(localDate: string): boolean;
  /** The Europe/London date of an instant, YYYY-MM-DD. */
  localDateOf(instant: Date): string;
  /** The first working day after a local date. */
  nextWorkingDay(localDate: string): string;
  /**
   * The local date of working day n after an event. The event's own date is day 0,
   * whatever the hour and whether or not it is a working day; day 1 is the first
   * working day after it.
   */
  addWorkingDays(from: Date, n: number): string;
  /**
   * Working days from a's local date to b's: how many working days fall after a's
   * date up to and including b's. Negative when b comes before a.
   */
  workingDaysBetween(a: Date, b: Date): number;
  /** The instant the working day opens on a local date. */
  startOfWorkingDay(localDate: string): Date;
  /** The instant the working day closes on a local date. */
  endOfWorkingDay(localDate: string): Date;
  /** Why a date is closed: the bank holiday's name, or "Service closure day". Undefined on other days. */
  holidayName(localDate: string): string | undefined;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '17:00' };
export const SERVICE_CLOSURE_DAY = 'Service closure day';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function parseLocalDate(localDate: string): CalendarDate {
  const match = LOCAL_DATE.exec(localDate);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    // Date.UTC rolls 2026-02-30 over into March; a real date survives the round trip.
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`"${localDate}" is not a date written YYYY-MM-DD`);
}

/** Whether text is a real local date written YYYY-MM-DD. */
export function isLocalDate(text: string): boolean {
  try {
    parseLocalDate(text);
    return true;
  } catch {
    return false;
  }
}

/** The instant a London wall-clock time falls on a local date (the zone's rules from Node's own time-zone data). */
function londonInstant(localDate: string, time: { hour: number; minute: number }): number {
  const { year, month, day } = parseLocalDate(localDate);
  return new TZDateMini(year, month - 1, day, time.hour, time.minute, SERVICE_ZONE).getTime();
}

/** The first and last moments of a London day: where a range of dates given by day begins and ends. */
export function londonDayBounds(localDate: string): { start: Date; end: Date } {
  const midnight = { hour: 0, minute: 0 };
  return { start: new Date(londonInstant(localDate, midnight)), end: new Date(londonInstant(addCalendarDays(localDate, 1), midnight) - 1) };
}

/** Whether text is a time of day written HH:mm. */
export function isTimeOfDay(text: string): boolean {
  return TIME_OF_DAY.test(text);
}

function parseTimeOfDay(time: string): { hour: number; minute: number } {
  const match = TIME_OF_DAY.exec(time);
  if (!match) throw new RangeError(`"${time}" is not a time of day written HH:mm`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** A local date so many days later (earlier when negative). Local dates carry no zone, so UTC midnight is a safe carrier. */
export function addCalendarDays(localDate: string, days: number): string {
  const { year, month, day } = parseLocalDate(localDate);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A local date so many calendar months later (earlier when negative). A day
 * the target month lacks becomes its last day: 31 January plus a month is the
 * last day of February, 29 February plus a year is 28 February.
 */
export function addCalendarMonths(localDate: string, months: number): string {
  const { year, month, day } = parseLocalDate(localDate);
  const index = year * 12 + (month - 1) + months;
  const [targetYear, targetMonth] = [Math.floor(index / 12), (index % 12) + 1];
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${pad2(targetMonth)}-${pad2(Math.min(day, lastDay))}`;
}

export const addCalendarYears = (localDate: string, years: number): string => addCalendarMonths(localDate, years * 12);

/** The last local date of a month written YYYY-MM. */
export function lastDayOfMonth(month: string): string {
  return addCalendarDays(addCalendarMonths(`${month}-01`, 1), -1);
}

/** The months (YYYY-MM) a period of local dates touches, both ends included, in order. */
export function monthsOfPeriod(from: string, to: string): string[] {
  return monthsFromTo(from.slice(0, 7), to.slice(0, 7));
}

/** Every month from one YYYY-MM to another, both included, in order; none if the first is after the last. */
export function monthsFromTo(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = addCalendarMonths(`${month}-01`, 1).slice(0, 7)) months.push(month);
  return months;
}

function isWeekend(localDate: string): boolean {
  const { year, month, day } = parseLocalDate(localDate);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/*
 * London's offset is a whole number of hours and changes on the hour (01:00 UTC), so
 * every instant within one UTC hour has the same London date: cache by that hour.
 */
const localDateByUtcHour = new Map<number, string>();
const MS_PER_HOUR = 3_600_000;
const LOCAL_DATE_CACHE_LIMIT = 100_000;

/** The Europe/London date of an instant, YYYY-MM-DD. */
export function londonDateOf(instant: Date): string {
  const utcHour = Math.floor(instant.getTime() / MS_PER_HOUR);
  if (!Number.isFinite(utcHour)) throw new RangeError('Not a valid instant');
  let localDate = localDateByUtcHour.get(utcHour);
  if (localDate === undefined) {
    const local = new TZDateMini(instant.getTime(), SERVICE_ZONE);
    if (localDateByUtcHour.size >= LOCAL_DATE_CACHE_LIMIT) localDateByUtcHour.clear();
    localDate = `${local.getFullYear()}-${pad2(local.getMonth() + 1)}-${pad2(local.getDate())}`;
    localDateByUtcHour.set(utcHour, localDate);
  }
  return localDate;
}

/** The London month of a moment, YYYY-MM. */
export function londonMonthOf(moment: Date | string): string {
  return londonDateOf(typeof moment === 'string' ? new Date(moment) : moment).slice(0, 7);
}

/** The bank holiday on a date, from the table generated from date-holidays (scripts/bank-holidays.ts). */
function bankHolidayName(localDate: string): string | undefined {
  const { year } = parseLocalDate(localDate);
  // A year the table does not cover is refused, never taken to have no bank holidays.
  if (year < BANK_HOLIDAY_YEARS.first || year > BANK_HOLIDAY_YEARS.last) {
    throw new RangeError(`The bank holidays are tabled for ${BANK_HOLIDAY_YEARS.first} to ${BANK_HOLIDAY_YEARS.last}: ${localDate} is outside them (npm run bank-holidays)`);
  }
  return ENGLAND_AND_WALES_BANK_HOLIDAYS[localDate];
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const extraClosureDays = new Set(options.extraClosureDays);
  extraClosureDays.forEach(parseLocalDate);
  const workingHours = { ...(options.workingDay ?? DEFAULT_WORKING_HOURS) };
  const opening = parseTimeOfDay(workingHours.start);
  const closing = parseTimeOfDay(workingHours.end);
  if (opening.hour * 60 + opening.minute >= closing.hour * 60 + closing.minute) {
    throw new RangeError(`The working day must open before it closes: ${workingHours.start}-${workingHours.end}`);
  }

  const workingDayCache = new Map<string, boolean>();
  const openingTimes = new Map<string, number>();
  const closingTimes = new Map<string, number>();

  /** The instant a time of day falls on a local date; cached, as resolving a zone's offset is slow. */
  function instantOn(localDate: string, time: { hour: number; minute: number }, cache: Map<string, number>): Date {
    let epochMs = cache.get(localDate);
    if (epochMs === undefined) {
      epochMs = londonInstant(localDate, time);
      cache.set(localDate, epochMs);
    }
    return new Date(epochMs);
  }

  function isWorkingDay(localDate: string): boolean {
    let working = workingDayCache.get(localDate);
    if (working === undefined) {
      working = !isWeekend(localDate) && !extraClosureDays.has(localDate) && bankHolidayName(localDate) === undefined;
      workingDayCache.set(localDate, working);
    }
    return working;
  }

  function nextWorkingDay(localDate: string): string {
    let candidate = addCalendarDays(localDate, 1);
    while (!isWorkingDay(candidate)) candidate = addCalendarDays(candidate, 1);
    return candidate;
  }

  return {
    workingHours,
    isWorkingDay,
    localDateOf: londonDateOf,
    nextWorkingDay,
    addWorkingDays(from, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`A period counts at least one whole working day, not ${n}`);
      let day = londonDateOf(from);
      for (let counted = 0; counted < n; counted++) day = nextWorkingDay(day);
      return day;
    },
    workingDaysBetween(a, b) {
      const [first, last] = [londonDateOf(a), londonDateOf(b)];
      const [earlier, later, sign] = first <= last ? [first, last, 1] : [last, first, -1];
      let count = 0;
      for (let day = addCalendarDays(earlier, 1); day <= later; day = addCalendarDays(day, 1)) {
        if (isWorkingDay(day)) count++;
      }
      return sign * count;
    },
    startOfWorkingDay: (localDate) => instantOn(localDate, opening, openingTimes),
    endOfWorkingDay: (localDate) => instantOn(localDate, closing, closingTimes),
    holidayName: (localDate) => bankHolidayName(localDate) ?? (extraClosureDays.has(localDate) ? SERVICE_CLOSURE_DAY : undefined),
  };
}
