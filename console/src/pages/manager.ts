import { get } from '../api';
import { serviceNow } from '../clock';
import { h, table, tag } from '../dom';
import { officerRecordForm } from '../forms';
import { plural, timeElement, words } from '../format';
import { caseLink, fill, loadingSection, notificationBanner, type PageDefinition } from '../page';
import type { Caseloads } from '../types';

export const managerPage: PageDefinition = {
  pattern: /^\/manager$/,
  groups: ['lado-manager'],
  async render(context) {
    const { main, session, title } = context;
    title("The team's caseloads");
    main.append(h('h1', { class: 'heading-l', tabindex: '-1' }, "The team's caseloads"));
    const flash = context.takeFlash();
    if (flash) main.append(notificationBanner(flash));
    const loads = loadingSection('Caseloads', 'h2', 'caseloads-heading');
    const overdue = loadingSection('Overdue deadlines across the team', 'h2', 'overdue-heading');
    main.append(loads.section, overdue.section);
    if (flash) main.querySelector<HTMLElement>('.notification-banner')?.focus();
    let answer: Promise<Caseloads> | undefined;
    const caseloads = () => (answer ??= get<Caseloads>('/caseloads'));
    await Promise.all([
      fill(loads.body, async () => {
        const { threshold, officers } = await caseloads();
        if (officers.length === 0) return h('p', { class: 'body' }, 'No officer has an open case.');
        const above = officers.filter((o) => o.aboveThreshold).length;
        return [
          h('p', { class: 'body' }, `Open cases per LADO. A caseload above ${threshold} is flagged${above ? `: ${plural(above, 'officer')} above it` : ''}.`),
          table(
            'Open cases per LADO',
            ['LADO', 'Open cases', 'Overdue', `Above ${threshold}`],
            officers.map((o) => [o.officerId, String(o.openCases), o.overdue ? tag(String(o.overdue), 'red') : '0', o.aboveThreshold ? tag(`Above ${threshold}`, 'red') : h('span', { class: 'muted' }, 'No')]),
            { captionHidden: true },
          ),
        ];
      }),
      fill(overdue.body, async () => {
        const [{ overdue: items }, now] = await Promise.all([caseloads(), serviceNow()]);
        if (items.length === 0) return h('p', { class: 'body' }, 'No deadline is overdue.');
        return [
          h('p', { class: 'body' }, `${plural(items.length, 'case')} with an overdue deadline. Reallocate a case from its row.`),
          table(
            'Cases with an overdue deadline',
            ['Case', 'Status', 'Allocated to', 'Deadline', 'Was due', 'Reallocate'],
            items.map((item) => {
              const headingId = `reallocate-${item.caseId}`;
              const form = officerRecordForm(item, session, () => {
                context.flash(`${item.caseId} reallocated.`);
                context.rerender();
              }, { only: 'reallocate', submitLabel: 'Reallocate', labelledBy: headingId });
              return [
                caseLink(item.caseId),
                words(item.status),
                item.allocatedTo ?? h('span', { class: 'muted' }, 'Not allocated'),
                item.nextDeadline ? words(item.nextDeadline.kind) : '—',
                item.nextDeadline ? [timeElement(item.nextDeadline.dueAt), Date.parse(item.nextDeadline.dueAt) < now.getTime() ? [' ', tag('Overdue', 'red')] : null] : '—',
                form
                  ? h(
                      'details',
                      { class: 'details' },
                      h('summary', { class: 'details__summary' }, h('span', { class: 'details__summary-text', id: headingId }, `Reallocate ${item.caseId}`)),
                      h('div', { class: 'details__text' }, form),
                    )
                  : h('span', { class: 'muted' }, 'Not at this stage'),
              ];
            }),
            { captionHidden: true },
          ),
        ];
      }),
    ]);
  },
};
