import type { AnnualReport } from '../functions/domain/report/output';

/**
 * What the renderers read of the annual report (functions/domain/report,
 * computeAnnualReport; GET /reports/annual): tables of counts, KPIs against
 * their targets, the settings flagged and the checks, read generically, by
 * any table id and any KPI id. The computed report is one of these (checked
 * below at compile time); a report built by hand with a few tables is too.
 */
export type { AnnualReport };

export type CountRow = { label: string; count: number };
export type CellsRow = { label: string; cells: Record<string, number> };

export type ReportTable = { title: string; source: string; columns?: string[]; rows: CountRow[] | CellsRow[] };

export type ReportKpi = {
  title: string;
  /** Null when there was nothing to measure. */
  value: number | null;
  unit: string;
  numerator?: number;
  denominator?: number;
  target?: number;
  /** Whether the value should be at least or at most the target; without it the target is shown and not judged. */
  targetIs?: 'at least' | 'at most';
  source: string;
  caseIds?: string[];
};

export type ReportSetting = {
  setting: string;
  referrals: number;
  caseIds?: string[];
  sector?: string;
  postcode?: string | null;
  firstReceived?: string;
  lastReceived?: string;
  /** At or above the report's threshold; a setting without it is listed as flagged. */
  flagged?: boolean;
};

export type ReportCheck = { ok: boolean | null; detail: string; skipped?: true };

export type ReportShape = {
  period: { from: string; to: string };
  computedAt: string;
  asAt?: string;
  tables: Record<string, ReportTable>;
  kpis: Record<string, ReportKpi>;
  settings: ReportSetting[];
  /** The window the settings are counted over, and the referrals that flag one. */
  settingsWindow?: { from: string; to: string; threshold: number; referrals: number; settingNotHeld: number; flagged: number };
  checks: Record<string, ReportCheck>;
};

/** Fails to compile when the computed report stops being one the renderers read. */
type Renderable<T extends ReportShape> = T;
export type ComputedReport = Renderable<AnnualReport>;
