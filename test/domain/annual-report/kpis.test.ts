import { describe, expect, it } from 'vitest';
import { flagNeedsAttention } from '../../../functions/domain/lifecycle-rules';
import { reopenCase } from '../../../functions/domain/reopening';
import { computeAnnualReport, KPI_IDS, type AnnualReport, type CaseTrail } from '../../../functions/domain/report/annual-report';
import { DRIFT_WORKING_DAYS, RESOLUTION_TARGETS } from '../../../functions/domain/report/kpis';
import { countyEnquiries, countyYear, YEAR } from './scenario';
import { calendar, referralAbout, thresholdDecision, TrailBuilder } from './trails';

/**
 * The KPIs (003 §11.10, recommendation 10) on hand-built trails: timeliness
 * counted in working days across the bank holidays of Christmas 2026 (25 and
 * 28 December) and Easter 2027 (26 and 29 March), the statutory timescales
 * from the deadline records, resolution, drift and caseloads.
 */
const AFTER_THE_YEAR = new Date('2027-05-01T12:00:00Z');

function reportOn(trails: CaseTrail[], options: { computedAt?: Date; runningWorkflows?: number | null; from?: string; to?: string } = {}): AnnualReport {
  return computeAnnualReport({
    from: options.from ?? YEAR.from,
    to: options.to ?? YEAR.to,
    computedAt: options.computedAt ?? AFTER_THE_YEAR,
    trails,
    enquiries: [],
    runningWorkflows: options.runningWorkflows ?? null,
    calendar,
    settingsThreshold: 3,
  });
}

describe('the county year (scenario.ts)', () => {
  const { cases, trails } = countyYear();
  const report = computeAnnualReport({ ...YEAR, computedAt: AFTER_THE_YEAR, trails, enquiries: countyEnquiries(cases.allegation.caseId), runningWorkflows: null, calendar, settingsThreshold: 3 });
  const { kpis } = report;

  it('has every KPI, each with its unit and source', () => {
    expect(Object.keys(kpis)).toEqual([...KPI_IDS]);
    for (const id of KPI_IDS) expect(kpis[id].source, id).not.toBe('');
  });

  it('times the acknowledgement from receipt: 15 seconds, within 10 minutes but for the one undelivered and the one still owed', () => {
    expect(kpis['acknowledgement-median-hours']).toMatchObject({ value: 0.004, unit: 'hours', denominator: 10, breakdown: { acknowledged: 10, notAcknowledged: 2 } });
    expect(kpis['acknowledged-within-10-minutes']).toMatchObject({ value: 83.3, numerator: 10, denominator: 12, target: 100 });
  });

  it('counts threshold decisions within one working day: Christmas Eve to 29 December in time, to 30 December late', () => {
    expect(kpis['threshold-decision-within-one-working-day']).toMatchObject({ value: 90, numerator: 9, denominator: 10 });
    expect(kpis['threshold-decision-median-working-days']).toMatchObject({ value: 0, unit: 'working days', denominator: 10 });
  });

  it('reads the statutory timescales from the deadline records: the strategy meeting met, the employer action fired', () => {
    expect(kpis['strategy-meeting-within-7-working-days']).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    expect(kpis['employer-action-within-3-working-days']).toMatchObject({ value: 0, numerator: 0, denominator: 1, breakdown: { met: 0, missed: 1, superseded: 0, notYetDue: 0 } });
    expect(kpis['disciplinary-hearing-within-15-working-days']).toMatchObject({ value: null, denominator: 0 });
    expect(kpis['strategy-meetings-held'].value).toBe(1);
  });

  it('measures resolution on the allegations concluded in the period, the escalated one from its escalation', () => {
    expect(kpis['resolved-within-1-month']).toMatchObject({ value: 66.7, numerator: 2, denominator: 3, target: 80 });
    expect(kpis['resolved-within-3-months']).toMatchObject({ value: 100, numerator: 3, denominator: 3, target: 90 });
    expect(kpis['resolved-within-12-months']).toMatchObject({ value: 100, target: RESOLUTION_TARGETS.resolutionTwelveMonths });
  });

  it("finds the one open case with nothing recorded for more than 20 working days at the period's end", () => {
    expect(kpis['drift']).toMatchObject({ value: 1, numerator: 1, denominator: 3, caseIds: [cases.drifting.caseId] });
  });

  it('counts returns, rejections and the time to resubmission in working days', () => {
    expect(kpis['referrals-returned']).toMatchObject({ value: 16.7, numerator: 2, denominator: 12 });
    expect(kpis['referrals-rejected']).toMatchObject({ value: 8.3, numerator: 1, denominator: 12 });
    expect(kpis['resubmission-median-working-days']).toMatchObject({ value: 2, denominator: 1 });
    expect(kpis['portal-share']).toMatchObject({ value: 91.7, numerator: 11, denominator: 12 });
  });

  it("counts the emails undelivered in the period and those still owed at its end", () => {
    expect(kpis['emails-undelivered']).toMatchObject({ value: 1, breakdown: { acknowledgement: 1 } });
    expect(kpis['emails-owed-at-end']).toMatchObject({ value: 1, breakdown: { acknowledgement: 1, 'owed over 60 minutes': 1 } });
  });
});

describe('threshold decisions across bank holidays', () => {
  it('counts one working day from completeness across Easter 2027: Thursday 25 March to Tuesday 30 March', () => {
    const inTime = TrailBuilder.firstDays(referralAbout(), '2027-03-25T14:00:00Z', { decision: thresholdDecision('consultation'), at: '2027-03-30T15:30:00Z' });
    const late = TrailBuilder.firstDays(referralAbout(), '2027-03-25T14:00:00Z', { decision: thresholdDecision('consultation'), at: '2027-03-31T09:30:00Z' });
    const { kpis } = reportOn([inTime.trail(), late.trail()]);
    expect(kpis['threshold-decision-within-one-working-day']).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    // Working days 1 and 2: the median of 1 and 2.
    expect(kpis['threshold-decision-median-working-days'].value).toBe(1.5);
  });

  it('counts from receipt for a child at immediate risk, decided while its missing details are awaited', () => {
    const urgent = TrailBuilder.firstDays(referralAbout({ immediateRisk: true, withoutDateOfBirth: true }), '2026-12-24T10:00:00Z').decide(
      thresholdDecision('allegation'),
      '2026-12-29T10:00:00Z',
    );
    expect(urgent.record.referralCompleteAt).toBeUndefined();
    const { kpis } = reportOn([urgent.trail()]);
    expect(kpis['threshold-decision-within-one-working-day']).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    expect(kpis['threshold-decision-median-working-days'].value).toBe(1);
  });

  it("counts a reopened case's second decision among the decisions, not as a second initial consideration", () => {
    const reopened = TrailBuilder.firstDays(referralAbout(), '2026-06-01T09:00:00Z', { decision: thresholdDecision('no-further-action'), at: '2026-06-01T12:00:00Z' });
    reopened.apply(reopenCase(reopened.record, { officerId: 'manager.1', rationale: 'New information from the school about the same incident.' }, new Date('2026-06-10T10:00:00Z'), calendar));
    reopened.decide(thresholdDecision('allegation'), '2026-06-15T10:00:00Z');
    const report = reportOn([reopened.trail()]);
    expect(report.tables['referral-decisions'].rows.slice(0, 4)).toEqual([
      { label: 'allegation', count: 1 },
      { label: 'consultation', count: 0 },
      { label: 'no further action', count: 1 },
      { label: 'transfer', count: 0 },
    ]);
    expect(report.kpis['threshold-decision-within-one-working-day']).toMatchObject({ numerator: 1, denominator: 1 });
    expect(report.checks['decisions-reconcile'].ok).toBe(true);
  });
});

describe('statutory timescales, from the deadline records', () => {
  it('meets a hearing 15 working days after the tracks across Christmas and New Year: due Tuesday 5 January 2027', () => {
    const hearing = TrailBuilder.firstDays(referralAbout(), '2026-12-09T10:00:00Z', { decision: thresholdDecision('allegation'), at: '2026-12-09T15:00:00Z' }).officer(
      { kind: 'tracks', police: false, section47: false, employer: 'hearing-without-investigation' },
      '2026-12-10T10:00:00Z',
    );
    expect(hearing.record.deadlines.find((d) => d.kind === 'disciplinaryHearing')?.dueAt).toBe('2027-01-05T17:00:00.000Z');
    hearing.officer({ kind: 'disciplinary-hearing-held' }, '2027-01-05T16:00:00Z');
    expect(reportOn([hearing.trail()]).kpis['disciplinary-hearing-within-15-working-days']).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
  });

  it('counts a meeting held after its deadline fired as missed, and one made unnecessary by the outcome as neither', () => {
    const late = TrailBuilder.firstDays(referralAbout(), '2026-11-23T10:00:00Z', { decision: thresholdDecision('allegation'), at: '2026-11-23T15:00:00Z' })
      .officer({ kind: 'tracks', police: false, section47: true, employer: 'none' }, '2026-11-24T10:00:00Z')
      .fire('officerEvent', '2026-12-02T17:00:00Z')
      .officer({ kind: 'strategy-meeting-held' }, '2026-12-03T10:00:00Z');
    const concludedFirst = TrailBuilder.firstDays(referralAbout(), '2026-11-23T10:00:00Z', { decision: thresholdDecision('allegation'), at: '2026-11-23T15:00:00Z' })
      .officer({ kind: 'tracks', police: false, section47: true, employer: 'none' }, '2026-11-24T10:00:00Z')
      .officer({ kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } }, '2026-11-30T10:00:00Z');
    const pending = TrailBuilder.firstDays(referralAbout(), '2027-03-18T10:00:00Z', { decision: thresholdDecision('allegation'), at: '2027-03-18T15:00:00Z' }).officer(
      { kind: 'tracks', police: false, section47: true, employer: 'none' },
      '2027-03-19T10:00:00Z',
    );
    // Seven working days from Thursday 18 March, Good Friday and Easter Monday closed: Wednesday 31 March.
    expect(pending.record.deadlines.find((d) => d.kind === 'strategyMeeting')?.dueAt).toBe('2027-03-31T16:00:00.000Z');
    // Read on 25 March 2027: the third meeting is not yet due.
    const { kpis } = reportOn([late.trail(), concludedFirst.trail(), pending.trail()], { computedAt: new Date('2027-03-25T12:00:00Z') });
    expect(kpis['strategy-meeting-within-7-working-days']).toMatchObject({ value: 0, numerator: 0, denominator: 1, breakdown: { met: 0, missed: 1, superseded: 1, notYetDue: 1 } });
    expect(kpis['strategy-meetings-held'].value).toBe(1);
  });
});

describe('resolution', () => {
  it('misses the twelve months for an allegation concluded after thirteen, counted in the year it concluded', () => {
    const long = TrailBuilder.firstDays(referralAbout(), '2025-03-03T10:00:00Z', { decision: thresholdDecision('allegation'), at: '2025-03-03T15:00:00Z' }).officer(
      { kind: 'outcome', result: { outcome: 'substantiated', subOutcome: 'disciplinary', conclusions: ['disciplinary sanction'], investigationCompleted: true } },
      '2026-04-20T10:00:00Z',
    );
    const { kpis } = reportOn([long.trail()]);
    expect(kpis['resolved-within-1-month']).toMatchObject({ value: 0, denominator: 1 });
    expect(kpis['resolved-within-12-months']).toMatchObject({ value: 0, numerator: 0, denominator: 1, target: 95 });
    // The year before, it was open: nothing concluded.
    expect(reportOn([long.trail()], { from: '2025-04-01', to: '2026-03-31' }).kpis['resolved-within-12-months']).toMatchObject({ value: null, denominator: 0 });
  });
});

describe('drift across Easter 2027', () => {
  const decidedOn = (day: string) => TrailBuilder.firstDays(referralAbout(), `${day}T09:30:00Z`, { decision: thresholdDecision('allegation'), at: `${day}T10:00:00Z` });

  it(`counts a case as drifting after more than ${DRIFT_WORKING_DAYS} working days without an officer's record, Good Friday and Easter Monday not counted`, () => {
    // From Monday 1 March to Wednesday 31 March: 20 working days, with 26 and 29 March closed; from Friday 26 February, 21.
    const twenty = decidedOn('2027-03-01');
    const twentyOne = decidedOn('2027-02-26');
    const reviewed = decidedOn('2027-02-26').officer({ kind: 'review-done' }, '2027-03-15T10:00:00Z');
    const { kpis } = reportOn([twenty.trail(), twentyOne.trail(), reviewed.trail()]);
    expect(kpis['drift']).toMatchObject({ value: 1, denominator: 3, caseIds: [twentyOne.caseId] });
  });

  it('reads a period still running at the moment it is computed', () => {
    const twentyOne = decidedOn('2027-02-26');
    expect(reportOn([twentyOne.trail()], { computedAt: new Date('2027-03-24T12:00:00Z') }).kpis['drift'].value).toBe(0);
  });
});

describe('caseloads (003 §3.5: above 85 is high)', () => {
  const allocated = (officer: string, n: number) =>
    Array.from({ length: n }, (_, i) =>
      TrailBuilder.firstDays(referralAbout(), `2026-04-${String(7 + (i % 20)).padStart(2, '0')}T09:00:00Z`, {
        decision: thresholdDecision(i % 2 ? 'consultation' : 'allegation', officer),
        at: `2026-04-${String(7 + (i % 20)).padStart(2, '0')}T15:00:00Z`,
      }),
    );
  const busy = allocated('lado.busy', 86);
  const calm = allocated('lado.calm', 2);
  const stopped = allocated('lado.calm', 1)[0]!;
  stopped.apply(flagNeedsAttention(stopped.record, { step: 'Timer', errorClass: 'Error', execution: 'x' }, new Date('2026-05-01T10:00:00Z')));
  const trails = [...busy, ...calm, stopped].map((builder) => builder.trail());
  const computedAt = new Date('2026-05-15T12:00:00Z');

  it('averages the open allocated cases per LADO month by month, and finds the LADO above 85', () => {
    const { kpis } = reportOn(trails, { computedAt });
    expect(kpis['caseload-monthly-average']).toMatchObject({ value: 44.5, breakdown: { '2026-04': 44.5, '2026-05': 44.5 } });
    expect(kpis['caseload-maximum']).toMatchObject({ value: 86, target: 85, targetIs: 'at most' });
    expect(kpis['officers-above-high-caseload']).toMatchObject({ value: 1, breakdown: { '2026-04': 1, '2026-05': 1 } });
  });

  it('compares the workflows that should run with those running, a case stopped for operations left out', () => {
    const agreeing = reportOn(trails, { computedAt, runningWorkflows: 88 }).checks['open-cases-match-workflows'];
    expect(agreeing).toMatchObject({ ok: true, openCases: 89, stopped: 1, expectedRunning: 88, runningWorkflows: 88 });
  });
});
