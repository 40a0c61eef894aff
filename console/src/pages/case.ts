import { ApiError, get, seg } from '../api';
import type { Session } from '../auth';
import { serviceNow } from '../clock';
import { renderLifecycle } from '../diagram';
import { h, table, tag, type Child } from '../dom';
import { errorSummary, officerRecordForm, thresholdDecisionForm } from '../forms';
import { day, plural, timeElement, when, words } from '../format';
import { hasGroup, loadingSection, notificationBanner, type PageContext, type PageDefinition } from '../page';
import { OFFICER_RECORDS, RECORDS_BY_STATUS } from '../records';
import type { AuditEvent, CaseHistory, CaseView, RecordedDecision, Workflow } from '../types';
import { previouslyKnown } from './duty';

const managesCases = (session: Session) => hasGroup(session, 'lado-officer', 'lado-manager');

function summaryList(rows: Array<[string, Child]>): HTMLElement {
  return h(
    'dl',
    { class: 'summary-list' },
    rows.map(([key, value]) => h('div', { class: 'summary-list__row' }, h('dt', { class: 'summary-list__key' }, key), h('dd', { class: 'summary-list__value' }, value))),
  );
}

function summary(view: CaseView): HTMLElement {
  const rows: Array<[string, Child]> = [
    ['Status', words(view.status)],
    ['Stage', words(view.stage)],
    ['Received', timeElement(view.receivedAt)],
    ['Awaiting', view.awaiting ? words(view.awaiting) : 'Nothing'],
  ];
  if (view.missing.length) rows.push(['Missing details', h('ul', { class: 'list' }, view.missing.map((item) => h('li', {}, item)))]);
  if (view.returnedAt) rows.push(['Returned to the referrer', timeElement(view.returnedAt)]);
  if (view.rejectedAt) rows.push(['Rejected', timeElement(view.rejectedAt)]);
  if (view.closedAt) rows.push(['Closed', timeElement(view.closedAt)]);
  if (view.disposedAt) rows.push(['Personal data disposed of', timeElement(view.disposedAt)]);
  if (view.allocatedTo) rows.push(['Allocated to', `${view.allocatedTo.officerId} (${view.allocatedTo.email})`]);
  if (view.tracks) rows.push(['Tracks', `Police: ${view.tracks.police ? 'yes' : 'no'}; section 47: ${view.tracks.section47 ? 'yes' : 'no'}; employer: ${words(view.tracks.employer)}`]);
  if (view.complex !== undefined) rows.push(['Complex', view.complex ? 'Yes' : 'No']);
  if (view.suspended !== undefined) rows.push(['Suspended', view.suspended ? 'Yes' : 'No']);
  if (view.outcome) rows.push(['Outcome', `${words(view.outcome.result.outcome)}${view.outcome.result.subOutcome ? `: ${view.outcome.result.subOutcome}` : ''} (${view.outcome.result.conclusions.join(', ')})`]);
  if (view.duties) rows.push(['Duties', h('ul', { class: 'list' }, Object.entries(view.duties).map(([duty, state]) => h('li', {}, `${words(duty)}: ${state}`)))]);
  if (view.consultationOutcome) rows.push(["Consultation's outcome", words(view.consultationOutcome)]);
  if (view.closure) rows.push(['Closure', `${view.closure.reason}. LADO record kept until ${day(view.closure.ladoRecordUntil)}.`]);
  if (view.executionName) rows.push(['Execution', h('code', {}, view.executionName)]);
  return summaryList(rows);
}

/** Deadlines on a line: those that fell due (from the trail, and the view's overdue ones), now, and those still to fall. */
function timeline(view: CaseView, history: AuditEvent[] | undefined, now: Date): HTMLElement {
  type Entry = { at: string; label: Child; state: 'fired' | 'overdue' | 'pending' | 'now' };
  const entries: Entry[] = [];
  const overdue = new Set(view.overdueDeadlines.map((deadline) => `${deadline.kind}@${deadline.dueAt}`));
  const overdueEntry = (kind: string, dueAt: string): Entry => ({ at: dueAt, label: [words(kind), ' ', tag('Overdue', 'red')], state: 'overdue' });
  for (const event of history ?? []) {
    if (event.type !== 'DeadlineFired' || typeof event.details?.['dueAt'] !== 'string') continue;
    const [kind, dueAt] = [String(event.details['deadline']), event.details['dueAt']];
    // Still overdue, or met since it fell due.
    if (overdue.delete(`${kind}@${dueAt}`)) entries.push(overdueEntry(kind, dueAt));
    else entries.push({ at: dueAt, label: [words(kind), ' ', tag('Fell due, met since', 'grey')], state: 'fired' });
  }
  // Without the trail (operations do not read it), the view still names the overdue ones.
  for (const deadline of view.overdueDeadlines) if (overdue.has(`${deadline.kind}@${deadline.dueAt}`)) entries.push(overdueEntry(deadline.kind, deadline.dueAt));
  for (const deadline of view.pendingDeadlines) {
    const late = Date.parse(deadline.dueAt) < now.getTime();
    entries.push({ at: deadline.dueAt, label: [words(deadline.kind), ' ', late ? tag('Overdue', 'red') : tag('Pending', 'blue')], state: late ? 'overdue' : 'pending' });
  }
  entries.push({ at: now.toISOString(), label: h('strong', {}, 'Now'), state: 'now' });
  entries.sort((a, b) => a.at.localeCompare(b.at) || (a.state === 'now' ? 1 : b.state === 'now' ? -1 : 0));
  return h(
    'ol',
    { class: 'timeline' },
    entries.map((entry) => h('li', { class: `timeline__item timeline__item--${entry.state}` }, h('span', { class: 'timeline__when' }, timeElement(entry.at)), ' ', h('span', { class: 'timeline__what' }, entry.label))),
  );
}

function describeRecord(decision: RecordedDecision['decision']): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(decision)) {
    if (['kind', 'officerId', 'rationale'].includes(key)) continue;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      parts.push(`${words(key)}: ${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${words(k)} ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ')}`);
    } else parts.push(`${words(key)}: ${Array.isArray(value) ? value.map((v) => words(String(v))).join(', ') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : words(String(value))}`);
  }
  return parts.join('. ');
}

function decisionsTable(decisions: RecordedDecision[]): Child {
  if (decisions.length === 0) return h('p', { class: 'body' }, 'No decision or record yet.');
  return table(
    'Decisions and records, oldest first',
    ['When', 'Record', 'By', 'What', 'Rationale'],
    decisions.map((d) => [
      timeElement(d.decidedAt),
      [d.decision.kind === 'threshold' ? 'Threshold decision' : (OFFICER_RECORDS[d.decision.kind as keyof typeof OFFICER_RECORDS]?.label ?? words(d.decision.kind)), d.corrected ? [' ', tag('Corrected', 'yellow')] : null],
      d.decidedBy,
      describeRecord(d.decision),
      d.decision.rationale ?? '—',
    ]),
    { captionHidden: true },
  );
}

function emails(view: CaseView, history: AuditEvent[] | undefined): Child {
  const sent = (history ?? []).filter((e) => e.type === 'EmailSent');
  const problems = view.deliveryProblems ?? [];
  return [
    h('h3', { class: 'heading-s' }, 'Sent'),
    history === undefined
      ? h('p', { class: 'body' }, 'The trail of emails sent is for LADO officers and managers.')
      : sent.length
        ? table('Emails sent', ['When', 'Email', 'To'], sent.map((e) => [timeElement(e.at), words(String(e.details?.['kind'] ?? '')), words(String(e.details?.['recipient'] ?? ''))]), { captionHidden: true })
        : h('p', { class: 'body' }, 'None yet.'),
    h('h3', { class: 'heading-s' }, 'Owed'),
    view.owedEmails.length
      ? table('Emails owed', ['Email', 'Owed since'], view.owedEmails.map((o) => [words(o.kind), timeElement(o.owedSince)]), { captionHidden: true })
      : h('p', { class: 'body' }, 'None: every email the case called for has gone.'),
    h('h3', { class: 'heading-s' }, 'Undelivered'),
    view.undeliveredEmails !== undefined
      ? h('p', { class: 'body' }, view.undeliveredEmails ? `${plural(view.undeliveredEmails, 'email')} could not be delivered.` : 'None.')
      : problems.length
        ? table('Emails not delivered', ['When', 'Email', 'To', 'Problem'], problems.map((p) => [timeElement(p.at), words(p.emailKind), p.address, p.problem]), { captionHidden: true })
        : h('p', { class: 'body' }, 'None.'),
  ];
}

function auditTrail(events: AuditEvent[]): Child {
  return table(
    'The audit trail, oldest first',
    ['When', 'What', 'Who', 'Why', 'Details'],
    events.map((e) => [
      timeElement(e.at),
      words(e.type),
      e.actor,
      e.rationale ?? '—',
      e.details ? Object.entries(e.details).map(([k, v]) => `${words(k)}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ') : '—',
    ]),
    { captionHidden: true },
  );
}

async function workflowSection(body: HTMLElement, caseId: string): Promise<void> {
  let workflow: Workflow;
  try {
    workflow = await get<Workflow>(`/cases/${seg(caseId)}/workflow`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403) && !/^No case /.test(error.message)) {
      body.replaceChildren(h('p', { class: 'body inset-text' }, 'The lifecycle diagram is not available here yet.'));
      return;
    }
    body.replaceChildren(errorSummary(error));
    return;
  }
  const drawing = h('div', { class: 'diagram', tabindex: '0', role: 'region', 'aria-label': 'Lifecycle diagram (scrolls)' }, h('p', { class: 'body loading' }, 'Drawing…'));
  body.replaceChildren(
    h(
      'p',
      { class: 'body' },
      workflow.currentState ? ['The workflow is at ', h('strong', { class: 'current-state' }, workflow.currentState), ', marked in yellow.'] : 'No execution is running for this case.',
    ),
    drawing,
    h('details', { class: 'details' }, h('summary', { class: 'details__summary' }, h('span', { class: 'details__summary-text' }, 'The diagram as text')), h('pre', { class: 'details__text code-block' }, workflow.mermaid)),
  );
  try {
    await renderLifecycle(drawing, workflow);
  } catch (error) {
    drawing.replaceChildren(errorSummary(error));
  }
}

async function render(context: PageContext): Promise<void> {
  const { main, session, params, title } = context;
  const caseId = params['caseId']!;
  title(`Case ${caseId}`);
  const heading = h('h1', { class: 'heading-l', tabindex: '-1' }, h('span', { class: 'caption-l' }, 'Case'), caseId);
  main.append(heading);
  const flash = context.takeFlash();
  if (flash) main.append(notificationBanner(flash));
  const officer = managesCases(session);
  let view: CaseView;
  let history: CaseHistory | undefined;
  let now: Date;
  try {
    [view, history, now] = await Promise.all([
      get<CaseView>(`/cases/${seg(caseId)}`),
      officer ? get<CaseHistory>(`/cases/${seg(caseId)}/history`) : Promise.resolve(undefined),
      serviceNow(),
    ]);
  } catch (error) {
    main.append(errorSummary(error));
    return;
  }
  const events = history?.events;
  const sections: Child[] = [];
  if (view.needsAttention) {
    sections.push(
      h(
        'div',
        { class: 'warning-text' },
        h('span', { class: 'warning-text__icon', 'aria-hidden': 'true' }, '!'),
        h('strong', { class: 'warning-text__text' }, h('span', { class: 'visually-hidden' }, 'Warning: '), `This case's workflow stopped at ${view.needsAttention.step} (${view.needsAttention.errorClass}) on ${when(view.needsAttention.since)}. Operations repair it.`),
      ),
    );
  }
  sections.push(h('section', { class: 'section', 'aria-labelledby': 'summary-heading' }, h('h2', { class: 'heading-m', id: 'summary-heading' }, 'Summary'), summary(view)));

  const recorded = (message: string) => {
    context.flash(message);
    context.rerender();
  };
  if (officer && view.status === 'AWAITING_THRESHOLD_DECISION') {
    sections.push(
      h(
        'section',
        { class: 'section section--action', 'aria-labelledby': 'threshold-heading', id: 'decide' },
        h('h2', { class: 'heading-m', id: 'threshold-heading', tabindex: '-1' }, 'Record the threshold decision'),
        h('p', { class: 'body' }, `Recorded as ${session.username}.`),
        thresholdDecisionForm(caseId, session, ({ status }) => recorded(`Threshold decision recorded. The case is now: ${words(status)}.`)),
      ),
    );
  }
  if (officer && RECORDS_BY_STATUS[view.status]) {
    const form = officerRecordForm(view, session, ({ status }, kind) => recorded(`${OFFICER_RECORDS[kind].label}: recorded. The case is now: ${words(status)}.`), { labelledBy: 'record-heading' });
    if (form) {
      sections.push(
        h(
          'section',
          { class: 'section section--action', 'aria-labelledby': 'record-heading', id: 'record' },
          h('h2', { class: 'heading-m', id: 'record-heading', tabindex: '-1' }, 'Record an event'),
          h('p', { class: 'body' }, `Recorded as ${session.username}. Only the records this stage accepts are offered.`),
          form,
        ),
      );
    }
  }
  if (view.previouslyKnown) {
    sections.push(h('section', { class: 'section', 'aria-labelledby': 'known-heading' }, h('h2', { class: 'heading-m', id: 'known-heading' }, 'Previously known'), previouslyKnown(view.previouslyKnown)));
  }
  sections.push(h('section', { class: 'section', 'aria-labelledby': 'deadlines-heading' }, h('h2', { class: 'heading-m', id: 'deadlines-heading' }, 'Deadlines'), timeline(view, events, now)));
  if (view.decisions) {
    sections.push(h('section', { class: 'section', 'aria-labelledby': 'decisions-heading' }, h('h2', { class: 'heading-m', id: 'decisions-heading' }, 'Decisions and records'), decisionsTable(view.decisions)));
  }
  sections.push(h('section', { class: 'section', 'aria-labelledby': 'emails-heading' }, h('h2', { class: 'heading-m', id: 'emails-heading' }, 'Emails'), emails(view, events)));
  const lifecycle = loadingSection('Lifecycle', 'h2', 'lifecycle-heading');
  sections.push(lifecycle.section);
  if (events) sections.push(h('section', { class: 'section', 'aria-labelledby': 'trail-heading' }, h('h2', { class: 'heading-m', id: 'trail-heading' }, 'Audit trail'), auditTrail(events)));
  for (const section of sections) if (section instanceof Node) main.append(section);
  if (flash) main.querySelector<HTMLElement>('.notification-banner')?.focus();
  else if (context.params['focus'] === 'decide') main.querySelector<HTMLElement>('#threshold-heading, #record-heading')?.focus();
  // The diagram draws after the rest of the page is usable.
  void workflowSection(lifecycle.body, caseId);
}

export const casePage: PageDefinition = {
  pattern: /^\/cases\/(?<caseId>[^/]+)(?:\/(?<focus>decide))?$/,
  groups: ['lado-officer', 'lado-manager', 'operations'],
  render,
};
