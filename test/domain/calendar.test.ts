import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  addCalendarYears,
  createWorkingCalendar,
  lastDayOfMonth,
  londonDateOf,
  londonDayBounds,
  londonMonthOf,
  monthsFromTo,
} from '../../functions/domain/calendar';

const calendar = createWorkingCalendar();
const at = (iso: string) => new Date(iso);

describe('bank holidays of England and Wales', () => {
  it('moves Christmas, Boxing Day and New Year to substitute days when they fall at a weekend', () => {
    // 2021: Christmas on Saturday, Boxing Day on Sunday, New Year's Day 2022 on Saturday.
    expect(calendar.isWorkingDay('2021-12-24')).toBe(true);
    expect(calendar.isWorkingDay('2021-12-27')).toBe(false);
    expect(calendar.isWorkingDay('2021-12-28')).toBe(false);
    expect(calendar.isWorkingDay('2021-12-29')).toBe(true);
    expect(calendar.isWorkingDay('2022-01-03')).toBe(false);
    expect(calendar.isWorkingDay('2022-01-04')).toBe(true);
    expect(calendar.holidayName('2021-12-27')).toBe('Christmas Day (substitute day)');
    expect(calendar.holidayName('2021-12-28')).toBe('Boxing Day (substitute day)');
    // 2022: Christmas on Sunday, so Boxing Day stays on Monday and Christmas moves to Tuesday; New Year's Day 2023 on Sunday.
    expect(calendar.isWorkingDay('2022-12-26')).toBe(false);
    expect(calendar.isWorkingDay('2022-12-27')).toBe(false);
    expect(calendar.isWorkingDay('2022-12-28')).toBe(true);
    expect(calendar.isWorkingDay('2023-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2023-01-03')).toBe(true);
  });

  it('counts across the Christmas substitute days', () => {
    const friday = at('2021-12-24T10:00:00Z');
    expect(calendar.addWorkingDays(friday, 1)).toBe('2021-12-29');
    expect(calendar.addWorkingDays(friday, 3)).toBe('2021-12-31');
    expect(calendar.addWorkingDays(friday, 4)).toBe('2022-01-04');
    expect(calendar.addWorkingDays(at('2022-12-23T10:00:00Z'), 1)).toBe('2022-12-28');
    expect(calendar.addWorkingDays(at('2022-12-23T10:00:00Z'), 4)).toBe('2023-01-03');
  });

  it('closes Good Friday and Easter Monday', () => {
    for (const date of ['2025-04-18', '2025-04-21', '2026-04-03', '2026-04-06']) {
      expect(calendar.isWorkingDay(date), date).toBe(false);
    }
    expect(calendar.addWorkingDays(at('2025-04-17T13:00:00Z'), 1)).toBe('2025-04-22');
    expect(calendar.addWorkingDays(at('2026-04-02T13:00:00Z'), 1)).toBe('2026-04-07');
    expect(calendar.addWorkingDays(at('2026-04-02T13:00:00Z'), 3)).toBe('2026-04-09');
  });

  it('names bank holidays but not observances such as Easter Sunday', () => {
    expect(calendar.holidayName('2026-04-03')).toBe('Good Friday');
    expect(calendar.holidayName('2026-04-05')).toBeUndefined();
    expect(calendar.holidayName('2026-04-07')).toBeUndefined();
  });

  it('closes one-off bank holidays', () => {
    expect(calendar.isWorkingDay('2022-09-19')).toBe(false);
    expect(calendar.holidayName('2022-09-19')).toBe("Queen Elizabeth's Funeral Day");
    expect(calendar.isWorkingDay('2023-05-08')).toBe(false);
    expect(calendar.holidayName('2023-05-08')).toBe("King Charles III's Coronation");
    // The 2022 spring bank holiday moved from Monday 30 May to Thursday 2 June, beside the Jubilee on the 3rd.
    expect(calendar.isWorkingDay('2022-05-30')).toBe(true);
    expect(calendar.isWorkingDay('2022-06-02')).toBe(false);
    expect(calendar.isWorkingDay('2022-06-03')).toBe(false);
    expect(calendar.addWorkingDays(at('2022-09-16T10:00:00Z'), 1)).toBe('2022-09-20');
    expect(calendar.addWorkingDays(at('2023-05-05T10:00:00Z'), 1)).toBe('2023-05-09');
    expect(calendar.addWorkingDays(at('2022-06-01T10:00:00Z'), 1)).toBe('2022-06-06');
  });
});

describe('counting working days (the event is day 0)', () => {
  it('starts on the next working day even when the event is inside working hours', () => {
    expect(calendar.addWorkingDays(at('2026-06-10T09:30:00Z'), 1)).toBe('2026-06-11');
  });

  it('counts from Friday late before a bank-holiday Monday from Tuesday', () => {
    const fridayLate = at('2026-08-28T15:55:00Z'); // 16:55 London
    expect(calendar.isWorkingDay('2026-08-31')).toBe(false);
    expect(calendar.addWorkingDays(fridayLate, 1)).toBe('2026-09-01');
    expect(calendar.addWorkingDays(fridayLate, 3)).toBe('2026-09-03');
  });

  it('counts a referral arriving at the weekend from Monday', () => {
    expect(calendar.addWorkingDays(at('2026-06-13T09:00:00Z'), 1)).toBe('2026-06-15');
    expect(calendar.addWorkingDays(at('2026-06-14T22:00:00Z'), 1)).toBe('2026-06-15'); // Sunday 23:00 London
    expect(calendar.addWorkingDays(at('2026-06-14T23:30:00Z'), 1)).toBe('2026-06-16'); // already Monday in London
  });

  it('treats a bank holiday as day 0 when the referral arrives on it', () => {
    expect(calendar.addWorkingDays(at('2026-05-25T10:00:00Z'), 1)).toBe('2026-05-26');
  });

  it('refuses a period of less than one whole working day', () => {
    expect(() => calendar.addWorkingDays(at('2026-06-10T09:30:00Z'), 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(at('2026-06-10T09:30:00Z'), 1.5)).toThrow(RangeError);
  });

  it('finds the next working day over a weekend and a bank holiday', () => {
    expect(calendar.nextWorkingDay('2026-08-28')).toBe('2026-09-01');
  });

  it('measures the working days between two instants', () => {
    const friday = at('2026-08-28T15:55:00Z');
    const thursday = at('2026-09-03T08:00:00Z');
    expect(calendar.workingDaysBetween(friday, thursday)).toBe(3);
    expect(calendar.workingDaysBetween(thursday, friday)).toBe(-3);
    expect(calendar.workingDaysBetween(friday, at('2026-08-28T16:30:00Z'))).toBe(0);
  });

  it('rejects a local date that does not exist', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.endOfWorkingDay('30/01/2026')).toThrow(RangeError);
  });
});

describe('Europe/London across the clock changes of 2026', () => {
  it('takes the London date, not the UTC date, of an instant', () => {
    expect(calendar.localDateOf(at('2026-10-24T23:30:00Z'))).toBe('2026-10-25'); // 00:30 BST, Sunday of the change
    expect(calendar.localDateOf(at('2026-10-25T23:30:00Z'))).toBe('2026-10-25'); // 23:30 GMT
    expect(calendar.localDateOf(at('2026-03-28T23:30:00Z'))).toBe('2026-03-28'); // 23:30 GMT, Saturday before the change
    expect(calendar.localDateOf(at('2026-03-30T23:30:00Z'))).toBe('2026-03-31'); // 00:30 BST
  });

  it('turns the London date at local midnight, to the millisecond', () => {
    expect(calendar.localDateOf(at('2026-06-30T22:59:59.999Z'))).toBe('2026-06-30');
    expect(calendar.localDateOf(at('2026-06-30T23:00:00Z'))).toBe('2026-07-01');
    expect(calendar.localDateOf(at('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
    expect(calendar.localDateOf(at('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
  });

  it('counts from the London date when it is a day ahead of UTC', () => {
    // Thursday 23:30 UTC is Friday 00:30 in London: day 0 is Friday, so day 1 is Monday.
    expect(calendar.addWorkingDays(at('2026-10-22T23:30:00Z'), 1)).toBe('2026-10-26');
    expect(calendar.addWorkingDays(at('2026-03-30T23:30:00Z'), 1)).toBe('2026-04-01');
  });

  it('closes the working day at 17:00 London: 16:00Z in summer, 17:00Z in winter', () => {
    expect(calendar.endOfWorkingDay('2026-03-27')).toEqual(at('2026-03-27T17:00:00Z'));
    expect(calendar.endOfWorkingDay('2026-03-30')).toEqual(at('2026-03-30T16:00:00Z'));
    expect(calendar.endOfWorkingDay('2026-10-23')).toEqual(at('2026-10-23T16:00:00Z'));
    expect(calendar.endOfWorkingDay('2026-10-26')).toEqual(at('2026-10-26T17:00:00Z'));
  });

  it('opens the working day at 09:00 London', () => {
    expect(calendar.startOfWorkingDay('2026-03-27')).toEqual(at('2026-03-27T09:00:00Z'));
    expect(calendar.startOfWorkingDay('2026-03-30')).toEqual(at('2026-03-30T08:00:00Z'));
    expect(calendar.startOfWorkingDay('2026-10-26')).toEqual(at('2026-10-26T09:00:00Z'));
  });
});

describe('closure days and working hours the service configures', () => {
  it('skips an extra closure day', () => {
    const wednesday = at('2026-12-23T10:00:00Z');
    expect(calendar.addWorkingDays(wednesday, 1)).toBe('2026-12-24');
    const closedOnChristmasEve = createWorkingCalendar({ extraClosureDays: ['2026-12-24'] });
    expect(closedOnChristmasEve.isWorkingDay('2026-12-24')).toBe(false);
    expect(closedOnChristmasEve.holidayName('2026-12-24')).toBe('Service closure day');
    // 25 December, the weekend, then Boxing Day's substitute on Monday 28.
    expect(closedOnChristmasEve.addWorkingDays(wednesday, 1)).toBe('2026-12-29');
  });

  it('refuses a closure day that is not a date, and a working day that closes before it opens', () => {
    expect(() => createWorkingCalendar({ extraClosureDays: ['Christmas Eve'] })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ workingDay: { start: '17:00', end: '17:00' } })).toThrow(RangeError);
  });
});

describe('calendar dates and London days', () => {
  it('adds months and years as the calendar does, a day the month lacks becoming its last', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addCalendarMonths('2027-03-31', -12)).toBe('2026-03-31');
    expect(addCalendarMonths('2026-01-10', -1)).toBe('2025-12-10');
    expect(addCalendarYears('2024-02-29', 6)).toBe('2030-02-28');
    expect(addCalendarYears('1961-07-04', 65)).toBe('2026-07-04');
  });

  it('lists months from one to another, and finds the last day of each', () => {
    expect(monthsFromTo('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsFromTo('2026-03', '2026-02')).toEqual([]);
    expect(['2026-02', '2028-02', '2026-04', '2026-12'].map(lastDayOfMonth)).toEqual(['2026-02-28', '2028-02-29', '2026-04-30', '2026-12-31']);
  });

  it('tells the London date and month of an instant, either side of midnight in summer and winter', () => {
    expect(londonDateOf(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01'); // 00:30 BST
    expect(londonDateOf(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31'); // 23:30 GMT
    expect(londonMonthOf('2026-06-30T23:30:00Z')).toBe('2026-07');
    expect(() => londonDateOf(new Date('not a date'))).toThrow(RangeError);
  });

  it('bounds a London day, 23 hours long when the clocks go forward and 25 when they go back', () => {
    const spring = londonDayBounds('2026-03-29');
    expect(spring.start.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(spring.end.toISOString()).toBe('2026-03-29T22:59:59.999Z');
    const autumn = londonDayBounds('2026-10-25');
    expect(autumn.start.toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(autumn.end.toISOString()).toBe('2026-10-25T23:59:59.999Z');
  });
});
