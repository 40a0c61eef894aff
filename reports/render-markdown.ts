import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ReportShape } from './annual-report';
import { reportCharts, type ReportChart } from './charts';
import { CHECK_HEADINGS, checkRows, flaggedSettings, KPI_HEADINGS, kpiLines, kpiRow, reportHeadline, SETTING_HEADINGS, settingRow, settingsIntroduction, textTable, watchedSettings } from './sections';
import { renderChartSvg } from './svg';

/**
 * The annual report as Markdown: every table, the KPIs with their values,
 * targets and what they counted, the settings flagged and the checks.
 *
 * Without options it is a string, at once. Given `chartsDir`, the charts are
 * drawn (reports/svg.ts) and written there as chart-<id>.svg, each linked
 * beside its table: then the answer is a promise. The links are
 * `chartsHref/chart-<id>.svg`, chartsHref defaulting to chartsDir as given
 * (pass "." when the Markdown is written into the same folder).
 */
export interface MarkdownOptions {
  chartsDir?: string;
  chartsHref?: string;
}

export function renderReportMarkdown(report: ReportShape, options?: { chartsDir?: undefined; chartsHref?: string }): string;
export function renderReportMarkdown(report: ReportShape, options: { chartsDir: string; chartsHref?: string }): Promise<string>;
export function renderReportMarkdown(report: ReportShape, options: MarkdownOptions = {}): string | Promise<string> {
  if (options.chartsDir === undefined) return markdown(report, new Map());
  return writeCharts(report, options.chartsDir).then((files) => {
    const href = (options.chartsHref ?? options.chartsDir!).replace(/\\/g, '/').replace(/\/+$/, '');
    return markdown(report, new Map(files.map(({ chart, file }) => [chart.id, { chart, href: href && href !== '.' ? `${href}/${file}` : file }])));
  });
}

/** Draws every chart of the report into `dir` as chart-<id>.svg; the files written, with their charts. */
export async function writeCharts(report: ReportShape, dir: string): Promise<Array<{ chart: ReportChart; file: string; path: string }>> {
  await mkdir(dir, { recursive: true });
  const written: Array<{ chart: ReportChart; file: string; path: string }> = [];
  for (const chart of reportCharts(report)) {
    const file = `chart-${chart.id}.svg`;
    const target = path.join(dir, file);
    await writeFile(target, `<?xml version="1.0" encoding="UTF-8"?>\n${await renderChartSvg(chart)}\n`);
    written.push({ chart, file, path: target });
  }
  return written;
}

type Linked = Map<string, { chart: ReportChart; href: string }>;

function markdown(report: ReportShape, charts: Linked): string {
  const chartOf = (tableId: string) => [...charts.values()].find(({ chart }) => chart.tableId === tableId);
  const kpiCharts = [...charts.values()].filter(({ chart }) => chart.kind === 'kpis');
  const out: string[] = [];
  out.push('# LADO annual report', '', text(reportHeadline(report)), '');

  const checks = checkRows(report);
  const failing = checks.filter((check) => check.ok === false);
  if (failing.length) out.push(`> **${failing.length === 1 ? 'A check failed' : `${failing.length} checks failed`}:** ${failing.map((check) => text(check.cells[0]!)).join(', ')}. See [Checks](#checks) before relying on the figures.`, '');

  out.push('## Key performance indicators', '');
  const kpis = kpiLines(report);
  if (kpis.length) out.push(table(KPI_HEADINGS, kpis.map(kpiRow)), '');
  else out.push('The report has no KPIs.', '');
  for (const line of kpis.filter((l) => l.caseIds.length)) out.push(`**${text(line.title)}:** ${line.caseIds.map(text).join(', ')}`, '');
  for (const { chart, href } of kpiCharts) out.push(image(chart, href), '');

  out.push('## Tables and charts', '');
  for (const [id, data] of Object.entries(report.tables)) {
    const shown = textTable(id, data);
    out.push(`### ${text(shown.title)}`, '');
    const linked = chartOf(id);
    if (linked) out.push(image(linked.chart, linked.href), '');
    out.push(shown.rows.length ? table(shown.headings, shown.rows) : 'Nothing to count in this period.', '', `Source: ${text(shown.source)}`, '');
  }

  out.push('## Settings flagged', '', text(settingsIntroduction(report)), '');
  const settings = flaggedSettings(report);
  out.push(settings.length ? table(SETTING_HEADINGS, settings.map(settingRow)) : 'No setting is flagged.', '');
  const watched = watchedSettings(report);
  if (watched.length) out.push('Settings referred about less often, to watch:', '', table(SETTING_HEADINGS, watched.map(settingRow)), '');

  out.push('## Checks', '');
  out.push(checks.length ? table(CHECK_HEADINGS, checks.map((check) => check.cells)) : 'The report has no checks.', '');
  return out.join('\n');
}

function image(chart: ReportChart, href: string): string {
  // The alt text is the chart's text alternative; the table that follows gives every figure.
  return `![${text(chart.description)}](${encodeURI(href)} "${text(chart.title).replace(/"/g, '&quot;')}")`;
}

function table(headings: string[], rows: string[][]): string {
  const numeric = headings.map((_, column) => column > 0 && rows.length > 0 && rows.every((row) => /^-?[\d,.]+%?$/.test(row[column] ?? '')));
  return [
    `| ${headings.map((heading) => text(heading) || ' ').join(' | ')} |`,
    `|${headings.map((_, column) => (numeric[column] ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((row) => `| ${row.map((cell) => text(cell) || ' ').join(' | ')} |`),
  ].join('\n');
}

/**
 * Report text as Markdown text: one line, markup characters backslash-escaped,
 * and <, > and & as entities, so that no label becomes a link, emphasis, a
 * table cell or HTML, whatever the renderer.
 */
export function text(value: string): string {
  return String(value)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)([-+=#])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)]\s)/, '$1\\$2');
}
