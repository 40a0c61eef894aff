import { DateTime } from 'luxon';
import { SERVICE_ZONE } from '../functions/domain/calendar';
import { OUTCOMES_OF_SUB_OUTCOME, SUB_OUTCOMES } from '../functions/domain/outcome';
import type { AnnualReport, CheckId, KpiId, Table, TableId } from '../functions/domain/report/output';
import { OUTCOMES } from './assumptions';
import type { CaseFacts, WorkloadTally } from './case-scripts';

/**
 * The annual report of the replayed period (GET /reports/annual) set beside
 * what the bench's generator did, figure by figure: every table, KPI and
 * check the generator can know. Pure: the report and the tallies in, one
 * line per figure out, each with what the generator expects, what the report
 * says, and whether they are equal.
 *
 * Tables are compared whole, as their non-zero rows (and cells): a row the
 * report lacks or adds, or a count one off, makes the table unequal. A KPI
 * is compared on the fields the generator knows (its value, numerator,
 * denominator, breakdown or case ids). What the generator cannot know is
 * listed in docs/bench.md.
 */

/** What the reconciliation reads of the bench's tallies (bench/case-scripts.ts, WorkloadTally), and the period asked for. */
export type ReportTallies = Pick<
  WorkloadTally,
  | 'decisions'
  | 'consultationsEscalated'
  | 'consultationOutcomes'
  | 'outcomes'
  | 'conclusions'
  | 'officerRecords'
  | 'referralsByMonth'
  | 'referralsBySector'
  | 'referralsByCategory'
  | 'returned'
  | 'rejected'
> & {
  /** Every case the replay created. */
  cases: Iterable<CaseFacts>;
  /** The London dates asked for: the replay's first day and its last. */
  period: { from: string; to: string };
};

export interface ReconciledFigure {
  /** `table:<id>`, `kpi:<id>`, `check:<id>`, or `period`, `settings-window`. */
  id: string;
  expected: unknown;
  reported: unknown;
  equal: boolean;
}

type Counts = Record<string, number>;

// ------------------------------------------------------------------ comparing

/** A value with its objects' keys sorted, so that two equal figures print alike. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function figure(id: string, expected: unknown, reported: unknown): ReconciledFigure {
  const [e, r] = [canonical(expected), canonical(reported)];
  return { id, expected: e, reported: r, equal: JSON.stringify(e) === JSON.stringify(r) };
}

const nonZero = (counts: Counts): Counts => Object.fromEntries(Object.entries(counts).filter(([, count]) => count !== 0));

/** A table's non-zero counts: `{label: count}` for a table of counts, `{row: {column: count}}` for a table of cells. */
function tableCounts(table: Table | undefined): Counts | Record<string, Counts> | undefined {
  if (!table) return undefined;
  if (!('columns' in table)) return nonZero(Object.fromEntries(table.rows.map((row) => [row.label, row.count])));
  const rows: Record<string, Counts> = {};
  for (const row of table.rows) {
    const cells = nonZero(row.cells);
    if (Object.keys(cells).length) rows[row.label] = cells;
  }
  return rows;
}

function counts(values: Iterable<string>): Counts {
  const found: Counts = {};
  for (const value of values) found[value] = (found[value] ?? 0) + 1;
  return found;
}

function cross(pairs: Iterable<[string, string]>): Record<string, Counts> {
  const rows: Record<string, Counts> = {};
  for (const [row, column] of pairs) {
    const cells = (rows[row] ??= {});
    cells[column] = (cells[column] ?? 0) + 1;
  }
  return rows;
}

/** The report's shares: per cent to one decimal place, null when there is nothing to share (measures.ts). */
const percent = (numerator: number, denominator: number) => (denominator === 0 ? null : Math.round(((100 * numerator) / denominator) * 10) / 10);
const round1 = (value: number) => Math.round(value * 10) / 10;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null);

/** The fields of a KPI, or of a check, that the generator's figure names. */
function pick(source: object | undefined, like: object): Record<string, unknown> | undefined {
  if (!source) return undefined;
  return Object.fromEntries(Object.keys(like).map((key) => [key, (source as Record<string, unknown>)[key]]));
}

// ------------------------------------------------------------------ what the generator did

/** A sub-outcome's label as 003 Table 12 lists it: the outcome alone when it takes none. */
function outcomeLabel(outcome: string, subOutcome: string | undefined): string {
  const takesOne = SUB_OUTCOMES.some((sub) => (OUTCOMES_OF_SUB_OUTCOME[sub] as readonly string[]).includes(outcome));
  if (!takesOne) return outcome;
  return `${outcome}: ${subOutcome ?? 'no sub-outcome recorded'}`;
}

/** The tracks an allegation followed (003 §8.1): the employer counts unless its track was none. */
function tracksLabel(tracks: CaseFacts['tracks']): string {
  if (!tracks) return 'tracks not recorded';
  const parts = [tracks.section47 ? 'section 47' : '', tracks.police ? 'police' : '', tracks.employer !== 'none' ? 'employer' : ''].filter(Boolean);
  if (parts.length === 0) return 'no investigation';
  if (parts.length === 1) return `${parts[0]} only`;
  return parts.length === 2 ? `${parts[0]} and ${parts[1]}` : 'section 47, police and employer';
}

const DECISION_ROWS: Record<string, string> = {
  allegation: 'allegation',
  consultation: 'consultation',
  'no-further-action': 'no further action',
  transfer: 'transfer',
};

const CLOSED = new Set(['CLOSED', 'REJECTED']);
const ALLOCATED = new Set(['ALLEGATION_MANAGEMENT', 'CONSULTATION', 'OUTCOME_DUTIES']);
/** A high caseload (003 §3.5: more than 85). */
const HIGH_CASELOAD = 85;

/** Where a case stood at an instant, by what the replay did to it. */
export function statusAt(facts: CaseFacts, at: number): string {
  const by = (instant: number | undefined) => instant !== undefined && instant <= at;
  if (by(facts.closedAt)) return 'CLOSED';
  if (by(facts.rejectedAt)) return 'REJECTED';
  if (by(facts.outcome?.at)) return 'OUTCOME_DUTIES';
  if (by(facts.escalatedAt)) return 'ALLEGATION_MANAGEMENT';
  if (facts.threshold && by(facts.threshold.at)) {
    return facts.threshold.outcome === 'allegation' ? 'ALLEGATION_MANAGEMENT' : facts.threshold.outcome === 'consultation' ? 'CONSULTATION' : 'CLOSED';
  }
  if (facts.returned && !by(facts.completeAt)) return 'AWAITING_RESUBMISSION';
  return 'AWAITING_THRESHOLD_DECISION';
}

/** The months of the period, each with the last moment of it in London, where its caseload is read. */
function monthEnds(period: { from: string; to: string }): Array<{ month: string; at: number }> {
  const ends: Array<{ month: string; at: number }> = [];
  for (let month = DateTime.fromISO(`${period.from.slice(0, 7)}-01`, { zone: SERVICE_ZONE }); month.toFormat('yyyy-MM') <= period.to.slice(0, 7); month = month.plus({ months: 1 })) {
    const lastDay = month.endOf('month').toISODate()!;
    const day = lastDay < period.to ? lastDay : period.to;
    ends.push({ month: month.toFormat('yyyy-MM'), at: DateTime.fromISO(day, { zone: SERVICE_ZONE }).endOf('day').toMillis() });
  }
  return ends;
}

// ------------------------------------------------------------------ the reconciliation

/** Every figure of the report the generator can know, by what it did alone: tables, KPIs and checks by id. */
export interface ExpectedFigures {
  tables: Partial<Record<TableId, unknown>>;
  kpis: Partial<Record<KpiId, Record<string, unknown>>>;
  checks: Partial<Record<CheckId, Record<string, unknown>>>;
  /** What the settings the report flags are counted over. */
  settingsWindow: { referrals: number };
}

export function expectedFigures(tallies: ReportTallies): ExpectedFigures {
  const cases = [...tallies.cases];
  const referrals = cases.length;
  const periodEnd = DateTime.fromISO(tallies.period.to, { zone: SERVICE_ZONE }).endOf('day').toMillis();
  const children = cases.flatMap((c) => c.childStatuses);
  const subsector = (c: CaseFacts) => (c.subsector ?? 'not given').trim().replace(/\s+/g, ' ').toLowerCase();
  const opened = cases.filter((c) => c.threshold?.outcome === 'allegation' || c.escalatedAt !== undefined);
  const concluded = cases.filter((c): c is CaseFacts & { outcome: NonNullable<CaseFacts['outcome']> } => c.outcome !== undefined);
  const decided = cases.filter((c): c is CaseFacts & { threshold: NonNullable<CaseFacts['threshold']> } => c.threshold !== undefined);
  const openAtEnd = cases.filter((c) => !CLOSED.has(statusAt(c, periodEnd)));
  const decisions = (outcome: string) => tallies.decisions[outcome] ?? 0;
  const allDecisions = Object.values(tallies.decisions).reduce((sum, n) => sum + n, 0);
  const outcomeRows: Counts = {};
  for (const [name, count] of Object.entries(tallies.outcomes)) {
    const row = OUTCOMES.find((candidate) => candidate.name === name);
    const label = row ? outcomeLabel(row.outcome, 'subOutcome' in row ? row.subOutcome : undefined) : `unknown row: ${name}`;
    outcomeRows[label] = (outcomeRows[label] ?? 0) + count;
  }

  const sectorByType = (sector: string) =>
    cross([
      ...cases.filter((c) => c.sector === sector).map((c): [string, string] => [c.category, 'referrals']),
      ...opened.filter((c) => c.sector === sector).flatMap((c): Array<[string, string]> => [
        ...(c.threshold?.outcome === 'allegation' ? [[c.category, 'allegations'] as [string, string]] : []),
        ...(c.escalatedAt !== undefined ? [[c.category, 'allegations'] as [string, string]] : []),
      ]),
      ...concluded.filter((c) => c.sector === sector).map((c): [string, string] => [c.category, c.outcome.outcome]),
    ]);
  const conclusionsBy = (rowOf: (c: CaseFacts) => string | undefined) =>
    cross(
      concluded.flatMap((c): Array<[string, string]> => {
        const row = rowOf(c);
        return row === undefined ? [] : [[row, 'outcomes'], ...c.outcome.conclusions.map((conclusion): [string, string] => [row, conclusion])];
      }),
    );

  const tables: Partial<Record<TableId, unknown>> = {
    'enquiries-and-referrals': { referrals },
    // The bench keeps no enquiries register: every enquiry table is empty.
    'enquiry-outcomes': {},
    'enquiries-by-sector': {},
    'enquiries-by-subsector': {},
    'enquiries-by-topic': {},
    'enquiries-by-asker': {},
    'nature-of-concern': tallies.referralsByCategory,
    'referrals-by-month': tallies.referralsByMonth,
    'referrals-by-setting': tallies.referralsBySector,
    'referrals-by-subsector': counts(cases.map((c) => `${c.sector}: ${subsector(c)}`)),
    'referrals-by-employment-basis': counts(cases.map((c) => c.employmentBasis ?? 'not recorded')),
    'consultation-outcomes': { ...tallies.consultationOutcomes, 'escalated to an allegation': tallies.consultationsEscalated },
    'referral-decisions': {
      ...Object.fromEntries(Object.entries(tallies.decisions).map(([outcome, count]) => [DECISION_ROWS[outcome] ?? outcome, count])),
      'rejected: missing details not supplied': tallies.rejected,
    },
    'allegations-by-abuse-type': counts(opened.flatMap((c) => [...(c.threshold?.outcome === 'allegation' ? [c.category] : []), ...(c.escalatedAt !== undefined ? [c.category] : [])])),
    'allegation-outcomes-by-sector': cross(concluded.map((c) => [c.sector, c.outcome.outcome])),
    'investigation-tracks': cross(concluded.flatMap((c): Array<[string, string]> => [[tracksLabel(c.tracks), 'all'], [tracksLabel(c.tracks), c.sector]])),
    'allegation-type-by-outcome': cross(concluded.map((c) => [c.category, c.outcome.outcome])),
    'allegation-outcomes': outcomeRows,
    'final-conclusions': tallies.conclusions,
    'final-conclusions-by-sector': conclusionsBy((c) => c.sector),
    'fostering-allegations-by-type': sectorByType('fostering'),
    'education-allegations-by-type': sectorByType('education'),
    'early-years-allegations-by-type': sectorByType('early years'),
    'wider-workforce-allegations-by-type': sectorByType('wider workforce'),
    'wider-workforce-conclusions-by-subsector': conclusionsBy((c) => (c.sector === 'wider workforce' ? subsector(c) : undefined)),
    'children-linked': {
      'children linked to referrals': children.length,
      'referrals naming children': cases.filter((c) => c.childStatuses.length > 0).length,
      'referrals with no child identified': cases.filter((c) => c.childStatuses.length === 0).length,
    },
    // The portal's referrals give no child's gender, disability or ethnicity.
    'children-by-gender': { 'not recorded': children.length },
    'children-by-disability': { 'not recorded': children.length },
    'children-by-ethnicity': { 'not recorded': children.length },
    'children-by-status': counts(children),
    'referrals-by-channel': { portal: referrals },
    'referrals-by-referrer': { 'professional (portal)': referrals },
    'open-cases-at-end': counts(openAtEnd.map((c) => statusAt(c, periodEnd))),
  };

  // Caseloads at each month's end: each LADO's cases in allegation management, consultation or outcome duties.
  const caseloadAverage: Counts = {};
  const caseloadMaximum: Counts = {};
  const aboveHigh: Counts = {};
  const officersAbove = new Set<string>();
  for (const { month, at } of monthEnds(tallies.period)) {
    const loads = counts(cases.filter((c) => c.officer !== undefined && c.receivedAt <= at && ALLOCATED.has(statusAt(c, at))).map((c) => c.officer!));
    const values = Object.values(loads);
    const average = mean(values);
    if (average !== null) caseloadAverage[month] = round1(average);
    caseloadMaximum[month] = values.length ? Math.max(...values) : 0;
    const high = Object.entries(loads).filter(([, load]) => load > HIGH_CASELOAD);
    aboveHigh[month] = high.length;
    high.forEach(([officer]) => officersAbove.add(officer));
  }
  const monthlyAverage = mean(Object.values(caseloadAverage));
  const maximum = Object.values(caseloadMaximum);

  const inTime = decided.filter((c) => c.threshold.inTime).length;
  const decisionMedian = median(decided.map((c) => c.threshold.workingDays));
  const resubmissionDays = cases.flatMap((c) => (c.resubmittedAfterWorkingDays === undefined ? [] : [c.resubmittedAfterWorkingDays]));
  const resubmissionMedian = median(resubmissionDays);
  const resolved = (kind: keyof NonNullable<CaseFacts['resolutionDue']>) => {
    const within = concluded.filter((c) => c.resolutionDue !== undefined && c.outcome.at <= c.resolutionDue[kind]).length;
    return { value: percent(within, concluded.length), numerator: within, denominator: concluded.length };
  };
  const drifting = openAtEnd.filter((c) => c.driftsOn <= tallies.period.to).map((c) => c.caseId).sort();

  const kpis: Partial<Record<KpiId, Record<string, unknown>>> = {
    'acknowledged-within-10-minutes': { denominator: referrals },
    'threshold-decision-within-one-working-day': { value: percent(inTime, decided.length), numerator: inTime, denominator: decided.length },
    'threshold-decision-median-working-days': { value: decisionMedian === null ? null : round1(decisionMedian), denominator: decided.length },
    'strategy-meetings-held': { value: tallies.officerRecords['strategy-meeting-held'] ?? 0 },
    'resolved-within-1-month': resolved('resolutionOneMonth'),
    'resolved-within-3-months': resolved('resolutionThreeMonths'),
    'resolved-within-12-months': resolved('resolutionTwelveMonths'),
    drift: { value: drifting.length, numerator: drifting.length, denominator: openAtEnd.length, caseIds: drifting },
    'caseload-monthly-average': { value: monthlyAverage === null ? null : round1(monthlyAverage), breakdown: caseloadAverage },
    'caseload-maximum': { value: maximum.length ? Math.max(...maximum) : null, breakdown: caseloadMaximum },
    'officers-above-high-caseload': { value: officersAbove.size, breakdown: aboveHigh },
    'referrals-returned': { value: percent(tallies.returned, referrals), numerator: tallies.returned, denominator: referrals },
    'referrals-rejected': { value: percent(tallies.rejected, referrals), numerator: tallies.rejected, denominator: referrals },
    'resubmission-median-working-days': { value: resubmissionMedian === null ? null : round1(resubmissionMedian), denominator: resubmissionDays.length },
    'portal-share': { value: percent(referrals, referrals), numerator: referrals, denominator: referrals },
  };

  const allegationsOpened = decisions('allegation') + tallies.consultationsEscalated;
  const checks: Partial<Record<CheckId, Record<string, unknown>>> = {
    'decisions-reconcile': {
      ok: true,
      decisions: allDecisions,
      allegations: decisions('allegation'),
      consultations: decisions('consultation'),
      noFurtherAction: decisions('no-further-action'),
      transfers: decisions('transfer'),
    },
    // The replay starts empty on the period's first day: every allegation managed in it was opened in it.
    'outcomes-within-allegations': { ok: true, outcomes: concluded.length, allegations: allegationsOpened, allegationsOpened, withoutAllegation: [] },
    'open-cases-match-workflows': { ok: true, openCases: openAtEnd.length },
    'trails-readable': { ok: true, trails: referrals, unreadable: [] },
  };

  return { tables, kpis, checks, settingsWindow: { referrals } };
}

/** The report figure by figure beside the generator's own figures (expectedFigures). */
export function reconcileReport(report: AnnualReport, period: ReportTallies['period'], expected: ExpectedFigures): ReconciledFigure[] {
  return [
    figure('period', period, report.period),
    ...Object.entries(expected.tables).map(([id, value]) => figure(`table:${id}`, nonZeroDeep(value), tableCounts(report.tables[id as TableId]))),
    ...Object.entries(expected.kpis).map(([id, value]) => figure(`kpi:${id}`, value, pick(report.kpis[id as KpiId], value!))),
    ...Object.entries(expected.checks).map(([id, value]) => figure(`check:${id}`, value, pick(report.checks[id as CheckId], value!))),
    figure('settings-window', expected.settingsWindow, pick(report.settingsWindow, expected.settingsWindow)),
  ];
}

/** Drops zero counts, and rows left empty, as tableCounts does on the report's side. */
function nonZeroDeep(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).flatMap(([key, inner]): Array<[string, unknown]> => {
    if (typeof inner === 'number') return inner === 0 ? [] : [[key, inner]];
    const cells = nonZeroDeep(inner);
    return cells && typeof cells === 'object' && Object.keys(cells).length === 0 ? [] : [[key, cells]];
  });
  return Object.fromEntries(entries);
}

/** The reconciliation summed up: whether every figure is equal, and how many tables and KPIs were checked. */
export function reconciliationSummary(figures: readonly ReconciledFigure[]) {
  return {
    allEqual: figures.length > 0 && figures.every((f) => f.equal),
    tablesChecked: figures.filter((f) => f.id.startsWith('table:')).length,
    kpisChecked: figures.filter((f) => f.id.startsWith('kpi:')).length,
    checksChecked: figures.filter((f) => f.id.startsWith('check:')).length,
    unequal: figures.filter((f) => !f.equal).map((f) => f.id),
  };
}
