import type { ReportShape } from './annual-report';
import type { ReportChart } from './charts';
import { CHECK_HEADINGS, checkRows, flaggedSettings, KPI_HEADINGS, kpiLines, kpiRow, reportHeadline, SETTING_HEADINGS, settingRow, settingsIntroduction, textTable, watchedSettings, type TextTable } from './sections';
import { renderReportCharts } from './svg';

/**
 * The annual report as one self-contained HTML page: its charts as inline
 * SVG (drawn in Node, reports/svg.ts), every table beside its chart, the
 * KPIs against their targets, the settings flagged and the checks, in a
 * plain GOV.UK-like style with a print stylesheet for A4. Every text from
 * the report is escaped; the page loads nothing and runs no script.
 */
export async function renderReportHtml(report: ReportShape): Promise<string> {
  const drawn = await renderReportCharts(report);
  const chartOfTable = new Map(drawn.filter(({ chart }) => chart.tableId !== undefined).map((d) => [d.chart.tableId!, d]));
  const kpiCharts = drawn.filter(({ chart }) => chart.kind === 'kpis');
  const kpis = kpiLines(report);
  const settings = flaggedSettings(report);
  const watched = watchedSettings(report);
  const checks = checkRows(report);
  const failing = checks.filter((check) => check.ok === false);
  const title = 'LADO annual report';

  const tables = Object.entries(report.tables).map(([id, table]) => {
    const drawing = chartOfTable.get(id);
    return `<section class="block" id="${attr(anchor('table', id))}" aria-labelledby="${attr(anchor('table', id))}-heading">
<h3 id="${attr(anchor('table', id))}-heading">${esc(table.title)}</h3>
${drawing ? figure(drawing.chart, drawing.svg) : ''}
${table.rows.length ? htmlTable(textTable(id, table), { captionHidden: true }) : `<p>${NOTHING}</p>`}
<p class="source">Source: ${esc(table.source)}</p>
</section>`;
  });

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${title}: ${report.period.from} to ${report.period.to}`)}</title>
<style>${STYLES}</style>
</head>
<body>
<header class="masthead"><p class="masthead__service">LADO referrals</p></header>
<main class="report">
<h1>${title}</h1>
<p class="lead">${esc(reportHeadline(report))}</p>
${failing.length ? `<div class="warning" role="note"><strong>${failing.length === 1 ? 'A check failed' : `${failing.length} checks failed`}:</strong> ${failing.map((check) => esc(check.cells[0]!)).join(', ')}. See <a href="#checks">Checks</a> before relying on the figures.</div>` : ''}
<nav class="contents" aria-labelledby="contents-heading">
<h2 id="contents-heading" class="contents__title">Contents</h2>
<ol>
<li><a href="#kpis">Key performance indicators</a></li>
<li><a href="#tables">Tables and charts</a><ol>${Object.entries(report.tables)
    .map(([id, table]) => `<li><a href="#${attr(anchor('table', id))}">${esc(table.title)}</a></li>`)
    .join('')}</ol></li>
<li><a href="#settings">Settings flagged</a></li>
<li><a href="#checks">Checks</a></li>
</ol>
</nav>

<section id="kpis" aria-labelledby="kpis-heading">
<h2 id="kpis-heading">Key performance indicators</h2>
${kpis.length ? htmlTable({ id: 'kpis', title: 'Key performance indicators against their targets', source: '', headings: KPI_HEADINGS, rows: kpis.map(kpiRow) }, { verdictColumn: 3 }) : '<p>The report has no KPIs.</p>'}
${kpis
  .filter((line) => line.caseIds.length)
  .map((line) => `<p class="cases"><strong>${esc(line.title)}:</strong> ${line.caseIds.map(esc).join(', ')}</p>`)
  .join('\n')}
${kpiCharts.map((d) => `<div class="block">${figure(d.chart, d.svg)}</div>`).join('\n')}
</section>

<section id="tables" aria-labelledby="tables-heading">
<h2 id="tables-heading">Tables and charts</h2>
${tables.join('\n')}
</section>

<section id="settings" aria-labelledby="settings-heading">
<h2 id="settings-heading">Settings flagged</h2>
<p>${esc(settingsIntroduction(report))}</p>
${settings.length ? htmlTable({ id: 'settings', title: 'Settings flagged', source: '', headings: SETTING_HEADINGS, rows: settings.map(settingRow) }) : '<p>No setting is flagged.</p>'}
${watched.length ? htmlTable({ id: 'settings-watched', title: 'Settings referred about less often, to watch', source: '', headings: SETTING_HEADINGS, rows: watched.map(settingRow) }) : ''}
</section>

<section id="checks" aria-labelledby="checks-heading">
<h2 id="checks-heading">Checks</h2>
<p>The report's figures checked against each other and against the workflows running.</p>
${checks.length ? htmlTable({ id: 'checks', title: 'Checks', source: '', headings: CHECK_HEADINGS, rows: checks.map((check) => check.cells) }, { verdictColumn: 1 }) : '<p>The report has no checks.</p>'}
</section>
</main>
</body>
</html>
`;
}

const NOTHING = 'Nothing to count in this period.';

function figure(chart: ReportChart, svg: string): string {
  // The SVG carries its own title and description (reports/charts.ts, accessibleSvg); the table beside it gives every figure.
  return `<figure class="chart" id="${attr(`chart-${chart.id}`)}">${svg}</figure>`;
}

const RESULT_CLASS: Record<string, string> = { 'Target met': 'tag tag--green', Passed: 'tag tag--green', 'Target not met': 'tag tag--red', Failed: 'tag tag--red', 'Not checked': 'tag tag--grey' };

/** A table with its caption (hidden where the heading above says the same) and header cells scoped. */
function htmlTable(table: TextTable, options: { verdictColumn?: number; captionHidden?: boolean } = {}): string {
  const numeric = table.headings.map((_, column) => column > 0 && table.rows.length > 0 && table.rows.every((row) => /^-?[\d,.]+%?$/.test(row[column] ?? '')));
  const cell = (text: string, column: number) => {
    const className = RESULT_CLASS[text];
    const content = column === options.verdictColumn && className ? `<strong class="${className}">${esc(text)}</strong>` : esc(text);
    if (column === 0) return `<th scope="row">${content}</th>`;
    return `<td${numeric[column] ? ' class="numeric"' : ''}>${content}</td>`;
  };
  return `<table>
<caption${options.captionHidden ? ' class="visually-hidden"' : ''}>${esc(table.title)}</caption>
<thead><tr>${table.headings.map((heading, column) => `<th scope="col"${numeric[column] ? ' class="numeric"' : ''}>${esc(heading)}</th>`).join('')}</tr></thead>
<tbody>
${table.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

const anchor = (prefix: string, id: string) => `${prefix}-${id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/** Text for HTML: every character that could start markup or end an attribute, escaped. */
export function esc(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
const attr = esc;

/** GOV.UK's typography and colours, kept plain; on paper, A4 with margins, nothing split that can stay whole. */
const STYLES = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 19px; line-height: 1.32; color: #0b0c0c; background: #ffffff; }
.masthead { background: #0b0c0c; color: #ffffff; padding: 10px 30px; border-bottom: 10px solid #1d70b8; }
.masthead__service { margin: 0; font-weight: bold; font-size: 24px; }
.report { max-width: 1020px; margin: 0 auto; padding: 30px; }
h1 { font-size: 48px; line-height: 1.04; margin: 0 0 20px; }
h2 { font-size: 36px; line-height: 1.11; margin: 50px 0 20px; }
h3 { font-size: 24px; line-height: 1.25; margin: 40px 0 15px; }
p { margin: 0 0 20px; }
.lead { font-size: 24px; }
a { color: #1d70b8; text-decoration: underline; text-underline-offset: 0.1em; }
a:focus { outline: 3px solid transparent; background: #ffdd00; color: #0b0c0c; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }
.contents ol { margin: 0 0 20px; padding-left: 25px; }
.contents ol ol { font-size: 16px; columns: 2; column-gap: 30px; }
.contents__title { font-size: 24px; margin: 30px 0 10px; }
.warning { border-left: 10px solid #d4351c; padding: 15px; margin: 0 0 30px; background: #fdf0ee; }
table { border-collapse: collapse; border-spacing: 0; width: 100%; margin: 0 0 15px; font-size: 16px; }
caption { text-align: left; font-weight: bold; font-size: 19px; padding-bottom: 10px; }
th, td { text-align: left; vertical-align: top; padding: 8px 15px 8px 0; border-bottom: 1px solid #b1b4b6; }
th:last-child, td:last-child { padding-right: 0; }
thead th { font-weight: bold; }
tbody th { font-weight: normal; }
.numeric { text-align: right; font-variant-numeric: tabular-nums; }
.source, .cases { font-size: 16px; color: #505a5f; }
.cases { color: #0b0c0c; }
.chart { margin: 0 0 20px; }
.chart svg { display: block; max-width: 100%; height: auto; }
.tag { display: inline-block; padding: 2px 8px 3px; font-weight: bold; font-size: 14px; letter-spacing: 0.02em; white-space: nowrap; }
.visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important; }
.tag--green { color: #005a30; background: #cce2d8; }
.tag--red { color: #942514; background: #f4cdc6; }
.tag--grey { color: #383f43; background: #e5e6e7; }
@page { size: A4; margin: 18mm 15mm 20mm; }
@media print {
  body { font-size: 11pt; line-height: 1.3; }
  .masthead { background: none; color: #0b0c0c; padding: 0 0 4mm; border-bottom: 2pt solid #0b0c0c; }
  .masthead__service { font-size: 12pt; }
  .report { max-width: none; padding: 0; }
  h1 { font-size: 24pt; margin: 6mm 0 4mm; }
  h2 { font-size: 17pt; margin: 8mm 0 4mm; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 13pt; margin: 6mm 0 3mm; break-after: avoid; page-break-after: avoid; }
  .lead { font-size: 13pt; }
  a { color: #0b0c0c; }
  table { font-size: 9.5pt; }
  caption { font-size: 11pt; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  table, figure, .chart, .warning { break-inside: avoid; page-break-inside: avoid; }
  .block { break-inside: avoid-page; }
  #tables, #settings, #checks { break-before: page; page-break-before: always; }
  .chart svg { max-height: 150mm; width: auto; max-width: 100%; }
  .tag, .warning, .chart { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .contents ol ol { columns: 2; }
}
`;
