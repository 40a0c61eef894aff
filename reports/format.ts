import type { CellsRow, CountRow, ReportKpi, ReportShape, ReportTable } from './annual-report';

/**
 * How the annual report's figures read, the same in the console, the
 * Markdown and the HTML report: en-GB numbers and dates (London), months as
 * "Apr 2023", a KPI's value in its unit. Pure: no DOM, no Node.
 */
const ZONE = 'Europe/London';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const numbers = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const dateAndTime = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatNumber(value: number): string {
  return numbers.format(value);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** 2024-03-31 → "31 March 2024"; a moment → "5 April 2024, 09:00" (London). Anything else as it is. */
export function formatDate(iso: string): string {
  const date = new Date(DATE_ONLY.test(iso) ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (DATE_ONLY.test(iso) ? longDate : dateAndTime).format(date);
}

export function formatPeriod(period: ReportShape['period']): string {
  return `${formatDate(period.from)} to ${formatDate(period.to)}`;
}

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_NAME = new RegExp(`^(${MONTHS.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join('|')})\\.?(?:\\s+'?(\\d{2}|\\d{4}))?$`, 'i');

/** A row label that names a month: "2023-04", "April", "Apr 2023", "Apr 23". */
export function isMonthLabel(label: string): boolean {
  return YEAR_MONTH.test(label.trim()) || MONTH_NAME.test(label.trim());
}

/** A row or column label as it reads: "2023-04" → "Apr 2023"; "education: primary" → "Education: primary"; a status, "AWAITING_THRESHOLD_DECISION" → "Awaiting threshold decision". */
export function displayLabel(label: string): string {
  const month = YEAR_MONTH.exec(label.trim());
  if (month) return `${MONTHS[Number(month[2]) - 1]!.slice(0, 3)} ${month[1]}`;
  const text = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(label) ? label.replace(/_/g, ' ').toLowerCase() : label;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function isPercentUnit(unit: string): boolean {
  return unit.trim() === '%' || /^per ?cent$/i.test(unit.trim());
}

/** A value in its unit: 87.5 '%' → "87.5%", 3 'working days' → "3 working days", 1 'days' → "1 day"; null → "No value". */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return 'No value';
  if (isPercentUnit(unit)) return `${formatNumber(value)}%`;
  const text = unit.trim();
  if (!text) return formatNumber(value);
  return `${formatNumber(value)} ${value === 1 && /[^s]s$/.test(text) ? text.slice(0, -1) : text}`;
}

/** "35 of 40", when the KPI says what it counted. */
export function kpiMeasured(kpi: ReportKpi): string | undefined {
  if (kpi.numerator === undefined && kpi.denominator === undefined) return undefined;
  if (kpi.numerator !== undefined && kpi.denominator !== undefined) return `${formatNumber(kpi.numerator)} of ${formatNumber(kpi.denominator)}`;
  return kpi.numerator !== undefined ? `${formatNumber(kpi.numerator)} counted` : `out of ${formatNumber(kpi.denominator!)}`;
}

export function formatTarget(kpi: ReportKpi): string {
  if (kpi.target === undefined) return 'No target';
  return `${kpi.targetIs ? `${kpi.targetIs} ` : ''}${formatValue(kpi.target, kpi.unit)}`;
}

/** Whether a KPI meets its target: undefined without a value, a target or which way it should go. */
export function targetMet(kpi: ReportKpi): boolean | undefined {
  if (kpi.value === null || kpi.target === undefined || !kpi.targetIs) return undefined;
  return kpi.targetIs === 'at least' ? kpi.value >= kpi.target : kpi.value <= kpi.target;
}

export function targetVerdict(kpi: ReportKpi): 'Target met' | 'Target not met' | undefined {
  const met = targetMet(kpi);
  return met === undefined ? undefined : met ? 'Target met' : 'Target not met';
}

export function checkResult(ok: boolean | null): 'Passed' | 'Failed' | 'Not checked' {
  return ok === true ? 'Passed' : ok === false ? 'Failed' : 'Not checked';
}

/** "referrals-per-month" or "referralsPerMonth" → "Referrals per month": a check's or a table's id as words. */
export function idWords(id: string): string {
  const spaced = id.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

// ── tables ──

export function isCellsTable(table: ReportTable): table is ReportTable & { rows: CellsRow[] } {
  return table.rows.some((row) => 'cells' in row);
}

export function countRows(table: ReportTable): CountRow[] {
  return (table.rows as Array<CountRow | CellsRow>).filter((row): row is CountRow => 'count' in row);
}

/** A table's columns: those it names, then any other its cells hold, in the order met. */
export function tableColumns(table: ReportTable): string[] {
  const columns = [...(table.columns ?? [])];
  if (isCellsTable(table)) for (const row of table.rows) for (const key of Object.keys(row.cells)) if (!columns.includes(key)) columns.push(key);
  return columns;
}

/** A series by month: every row a month (at least two), or a table that says it is per month. */
export function isMonthlyTable(id: string, table: ReportTable): boolean {
  const labels = table.rows.map((row) => row.label);
  return (labels.length >= 2 && labels.every(isMonthLabel)) || (/month/i.test(`${id} ${table.title}`) && labels.some(isMonthLabel));
}

/** The heading of a table's row labels: "Month" for a monthly series, else "Category". */
export function rowHeading(id: string, table: ReportTable): string {
  return isMonthlyTable(id, table) ? 'Month' : 'Category';
}

/** The headings of a table of counts: its own two columns when it names two, else the row heading and "Count". */
export function countHeadings(id: string, table: ReportTable): [string, string] {
  const [first, second] = table.columns ?? [];
  return table.columns?.length === 2 && first && second ? [first, second] : [rowHeading(id, table), 'Count'];
}
