import { get } from '../api';
import { serviceNow } from '../clock';
import { h, table, tag } from '../dom';
import { day, plural, timeElement, when, words } from '../format';
import { caseLink, fill, loadingSection, type PageDefinition } from '../page';
import type { DutyReferral, PreviouslyKnown } from '../types';

/** The earlier cases about the same person, folded under a count. */
export function previouslyKnown(known: PreviouslyKnown | undefined): HTMLElement {
  if (!known) return h('span', { class: 'muted' }, '—');
  if (known.count === 0) return h('span', { class: 'muted' }, 'Not previously known');
  const summary = `Previously known: ${plural(known.count, 'case')}`;
  return h(
    'details',
    { class: 'details' },
    h('summary', { class: 'details__summary' }, h('span', { class: 'details__summary-text' }, summary)),
    h(
      'ul',
      { class: 'list details__text' },
      known.cases.map((earlier) =>
        h(
          'li',
          {},
          caseLink(earlier.caseId),
          `, received ${day(earlier.receivedAt)}`,
          earlier.decision ? `; decision: ${words(earlier.decision)}` : '; no decision',
          earlier.outcome ? `; outcome: ${words(earlier.outcome)}` : '',
        ),
      ),
    ),
  );
}

export const dutyPage: PageDefinition = {
  pattern: /^\/duty$/,
  groups: ['lado-officer', 'lado-manager'],
  async render({ main, title }) {
    title('Referrals awaiting a threshold decision');
    const { section, body } = loadingSection('Awaiting a decision', 'h2', 'duty-list');
    main.append(
      h('h1', { class: 'heading-l', tabindex: '-1' }, 'Referrals awaiting a threshold decision'),
      h('p', { class: 'body lead' }, 'For the duty LADO: a child at immediate risk first, then by when the decision is due. Open a referral to record the decision.'),
      section,
    );
    await fill(body, async () => {
      const [{ items }, now] = await Promise.all([get<{ items: DutyReferral[] }>('/duty/referrals'), serviceNow()]);
      if (items.length === 0) return h('p', { class: 'body' }, 'No referral is awaiting a threshold decision.');
      return [
        h('p', { class: 'body' }, `${plural(items.length, 'referral')} awaiting a decision at ${when(now.toISOString())}.`),
        table(
          'Referrals awaiting a threshold decision',
          ['Case', 'Received', 'Risk', 'Decision due', 'Previously known', 'Action'],
          items.map((item) => {
            const overdue = item.decisionDueAt !== null && Date.parse(item.decisionDueAt) < now.getTime();
            return [
              caseLink(item.caseId),
              timeElement(item.receivedAt),
              item.immediateRisk ? tag('Immediate risk', 'red') : h('span', { class: 'muted' }, 'Not flagged'),
              item.decisionDueAt ? [timeElement(item.decisionDueAt), overdue ? [' ', tag('Overdue', 'red')] : null] : h('span', { class: 'muted' }, 'Awaiting details'),
              previouslyKnown(item.previouslyKnown),
              h(
                'a',
                { class: 'link', href: `#/cases/${encodeURIComponent(item.caseId)}/decide` },
                'Record decision',
                h('span', { class: 'visually-hidden' }, ` for ${item.caseId}`),
              ),
            ];
          }),
          { captionHidden: true },
        ),
      ];
    });
  },
};
