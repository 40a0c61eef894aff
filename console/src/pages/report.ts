import type { AnnualReport, ReportSetting } from '../../../reports/annual-report';
import { reportCharts, type ReportChart } from '../../../reports/charts';
import { displayLabel } from '../../../reports/format';
import { checkRows, flaggedSettings, kpiLines, reportHeadline, settingsIntroduction, textTable, watchedSettings, type KpiLine } from '../../../reports/sections';
import { get, query } from '../api';
import { renderChart } from '../charts';
import { serviceNow } from '../clock';
import { h, replace, table, tag, type Child } from '../dom';
import { errorSummary, textField } from '../forms';
import { caseLink, type PageDefinition } from '../page';

/**
 * The annual report (GET /reports/annual), for LADO managers: a period (by
 * default the financial year today falls in), the KPIs against their targets,
 * the settings flagged (003 §11.10, §11.19), the report's checks, and every
 * table with its chart. The charts are drawn from the same specifications as
 * the printed report (reports/charts.ts); each table stays beside its chart.
 */
export const reportPage: PageDefinition = {
  pattern: /^\/reports\/annual$/,
  groups: ['lado-manager'],
  async render(context) {
    const { main, title } = context;
    title('Annual report');
    main.append(h('h1', { class: 'heading-l', tabindex: '-1' }, 'Annual report'));
    const today = londonDate(await serviceNow());
    const chosen = { from: context.query.get('from') ?? '', to: context.query.get('to') ?? '' };
    if (!chosen.from && !chosen.to) Object.assign(chosen, financialYear(today));

    const form = periodForm(chosen, (period) => context.navigate(`#/reports/annual${query(period)}`));
    const years = financialYears(today);
    main.append(
      h('p', { class: 'body' }, 'The service in figures over a period: the KPIs against their targets, the settings referred about often, the checks on the figures, and every table with its chart.'),
      form,
      h(
        'p',
        { class: 'body' },
        'Financial years: ',
        years.map((year, i) => [i ? ', ' : '', h('a', { class: 'link', href: `#/reports/annual${query(year)}` }, `${year.from.slice(0, 4)} to ${year.to.slice(0, 4)}`)]),
      ),
    );
    const body = h('div', { class: 'report-page', 'aria-live': 'polite' }, h('p', { class: 'body loading' }, 'Computing the report…'));
    main.append(body);

    let report: AnnualReport;
    try {
      report = await get<AnnualReport>(`/reports/annual${query(chosen)}`);
    } catch (error) {
      body.replaceChildren(errorSummary(error, form));
      return;
    }
    const charts = reportCharts(report);
    const figures = new Map<string, HTMLElement>();
    const figure = (chart: ReportChart | undefined) => {
      if (!chart) return null;
      const element = h('figure', { class: 'chart', id: `chart-${chart.id}` }, h('p', { class: 'body loading' }, 'Drawing the chart…'));
      figures.set(chart.id, element);
      return element;
    };
    replace(body, reportSections(report, charts, figure));
    // One chart after another, in the order of the page: the tables are there already.
    for (const chart of charts) {
      const element = figures.get(chart.id);
      if (!element?.isConnected) continue;
      try {
        await renderChart(element, chart);
      } catch (error) {
        element.replaceChildren(h('p', { class: 'body muted' }, `The chart could not be drawn (${error instanceof Error ? error.message : String(error)}). The table gives its figures.`));
      }
    }
  },
};

function reportSections(report: AnnualReport, charts: ReportChart[], figure: (chart: ReportChart | undefined) => HTMLElement | null): Child[] {
  const checks = checkRows(report);
  const failing = checks.filter((check) => check.ok === false);
  const kpis = kpiLines(report);
  const flagged = flaggedSettings(report);
  const watched = watchedSettings(report);
  return [
    h('p', { class: 'lead' }, reportHeadline(report)),
    failing.length
      ? h(
          'div',
          { class: 'warning-text' },
          h('span', { class: 'warning-text__icon', 'aria-hidden': 'true' }, '!'),
          h('strong', { class: 'warning-text__text' }, h('span', { class: 'visually-hidden' }, 'Warning: '), `${failing.length === 1 ? 'A check failed' : `${failing.length} checks failed`}: ${failing.map((c) => c.cells[0]).join(', ')}. Read the checks before relying on the figures.`),
        )
      : null,

    section('kpis-heading', 'Key performance indicators', [
      kpis.length ? kpiTable(kpis) : h('p', { class: 'body' }, 'The report has no KPIs.'),
      kpis
        .filter((line) => line.caseIds.length)
        .map((line) => h('p', { class: 'body' }, h('strong', {}, `${line.title}: `), line.caseIds.map((caseId, i) => [i ? ', ' : '', caseLink(caseId)]))),
      charts.filter((chart) => chart.kind === 'kpis').map(figure),
    ]),

    section('settings-heading', 'Settings flagged', [
      h('p', { class: 'body' }, settingsIntroduction(report)),
      flagged.length ? settingsTable('Settings flagged', flagged) : h('p', { class: 'body' }, 'No setting is flagged.'),
      watched.length ? [h('h3', { class: 'heading-s' }, 'Referred about less often, to watch'), settingsTable('Settings to watch', watched)] : null,
    ]),

    section('checks-heading', 'Checks', [
      h('p', { class: 'body' }, "The report's figures checked against each other and against the workflows running."),
      checks.length
        ? table(
            'Checks',
            ['Check', 'Result', 'Detail'],
            checks.map((check) => [check.cells[0], tag(check.cells[1]!, check.ok === true ? 'green' : check.ok === false ? 'red' : 'grey'), check.cells[2]]),
            { captionHidden: true },
          )
        : h('p', { class: 'body' }, 'The report has no checks.'),
    ]),

    section(
      'tables-heading',
      'Tables and charts',
      Object.entries(report.tables).map(([id, data]) => {
        const shown = textTable(id, data);
        const headingId = `table-${id}-heading`;
        return h(
          'section',
          { class: 'report-table', 'aria-labelledby': headingId },
          h('h3', { class: 'heading-s', id: headingId }, shown.title),
          figure(charts.find((chart) => chart.tableId === id)),
          shown.rows.length ? table(shown.title, shown.headings, shown.rows, { captionHidden: true }) : h('p', { class: 'body' }, 'Nothing to count in this period.'),
          h('p', { class: 'body muted' }, `Source: ${shown.source}`),
        );
      }),
    ),
  ];
}

function section(headingId: string, heading: string, content: Child[]): HTMLElement {
  return h('section', { class: 'section', 'aria-labelledby': headingId }, h('h2', { class: 'heading-m', id: headingId }, heading), content);
}

function kpiTable(lines: KpiLine[]): HTMLTableElement {
  return table(
    'Key performance indicators against their targets',
    ['Indicator', 'Value', 'Target', 'Result', 'Counted'],
    lines.map((line) => [line.title, line.value, line.target, line.verdict ? tag(line.verdict, line.met ? 'green' : 'red') : '—', line.measured ?? '—']),
    { captionHidden: true },
  );
}

function settingsTable(caption: string, settings: ReportSetting[]): HTMLTableElement {
  return table(
    caption,
    ['Setting', 'Sector', 'Referrals', 'Cases'],
    settings.map((setting) => [
      setting.setting,
      setting.sector ? displayLabel(setting.sector) : '—',
      String(setting.referrals),
      setting.caseIds?.length ? setting.caseIds.map((caseId, i) => [i ? ', ' : '', caseLink(caseId)]) : '—',
    ]),
    { captionHidden: true },
  );
}

function periodForm(chosen: { from: string; to: string }, show: (period: { from: string; to: string }) => void): HTMLFormElement {
  const from = textField({ label: 'From', hint: 'The first day', path: 'query.from', type: 'date', value: chosen.from, width: 'narrow' });
  const to = textField({ label: 'To', hint: 'The last day, included', path: 'query.to', type: 'date', value: chosen.to, width: 'narrow' });
  const form = h('form', { class: 'form form--inline', 'aria-label': 'The period of the report' }, from, to, h('button', { class: 'button', type: 'submit' }, 'Show the report'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (name: string) => form.querySelector<HTMLInputElement>(`input[data-path="${name}"]`)?.value.trim() ?? '';
    show({ from: value('query.from'), to: value('query.to') });
  });
  return form;
}

// ── the financial year (1 April to 31 March), by the London date ──

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

function londonDate(instant: Date): string {
  return LONDON_DATE.format(instant);
}

function financialYear(date: string): { from: string; to: string } {
  const year = Number(date.slice(0, 4));
  const starts = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  return { from: `${starts}-04-01`, to: `${starts + 1}-03-31` };
}

/** This financial year and the three before it. */
function financialYears(today: string): Array<{ from: string; to: string }> {
  const current = Number(financialYear(today).from.slice(0, 4));
  return [0, 1, 2, 3].map((back) => ({ from: `${current - back}-04-01`, to: `${current - back + 1}-03-31` }));
}
