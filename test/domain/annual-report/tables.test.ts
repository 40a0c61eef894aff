import { describe, expect, it } from 'vitest';
import { computeAnnualReport, TABLE_IDS, type AnnualReport, type Table, type TableId } from '../../../functions/domain/report/annual-report';
import { countyEnquiries, countyYear, YEAR } from './scenario';
import { calendar } from './trails';

/**
 * The tables of the annual report (seeds/003 Tables 1 to 19, §7), on the
 * county year of scenario.ts: each referral in the month of its receipt,
 * each decision and outcome in the period of its own record.
 */
const { cases, trails } = countyYear();
const report: AnnualReport = computeAnnualReport({
  ...YEAR,
  computedAt: new Date('2027-05-01T12:00:00Z'),
  trails,
  enquiries: countyEnquiries(cases.allegation.caseId),
  runningWorkflows: null,
  calendar,
  settingsThreshold: 3,
});

/** A count table as label → count, leaving out zero rows. */
function counts(id: TableId): Record<string, number> {
  const table: Table = report.tables[id];
  return Object.fromEntries(table.rows.flatMap((row) => ('count' in row && row.count > 0 ? [[row.label, row.count]] : [])));
}

/** A cell table as label → its non-zero cells, leaving out empty rows. */
function cells(id: TableId): Record<string, Record<string, number>> {
  const table = report.tables[id];
  if (!('columns' in table)) throw new Error(`${id} is not a table of cells`);
  return Object.fromEntries(
    table.rows.flatMap((row) => {
      const filled = Object.entries(row.cells).filter(([, n]) => n > 0);
      return filled.length ? [[row.label, Object.fromEntries(filled)]] : [];
    }),
  );
}

describe('the shape of the report', () => {
  it('has every table, each with its title and its source in seeds/003', () => {
    expect(Object.keys(report.tables)).toEqual([...TABLE_IDS]);
    for (const id of TABLE_IDS) {
      expect(report.tables[id].title, id).not.toBe('');
      expect(report.tables[id].source, id).toMatch(/^003 /);
    }
  });

  it('lists every row of a fixed list, zero or not, so that its shape never changes', () => {
    expect(report.tables['referrals-by-setting'].rows.map((r) => r.label)).toEqual(['education', 'early years', 'fostering', 'wider workforce', 'unknown']);
    expect(report.tables['nature-of-concern'].rows).toHaveLength(10);
    expect(report.tables['allegation-outcomes'].rows.map((r) => r.label)).toEqual([
      'substantiated: management action',
      'substantiated: dismissal',
      'substantiated: disciplinary',
      'substantiated: resignation',
      'substantiated: no sub-outcome recorded',
      'unsubstantiated: management action',
      'unsubstantiated: no further action',
      'unsubstantiated: no sub-outcome recorded',
      'false',
      'malicious',
      'unfounded',
    ]);
  });
});

describe('enquiries and referrals (003 Tables 1 and 2)', () => {
  it('counts the enquiries received in the period beside the referrals, with those that led to one', () => {
    expect(counts('enquiries-and-referrals')).toEqual({ enquiries: 4, referrals: 12, 'enquiries advised to refer': 1, 'enquiries linked to a referral': 1 });
    expect(counts('enquiry-outcomes')).toEqual({ 'advised to refer': 1, signposted: 1, 'managed by the agency': 1, 'sent to the Front Door': 1 });
  });

  it('counts enquiries by topic and by who asked (003 §2.2, Table 20)', () => {
    expect(counts('enquiries-by-topic')).toEqual({ 'allegation advice': 4 });
    expect(counts('enquiries-by-asker')).toEqual({ employer: 3, Ofsted: 1 });
  });

  it('groups enquiries by sector and subsector, as the register records them', () => {
    expect(counts('enquiries-by-sector')).toEqual({ education: 2, 'early years': 1, 'wider workforce': 1 });
    expect(counts('enquiries-by-subsector')).toEqual({
      'education: primary school': 1,
      'education: secondary school': 1,
      'wider workforce: health agency': 1,
      'early years: not given': 1,
    });
  });
});

describe('referrals (003 Tables 3, 4 and 5, §3.1)', () => {
  it('counts the nature of concern of the referrals received', () => {
    expect(counts('nature-of-concern')).toEqual({
      'physical abuse': 2,
      'physical intervention': 1,
      'emotional abuse': 1,
      'sexual abuse': 1,
      neglect: 1,
      'inappropriate conduct': 2,
      'online safety': 1,
      suitability: 1,
      'transfer of risk': 1,
      'risk by association': 1,
    });
  });

  it('counts each referral in the London month of its receipt, every month of the period listed', () => {
    expect(report.tables['referrals-by-month'].rows).toEqual([
      { label: '2026-04', count: 0 },
      { label: '2026-05', count: 1 },
      { label: '2026-06', count: 2 },
      { label: '2026-07', count: 0 },
      { label: '2026-08', count: 0 },
      { label: '2026-09', count: 2 },
      { label: '2026-10', count: 1 },
      { label: '2026-11', count: 1 },
      { label: '2026-12', count: 2 },
      { label: '2027-01', count: 1 },
      { label: '2027-02', count: 0 },
      { label: '2027-03', count: 2 },
    ]);
  });

  it('counts referrals by sector (unknown when none is named) and subsector', () => {
    expect(counts('referrals-by-setting')).toEqual({ education: 5, 'early years': 2, fostering: 1, 'wider workforce': 3, unknown: 1 });
    expect(counts('referrals-by-subsector')).toMatchObject({
      'education: primary': 4,
      'education: secondary': 1,
      'early years: nursery': 1,
      'early years: childminder': 1,
      'fostering: local authority': 1,
      "wider workforce: residential children's homes": 1,
      'wider workforce: sports clubs': 1,
      'wider workforce: health': 1,
    });
    expect(counts('referrals-by-employment-basis')).toEqual({ paid: 12 });
  });

  it('counts referrals by channel and by who referred (003 §3.1: none from the public)', () => {
    expect(counts('referrals-by-channel')).toEqual({ portal: 11, phone: 1 });
    expect(counts('referrals-by-referrer')).toEqual({ 'professional (portal)': 11, 'parent or carer': 1 });
  });
});

describe('decisions (003 Tables 6, 7 and 8)', () => {
  it('counts the threshold decisions recorded in the period, and the referral rejected without one', () => {
    expect(counts('referral-decisions')).toEqual({
      allegation: 3,
      consultation: 4,
      'no further action': 2,
      transfer: 1,
      'rejected: missing details not supplied': 1,
    });
  });

  it('counts how consultations ended, an escalation among them', () => {
    expect(counts('consultation-outcomes')).toEqual({ 'management action': 1, 'advice or signposting': 1, 'risk assessment': 1, 'escalated to an allegation': 1 });
  });

  it('counts the abuse type of the allegations opened, threshold decisions and escalations alike', () => {
    expect(counts('allegations-by-abuse-type')).toEqual({ 'physical intervention': 1, 'sexual abuse': 1, suitability: 1, 'inappropriate conduct': 1 });
  });
});

describe('outcomes and conclusions (003 Tables 9 to 14)', () => {
  it('counts the outcomes recorded in the period, one concluded from a referral of the year before', () => {
    expect(counts('allegation-outcomes')).toEqual({ 'substantiated: dismissal': 1, 'unsubstantiated: management action': 1, unfounded: 1 });
    expect(cells('allegation-outcomes-by-sector')).toEqual({ education: { substantiated: 1, unfounded: 1 }, fostering: { unsubstantiated: 1 } });
    expect(cells('allegation-type-by-outcome')).toEqual({
      'physical abuse': { unsubstantiated: 1 },
      'physical intervention': { substantiated: 1 },
      'inappropriate conduct': { unfounded: 1 },
    });
  });

  it('counts the investigation tracks of the allegations concluded', () => {
    expect(cells('investigation-tracks')).toEqual({
      'employer only': { all: 1, fostering: 1 },
      'section 47 and employer': { all: 1, education: 1 },
      'tracks not recorded': { all: 1, education: 1 },
    });
  });

  it('counts every final conclusion an outcome gives, and by sector with the outcomes beside them', () => {
    expect(counts('final-conclusions')).toEqual({ 'remained in post': 2, 'management action': 1, dismissed: 1, 'referred to DBS': 1 });
    expect(cells('final-conclusions-by-sector')).toEqual({
      education: { outcomes: 2, 'remained in post': 1, dismissed: 1, 'referred to DBS': 1 },
      fostering: { outcomes: 1, 'remained in post': 1, 'management action': 1 },
    });
  });
});

describe('by sector (003 Tables 15 to 19)', () => {
  it('gives each sector its referrals, allegations and outcomes by type', () => {
    expect(cells('education-allegations-by-type')).toEqual({
      'physical intervention': { referrals: 1, allegations: 1, substantiated: 1 },
      'sexual abuse': { referrals: 1, allegations: 1 },
      neglect: { referrals: 1 },
      'inappropriate conduct': { referrals: 1, allegations: 1, unfounded: 1 },
      'transfer of risk': { referrals: 1 },
    });
    expect(cells('fostering-allegations-by-type')).toEqual({ 'physical abuse': { unsubstantiated: 1 }, 'emotional abuse': { referrals: 1 } });
    expect(cells('early-years-allegations-by-type')).toEqual({ 'physical abuse': { referrals: 1 }, 'inappropriate conduct': { referrals: 1 } });
    expect(cells('wider-workforce-allegations-by-type')).toEqual({
      'physical abuse': { referrals: 1 },
      suitability: { referrals: 1, allegations: 1 },
      'risk by association': { referrals: 1 },
    });
    expect(report.tables['wider-workforce-conclusions-by-subsector'].rows).toEqual([]);
  });
});

describe('children linked to referrals (003 §7.1)', () => {
  it('counts the children of the referrals received, "not recorded" where a detail is missing', () => {
    expect(counts('children-linked')).toEqual({ 'children linked to referrals': 12, 'referrals naming children': 11, 'referrals with no child identified': 1 });
    expect(counts('children-by-gender')).toEqual({ male: 1, female: 1, 'not recorded': 10 });
    expect(counts('children-by-disability')).toEqual({ disabled: 1, 'not recorded': 11 });
    expect(counts('children-by-ethnicity')).toEqual({ 'white british': 1, 'not recorded': 11 });
    expect(counts('children-by-status')).toEqual({ 'universal services': 10, 'child in need': 1, 'looked after': 1 });
  });
});

describe("open cases at the period's end (003 §3.5, §11.11)", () => {
  it('counts the cases open at the last moment of the period, by status', () => {
    expect(counts('open-cases-at-end')).toEqual({ ALLEGATION_MANAGEMENT: 2, AWAITING_THRESHOLD_DECISION: 1 });
  });
});
