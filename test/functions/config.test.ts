import { describe, expect, it } from 'vitest';
import { serviceConfig, workingCalendarFromEnv } from '../../functions/shared/config';
import { SERVICE_ENV } from './support';

const at = (iso: string) => new Date(iso);

/** The calendar's settings are read from the environment here, the adapter, and handed to the lifecycle core. */
describe('the working calendar a deployment configures', () => {
  it('reads closure days and working hours from the environment', () => {
    const configured = workingCalendarFromEnv({ LADO_CLOSURE_DAYS: '2026-12-24, 2026-12-31,', LADO_WORKING_HOURS: '08:30-16:30' });
    expect(configured.isWorkingDay('2026-12-24')).toBe(false);
    expect(configured.isWorkingDay('2026-12-31')).toBe(false);
    expect(configured.isWorkingDay('2026-12-30')).toBe(true);
    expect(configured.workingHours).toEqual({ start: '08:30', end: '16:30' });
    expect(configured.endOfWorkingDay('2026-01-15')).toEqual(at('2026-01-15T16:30:00Z'));
    expect(configured.startOfWorkingDay('2026-07-15')).toEqual(at('2026-07-15T07:30:00Z'));
  });

  it('defaults to no extra closures and 09:00-17:00', () => {
    const defaults = workingCalendarFromEnv({});
    expect(defaults.workingHours).toEqual({ start: '09:00', end: '17:00' });
    expect(defaults.isWorkingDay('2026-12-24')).toBe(true);
    expect(workingCalendarFromEnv({ LADO_CLOSURE_DAYS: '', LADO_WORKING_HOURS: '' }).workingHours.end).toBe('17:00');
  });

  it('rejects a closure day that is not a date', () => {
    expect(() => workingCalendarFromEnv({ LADO_CLOSURE_DAYS: '2026-12-24,24/12/2026' })).toThrow(/LADO_CLOSURE_DAYS: "24\/12\/2026"/);
    expect(() => workingCalendarFromEnv({ LADO_CLOSURE_DAYS: '2026-13-01' })).toThrow(/LADO_CLOSURE_DAYS/);
    expect(() => workingCalendarFromEnv({ LADO_CLOSURE_DAYS: '2026-02-29' })).toThrow(/LADO_CLOSURE_DAYS/);
  });

  it('rejects working hours that are malformed or close before they open', () => {
    expect(() => workingCalendarFromEnv({ LADO_WORKING_HOURS: '9-5' })).toThrow(/LADO_WORKING_HOURS/);
    expect(() => workingCalendarFromEnv({ LADO_WORKING_HOURS: '17:00-09:00' })).toThrow(/LADO_WORKING_HOURS/);
    expect(() => workingCalendarFromEnv({ LADO_WORKING_HOURS: '09:00-25:00' })).toThrow(/LADO_WORKING_HOURS/);
  });

  it('is part of the service configuration every function reads', () => {
    const config = serviceConfig({ ...SERVICE_ENV, LADO_CLOSURE_DAYS: '2026-12-24' });
    expect(config.calendar.isWorkingDay('2026-12-24')).toBe(false);
    expect(() => serviceConfig({ ...SERVICE_ENV, LADO_WORKING_HOURS: '9 to 5' })).toThrow(/LADO_WORKING_HOURS/);
  });
});
