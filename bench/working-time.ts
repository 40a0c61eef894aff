import { DateTime } from 'luxon';
import { SERVICE_ZONE, type WorkingCalendar } from '../functions/domain/calendar';
import { SLOT } from './assumptions';
import type { Random } from './random';

/**
 * The instants people act at: the half-hourly slots of the assumptions table,
 * on the service's own working-day calendar, so the workload and the
 * workflow agree on what "working day 2" or "in time" means.
 */
export class WorkingTime {
  readonly #slots = new Map<string, number[]>();
  readonly #evenings = new Map<string, number[]>();

  constructor(readonly calendar: WorkingCalendar) {}

  localDate(at: number): string {
    return this.calendar.localDateOf(new Date(at));
  }

  isWorkingDay(localDate: string): boolean {
    return this.calendar.isWorkingDay(localDate);
  }

  /** Every working-hours slot of a date, earliest first (open and closed days alike: callers choose the day). */
  slotsOn(localDate: string): number[] {
    return cached(this.#slots, localDate, () => instants(localDate, SLOT.firstMinute, SLOT.lastMinute));
  }

  eveningSlotsOn(localDate: string): number[] {
    return cached(this.#evenings, localDate, () => instants(localDate, SLOT.eveningFirst, SLOT.eveningLast));
  }

  randomSlotOn(localDate: string, random: Random, after = -Infinity): number | undefined {
    const open = this.slotsOn(localDate).filter((at) => at > after);
    return open.length ? random.pick(open) : undefined;
  }

  /** Working day n after the local date of `at` (n = 0: that date itself, working or not). */
  workingDayAfter(at: number, n: number): string {
    return n === 0 ? this.localDate(at) : this.calendar.addWorkingDays(new Date(at), n);
  }

  /** The working day n working days before a local date. */
  workingDayBefore(localDate: string, n: number): string {
    let day = localDate;
    for (let counted = 0; counted < n; ) {
      day = shift(day, -1);
      if (this.calendar.isWorkingDay(day)) counted++;
    }
    return day;
  }

  /** The first slot strictly after an instant, on a working day. */
  nextSlotAfter(at: number): number {
    let day = this.localDate(at);
    for (;;) {
      if (this.calendar.isWorkingDay(day)) {
        const slot = this.slotsOn(day).find((candidate) => candidate > at);
        if (slot !== undefined) return slot;
      }
      day = shift(day, 1);
    }
  }

  /** A random slot on the first working day on or after the date `days` calendar days after `at`. */
  slotAboutDaysAfter(at: number, days: number, random: Random): number {
    let day = shift(this.localDate(at), days);
    while (!this.calendar.isWorkingDay(day)) day = shift(day, 1);
    return this.randomSlotOn(day, random, at) ?? this.nextSlotAfter(at);
  }

  /** The local date `days` calendar days after `at`. */
  dateAfter(at: number, days: number): string {
    return shift(this.localDate(at), days);
  }
}

function cached(cache: Map<string, number[]>, key: string, make: () => number[]): number[] {
  let found = cache.get(key);
  if (!found) {
    found = make();
    cache.set(key, found);
  }
  return found;
}

function instants(localDate: string, firstMinute: number, lastMinute: number): number[] {
  const midnight = DateTime.fromISO(localDate, { zone: SERVICE_ZONE });
  const found: number[] = [];
  for (let minute = firstMinute; minute <= lastMinute; minute += SLOT.stepMinutes) {
    found.push(midnight.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis());
  }
  return found;
}

function shift(localDate: string, days: number): string {
  return DateTime.fromISO(localDate, { zone: 'utc' }).plus({ days }).toISODate()!;
}
