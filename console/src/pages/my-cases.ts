import { get, query } from '../api';
import { serviceNow } from '../clock';
import { h, table, tag } from '../dom';
import { plural, timeElement, when, words } from '../format';
import { caseLink, fill, loadingSection, type PageDefinition } from '../page';
import type { CaseListItem, Page } from '../types';

const isOverdue = (item: CaseListItem, now: Date) => item.nextDeadline !== null && Date.parse(item.nextDeadline.dueAt) < now.getTime();

/** Overdue first (earliest due first), then the rest in the order the API gave. */
export function overdueFirst(items: CaseListItem[], now: Date): CaseListItem[] {
  const overdue = items.filter((item) => isOverdue(item, now)).sort((a, b) => a.nextDeadline!.dueAt.localeCompare(b.nextDeadline!.dueAt));
  return [...overdue, ...items.filter((item) => !isOverdue(item, now))];
}

/** A case list's rows: the case, where it stands, its next deadline and its flags. */
export function caseRows(items: CaseListItem[], now: Date, options: { officer?: boolean } = {}) {
  return items.map((item) => [
    caseLink(item.caseId),
    words(item.status),
    timeElement(item.receivedAt),
    item.nextDeadline ? words(item.nextDeadline.kind) : h('span', { class: 'muted' }, 'None'),
    item.nextDeadline ? timeElement(item.nextDeadline.dueAt) : '—',
    ...(options.officer ? [item.allocatedTo ?? h('span', { class: 'muted' }, 'Not allocated')] : []),
    h(
      'span',
      { class: 'tags' },
      isOverdue(item, now) ? tag('Overdue', 'red') : null,
      item.immediateRisk ? tag('Immediate risk', 'red') : null,
      item.needsAttention ? tag('Needs attention', 'yellow') : null,
    ),
  ]);
}

export const myCasesPage: PageDefinition = {
  pattern: /^\/my-cases$/,
  groups: ['lado-officer', 'lado-manager'],
  async render({ main, session, query: search, title }) {
    title('My cases');
    const cursor = search.get('cursor');
    const limit = Math.min(Math.max(Number(search.get('limit')) || 50, 1), 100);
    const pageQuery = (next: string | null) => `#/my-cases${query({ limit: limit === 50 ? undefined : limit, cursor: next })}`;
    const { section, body } = loadingSection(cursor ? 'My cases (continued)' : 'Cases allocated to me', 'h2', 'my-cases-list');
    main.append(
      h('h1', { class: 'heading-l', tabindex: '-1' }, 'My cases'),
      h('p', { class: 'body lead' }, `The cases allocated to ${session.username}, overdue deadlines first. Open a case to record what happened.`),
      section,
    );
    await fill(body, async () => {
      const [page, now] = await Promise.all([
        get<Page<CaseListItem>>(`/cases${query({ officer: session.username, limit, cursor })}`),
        serviceNow(),
      ]);
      const items = overdueFirst(page.items, now);
      const overdue = items.filter((item) => isOverdue(item, now)).length;
      const pagination = h(
        'nav',
        { class: 'pagination', 'aria-label': 'Pages of my cases' },
        cursor ? h('a', { class: 'link pagination__link', href: pageQuery(null) }, 'First page') : null,
        page.nextCursor ? h('a', { class: 'link pagination__link', href: pageQuery(page.nextCursor), rel: 'next' }, 'Next page') : null,
      );
      if (items.length === 0) return [h('p', { class: 'body' }, cursor ? 'No more cases.' : 'No case is allocated to you.'), pagination];
      return [
        h('p', { class: 'body' }, `${plural(items.length, 'case')} on this page, ${overdue} overdue at ${when(now.toISOString())}.`),
        table('Cases allocated to me', ['Case', 'Status', 'Received', 'Next deadline', 'Due', 'Flags'], caseRows(items, now), { captionHidden: true }),
        pagination,
      ];
    });
  },
};
