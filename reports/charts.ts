import type { TopLevelSpec } from 'vega-lite';
import type { CountRow, ReportKpi, ReportShape, ReportTable } from './annual-report';
import { countRows, displayLabel, formatNumber, formatTarget, formatValue, isCellsTable, isMonthlyTable, isPercentUnit, tableColumns, targetVerdict } from './format';

/**
 * The annual report's charts, as Vega-Lite specifications: the same JSON is
 * drawn to SVG in Node for the HTML and Markdown reports (reports/svg.ts)
 * and in the browser on the console's report page. Pure: no DOM, no Node,
 * no library at run time (only Vega-Lite's types).
 *
 * - a monthly series (every row a month): a column chart, months in order;
 * - a breakdown (rows of counts: sectors, settings, decisions, …): a bar per row;
 * - a table of cells (rows by columns, e.g. outcomes by sector): a grid of
 *   squares shaded by their counts, each count written in it (its columns
 *   need not add up: a row may count referrals, allegations and outcomes);
 * - the KPIs against their targets, one chart per unit: a bar for each value, a
 *   black line at its target.
 *
 * Each chart has a title and a text alternative that says what it shows; the
 * table with every figure stays beside it.
 */
export type ChartKind = 'monthly' | 'breakdown' | 'grid' | 'kpis';

export interface ReportChart {
  /** Safe in a file name and an HTML id: chart-<id>.svg. */
  id: string;
  kind: ChartKind;
  title: string;
  /** The text alternative. */
  description: string;
  /** The table it draws, or the KPIs. */
  tableId?: string;
  kpiIds?: string[];
  spec: TopLevelSpec;
}

// GOV.UK's colours.
const BLUE = '#1d70b8';
const BLACK = '#0b0c0c';
const GREY = '#505a5f';

const CONFIG = {
  font: 'Arial, Helvetica, sans-serif',
  background: '#ffffff',
  padding: 8,
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 16, fontWeight: 'bold', color: BLACK, subtitleColor: GREY, subtitleFontSize: 12, offset: 12 },
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'bold', labelColor: BLACK, titleColor: BLACK, domainColor: GREY, tickColor: GREY, gridColor: '#dcdcdc', labelLimit: 320 },
  bar: { color: BLUE },
  text: { color: BLACK, fontSize: 11 },
} as const;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const TOTAL_ROW = /^(grand )?totals?$|^all$/i;
const BAR_STEP = 26;
const monthlyWidth = (months: number) => Math.min(12, Math.max(months, 6)) * 56;
/** A category's label drawn on lines: the labels carry line breaks, the axis splits them. */
const LINES = "split(datum.label, '\\n')";
const LINE_LENGTH = 30;
const MAX_LINES = 3;
/** At most this many values are named in a text alternative; the table holds them all. */
const NAMED = 15;

/** The charts of a report: its tables' (in the report's order), then its KPIs'. */
export function reportCharts(report: ReportShape): ReportChart[] {
  const ids = new Set<string>();
  const unique = (base: string) => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  const charts: ReportChart[] = [];
  for (const [tableId, table] of Object.entries(report.tables)) {
    const chart = tableChart(tableId, table);
    if (chart) charts.push({ ...chart, id: unique(chart.id) });
  }
  for (const chart of kpiCharts(report)) charts.push({ ...chart, id: unique(chart.id) });
  return charts;
}

/** The chart of one table, or none when it has nothing to draw. */
export function tableChart(tableId: string, table: ReportTable): ReportChart | undefined {
  const monthly = isMonthlyTable(tableId, table);
  const id = `table-${slug(tableId)}`;
  if (isCellsTable(table)) {
    const columns = tableColumns(table);
    const rows = table.rows.filter((row) => !TOTAL_ROW.test(row.label.trim()));
    const cells = rows.flatMap((row) => columns.map((column) => ({ row: row.label, column, value: finite(row.cells[column]) })));
    if (!cells.some((cell) => cell.value > 0)) return undefined;
    const largest = [...cells].sort((a, b) => b.value - a.value).filter((cell) => cell.value > 0);
    return {
      id,
      kind: 'grid',
      title: table.title,
      description:
        `Grid of ${lower(table.title)}: a row for each of ${rows.length} ${monthly ? 'months' : 'categories'} (${named(rows.map((row) => displayLabel(row.label)))}), ` +
        `a column for each of ${columns.length} (${named(columns.map(displayLabel))}), each square shaded by its count with the count written in it. ` +
        `Largest: ${largest.slice(0, 5).map((cell) => `${displayLabel(cell.row)} (${displayLabel(cell.column)}) ${formatNumber(cell.value)}`).join('; ')}.`,
      tableId,
      spec: gridSpec(table.title, cells, rows.map((row) => row.label), columns),
    };
  }
  const rows = countRows(table).filter((row) => !TOTAL_ROW.test(row.label.trim()) && Number.isFinite(row.count));
  if (!rows.some((row) => row.count > 0)) return undefined;
  const values = rows.map((row) => ({ label: chartLabel(row.label, monthly), count: row.count, countText: formatNumber(row.count) }));
  if (monthly) {
    return { id, kind: 'monthly', title: table.title, description: monthlyDescription(table.title, rows), tableId, spec: monthlySpec(table.title, values) };
  }
  return {
    id,
    kind: 'breakdown',
    title: table.title,
    description: `Bar chart of ${lower(table.title)}, a bar for each of ${rows.length} rows: ${named(rows.map((row) => `${displayLabel(row.label)} ${formatNumber(row.count)}`))}.`,
    tableId,
    spec: breakdownSpec(table.title, values),
  };
}

/**
 * The KPIs against their targets: one chart for each unit (percentages
 * together, working days together, …) holding the KPIs with a value that
 * have a target, and every percentage (drawn out of 100).
 */
export function kpiCharts(report: ReportShape): ReportChart[] {
  const byUnit = new Map<string, Array<[string, ReportKpi]>>();
  for (const [kpiId, kpi] of Object.entries(report.kpis)) {
    if (kpi.value === null || !Number.isFinite(kpi.value)) continue;
    const percent = isPercentUnit(kpi.unit);
    if (kpi.target === undefined && !percent) continue;
    const unit = percent ? '%' : kpi.unit.trim();
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), [kpiId, kpi]]);
  }
  return [...byUnit].map(([unit, kpis]) => {
    const percent = unit === '%';
    const unitWords = percent ? 'percentages' : unit || 'counts';
    const title = `Key performance indicators against their targets: ${unitWords}`;
    const values = kpis.map(([, kpi]) => ({ kpi: chartLabel(kpi.title, false), value: kpi.value!, valueText: formatValue(kpi.value, kpi.unit), target: kpi.target ?? null }));
    const withTargets = values.filter((v) => v.target !== null);
    const said = kpis.map(([, kpi]) => `${kpi.title}: ${formatValue(kpi.value, kpi.unit)}, ${kpi.target === undefined ? 'no target' : `target ${formatTarget(kpi)}${targetVerdict(kpi) ? `, ${targetVerdict(kpi)!.toLowerCase()}` : ''}`}`);
    return {
      id: `kpis-${percent ? 'percent' : slug(unit || 'count')}`,
      kind: 'kpis' as const,
      title,
      description: `Bar chart of ${kpis.length === 1 ? 'one key performance indicator' : `${kpis.length} key performance indicators`} in ${unitWords}${withTargets.length ? ', a black line marking each target' : ''}. ${said.join('; ')}.`,
      kpiIds: kpis.map(([kpiId]) => kpiId),
      spec: kpiSpec(title, values, withTargets, unit),
    };
  });
}

// ── the specifications ──

function monthlySpec(title: string, values: Array<{ label: string; count: number; countText: string }>): TopLevelSpec {
  const x = { field: 'label', type: 'ordinal', sort: values.map((v) => v.label), title: 'Month', axis: { labelAngle: 0, labelExpr: LINES } } as const;
  return {
    $schema: SCHEMA,
    title: { text: title },
    width: monthlyWidth(values.length),
    height: 240,
    data: { values },
    encoding: { x, y: { field: 'count', type: 'quantitative', title: 'Count', axis: { tickMinStep: 1 } } },
    layer: [{ mark: { type: 'bar', color: BLUE } }, { mark: { type: 'text', baseline: 'bottom', dy: -3 }, encoding: { text: { field: 'countText' } } }],
    config: CONFIG,
  } as TopLevelSpec;
}

function breakdownSpec(title: string, values: Array<{ label: string; count: number; countText: string }>): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: { text: title },
    width: 420,
    height: { step: barStep(values.map((v) => v.label)) },
    data: { values },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: values.map((v) => v.label), title: null, axis: { labelExpr: LINES } },
      x: { field: 'count', type: 'quantitative', title: 'Count', axis: { tickMinStep: 1 } },
    },
    layer: [{ mark: { type: 'bar', color: BLUE } }, { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'countText' } } }],
    config: CONFIG,
  } as TopLevelSpec;
}

function gridSpec(title: string, cellsGiven: Array<{ row: string; column: string; value: number }>, rowsGiven: string[], columnsGiven: string[]): TopLevelSpec {
  // Columns wide enough for their longest word, which is never cut (labelLimit 0); when that makes the grid too wide for a page, narrow columns under slanted labels.
  const longest = Math.max(...columnsGiven.flatMap((column) => displayLabel(column).split(/\s+/)).map((word) => word.length));
  const natural = Math.max(64, longest * 6.5 + 10);
  const slanted = natural * columnsGiven.length > 560;
  const step = slanted ? 48 : natural;
  const columnLabel = (column: string) => (slanted ? displayLabel(column) : wrap(displayLabel(column), Math.max(12, longest), 3));
  const rows = rowsGiven.map((row) => chartLabel(row, false));
  const columns = columnsGiven.map(columnLabel);
  const cells = cellsGiven.map((cell) => ({ row: chartLabel(cell.row, false), column: columnLabel(cell.column), value: cell.value }));
  const highest = Math.max(...cells.map((cell) => cell.value));
  const y = { field: 'row', type: 'nominal', sort: rows, title: null, axis: { labelExpr: LINES, domain: false, ticks: false } } as const;
  const x = {
    field: 'column',
    type: 'nominal',
    sort: columns,
    title: null,
    axis: { orient: 'top', domain: false, ticks: false, labelLimit: 0, ...(slanted ? { labelAngle: -40, labelAlign: 'left' } : { labelAngle: 0, labelExpr: LINES }) },
  } as const;
  const text = (values: typeof cells, color: string) => ({ data: { values: values.map((cell) => ({ ...cell, valueText: formatNumber(cell.value) })) }, mark: { type: 'text', color }, encoding: { x, y, text: { field: 'valueText' } } });
  // Each count written dark on a light square, white on a dark one.
  const dark = cells.filter((cell) => cell.value > highest * 0.55);
  const light = cells.filter((cell) => cell.value <= highest * 0.55);
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: 'Each square shaded by its count: the darker, the more.' },
    width: { step },
    height: { step: barStep(rows) + 4 },
    layer: [
      { data: { values: cells }, mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2 }, encoding: { x, y, color: { field: 'value', type: 'quantitative', scale: { scheme: 'blues', domain: [0, Math.max(highest, 1)] }, legend: null } } },
      ...(light.length ? [text(light, BLACK)] : []),
      ...(dark.length ? [text(dark, '#ffffff')] : []),
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

function kpiSpec(
  title: string,
  values: Array<{ kpi: string; value: number; valueText: string; target: number | null }>,
  withTargets: Array<{ kpi: string; target: number | null }>,
  unit: string,
): TopLevelSpec {
  const percent = unit === '%';
  const highest = Math.max(...values.map((v) => v.value), ...withTargets.map((v) => v.target ?? 0));
  const top = percent ? Math.max(100, highest) : Math.max(highest * 1.15, 1);
  const domain: number[] = [0, top];
  const x = { type: 'quantitative', title: percent ? 'Per cent' : unit ? capitalise(unit) : 'Value', scale: { domain, nice: !percent } } as const;
  const inside = values.filter((v) => v.value >= top * 0.3);
  const outside = values.filter((v) => v.value < top * 0.3);
  const y = { field: 'kpi', type: 'nominal', sort: values.map((v) => v.kpi), title: null, axis: { labelExpr: LINES } } as const;
  return {
    $schema: SCHEMA,
    title: { text: title, ...(withTargets.length ? { subtitle: 'Bars: the value. Black lines: the target.' } : {}) },
    width: 420,
    height: { step: Math.max(32, barStep(values.map((v) => v.kpi))) },
    layer: [
      { data: { values }, mark: { type: 'bar', color: BLUE }, encoding: { y, x: { ...x, field: 'value' } } },
      // Each value written inside the end of its bar, clear of the target line, or after a bar too short to hold it.
      ...(inside.length ? [{ data: { values: inside }, mark: { type: 'text', align: 'right', dx: -5, color: '#ffffff', fontWeight: 'bold' }, encoding: { y, x: { ...x, field: 'value' }, text: { field: 'valueText' } } }] : []),
      ...(outside.length ? [{ data: { values: outside }, mark: { type: 'text', align: 'left', dx: 5 }, encoding: { y, x: { ...x, field: 'value' }, text: { field: 'valueText' } } }] : []),
      ...(withTargets.length ? [{ data: { values: withTargets }, mark: { type: 'tick', color: BLACK, thickness: 3, size: 26 }, encoding: { y, x: { ...x, field: 'target' } } }] : []),
    ],
    resolve: { scale: { y: 'shared', x: 'shared' } },
    config: CONFIG,
  } as TopLevelSpec;
}

// ── text alternatives ──

function monthlyDescription(title: string, rows: CountRow[]): string {
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const highest = rows.reduce((a, b) => (b.count > a.count ? b : a));
  const lowest = rows.reduce((a, b) => (b.count < a.count ? b : a));
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  return (
    `Column chart of ${lower(title)}, ${rows.length} months from ${displayLabel(first.label)} to ${displayLabel(last.label)}: ` +
    `${named(rows.map((row) => `${displayLabel(row.label)} ${formatNumber(row.count)}`))}. ` +
    `Highest ${displayLabel(highest.label)} (${formatNumber(highest.count)}), lowest ${displayLabel(lowest.label)} (${formatNumber(lowest.count)}), ${formatNumber(total)} in all.`
  );
}

function named(items: string[]): string {
  return items.length > NAMED ? `${items.slice(0, NAMED).join(', ')} and ${items.length - NAMED} more` : items.join(', ');
}

// ── the drawing, made accessible ──

/**
 * Vega's SVG as one image to assistive technology: role="img", named by a
 * title and described by the text alternative, the same in Node and in the
 * browser. The roles and ARIA attributes Vega gives its marks and axes go
 * (the table beside the chart gives every figure). Vega escapes the text it
 * draws, < and > included, so every < … > is a tag; the title and
 * description are escaped here.
 */
export function accessibleSvg(svg: string, chart: Pick<ReportChart, 'id' | 'title' | 'description'>): string {
  const titleId = `chart-${chart.id}-title`;
  const descId = `chart-${chart.id}-desc`;
  const plain = svg.replace(/<[^>]+>/g, (tag) => tag.replace(/\s(?:role|focusable|aria-[a-z-]+)="[^"]*"/g, ''));
  return plain.replace(
    /^\s*<svg\b([^>]*)>/,
    (_match, attributes: string) =>
      `<svg${attributes} role="img" aria-labelledby="${titleId} ${descId}" focusable="false"><title id="${titleId}">${escapeXml(chart.title)}</title><desc id="${descId}">${escapeXml(chart.description)}</desc>`,
  );
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// ── helpers ──

export function slug(text: string): string {
  return (
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/%/g, 'percent')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart'
  );
}

/** A row label for a chart's axis: a month on two lines ("Apr" over "2023"), anything else wrapped at about 30 characters, at most three lines. */
export function chartLabel(label: string, monthly: boolean): string {
  const text = displayLabel(label).replace(/\s+/g, ' ').trim();
  return monthly ? text.replace(' ', '\n') : wrap(text, LINE_LENGTH, MAX_LINES);
}

/** Text on lines of about `length` characters, at most `most` of them, the last cut short with an ellipsis. */
function wrap(text: string, length: number, most: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= length) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= most) return lines.join('\n');
  return [...lines.slice(0, most - 1), `${lines.slice(most - 1).join(' ').slice(0, length - 1)}…`].join('\n');
}

const barStep = (labels: string[]) => Math.max(BAR_STEP, Math.max(...labels.map((l) => l.split('\n').length)) * 15 + 8);

const finite = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value : 0);
const lower = (text: string) => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
