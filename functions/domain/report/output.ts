/**
 * The annual report as JSON: its tables, KPIs, settings and checks, each
 * under a stable kebab-case id that docs/reports.md defines. Counts only:
 * renderers work out percentages from a table's rows.
 */

/** The tables, mirroring Kent's annual report (seeds/003), in its order. */
export const TABLE_IDS = [
  'enquiries-and-referrals',
  'enquiry-outcomes',
  'enquiries-by-sector',
  'enquiries-by-subsector',
  'enquiries-by-topic',
  'enquiries-by-asker',
  'nature-of-concern',
  'referrals-by-month',
  'referrals-by-setting',
  'referrals-by-subsector',
  'referrals-by-employment-basis',
  'consultation-outcomes',
  'referral-decisions',
  'allegations-by-abuse-type',
  'allegation-outcomes-by-sector',
  'investigation-tracks',
  'allegation-type-by-outcome',
  'allegation-outcomes',
  'final-conclusions',
  'final-conclusions-by-sector',
  'fostering-allegations-by-type',
  'education-allegations-by-type',
  'early-years-allegations-by-type',
  'wider-workforce-allegations-by-type',
  'wider-workforce-conclusions-by-subsector',
  'children-linked',
  'children-by-gender',
  'children-by-disability',
  'children-by-ethnicity',
  'children-by-status',
  'referrals-by-channel',
  'referrals-by-referrer',
  'open-cases-at-end',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

/** The KPIs (003 §11.10 and recommendation 10). */
export const KPI_IDS = [
  'acknowledgement-median-hours',
  'acknowledged-within-10-minutes',
  'threshold-decision-within-one-working-day',
  'threshold-decision-median-working-days',
  'strategy-meeting-within-7-working-days',
  'employer-action-within-3-working-days',
  'disciplinary-hearing-within-15-working-days',
  'strategy-meetings-held',
  'resolved-within-1-month',
  'resolved-within-3-months',
  'resolved-within-12-months',
  'drift',
  'caseload-monthly-average',
  'caseload-maximum',
  'officers-above-high-caseload',
  'referrals-returned',
  'referrals-rejected',
  'resubmission-median-working-days',
  'portal-share',
  'emails-undelivered',
  'emails-owed-at-end',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

/** The report's reconciliation with itself, and with the workflows running. */
export const CHECK_IDS = ['decisions-reconcile', 'outcomes-within-allegations', 'open-cases-match-workflows', 'trails-readable'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface CountRow {
  label: string;
  count: number;
}

export interface CellRow {
  label: string;
  cells: Record<string, number>;
}

export interface CountTable {
  title: string;
  /** Where the table comes from: seed file and table or paragraph, e.g. "003 Table 4". */
  source: string;
  rows: CountRow[];
}

export interface CellTable {
  title: string;
  source: string;
  /** The cells of every row, in order. */
  columns: string[];
  rows: CellRow[];
}

export type Table = CountTable | CellTable;

export type KpiUnit = '%' | 'working days' | 'hours' | 'cases' | 'officers' | 'meetings' | 'emails';

export interface Kpi {
  title: string;
  /** Null when nothing was there to measure (no denominator). */
  value: number | null;
  unit: KpiUnit;
  numerator?: number;
  denominator?: number;
  target?: number;
  /** Whether the value should be at least or at most the target. */
  targetIs?: 'at least' | 'at most';
  source: string;
  /** Further counts behind the value, each named. */
  breakdown?: Record<string, number>;
  /** The cases the KPI names (drift): ids only. */
  caseIds?: string[];
}

/** A setting referred about in the rolling 12 months to the period's end (settings.ts). */
export interface SettingFlag {
  /** The employer's name as last given. */
  setting: string;
  /** The name as grouped: lower case, punctuation and a leading "the" dropped. */
  key: string;
  /** The postcode the group shares, when held. */
  postcode: string | null;
  sector: string;
  subsectors: string[];
  referrals: number;
  caseIds: string[];
  firstReceived: string;
  lastReceived: string;
  /** At or above the threshold. */
  flagged: boolean;
}

export interface SettingsWindow {
  from: string;
  to: string;
  threshold: number;
  /** Referrals received in the window. */
  referrals: number;
  /** Of them, those whose setting is not held: the employer's name disposed of with the personal data, or never given. */
  settingNotHeld: number;
  flagged: number;
}

export interface CheckResult {
  /** Null when the check could not be made (skipped). */
  ok: boolean | null;
  detail: string;
  skipped?: true;
  [figure: string]: number | boolean | string | string[] | null | undefined;
}

export interface AnnualReport {
  period: { from: string; to: string };
  computedAt: string;
  /** The instant the period's end is read at: its last moment, or when the report is computed if that is sooner. */
  asAt: string;
  tables: Record<TableId, Table>;
  kpis: Record<KpiId, Kpi>;
  settings: SettingFlag[];
  settingsWindow: SettingsWindow;
  checks: Record<CheckId, CheckResult>;
}
