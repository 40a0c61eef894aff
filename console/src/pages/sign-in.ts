import { devSignIn, startCognitoSignIn } from '../auth';
import { GROUPS, type ConsoleConfig } from '../config';
import { h } from '../dom';
import { choiceGroup, errorSummary, textField } from '../forms';
import type { Group } from '../types';

/**
 * Signing in. Locally: a development user picker that issues the local API's
 * development tokens (anyone may be anyone, on this machine only). On AWS: a
 * button to the Cognito hosted UI.
 */
export function renderSignIn(main: HTMLElement, config: ConsoleConfig, options: { returnTo: string; problem?: string; onSignedIn: () => void }): void {
  main.append(h('h1', { class: 'heading-l', tabindex: '-1' }, 'Sign in'));
  if (options.problem) main.append(errorSummary(new Error(options.problem)));
  const auth = config.auth;
  if (auth.kind === 'cognito') {
    main.append(
      h('p', { class: 'body' }, 'Sign in with your LADO service account. You will be asked for your authenticator code.'),
      h('button', { class: 'button button--start', type: 'button', 'data-main-action': 'true', onclick: () => void startCognitoSignIn(auth, options.returnTo) }, 'Sign in'),
    );
    return;
  }
  const errors = h('div', { class: 'form-errors' });
  const username = textField({ label: 'Username', hint: 'Any name: it becomes your officer id, e.g. lado.officer.7', path: 'username', autocomplete: 'username', width: 'wide' });
  const group = choiceGroup({
    label: 'Group',
    hint: 'What you may see and do, as the Cognito group would allow',
    path: 'group',
    legendSize: 'm',
    choices: GROUPS.map((g) => ({ value: g.group, label: g.label, hint: g.hint })),
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'dev-sign-in' },
    errors,
    h('div', { class: 'inset-text' }, h('p', { class: 'body', id: 'dev-sign-in' }, 'Development sign-in. This local stack takes development tokens in place of Cognito: choose who to be.')),
    username,
    group,
    h('button', { class: 'button', type: 'submit', 'data-main-action': 'true' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = username.querySelector('input')!.value.trim();
    const chosen = group.querySelector<HTMLInputElement>('input:checked')?.value as Group | undefined;
    try {
      if (!chosen) throw new Error('Choose a group');
      devSignIn(name, chosen);
      options.onSignedIn();
    } catch (error) {
      const summary = errorSummary(error);
      errors.replaceChildren(summary);
      summary.focus();
    }
  });
  main.append(form);
}
