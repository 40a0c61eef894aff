import { describe, expect, it } from 'vitest';
import { computeAnnualReport, financialYear, type AnnualReport, type CaseTrail, type TableId } from '../../../functions/domain/report/annual-report';
import { monthsOf, reportPeriod, rollingYearTo } from '../../../functions/domain/report/period';
import { PERSONAL_DATA } from '../../support/referrals';
import { countyYear } from './scenario';
import { calendar, lado, referralAbout, thresholdDecision, TrailBuilder } from './trails';

/**
 * The period's edges: the financial year, London dates across the clock
 * change, cases received before the period and concluded in it, cases open
 * across its end, and cases whose personal data was disposed of, which the
 * report still counts from the facts they keep (retention.ts).
 */
function reportOn(trails: CaseTrail[], from: string, to: string, computedAt = new Date('2027-05-01T12:00:00Z')): AnnualReport {
  return computeAnnualReport({ from, to, computedAt, trails, enquiries: [], runningWorkflows: null, calendar, settingsThreshold: 3 });
}

function counts(report: AnnualReport, id: TableId): Record<string, number> {
  return Object.fromEntries(report.tables[id].rows.flatMap((row) => ('count' in row && row.count > 0 ? [[row.label, row.count]] : [])));
}

describe('the financial year (003 §1.1: 1 April to 31 March)', () => {
  it('is the April-to-March year containing the date', () => {
    expect(financialYear('2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(financialYear('2026-04-01')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(financialYear('2027-01-15')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(() => financialYear('2027-02-30')).toThrow(RangeError);
  });

  it('reads a period still running as of the moment it is computed, month by month', () => {
    const period = reportPeriod('2026-04-01', '2027-03-31', new Date('2026-06-10T12:00:00Z'), calendar);
    expect(period.asAt.toISOString()).toBe('2026-06-10T12:00:00.000Z');
    expect(monthsOf(period).map((m) => [m.month, m.readAt.toISOString()])).toEqual([
      ['2026-04', '2026-04-30T22:59:59.999Z'],
      ['2026-05', '2026-05-31T22:59:59.999Z'],
      ['2026-06', '2026-06-10T12:00:00.000Z'],
    ]);
    expect(rollingYearTo('2027-03-31')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(() => reportPeriod('2027-03-31', '2026-04-01', new Date(), calendar)).toThrow(RangeError);
  });
});

describe('a referral counts in the period of its London receipt', () => {
  it('puts a referral sent at 23:30 GMT on 31 March, 00:30 British Summer Time on 1 April, in the new year', () => {
    const lateNight = TrailBuilder.firstDays(referralAbout(), '2026-03-31T23:30:00Z');
    expect(counts(reportOn([lateNight.trail()], '2025-04-01', '2026-03-31'), 'enquiries-and-referrals')).toEqual({});
    const next = reportOn([lateNight.trail()], '2026-04-01', '2027-03-31');
    expect(counts(next, 'enquiries-and-referrals')).toEqual({ referrals: 1 });
    expect(counts(next, 'referrals-by-month')).toEqual({ '2026-04': 1 });
  });
});

describe('cases across the edges of the period', () => {
  const { cases } = countyYear();
  const beforeYear = cases.beforeYear.trail();
  const open = [cases.openAcrossEnd.trail(), cases.drifting.trail()];

  it('counts a referral and its decision in the year received, its outcome in the year it was recorded', () => {
    const before = reportOn([beforeYear], '2025-04-01', '2026-03-31');
    expect(counts(before, 'enquiries-and-referrals')).toEqual({ referrals: 1 });
    expect(counts(before, 'referral-decisions')).toEqual({ allegation: 1 });
    expect(counts(before, 'allegation-outcomes')).toEqual({});
    expect(counts(before, 'open-cases-at-end')).toEqual({ ALLEGATION_MANAGEMENT: 1 });

    const after = reportOn([beforeYear], '2026-04-01', '2027-03-31');
    expect(counts(after, 'enquiries-and-referrals')).toEqual({});
    expect(counts(after, 'referral-decisions')).toEqual({});
    expect(counts(after, 'allegation-outcomes')).toEqual({ 'unsubstantiated: management action': 1 });
    expect(counts(after, 'open-cases-at-end')).toEqual({});
    expect(after.checks['outcomes-within-allegations']).toMatchObject({ ok: true, outcomes: 1, allegations: 1, allegationsOpened: 0 });
  });

  it('carries cases open at one year’s end into the next, counted open there but not received', () => {
    const next = reportOn(open, '2027-04-01', '2028-03-31');
    expect(counts(next, 'enquiries-and-referrals')).toEqual({});
    expect(counts(next, 'open-cases-at-end')).toEqual({ ALLEGATION_MANAGEMENT: 2 });
    expect(next.asAt).toBe('2027-05-01T12:00:00.000Z');
  });

  it('counts nothing that happened after the report was computed', () => {
    const early = reportOn([cases.allegation.trail()], '2026-04-01', '2027-03-31', new Date('2026-12-01T12:00:00Z'));
    expect(counts(early, 'allegation-outcomes')).toEqual({});
    expect(counts(early, 'open-cases-at-end')).toEqual({ ALLEGATION_MANAGEMENT: 1 });
  });
});

describe('a case whose personal data was disposed of', () => {
  /** Keyed in from a telephone call without the subject's date of birth, returned and rejected on Friday 8 May 2026, disposed of in 2032. */
  function disposedRejection() {
    const { submissionId, ...portal } = referralAbout({ withoutDateOfBirth: true, sector: 'early years', subsector: 'Nursery', category: 'neglect', employer: 'Busy Bees Nursery' });
    const withChild = {
      ...portal,
      children: { identified: true as const, children: [{ firstName: 'Jonah', lastName: 'Bramley', dateOfBirth: '2016-06-05', gender: 'male', ethnicity: 'Mixed', status: 'early help' as const }] },
    };
    return TrailBuilder.firstDays(
      { ...withChild, submissionId: `keyed:${submissionId}`, referrer: { kind: 'member of the public', name: 'Priya Okonkwo-Hale', phone: '01632 960 123' } },
      '2026-05-05T09:00:00Z',
      undefined,
      { channel: 'email-form', keyedBy: lado('lado.9') },
    )
      .fire('resubmission', '2026-05-08T16:00:00Z')
      .dispose('2032-05-10T02:00:00Z');
  }

  /** An allegation concluded in December 2026 and closed, disposed of 25 years on. */
  function disposedAllegation() {
    return TrailBuilder.firstDays(referralAbout({ sector: 'wider workforce', subsector: 'Scouts', category: 'sexual abuse' }), '2026-11-23T10:00:00Z', {
      decision: thresholdDecision('allegation'),
      at: '2026-11-23T15:00:00Z',
    })
      .officer({ kind: 'tracks', police: true, policeTargetDate: '2026-12-20', section47: true, employer: 'investigation' }, '2026-11-24T10:00:00Z')
      .officer({ kind: 'outcome', result: { outcome: 'substantiated', subOutcome: 'dismissal', conclusions: ['dismissed', 'referred to DBS'], investigationCompleted: true } }, '2026-12-10T10:00:00Z')
      .officer({ kind: 'dbs-referral-confirmed' }, '2026-12-14T10:00:00Z')
      .officer({ kind: 'regulator-referral-considered', referred: true }, '2026-12-14T10:05:00Z')
      .officer({ kind: 'lessons-learned-done' }, '2026-12-14T10:10:00Z')
      .officer({ kind: 'feedback-given', givenBy: 'social worker' }, '2026-12-14T10:15:00Z')
      .officer({ kind: 'close' }, '2026-12-15T10:00:00Z')
      .dispose('2051-12-20T02:00:00Z');
  }

  it('holds no personal data in its trail', () => {
    const text = JSON.stringify([disposedRejection().trail(), disposedAllegation().trail()]);
    for (const personal of PERSONAL_DATA) expect(text).not.toContain(personal);
    expect(text).not.toContain('Busy Bees');
  });

  it('still counts in every table from the facts it keeps: sector, category, channel, children, decisions and outcomes', () => {
    const report = reportOn([disposedRejection().trail(), disposedAllegation().trail()], '2026-04-01', '2027-03-31', new Date('2052-01-01T12:00:00Z'));
    expect(counts(report, 'enquiries-and-referrals')).toEqual({ referrals: 2 });
    expect(counts(report, 'referrals-by-setting')).toEqual({ 'early years': 1, 'wider workforce': 1 });
    expect(counts(report, 'referrals-by-subsector')).toEqual({ 'early years: nursery': 1, 'wider workforce: scouts': 1 });
    expect(counts(report, 'nature-of-concern')).toEqual({ neglect: 1, 'sexual abuse': 1 });
    expect(counts(report, 'referrals-by-channel')).toEqual({ portal: 1, 'email-form': 1 });
    // Who referred goes with the personal data.
    expect(counts(report, 'referrals-by-referrer')).toEqual({ 'professional (portal)': 1, 'not held (disposed of)': 1 });
    expect(counts(report, 'children-by-gender')).toEqual({ male: 1, 'not recorded': 1 });
    expect(counts(report, 'children-by-ethnicity')).toEqual({ mixed: 1, 'not recorded': 1 });
    expect(counts(report, 'children-by-status')).toEqual({ 'early help': 1, 'universal services': 1 });
    expect(counts(report, 'referral-decisions')).toEqual({ allegation: 1, 'rejected: missing details not supplied': 1 });
    expect(counts(report, 'allegation-outcomes')).toEqual({ 'substantiated: dismissal': 1 });
    expect(report.tables['investigation-tracks'].rows.find((row) => row.label === 'section 47, police and employer')).toEqual({
      label: 'section 47, police and employer',
      cells: { all: 1, education: 0, 'early years': 0, fostering: 0, 'wider workforce': 1, unknown: 0 },
    });
    expect(counts(report, 'final-conclusions')).toEqual({ dismissed: 1, 'referred to DBS': 1 });
    expect(report.tables['wider-workforce-conclusions-by-subsector'].rows).toEqual([{ label: 'scouts', cells: expect.objectContaining({ outcomes: 1, dismissed: 1, 'referred to DBS': 1 }) }]);
    expect(report.kpis['referrals-rejected']).toMatchObject({ numerator: 1, denominator: 2 });
    expect(report.kpis['resolved-within-1-month']).toMatchObject({ value: 100, denominator: 1 });
  });

  it('no longer names its setting: it counts in the window without a setting held', () => {
    const report = reportOn([disposedRejection().trail()], '2026-04-01', '2027-03-31', new Date('2033-01-01T12:00:00Z'));
    expect(report.settings).toEqual([]);
    expect(report.settingsWindow).toMatchObject({ referrals: 1, settingNotHeld: 1, flagged: 0 });
  });
});
