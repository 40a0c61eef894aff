import { computeChecks } from './checks';
import { reportContext } from './context';
import type { ReportInput } from './input';
import { computeKpis } from './kpis';
import type { AnnualReport } from './output';
import { computeSettings } from './settings';
import { computeTables } from './tables';

/**
 * The LADO annual report (seeds/003) and its KPIs, as a pure function of the
 * cases' audit trails and the enquiries: no AWS, no environment, no clock.
 * The same trails give the same report. docs/reports.md defines every table,
 * KPI and check by its id.
 */
export function computeAnnualReport(input: ReportInput): AnnualReport {
  const context = reportContext(input);
  const tables = computeTables(context);
  const { settings, window } = computeSettings(context, input.settingsThreshold);
  return {
    period: { from: input.from, to: input.to },
    computedAt: input.computedAt.toISOString(),
    asAt: context.period.asAt.toISOString(),
    tables,
    kpis: computeKpis(context),
    settings,
    settingsWindow: window,
    checks: computeChecks(context, tables['referral-decisions'], input.runningWorkflows),
  };
}

export { financialYear } from './period';
export { DEFAULT_SETTINGS_THRESHOLD } from './settings';
export type { CaseTrail, Enquiry, EnquiryOutcome, ReportInput, StoredEventLike } from './input';
export { ENQUIRY_OUTCOMES } from './input';
export type { AnnualReport, CheckId, CheckResult, Kpi, KpiId, SettingFlag, SettingsWindow, Table, TableId } from './output';
export { CHECK_IDS, KPI_IDS, TABLE_IDS } from './output';
