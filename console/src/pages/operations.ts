import { get, post, query } from '../api';
import { h, table, tag, type Child } from '../dom';
import { errorSummary, selectField } from '../forms';
import { plural, timeElement, when, words } from '../format';
import { caseLink, fill, loadingSection, type PageContext, type PageDefinition } from '../page';
import { EXECUTION_STATUSES, type CaseListItem, type Drift, type Execution, type Findings, type Page, type ReconciliationReport } from '../types';

/**
 * For operations: executions, cases that need attention, the reconciler's
 * findings and its repair. Identifiers, stages and workflow state only: no
 * personal data reaches these pages (operations get the redacted lists).
 */
function driftDetail(drift: Drift): string {
  switch (drift.kind) {
    case 'caseWithoutExecution':
      return `No execution runs it; expected ${drift.expectedExecution}`;
    case 'executionForClosedCase':
      return `${drift.execution} runs for a closed case`;
    case 'executionForUnknownCase':
      return `${drift.execution} runs for no known case`;
    case 'deadlinePastDue':
      return `A deadline due ${when(drift.dueAt)} has not fired (${drift.execution})`;
    case 'emailOwedTooLong':
      return `An email owed since ${when(drift.owedSince)}`;
    case 'needsAttention':
      return `Stopped at ${drift.step} (${drift.errorClass}) on ${when(drift.since)}`;
  }
}

function driftTable(caption: string, drift: Drift[]): Child {
  if (drift.length === 0) return h('p', { class: 'body' }, 'No drift: the record and the executions agree.');
  return table(caption, ['Finding', 'Case', 'Detail'], drift.map((d) => [words(d.kind), 'caseId' in d ? caseLink(d.caseId) : '—', driftDetail(d)]), { captionHidden: true });
}

function report(result: ReconciliationReport): Child {
  const repairs = result.repairs ?? [];
  return h(
    'div',
    { class: 'report', role: 'status', 'aria-live': 'polite' },
    h('h3', { class: 'heading-s', id: 'report-heading', tabindex: '-1' }, result.repairs ? 'Repair made' : 'Check made'),
    h('p', { class: 'body' }, `At ${when(result.checkedAt)}: ${plural(result.activeCases, 'active case')}, ${plural(result.runningExecutions, 'running execution')}, ${plural(result.drift.length, 'finding')}.`),
    driftTable('Findings', result.drift),
    result.repairs
      ? repairs.length
        ? table(
            'What the repair did',
            ['Finding', 'Case', 'Execution', 'Action', 'Detail'],
            repairs.map((r) => [
              words(r.drift),
              r.caseId ? caseLink(r.caseId) : '—',
              r.execution ? h('code', {}, r.execution) : '—',
              tag(words(r.action), r.action === 'failed' ? 'red' : r.action === 'none' ? 'grey' : 'green'),
              r.detail ?? '—',
            ]),
          )
        : h('p', { class: 'body' }, 'Nothing needed repairing.')
      : null,
  );
}

function repairPanel(): HTMLElement {
  const result = h('div', { class: 'repair-result' });
  const run = (repair: boolean) => async (event: Event) => {
    const button = event.currentTarget as HTMLButtonElement;
    button.disabled = true;
    result.replaceChildren(h('p', { class: 'body loading' }, repair ? 'Repairing…' : 'Checking…'));
    try {
      const answer = await post<ReconciliationReport>('/operations/reconciliation', { repair });
      result.replaceChildren(report(answer) as Node);
      result.querySelector<HTMLElement>('#report-heading')?.focus();
    } catch (error) {
      const summary = errorSummary(error);
      result.replaceChildren(summary);
      summary.focus();
    } finally {
      button.disabled = false;
    }
  };
  return h(
    'section',
    { class: 'section section--action', 'aria-labelledby': 'repair-heading' },
    h('h2', { class: 'heading-m', id: 'repair-heading' }, 'Check and repair'),
    h(
      'p',
      { class: 'body' },
      'Fix the cause first (a deploy, a permission, SES). Then repair: every stopped workflow restarts from its stored case, executions that run for nothing stop, and each repair is recorded on its case with your name.',
    ),
    h(
      'div',
      { class: 'button-group' },
      h('button', { class: 'button', type: 'button', 'data-main-action': 'true', onclick: run(true) }, 'Repair'),
      h('button', { class: 'button button--secondary', type: 'button', onclick: run(false) }, 'Check only'),
    ),
    result,
  );
}

function executionsSection(context: PageContext): { section: HTMLElement; load: () => Promise<void> } {
  const status = context.query.get('status') ?? '';
  const cursor = context.query.get('cursor');
  const { section, body } = loadingSection('Executions', 'h2', 'executions-heading');
  const filter = selectField({ label: 'Status', path: 'status', choices: EXECUTION_STATUSES.map((s) => ({ value: s, label: words(s) })) });
  const select = filter.querySelector('select')!;
  const any = select.querySelector('option[value=""]');
  if (any) any.textContent = 'Any status';
  select.value = status;
  const form = h('form', { class: 'form form--inline', 'aria-label': 'Filter the executions' }, filter, h('button', { class: 'button button--secondary', type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    context.navigate(`#/operations${query({ status: select.value })}`);
  });
  section.insertBefore(form, body);
  const load = () =>
    fill(body, async () => {
      const page = await get<Page<Execution>>(`/operations/executions${query({ status, limit: 25, cursor })}`);
      const pagination = h(
        'nav',
        { class: 'pagination', 'aria-label': 'Pages of executions' },
        cursor ? h('a', { class: 'link pagination__link', href: `#/operations${query({ status })}` }, 'First page') : null,
        page.nextCursor ? h('a', { class: 'link pagination__link', href: `#/operations${query({ status, cursor: page.nextCursor })}`, rel: 'next' }, 'Next page') : null,
      );
      if (page.items.length === 0) return [h('p', { class: 'body' }, status ? `No ${words(status).toLowerCase()} execution.` : 'No execution.'), pagination];
      return [
        table(
          status ? `${words(status)} executions` : 'Executions, newest first',
          ['Execution', 'Status', 'Started', 'Stopped', 'Case'],
          page.items.map((e) => [h('code', {}, e.executionName), words(e.status), timeElement(e.startedAt), timeElement(e.stoppedAt), e.caseId ? caseLink(e.caseId) : '—']),
          { captionHidden: true },
        ),
        pagination,
      ];
    });
  return { section, load };
}

export const operationsPage: PageDefinition = {
  pattern: /^\/operations$/,
  groups: ['operations'],
  async render(context) {
    const { main, title } = context;
    title('Operations');
    const attention = loadingSection('Cases needing attention', 'h2', 'attention-heading');
    const findings = loadingSection("The reconciler's latest findings", 'h2', 'findings-heading');
    const executions = executionsSection(context);
    main.append(
      h('h1', { class: 'heading-l', tabindex: '-1' }, 'Operations'),
      h('p', { class: 'body lead' }, 'Workflows that stopped, what the reconciler found, and the executions. Case ids, stages and workflow state only.'),
      attention.section,
      repairPanel(),
      findings.section,
      executions.section,
    );
    await Promise.all([
      fill(attention.body, async () => {
        const page = await get<Page<CaseListItem>>(`/cases${query({ needsAttention: 'true', limit: 50 })}`);
        if (page.items.length === 0) return h('p', { class: 'body' }, 'No case needs attention.');
        return [
          h('p', { class: 'body' }, `${plural(page.items.length, 'case')} whose workflow stopped after a step failed past its retries. Open one to see the step and the error.`),
          table(
            'Cases needing attention',
            ['Case', 'Stage', 'Status', 'Received', 'Next deadline'],
            page.items.map((item) => [
              caseLink(item.caseId),
              words(item.stage),
              words(item.status),
              timeElement(item.receivedAt),
              item.nextDeadline ? [words(item.nextDeadline.kind), ', ', timeElement(item.nextDeadline.dueAt)] : '—',
            ]),
            { captionHidden: true },
          ),
        ];
      }),
      fill(findings.body, async () => {
        const latest = await get<Findings>('/operations/findings');
        if (!latest.checkedAt) return h('p', { class: 'body' }, 'The reconciler has not run yet.');
        return [h('p', { class: 'body' }, `Checked ${when(latest.checkedAt)}${latest.checkedBy ? ` by ${latest.checkedBy}` : ''}.`), driftTable("The reconciler's findings", latest.drift)];
      }),
      executions.load(),
    ]);
  },
};
