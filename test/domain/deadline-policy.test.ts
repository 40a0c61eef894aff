import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import {
  DEADLINE_KINDS,
  DEADLINE_POLICY,
  deadlineAt,
  deadlinesFor,
  periodEndsAt,
} from '../../functions/domain/deadline-policy';

const calendar = createWorkingCalendar();
const at = (iso: string) => new Date(iso);

describe('the deadline-policy table', () => {
  it('holds one row per kind, each keyed by its own kind and citing a source', () => {
    expect(DEADLINE_KINDS).toEqual(['returnReminder', 'returnCutoff', 'initialConsiderationChase', 'initialConsiderationEscalation']);
    for (const kind of DEADLINE_KINDS) {
      expect(DEADLINE_POLICY[kind].kind).toBe(kind);
      expect(DEADLINE_POLICY[kind].source).not.toBe('');
    }
  });

  it('gives the referrer a reminder at the close of day 2 and the cut-off at the close of day 3 after the first return', () => {
    expect(DEADLINE_POLICY.returnReminder).toMatchObject({
      period: { count: 2, unit: 'workingDays' },
      at: 'endOfWorkingDay',
      countedFrom: 'referralFirstReturned',
      notify: ['referrer'],
    });
    expect(DEADLINE_POLICY.returnCutoff).toMatchObject({
      period: { count: 3, unit: 'workingDays' },
      at: 'endOfWorkingDay',
      countedFrom: 'referralFirstReturned',
      notify: ['referrer'],
    });
    expect(DEADLINE_POLICY.returnCutoff.source).toContain('seeds/000');
    expect(DEADLINE_POLICY.returnCutoff.choice).toMatch(/does not start a new window/);
  });

  it('chases the duty LADO after one working day, then the LADO manager after two', () => {
    expect(DEADLINE_POLICY.initialConsiderationChase).toMatchObject({
      period: { count: 1, unit: 'workingDays' },
      at: 'endOfWorkingDay',
      countedFrom: 'referralComplete',
      notify: ['dutyLado'],
    });
    expect(DEADLINE_POLICY.initialConsiderationEscalation).toMatchObject({
      period: { count: 2, unit: 'workingDays' },
      at: 'endOfWorkingDay',
      countedFrom: 'referralComplete',
      notify: ['ladoManager'],
    });
    expect(DEADLINE_POLICY.initialConsiderationChase.source).toMatch(/004 para 16/);
  });
});

describe('deadline instants', () => {
  it('returned on Friday late before the August bank holiday: reminder Wednesday, cut-off Thursday at 17:00 BST', () => {
    const returned = at('2026-08-28T15:55:00Z');
    expect(deadlineAt('returnReminder', returned, calendar)).toEqual(at('2026-09-02T16:00:00Z'));
    expect(deadlineAt('returnCutoff', returned, calendar)).toEqual(at('2026-09-03T16:00:00Z'));
  });

  it('returned before Christmas 2021: counts past the substitute days', () => {
    const returned = at('2021-12-24T10:00:00Z');
    expect(deadlineAt('returnReminder', returned, calendar)).toEqual(at('2021-12-30T17:00:00Z'));
    expect(deadlineAt('returnCutoff', returned, calendar)).toEqual(at('2021-12-31T17:00:00Z'));
  });

  it('returned before Easter 2026: cut-off the Thursday after Easter Monday', () => {
    expect(deadlineAt('returnCutoff', at('2026-04-02T13:00:00Z'), calendar)).toEqual(at('2026-04-09T16:00:00Z'));
  });

  it('complete before Christmas 2022: chase and escalation after the substitute day', () => {
    const complete = at('2022-12-23T11:00:00Z');
    expect(deadlineAt('initialConsiderationChase', complete, calendar)).toEqual(at('2022-12-28T17:00:00Z'));
    expect(deadlineAt('initialConsiderationEscalation', complete, calendar)).toEqual(at('2022-12-29T17:00:00Z'));
  });

  it('complete before the state funeral and the coronation: the one-off days are skipped', () => {
    expect(deadlineAt('initialConsiderationChase', at('2022-09-16T10:00:00Z'), calendar)).toEqual(at('2022-09-20T16:00:00Z'));
    expect(deadlineAt('initialConsiderationChase', at('2023-05-05T10:00:00Z'), calendar)).toEqual(at('2023-05-09T16:00:00Z'));
  });

  it('complete on the Friday before the clocks go back: due at 17:00 GMT on Monday and Tuesday', () => {
    const complete = at('2026-10-23T09:00:00Z');
    expect(deadlinesFor(['initialConsiderationChase', 'initialConsiderationEscalation'], complete, calendar)).toEqual([
      { kind: 'initialConsiderationChase', dueAt: at('2026-10-26T17:00:00Z') },
      { kind: 'initialConsiderationEscalation', dueAt: at('2026-10-27T17:00:00Z') },
    ]);
  });

  it('complete late on a Thursday that is already Friday in London', () => {
    expect(deadlineAt('initialConsiderationChase', at('2026-10-22T23:30:00Z'), calendar)).toEqual(at('2026-10-26T17:00:00Z'));
  });

  it('follows the working hours the service configures', () => {
    const earlyClose = createWorkingCalendar({ workingDay: { start: '08:00', end: '16:00' } });
    expect(deadlineAt('returnCutoff', at('2026-01-12T10:00:00Z'), earlyClose)).toEqual(at('2026-01-15T16:00:00Z'));
  });
});

describe('periods of calendar months', () => {
  it('ends on the same date n months on, at the close of that working day', () => {
    expect(periodEndsAt({ count: 3, unit: 'calendarMonths' }, 'endOfWorkingDay', at('2026-01-15T10:00:00Z'), calendar)).toEqual(
      at('2026-04-15T16:00:00Z'),
    );
  });

  it('ends on the last day of a shorter month, moved to the next working day when closed', () => {
    // 31 January + 1 month is Saturday 28 February, so Monday 2 March.
    expect(periodEndsAt({ count: 1, unit: 'calendarMonths' }, 'endOfWorkingDay', at('2026-01-31T10:00:00Z'), calendar)).toEqual(
      at('2026-03-02T17:00:00Z'),
    );
    // Christmas Day 2026 is a Friday and Boxing Day's substitute is Monday 28.
    expect(periodEndsAt({ count: 12, unit: 'calendarMonths' }, 'startOfWorkingDay', at('2025-12-25T10:00:00Z'), calendar)).toEqual(
      at('2026-12-29T09:00:00Z'),
    );
  });

  it('refuses an empty period', () => {
    expect(() => periodEndsAt({ count: 0, unit: 'calendarMonths' }, 'endOfWorkingDay', at('2026-01-15T10:00:00Z'), calendar)).toThrow(
      RangeError,
    );
  });
});
