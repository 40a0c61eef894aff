import { describe, expect, it } from 'vitest';
import { computeAnnualReport, DEFAULT_SETTINGS_THRESHOLD, type AnnualReport, type CaseTrail, type StoredEventLike } from '../../../functions/domain/report/annual-report';
import { normalisePostcode, normaliseSettingName } from '../../../functions/domain/report/settings';
import { calendar, officerRecord, referralAbout, thresholdDecision, TrailBuilder } from './trails';

/**
 * Settings intelligence (003 §11.10, §11.19) and the checks by which the
 * report reconciles with itself and with the workflows running, each shown
 * failing when it should.
 */
function reportOn(trails: CaseTrail[], options: { from?: string; to?: string; computedAt?: Date; runningWorkflows?: number | null; threshold?: number } = {}): AnnualReport {
  return computeAnnualReport({
    from: options.from ?? '2026-04-01',
    to: options.to ?? '2027-03-31',
    computedAt: options.computedAt ?? new Date('2027-05-01T12:00:00Z'),
    trails,
    enquiries: [],
    runningWorkflows: options.runningWorkflows ?? null,
    calendar,
    settingsThreshold: options.threshold ?? DEFAULT_SETTINGS_THRESHOLD,
  });
}

describe('settings referred about in the rolling 12 months (003 §11.10, §11.19)', () => {
  const about = (employer: string, postcode: string | undefined, receivedAt: string, sector: 'education' | 'early years' = 'education') =>
    TrailBuilder.firstDays(referralAbout({ employer, ...(postcode ? { postcode } : {}), sector }), receivedAt).trail();
  const withoutAddress = () => {
    const referral = referralAbout({ employer: 'Larkspur Primary School' });
    const { address: _address, ...employer } = referral.employer;
    return TrailBuilder.firstDays({ ...referral, employer }, '2026-11-02T10:00:00Z').trail();
  };
  const trails = [
    about('Larkspur Primary School', 'ME14 2BB', '2026-04-14T10:00:00Z'),
    about('larkspur primary school', 'me142bb', '2026-09-14T10:00:00Z'),
    about('The Larkspur Primary School.', 'ME14 2BB', '2027-03-01T10:00:00Z'),
    // Its postcode not given: it joins the one Larkspur Primary School known.
    withoutAddress(),
    // Before the rolling 12 months.
    about('Larkspur Primary School', 'ME14 2BB', '2026-03-16T10:00:00Z'),
    // One chain, two sites, told apart by postcode.
    about('Busy Bees Nursery', 'ME1 1AA', '2026-05-05T10:00:00Z', 'early years'),
    about('Busy Bees Nursery', 'ME1 1AA', '2026-06-05T10:00:00Z', 'early years'),
    about('Busy Bees Nursery', 'CT1 1AA', '2026-07-06T10:00:00Z', 'early years'),
  ];

  it('groups referrals by normalised name and postcode, flags a setting at the threshold, and lists those with two', () => {
    const report = reportOn(trails);
    expect(report.settings.map(({ setting, postcode, referrals, flagged, sector }) => ({ setting, postcode, referrals, flagged, sector }))).toEqual([
      { setting: 'The Larkspur Primary School.', postcode: 'ME14 2BB', referrals: 4, flagged: true, sector: 'education' },
      { setting: 'Busy Bees Nursery', postcode: 'ME1 1AA', referrals: 2, flagged: false, sector: 'early years' },
    ]);
    expect(report.settings[0]).toMatchObject({ key: 'larkspur primary school', firstReceived: '2026-04-14T10:00:00.000Z', lastReceived: '2027-03-01T10:00:00.000Z', subsectors: ['primary'] });
    expect(report.settingsWindow).toEqual({ from: '2026-04-01', to: '2027-03-31', threshold: 3, referrals: 7, settingNotHeld: 0, flagged: 1 });
  });

  it('looks back 12 months from the end of a shorter period, and takes the threshold given', () => {
    const quarter = reportOn(trails, { from: '2027-01-01', to: '2027-03-31', threshold: 2 });
    expect(quarter.settingsWindow).toMatchObject({ from: '2026-04-01', to: '2027-03-31', threshold: 2, flagged: 2 });
    expect(quarter.settings.filter((s) => s.flagged).map((s) => s.referrals)).toEqual([4, 2]);
  });

  it('normalises names and postcodes', () => {
    expect(normaliseSettingName('St. Mary’s C of E  Primary')).toBe('st marys c of e primary');
    expect(normaliseSettingName('The Hollies & Oaks Café')).toBe('hollies and oaks cafe');
    expect(normalisePostcode(' me142bb ')).toBe('ME14 2BB');
    expect(DEFAULT_SETTINGS_THRESHOLD).toBe(3);
  });

  it('refuses a threshold that is not a whole number of referrals', () => {
    expect(() => reportOn(trails, { threshold: 0 })).toThrow(RangeError);
    expect(() => reportOn(trails, { threshold: 2.5 })).toThrow(RangeError);
  });
});

describe('the checks', () => {
  const decided = () => TrailBuilder.firstDays(referralAbout(), '2026-06-01T09:00:00Z', { decision: thresholdDecision('consultation'), at: '2026-06-01T14:00:00Z' });

  it('all hold on trails the service wrote', () => {
    const { checks } = reportOn([decided().trail()]);
    expect(checks['decisions-reconcile']).toMatchObject({ ok: true, decisions: 1, consultations: 1 });
    expect(checks['outcomes-within-allegations']).toMatchObject({ ok: true, outcomes: 0 });
    expect(checks['trails-readable']).toMatchObject({ ok: true, trails: 1 });
  });

  it('decisions do not reconcile when a decision event has no decision recorded on its case', () => {
    const trail = decided().trail();
    const event = trail.events.find((e) => e.type === 'ThresholdDecisionRecorded')!;
    // The same decision written to the trail again, without a change to the case.
    trail.events.push({ type: 'ThresholdDecisionRecorded', actor: 'duty.2', at: '2026-06-02T10:00:00.000Z', details: event.details! });
    const check = reportOn([trail]).checks['decisions-reconcile'];
    expect(check).toMatchObject({ ok: false, decisions: 2, allegations: 0, consultations: 1, noFurtherAction: 0, transfers: 0 });
    expect(check.detail).toContain('they differ for: consultation');
  });

  it('outcomes exceed the allegations when an outcome is recorded on a case that was never an allegation', () => {
    const builder = decided();
    const trail = builder.trail();
    const outcome = officerRecord({ kind: 'outcome', result: { outcome: 'false', conclusions: ['remained in post'], investigationCompleted: true } });
    const at = '2026-06-10T10:00:00.000Z';
    const forged: StoredEventLike = {
      type: 'Officer:outcome',
      actor: 'lado.7',
      at,
      details: { outcome: 'false' },
      changes: { version: builder.record.version + 1, status: 'OUTCOME_DUTIES', decisions: [...builder.record.decisions, { decision: outcome, decidedBy: 'lado.7', decidedAt: at }] },
    };
    trail.events.push(forged);
    const check = reportOn([trail]).checks['outcomes-within-allegations'];
    expect(check).toMatchObject({ ok: false, outcomes: 1, allegations: 0, withoutAllegation: [trail.caseId] });
  });

  it('open cases disagree with the workflows running, and the check is skipped when no count is given or the period has ended', () => {
    const trails = [decided().trail(), decided().trail()];
    const now = new Date('2026-07-01T12:00:00Z');
    expect(reportOn(trails, { computedAt: now, runningWorkflows: 2 }).checks['open-cases-match-workflows']).toMatchObject({ ok: true, openCases: 2, expectedRunning: 2 });
    const disagreeing = reportOn(trails, { computedAt: now, runningWorkflows: 3 }).checks['open-cases-match-workflows'];
    expect(disagreeing).toMatchObject({ ok: false, openCases: 2, expectedRunning: 2, runningWorkflows: 3 });
    expect(disagreeing.detail).toContain('but 3 are');
    expect(reportOn(trails, { computedAt: now }).checks['open-cases-match-workflows']).toMatchObject({ ok: null, skipped: true, openCases: 2 });
    expect(reportOn(trails, { runningWorkflows: 2 }).checks['open-cases-match-workflows']).toMatchObject({ ok: null, skipped: true });
  });

  it('counts a closed case still sending its closing emails as running', () => {
    const closing = TrailBuilder.firstDays(referralAbout(), '2026-06-01T09:00:00Z');
    closing.autoSend = false;
    closing.decide(thresholdDecision('no-further-action'), '2026-06-01T14:00:00Z');
    const check = reportOn([closing.trail()], { computedAt: new Date('2026-06-01T14:00:30Z'), runningWorkflows: 1 }).checks['open-cases-match-workflows'];
    expect(check).toMatchObject({ ok: true, openCases: 0, closingEmails: 1, expectedRunning: 1 });
  });

  it('leaves out, and names, a trail that does not rebuild a case', () => {
    const broken: CaseTrail = { caseId: 'LADO-0000000000', events: [{ type: 'ReferralReceived', actor: 'referrer', at: '2026-06-01T09:00:00.000Z' }] };
    const report = reportOn([decided().trail(), broken]);
    expect(report.checks['trails-readable']).toMatchObject({ ok: false, trails: 2, unreadable: ['LADO-0000000000'] });
    expect(report.tables['enquiries-and-referrals'].rows[1]).toEqual({ label: 'referrals', count: 1 });
  });
});
