import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../functions/domain/bank-holidays';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { bankHolidays, bankHolidaysModule, TABLE_PATH } from '../../scripts/bank-holidays';

/**
 * The calendar's bank holidays are a table generated from date-holidays, so
 * that no function carries the library: regenerated here, it must be the
 * table committed (run `npm run bank-holidays` after upgrading the library).
 */
describe('the bank holiday table', () => {
  it('is what date-holidays gives, regenerated', () => {
    expect(readFileSync(TABLE_PATH, 'utf8')).toBe(bankHolidaysModule());
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS).toEqual(bankHolidays());
  });

  it('holds the one-off and substitute days, and no observances', () => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS['2022-09-19']).toMatch(/Funeral/);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS['2023-05-08']).toMatch(/Coronation/);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS['2026-12-28']).toMatch(/substitute/);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS['2026-04-05']).toBeUndefined(); // Easter Sunday
  });

  it('is refused by the calendar for a year it does not cover, rather than read as having none', () => {
    const calendar = createWorkingCalendar();
    expect(calendar.isWorkingDay(`${BANK_HOLIDAY_YEARS.last}-12-30`)).toBe(true);
    expect(() => calendar.isWorkingDay(`${BANK_HOLIDAY_YEARS.last + 1}-01-04`)).toThrow(/tabled for/); // a Monday
  });
});
