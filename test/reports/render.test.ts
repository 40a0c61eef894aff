import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportShape } from '../../reports/annual-report';
import { reportCharts } from '../../reports/charts';
import { displayLabel } from '../../reports/format';
import { renderReportHtml } from '../../reports/render-html';
import { renderReportMarkdown } from '../../reports/render-markdown';
import { renderChartSvg } from '../../reports/svg';

/**
 * The report's printable forms on a report built by hand: a few tables (a
 * monthly series, a breakdown by sector with a hostile label, a table of
 * cells, one of zeros, one with no rows), KPIs with and without targets and one with no value,
 * settings, and a failing check. The Markdown holds every table and KPI; the
 * HTML parses, with every chart an <svg> titled for assistive technology, no
 * markup from the report's text, and an A4 print stylesheet; the charts are
 * drawn in Node, with no browser.
 */
const HOSTILE = '<script>alert("owned")</script> | *bold* [link](javascript:void)';
const MONTHS = ['2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03'];

const report = {
  period: { from: '2023-04-01', to: '2024-03-31' },
  computedAt: '2024-04-05T09:00:00.000Z',
  asAt: '2024-03-31T22:59:59.999Z',
  tables: {
    'referrals-by-month': { title: 'Referrals per month', source: '003 Table 4', rows: MONTHS.map((label, i) => ({ label, count: [98, 110, 132, 121, 64, 117, 128, 133, 95, 139, 120, 141][i]! })) },
    'referrals-by-setting': {
      title: 'Referrals by setting type',
      source: '003 Table 5',
      rows: [
        { label: 'education', count: 708 },
        { label: 'wider workforce', count: 428 },
        { label: 'early years', count: 114 },
        { label: HOSTILE, count: 3 },
      ],
    },
    'allegation-outcomes-by-sector': {
      title: 'Allegation outcomes by professional sector',
      source: '003 Table 9',
      columns: ['substantiated', 'unsubstantiated', 'unfounded', 'malicious'],
      rows: [
        { label: 'education', cells: { substantiated: 80, unsubstantiated: 246, unfounded: 106, malicious: 2 } },
        { label: 'early years', cells: { substantiated: 12, unsubstantiated: 30, unfounded: 9, malicious: 0 } },
      ],
    },
    'referrals-by-channel': { title: 'Referrals by channel', source: '003 §3.6', rows: [{ label: 'portal', count: 0 }, { label: 'email', count: 0 }] },
    'enquiries-by-subsector': { title: 'Enquiries by sector and subsector', source: '003 Table 2', rows: [] },
  },
  kpis: {
    'threshold-decision-within-one-working-day': {
      title: 'Threshold decisions within one working day',
      value: 87.5,
      unit: '%',
      numerator: 35,
      denominator: 40,
      target: 95,
      targetIs: 'at least',
      source: '003 §11.10',
    },
    'threshold-decision-median-working-days': { title: 'Median working days to a threshold decision', value: 0.5, unit: 'working days', target: 1, targetIs: 'at most', source: '004 para 16' },
    'portal-share': { title: 'Referrals through the portal', value: 96, unit: '%', numerator: 1400, denominator: 1458, source: '003 §3.6' },
    'strategy-meetings-held': { title: 'Strategy meetings held', value: 26, unit: 'meetings', source: '003 §11.5' },
    'resolved-within-12-months': { title: 'Allegations resolved within 12 months', value: null, unit: '%', target: 100, targetIs: 'at least', source: 'national targets' },
    drift: { title: 'Cases drifting', value: 2, unit: 'cases', target: 0, targetIs: 'at most', source: '003 §11.10', caseIds: ['LADO-0000000001', 'LADO-0000000002'] },
  },
  settings: [
    { setting: 'St Hostile <b>Academy</b>', referrals: 4, caseIds: ['LADO-0000000003', 'LADO-0000000004'], sector: 'education', flagged: true },
    { setting: 'Little Acorns Nursery', referrals: 2, caseIds: ['LADO-0000000005', 'LADO-0000000006'], sector: 'early years', flagged: false },
  ],
  settingsWindow: { from: '2023-04-01', to: '2024-03-31', threshold: 3, referrals: 1458, settingNotHeld: 34, flagged: 1 },
  checks: {
    'decisions-reconcile': { ok: true, detail: 'Every referral received has one decision or is awaiting one.' },
    'open-cases-match-workflows': { ok: false, detail: '2 open cases have no running workflow: LADO-0000000007, LADO-0000000008.' },
    'trails-readable': { ok: null, detail: 'Not checked: no trails read.' },
  },
} satisfies ReportShape;

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node, tag?: string): Element[] {
  const found: Element[] = [];
  const visit = (n: Node) => {
    if ('tagName' in n && (!tag || n.tagName === tag)) found.push(n);
    const children = 'childNodes' in n ? n.childNodes : [];
    // A <template>'s content is a fragment of its own.
    for (const child of [...children, ...('content' in n && n.content ? [n.content as Node] : [])]) visit(child);
  };
  visit(node);
  return found;
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

const attribute = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;

const temporary: string[] = [];
afterAll(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

describe("the report's charts", () => {
  const charts = reportCharts(report);

  it('chart each monthly series, breakdown and table of cells, and the KPIs against their targets; not a table of zeros', () => {
    expect(charts.map((chart) => [chart.id, chart.kind])).toEqual([
      ['table-referrals-by-month', 'monthly'],
      ['table-referrals-by-setting', 'breakdown'],
      ['table-allegation-outcomes-by-sector', 'grid'],
      ['kpis-percent', 'kpis'],
      ['kpis-working-days', 'kpis'],
      ['kpis-cases', 'kpis'],
    ]);
    // Percentages are charted with or without a target; other units only with one; a KPI with no value not at all.
    expect(charts.find((chart) => chart.id === 'kpis-percent')!.kpiIds).toEqual(['threshold-decision-within-one-working-day', 'portal-share']);
  });

  it('give each chart a title and a text alternative that says what it shows', () => {
    for (const chart of charts) {
      expect(chart.title.trim(), chart.id).not.toBe('');
      expect(chart.description.length, chart.id).toBeGreaterThan(40);
    }
    const monthly = charts.find((chart) => chart.kind === 'monthly')!.description;
    expect(monthly).toContain('12 months from Apr 2023 to Mar 2024');
    expect(monthly).toContain('Highest Mar 2024 (141), lowest Aug 2023 (64), 1,398 in all');
    expect(charts.find((chart) => chart.id === 'kpis-percent')!.description).toContain(
      'Threshold decisions within one working day: 87.5%, target at least 95%, target not met; Referrals through the portal: 96%, no target',
    );
  });

  it('are drawn to SVG in Node, with no browser: each an <svg> with role img, its title and its description', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    for (const chart of charts) {
      const svg = await renderChartSvg(chart);
      const [root] = elements(parseFragment(svg), 'svg');
      expect(root, chart.id).toBeDefined();
      expect(attribute(root!, 'role')).toBe('img');
      expect(attribute(root!, 'aria-labelledby')).toBe(`chart-${chart.id}-title chart-${chart.id}-desc`);
      const [title] = elements(root!, 'title');
      expect(textOf(title!)).toBe(chart.title);
      expect(textOf(elements(root!, 'desc')[0]!)).toBe(chart.description);
      expect(elements(root!, 'rect').length + elements(root!, 'path').length, chart.id).toBeGreaterThan(0);
      expect(svg).not.toContain('<script');
    }
  });
});

describe('the Markdown report', () => {
  it('holds every table, row and KPI, with values, targets and what they counted, the settings and the checks', () => {
    const markdown = renderReportMarkdown(report);
    expect(typeof markdown).toBe('string');
    expect(markdown).toMatch(/^# LADO annual report\n/);
    expect(markdown).toContain('1 April 2023 to 31 March 2024');
    for (const table of Object.values(report.tables)) {
      expect(markdown).toContain(`### ${table.title}`);
      expect(markdown).toContain(`Source: ${table.source}`);
    }
    for (const month of ['Apr 2023', 'Mar 2024']) expect(markdown).toMatch(new RegExp(`\\| ${month} \\| \\d+ \\|`));
    expect(markdown).toContain('| Category | Substantiated | Unsubstantiated | Unfounded | Malicious |');
    expect(markdown).toContain('| Education | 80 | 246 | 106 | 2 |');
    for (const kpi of Object.values(report.kpis)) expect(markdown).toContain(`| ${kpi.title} |`);
    expect(markdown).toContain('| Threshold decisions within one working day | 87.5% | At least 95% | Target not met | 35 of 40 | 003 §11.10 |');
    expect(markdown).toContain('| Median working days to a threshold decision | 0.5 working days | At most 1 working day | Target met | — | 004 para 16 |');
    expect(markdown).toContain('| Referrals through the portal | 96% | No target | — | 1,400 of 1,458 |');
    expect(markdown).toContain('| Allegations resolved within 12 months | No value: nothing to measure | At least 100% |');
    expect(markdown).toContain('**Cases drifting:** LADO-0000000001, LADO-0000000002');
    expect(markdown).toContain('| St Hostile &lt;b&gt;Academy&lt;/b&gt; | Education | 4 | LADO-0000000003, LADO-0000000004 |');
    expect(markdown).toContain('| Open cases match workflows | Failed | 2 open cases have no running workflow');
    expect(markdown).toContain('> **A check failed:** Open cases match workflows.');
    expect(markdown).toContain('### Enquiries by sector and subsector\n\nNothing to count in this period.\n\nSource: 003 Table 2');
    expect(markdown).not.toContain('![');
  });

  it('escapes hostile text: no HTML, no link, no emphasis, no extra table cell', () => {
    const markdown = renderReportMarkdown(report);
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('<b>');
    const row = markdown.split('\n').find((line) => line.includes('alert'))!;
    expect(row).toBe('| &lt;script&gt;alert("owned")&lt;/script&gt; \\| \\*bold\\* \\[link\\](javascript:void) | 3 |');
  });

  it('writes the charts as chart-<id>.svg in the folder given, and links each beside its table', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lado-report-'));
    temporary.push(dir);
    const markdown = await renderReportMarkdown(report, { chartsDir: path.join(dir, 'charts'), chartsHref: 'charts' });
    const files = (await readdir(path.join(dir, 'charts'))).sort();
    expect(files).toEqual(reportCharts(report).map((chart) => `chart-${chart.id}.svg`).sort());
    for (const file of files) {
      const svg = await readFile(path.join(dir, 'charts', file), 'utf8');
      expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain('<title id=');
      expect(markdown).toContain(`](charts/${file} "`);
    }
    // Each table's chart comes right before its table.
    const monthly = markdown.indexOf('### Referrals per month');
    expect(markdown.indexOf('](charts/chart-table-referrals-by-month.svg', monthly)).toBeGreaterThan(monthly);
    expect(markdown.indexOf('](charts/chart-table-referrals-by-month.svg', monthly)).toBeLessThan(markdown.indexOf('| Month | Count |', monthly));
  });
});

describe('the HTML report', () => {
  let html: string;
  const page = async () => (html ??= await renderReportHtml(report));

  it('is one page that parses: a title, a heading, every table with its caption and scoped headers, every chart inline', async () => {
    const document = parse(await page());
    const [root] = elements(document, 'html');
    expect(attribute(root!, 'lang')).toBe('en-GB');
    expect(textOf(elements(document, 'title')[0]!)).toBe('LADO annual report: 2023-04-01 to 2024-03-31');
    expect(elements(document, 'h1').map(textOf)).toEqual(['LADO annual report']);
    const captions = elements(document, 'caption').map(textOf);
    for (const table of Object.values(report.tables)) if (table.rows.length) expect(captions).toContain(table.title);
    expect(captions).not.toContain('Enquiries by sector and subsector');
    expect(await page()).toContain('<h3 id="table-enquiries-by-subsector-heading">Enquiries by sector and subsector</h3>\n\n<p>Nothing to count in this period.</p>');
    expect(captions).toEqual(expect.arrayContaining(['Key performance indicators against their targets', 'Settings flagged', 'Checks']));
    for (const th of elements(document, 'th')) expect(['col', 'row']).toContain(attribute(th, 'scope'));
    // Nothing loaded from elsewhere, nothing run.
    expect(elements(document, 'script')).toEqual([]);
    expect(elements(document, 'link')).toEqual([]);
    expect(elements(document, 'img')).toEqual([]);
    const ids = elements(document).map((e) => attribute(e, 'id')).filter((id): id is string => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws every chart as an inline <svg> with a <title>, beside its table', async () => {
    const document = parse(await page());
    const charts = reportCharts(report);
    const svgs = elements(document, 'svg');
    expect(svgs).toHaveLength(charts.length);
    const titled = svgs.map((svg) => {
      expect(attribute(svg, 'role')).toBe('img');
      const title = svg.childNodes.find((child): child is Element => 'tagName' in child && child.tagName === 'title');
      return [title && attribute(title, 'id'), title && textOf(title)];
    });
    expect(titled.sort()).toEqual(charts.map((chart) => [`chart-${chart.id}-title`, chart.title]).sort());
    const figure = elements(document, 'section').find((section) => attribute(section, 'id') === 'table-referrals-by-month')!;
    expect(elements(figure, 'svg')).toHaveLength(1);
    expect(elements(figure, 'table')).toHaveLength(1);
  });

  it('escapes every text from the report: a label that is markup stays text', async () => {
    const text = await page();
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('<b>Academy');
    const document = parse(text);
    const cells = elements(document, 'th').map(textOf);
    expect(cells).toContain(displayLabel(HOSTILE));
    expect(elements(document, 'td').map(textOf)).toContain('2 open cases have no running workflow: LADO-0000000007, LADO-0000000008.');
    expect(cells).toContain('St Hostile <b>Academy</b>');
  });

  it('says which checks failed, and shows each KPI against its target', async () => {
    const document = parse(await page());
    const warning = elements(document, 'div').find((div) => attribute(div, 'class') === 'warning')!;
    expect(textOf(warning)).toContain('A check failed: Open cases match workflows.');
    const kpiRows = elements(elements(document, 'table')[0]!, 'tr').map((row) => elements(row).filter((e) => e.tagName === 'th' || e.tagName === 'td').map(textOf));
    expect(kpiRows).toContainEqual(['Threshold decisions within one working day', '87.5%', 'At least 95%', 'Target not met', '35 of 40', '003 §11.10']);
    expect(kpiRows).toContainEqual(['Allegations resolved within 12 months', 'No value: nothing to measure', 'At least 100%', '—', '—', 'national targets']);
  });

  it('prints on A4: @page size A4 with margins, headers repeated, tables and charts kept whole', async () => {
    const style = textOf(elements(parse(await page()), 'style')[0]!);
    expect(style).toMatch(/@page\s*\{[^}]*size:\s*A4;[^}]*margin:/);
    const print = style.slice(style.indexOf('@media print'));
    expect(print).toMatch(/thead\s*\{\s*display:\s*table-header-group;/);
    expect(print).toMatch(/table, figure, \.chart[^{]*\{[^}]*break-inside:\s*avoid;/);
    expect(print).toMatch(/print-color-adjust:\s*exact/);
    expect(print).not.toMatch(/display:\s*none/);
  });
});
