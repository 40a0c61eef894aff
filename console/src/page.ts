import type { Session } from './auth';
import type { ConsoleConfig } from './config';
import { append, h, type Child } from './dom';
import { errorSummary } from './forms';
import type { Group } from './types';

/** What a page is given: who is signed in, the route's parameters and query, and a way to move on. */
export interface PageContext {
  config: ConsoleConfig;
  session: Session;
  params: Record<string, string>;
  query: URLSearchParams;
  main: HTMLElement;
  /** A message to show once at the top of the next page (after a record is made). */
  flash: (message: string) => void;
  takeFlash: () => string | undefined;
  navigate: (hash: string) => void;
  rerender: () => void;
  /** Set the page's title (and its h1 is the first heading of main). */
  title: (text: string) => void;
}

export interface PageDefinition {
  pattern: RegExp;
  groups: readonly Group[];
  render: (context: PageContext) => Promise<void>;
}

export const hasGroup = (session: Session, ...groups: Group[]) => session.groups.some((g) => groups.includes(g));

/** A section that loads on its own: a heading, a loading line, then the content or an error box. */
export function loadingSection(heading: string, headingLevel: 'h2' | 'h3' = 'h2', id?: string): { section: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'section__body', 'aria-live': 'polite' }, h('p', { class: 'body loading' }, 'Loading…'));
  const section = h('section', { class: 'section', ...(id ? { 'aria-labelledby': id } : {}) }, h(headingLevel, { class: `heading-${headingLevel === 'h2' ? 'm' : 's'}`, ...(id ? { id } : {}) }, heading), body);
  return { section, body };
}

export async function fill(body: HTMLElement, load: () => Promise<Child>): Promise<void> {
  try {
    const content = await load();
    body.replaceChildren();
    append(body, [content]);
  } catch (error) {
    body.replaceChildren(errorSummary(error));
  }
}

export function notificationBanner(message: string): HTMLElement {
  return h(
    'div',
    { class: 'notification-banner notification-banner--success', role: 'status', tabindex: '-1' },
    h('h2', { class: 'notification-banner__title' }, 'Done'),
    h('p', { class: 'notification-banner__heading' }, message),
  );
}

export const caseLink = (caseId: string, label: Child = caseId) => h('a', { class: 'link', href: `#/cases/${encodeURIComponent(caseId)}` }, label);
