import { configureApi } from './api';
import { completeCognitoSignIn, currentSession, forgetSession, signOut, type Session } from './auth';
import { configureClock } from './clock';
import { loadConfig, type ConsoleConfig, GROUPS } from './config';
import { h, replace } from './dom';
import { errorSummary } from './forms';
import { hasGroup, type PageContext, type PageDefinition } from './page';
import { casePage } from './pages/case';
import { dutyPage } from './pages/duty';
import { enquiriesPage } from './pages/enquiries';
import { keyedReferralPage } from './pages/keyed-referral';
import { managerPage } from './pages/manager';
import { myCasesPage } from './pages/my-cases';
import { operationsPage } from './pages/operations';
import { reportPage } from './pages/report';
import { renderSignIn } from './pages/sign-in';
import type { Group } from './types';

/**
 * The console: hash routes (#/duty, #/my-cases, #/cases/{id}, #/referrals/new, #/manager,
 * #/reports/annual, #/enquiries, #/operations), each for the groups that may use it, over one page shell
 * (index.html: skip link, header, main).
 */
const PAGES: readonly PageDefinition[] = [dutyPage, myCasesPage, casePage, keyedReferralPage, managerPage, reportPage, enquiriesPage, operationsPage];

const NAV: ReadonlyArray<{ hash: string; label: string; groups: readonly Group[] }> = [
  { hash: '#/duty', label: 'Duty LADO', groups: ['lado-officer', 'lado-manager'] },
  { hash: '#/my-cases', label: 'My cases', groups: ['lado-officer'] },
  { hash: '#/referrals/new', label: 'Key in a referral', groups: ['lado-officer', 'lado-manager'] },
  { hash: '#/enquiries', label: 'Enquiries', groups: ['lado-officer', 'lado-manager'] },
  { hash: '#/manager', label: 'Team caseloads', groups: ['lado-manager'] },
  { hash: '#/reports/annual', label: 'Annual report', groups: ['lado-manager'] },
  { hash: '#/operations', label: 'Operations', groups: ['operations'] },
];

const SERVICE = 'LADO referrals console';

/** Where a group starts. */
function home(session: Session): string {
  if (hasGroup(session, 'lado-manager')) return '#/manager';
  if (hasGroup(session, 'lado-officer')) return '#/my-cases';
  if (hasGroup(session, 'operations')) return '#/operations';
  return '#/duty';
}

function currentRoute(): { path: string; query: URLSearchParams } {
  const hash = window.location.hash.replace(/^#/, '');
  const [path = '', search = ''] = hash.split('?');
  return { path: path || '/', query: new URLSearchParams(search) };
}

let flashMessage: string | undefined;
let firstRender = true;

function renderShell(config: ConsoleConfig, session: Session | undefined): void {
  const nav = document.getElementById('nav')!;
  const account = document.getElementById('account')!;
  const { path } = currentRoute();
  if (!session) {
    nav.replaceChildren();
    account.replaceChildren();
    return;
  }
  const links = NAV.filter((item) => hasGroup(session, ...item.groups));
  replace(
    nav,
    h(
      'ul',
      { class: 'header__navigation-list' },
      links.map((item) =>
        h(
          'li',
          { class: `header__navigation-item${path === item.hash.slice(1) ? ' header__navigation-item--active' : ''}` },
          h('a', { class: 'header__link', href: item.hash, ...(path === item.hash.slice(1) ? { 'aria-current': 'page' } : {}) }, item.label),
        ),
      ),
    ),
  );
  const groupLabels = session.groups.map((g) => GROUPS.find((known) => known.group === g)?.label ?? g).join(', ') || 'no group';
  replace(
    account,
    h('span', { class: 'header__account-name' }, `${session.username} (${groupLabels})`),
    h(
      'button',
      {
        class: 'header__sign-out',
        type: 'button',
        onclick: () => {
          signOut(config.auth);
          window.location.hash = '#/sign-in';
          void render(config);
        },
      },
      'Sign out',
    ),
  );
}

async function render(config: ConsoleConfig, problem?: string): Promise<void> {
  const root = document.getElementById('main')!;
  // Each render fills a view of its own: a page still loading when the officer moves on fills a view no longer shown.
  const main = h('div', { class: 'view' });
  root.replaceChildren(main);
  root.removeAttribute('aria-busy');
  const session = currentSession();
  const { path, query } = currentRoute();
  renderShell(config, session);
  const setTitle = (text: string) => (document.title = `${text} – ${SERVICE}`);

  if (!session) {
    setTitle('Sign in');
    const returnTo = path === '/sign-in' || path === '/' ? '' : window.location.hash;
    renderSignIn(main, config, {
      returnTo,
      ...(problem ? { problem } : {}),
      onSignedIn: () => navigate(config, returnTo || home(currentSession()!)),
    });
    focusHeading(main);
    return;
  }
  if (path === '/' || path === '/sign-in') {
    navigate(config, home(session));
    return;
  }
  const page = PAGES.map((p) => ({ p, match: p.pattern.exec(path) })).find(({ match }) => match);
  if (!page) {
    setTitle('Page not found');
    main.append(h('h1', { class: 'heading-l', tabindex: '-1' }, 'Page not found'), h('p', { class: 'body' }, h('a', { class: 'link', href: home(session) }, 'Go to your start page')));
    focusHeading(main);
    return;
  }
  if (!hasGroup(session, ...page.p.groups)) {
    setTitle('No access');
    main.append(
      h('h1', { class: 'heading-l', tabindex: '-1' }, 'You cannot see this page'),
      h('p', { class: 'body' }, `This page is for: ${page.p.groups.map((g) => GROUPS.find((k) => k.group === g)?.label ?? g).join(', ')}.`),
      h('p', { class: 'body' }, h('a', { class: 'link', href: home(session) }, 'Go to your start page')),
    );
    focusHeading(main);
    return;
  }
  const params = Object.fromEntries(Object.entries(page.match!.groups ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, decodeURIComponent(v)]));
  const context: PageContext = {
    config,
    session,
    params,
    query,
    main,
    flash: (message) => (flashMessage = message),
    takeFlash: () => {
      const message = flashMessage;
      flashMessage = undefined;
      return message;
    },
    navigate: (hash) => navigate(config, hash),
    rerender: () => void render(config),
    title: setTitle,
  };
  root.setAttribute('aria-busy', 'true');
  const rendering = page.p.render(context).catch((error: unknown) => void main.append(errorSummary(error)));
  // Focus moves to the new page's heading (unless the page put it somewhere on purpose), so that a screen reader starts there.
  queueMicrotask(() => focusHeading(main));
  await rendering;
  if (main.isConnected) root.removeAttribute('aria-busy');
}

function focusHeading(main: HTMLElement): void {
  if (firstRender) {
    firstRender = false;
    return;
  }
  if (main.contains(document.activeElement)) return;
  main.querySelector<HTMLElement>('h1')?.focus();
}

function navigate(config: ConsoleConfig, hash: string): void {
  if (window.location.hash === hash) void render(config);
  else window.location.hash = hash;
}

async function start(): Promise<void> {
  const main = document.getElementById('main')!;
  // The skip link moves focus to main without changing the route in the address bar.
  document.querySelector<HTMLAnchorElement>('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  let config: ConsoleConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    replace(main, h('h1', { class: 'heading-l' }, 'The console could not start'), errorSummary(error));
    return;
  }
  configureClock(config);
  let problem: string | undefined;
  configureApi({
    config,
    session: currentSession,
    onUnauthorized: () => {
      forgetSession();
      flashMessage = undefined;
      void render(config, 'Your sign-in has expired or was refused. Sign in again.');
    },
  });
  if (config.auth.kind === 'cognito') {
    try {
      const completed = await completeCognitoSignIn(config.auth);
      if (completed) window.location.hash = completed.returnTo || home(completed.session);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  window.addEventListener('hashchange', () => {
    // In-page anchors (#field-id) are not routes.
    if (window.location.hash === '' || window.location.hash.startsWith('#/')) void render(config);
  });
  await render(config, problem);
}

void start();
