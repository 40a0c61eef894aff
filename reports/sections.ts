import type { ReportKpi, ReportSetting, ReportShape, ReportTable } from './annual-report';
import { checkResult, countHeadings, countRows, displayLabel, formatDate, formatNumber, formatPeriod, formatTarget, formatValue, idWords, isCellsTable, kpiMeasured, rowHeading, tableColumns, targetVerdict } from './format';

/**
 * The report laid out once for every printed form (Markdown, HTML): each
 * table as its headings and rows of text, the KPIs, the settings flagged and
 * the checks, in the order they are read. Pure: no DOM, no Node.
 */
export interface TextTable {
  id: string;
  title: string;
  source: string;
  headings: string[];
  /** The first cell of each row is its heading. */
  rows: string[][];
}

export function textTable(id: string, table: ReportTable): TextTable {
  if (isCellsTable(table)) {
    const columns = tableColumns(table);
    return {
      id,
      title: table.title,
      source: table.source,
      headings: [rowHeading(id, table), ...columns.map(displayLabel)],
      rows: table.rows.map((row) => [displayLabel(row.label), ...columns.map((column) => formatNumber(row.cells[column] ?? 0))]),
    };
  }
  return { id, title: table.title, source: table.source, headings: countHeadings(id, table), rows: countRows(table).map((row) => [displayLabel(row.label), formatNumber(row.count)]) };
}

export interface KpiLine {
  id: string;
  title: string;
  value: string;
  target: string;
  /** "Target met", "Target not met", or none when the target is not judged. */
  verdict?: string;
  met?: boolean;
  measured?: string;
  source: string;
  caseIds: string[];
}

export const KPI_HEADINGS = ['Indicator', 'Value', 'Target', 'Result', 'Counted', 'Source'];

export function kpiLines(report: ReportShape): KpiLine[] {
  return Object.entries(report.kpis).map(([id, kpi]: [string, ReportKpi]) => {
    const verdict = targetVerdict(kpi);
    const measured = kpiMeasured(kpi);
    return {
      id,
      title: kpi.title,
      value: kpi.value === null ? 'No value: nothing to measure' : formatValue(kpi.value, kpi.unit),
      target: capitalise(formatTarget(kpi)),
      ...(verdict ? { verdict, met: verdict === 'Target met' } : {}),
      ...(measured ? { measured } : {}),
      source: kpi.source,
      caseIds: kpi.caseIds ?? [],
    };
  });
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function kpiRow(line: KpiLine): string[] {
  return [line.title, line.value, line.target, line.verdict ?? '—', line.measured ?? '—', line.source];
}

/** The settings the report flags (003 §11.10, §11.19): all it lists when it does not say which. */
export function flaggedSettings(report: ReportShape): ReportSetting[] {
  return report.settings.filter((setting) => setting.flagged !== false);
}

/** The settings the report lists without flagging them: fewer referrals, still worth watching. */
export function watchedSettings(report: ReportShape): ReportSetting[] {
  return report.settings.filter((setting) => setting.flagged === false);
}

export const SETTING_HEADINGS = ['Setting', 'Sector', 'Referrals', 'Cases'];

export function settingRow(setting: ReportSetting): string[] {
  return [setting.setting, setting.sector ? displayLabel(setting.sector) : '—', formatNumber(setting.referrals), setting.caseIds?.length ? setting.caseIds.join(', ') : '—'];
}

/** What the settings section counts: its window and threshold when the report gives them. */
export function settingsIntroduction(report: ReportShape): string {
  const flagged = flaggedSettings(report).length;
  const window = report.settingsWindow;
  const settings = flagged === 1 ? '1 setting is' : `${formatNumber(flagged)} settings are`;
  if (!window) return `${settings} flagged for the referrals about them, so that patterns of concern about a setting are seen (003 §11.10, §11.19).`;
  return (
    `${settings} flagged: referred about ${formatNumber(window.threshold)} or more times in the ${formatWindow(window)} (003 §11.10, §11.19). ` +
    `${formatNumber(window.referrals)} referrals were received in that time${window.settingNotHeld ? `, ${formatNumber(window.settingNotHeld)} of them with no setting held` : ''}.`
  );
}

function formatWindow(window: NonNullable<ReportShape['settingsWindow']>): string {
  return `period from ${formatDate(window.from)} to ${formatDate(window.to)}`;
}

export const CHECK_HEADINGS = ['Check', 'Result', 'Detail'];

export function checkRows(report: ReportShape): Array<{ id: string; cells: string[]; ok: boolean | null }> {
  return Object.entries(report.checks).map(([id, check]) => ({ id, ok: check.ok, cells: [idWords(id), checkResult(check.ok), check.detail] }));
}

/** The headline under the report's title: its period, and when it was computed; for a period still running, that what stands at its end is read as then. */
export function reportHeadline(report: ReportShape): string {
  const running = report.asAt !== undefined && Date.parse(report.asAt) === Date.parse(report.computedAt);
  return `${formatPeriod(report.period)}. Computed ${formatDate(report.computedAt)}.${running ? ' The period had not ended then: what stands at its end is read as at that moment.' : ''}`;
}
