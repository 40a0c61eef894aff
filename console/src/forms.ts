import { ApiError, post, seg } from './api';
import type { Session } from './auth';
import { h, uid } from './dom';
import { label } from './format';
import {
  HARM_CRITERIA,
  NO_FURTHER_ACTION_CATEGORIES,
  OFFICER_RECORDS,
  RATIONALE_LENGTH,
  RECORDS_BY_STATUS,
  setPath,
  THRESHOLD_OUTCOMES,
  type OfficerRecordKind,
  type RecordField,
  type ThresholdOutcome,
} from './records';

/**
 * The forms that record on a case, in the GOV.UK manner: a label on every
 * input, hints tied to them, radios and checkboxes in fieldsets with a
 * legend, and the API's refusal shown in an error summary that links to the
 * fields at fault. Validation is the API's: it names the field and says why.
 */

// ── error summary ──

/** The API's refusal (or any error) as an error summary, its links focusing the fields at fault. */
export function errorSummary(error: unknown, form?: HTMLFormElement): HTMLElement {
  const api = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const items = (api?.errors ?? []).map(({ path, message: text }) => {
    const field = form ? fieldFor(form, path) : undefined;
    return h(
      'li',
      {},
      field
        ? h('a', { href: `#${field.id}`, onclick: (event: Event) => { event.preventDefault(); field.focus(); } }, text)
        : `${path ? `${path}: ` : ''}${text}`,
    );
  });
  return h(
    'div',
    { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
    h('h2', { class: 'error-summary__title', id: 'error-summary-title' }, 'There is a problem'),
    h('p', { class: 'error-summary__body' }, message, api && api.status ? h('span', { class: 'error-summary__status' }, ` (HTTP ${api.status})`) : null),
    items.length ? h('ul', { class: 'error-summary__list' }, items) : null,
  );
}

/** The input an API error path names: the field whose data-path is that path, or the first under it. */
function fieldFor(form: HTMLFormElement, path: string): HTMLElement | undefined {
  const fields = [...form.querySelectorAll<HTMLElement>('[data-path]')].filter((f) => !f.closest('[hidden]'));
  return fields.find((f) => f.dataset['path'] === path) ?? fields.find((f) => path.startsWith(`${f.dataset['path']}.`) || f.dataset['path']!.startsWith(`${path}.`));
}

function markFieldErrors(form: HTMLFormElement, error: unknown): void {
  form.querySelectorAll('.error-message').forEach((e) => e.remove());
  form.querySelectorAll('.form-group--error').forEach((e) => e.classList.remove('form-group--error'));
  if (!(error instanceof ApiError)) return;
  for (const { path, message } of error.errors) {
    const field = fieldFor(form, path);
    const group = field?.closest('.form-group');
    if (!field || !group) continue;
    group.classList.add('form-group--error');
    const id = `${field.id}-error`;
    if (!group.querySelector(`#${CSS.escape(id)}`)) {
      const anchor = group.querySelector('.hint') ?? group.querySelector('legend, label');
      anchor?.after(h('p', { class: 'error-message', id }, h('span', { class: 'visually-hidden' }, 'Error: '), message));
      field.setAttribute('aria-describedby', [field.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
    }
  }
}

// ── fields ──

interface FieldOptions {
  label: string;
  hint?: string;
  path: string;
  optional?: boolean;
}

function describedBy(id: string, hint?: string): { hintElement: HTMLElement | null; describedBy: string | undefined } {
  if (!hint) return { hintElement: null, describedBy: undefined };
  return { hintElement: h('div', { class: 'hint', id: `${id}-hint` }, hint), describedBy: `${id}-hint` };
}

const optionalLabel = (label: string, optional?: boolean) => (optional ? `${label} (optional)` : label);

export function textField(options: FieldOptions & { type?: 'text' | 'email' | 'date'; value?: string; autocomplete?: string; width?: 'narrow' | 'wide' }): HTMLElement {
  const id = uid('field');
  const { hintElement, describedBy: hintId } = describedBy(id, options.hint);
  return h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: id }, optionalLabel(options.label, options.optional)),
    hintElement,
    h('input', {
      class: `input${options.width ? ` input--${options.width}` : ''}`,
      id,
      name: options.path,
      type: options.type ?? 'text',
      'data-path': options.path,
      'data-optional': options.optional ? 'true' : null,
      'aria-describedby': hintId,
      value: options.value,
      autocomplete: options.autocomplete ?? 'off',
      spellcheck: options.type === 'email' ? 'false' : null,
    }),
  );
}

export function textArea(options: FieldOptions & { rows?: number; maxLength?: number }): HTMLElement {
  const id = uid('field');
  const { hintElement, describedBy: hintId } = describedBy(id, options.hint);
  return h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: id }, options.label),
    hintElement,
    h('textarea', { class: 'textarea', id, name: options.path, rows: options.rows ?? 4, 'data-path': options.path, 'aria-describedby': hintId, maxlength: options.maxLength ?? RATIONALE_LENGTH.max }),
  );
}

export function selectField(options: FieldOptions & { choices: ReadonlyArray<{ value: string; label: string }> }): HTMLElement {
  const id = uid('field');
  const { hintElement, describedBy: hintId } = describedBy(id, options.hint);
  return h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: id }, optionalLabel(options.label, options.optional)),
    hintElement,
    h(
      'select',
      { class: 'select', id, name: options.path, 'data-path': options.path, 'data-optional': options.optional ? 'true' : null, 'aria-describedby': hintId },
      h('option', { value: '' }, options.optional ? 'None' : 'Choose…'),
      options.choices.map((choice) => h('option', { value: choice.value }, choice.label)),
    ),
  );
}

type Choice = { value: string; label: string; hint?: string; reveals?: HTMLElement };

/** Radios or checkboxes in a fieldset; a choice's `reveals` shows only while it is checked. */
export function choiceGroup(options: FieldOptions & { multiple?: boolean; choices: readonly Choice[]; legendSize?: 'm' | 's'; inline?: boolean }): HTMLElement {
  const id = uid('choice');
  const { hintElement, describedBy: hintId } = describedBy(id, options.hint);
  const type = options.multiple ? 'checkbox' : 'radio';
  const group = h('div', { class: options.multiple ? 'checkboxes' : `radios${options.inline ? ' radios--inline' : ''}`, 'data-group': options.path });
  const inputs: HTMLInputElement[] = [];
  options.choices.forEach((choice, i) => {
    const inputId = i === 0 ? id : `${id}-${i}`;
    const input = h('input', {
      class: `${type === 'radio' ? 'radios' : 'checkboxes'}__input`,
      id: inputId,
      name: `${options.path}-${id}`,
      type,
      value: choice.value,
      // The first input stands for the group: an error about the field focuses it.
      ...(i === 0 ? { 'data-path': options.path } : {}),
      ...(choice.reveals ? { 'aria-controls': `${inputId}-reveal` } : {}),
      ...(choice.hint ? { 'aria-describedby': `${inputId}-hint` } : {}),
    });
    inputs.push(input);
    group.append(
      h(
        'div',
        { class: `${type === 'radio' ? 'radios' : 'checkboxes'}__item` },
        input,
        h('label', { class: `label ${type === 'radio' ? 'radios' : 'checkboxes'}__label`, for: inputId }, choice.label),
        choice.hint ? h('div', { class: 'hint radios__hint', id: `${inputId}-hint` }, choice.hint) : null,
      ),
    );
    if (choice.reveals) {
      choice.reveals.id = `${inputId}-reveal`;
      choice.reveals.classList.add('conditional');
      choice.reveals.hidden = true;
      group.append(choice.reveals);
    }
  });
  const sync = () => options.choices.forEach((choice, i) => choice.reveals && (choice.reveals.hidden = !inputs[i]!.checked));
  inputs.forEach((input) => input.addEventListener('change', sync));
  return h(
    'div',
    { class: 'form-group' },
    h(
      'fieldset',
      { class: 'fieldset', 'aria-describedby': hintId },
      h('legend', { class: `fieldset__legend fieldset__legend--${options.legendSize ?? 's'}` }, options.label),
      hintElement,
      group,
    ),
  );
}

/** The answers to a yes-or-no question, read as true or false (readFields). */
export const YES_NO = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

/** A catalogue's values as choices, each labelled as the console labels a value (format.ts). */
export const choicesOf = (values: readonly string[]) => values.map((value) => ({ value, label: label(value) }));

/** A record's field, drawn from its description in records.ts. */
function recordField(field: RecordField): HTMLElement {
  const path = field.path.join('.');
  const common = { label: field.label, path, ...(field.hint ? { hint: field.hint } : {}) };
  switch (field.type) {
    case 'text':
    case 'email':
    case 'date':
      return textField({ ...common, type: field.type, optional: field.optional ?? false, width: field.type === 'date' ? 'narrow' : 'wide' });
    case 'boolean':
      return choiceGroup({ ...common, choices: YES_NO, inline: true });
    case 'choice':
      return selectField({ ...common, optional: field.optional ?? false, choices: choicesOf(field.options) });
    case 'choices':
      return choiceGroup({ ...common, multiple: true, choices: field.options.map((o) => (typeof o === 'string' ? { value: o, label: label(o) } : o)) });
  }
}

// ── reading a form into a body ──

/** The values of the visible fields under `root`, placed at their paths; empty optional ones left out. */
export function readFields(root: HTMLElement, body: Record<string, unknown>): void {
  for (const element of root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input[data-path], select[data-path], textarea[data-path]')) {
    if (element.closest('[hidden]')) continue;
    const path = element.dataset['path']!.split('.');
    const groupRoot = element.closest('.form-group')?.querySelector<HTMLElement>('[data-group]');
    if (element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox') && groupRoot) {
      const checked = [...groupRoot.querySelectorAll<HTMLInputElement>(':scope > div > input')].filter((i) => i.checked).map((i) => i.value);
      if (element.type === 'checkbox') setPath(body, path, checked);
      else if (checked[0] !== undefined) setPath(body, path, checked[0] === 'true' ? true : checked[0] === 'false' ? false : checked[0]);
      continue;
    }
    const value = element.value.trim();
    if (value === '' && element.dataset['optional'] === 'true') continue;
    setPath(body, path, element instanceof HTMLTextAreaElement ? element.value : value);
  }
}

// ── submitting ──

/** A v4 UUID: crypto.randomUUID where the page is a secure context, else from random bytes. */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The Idempotency-Key of a submission: a fresh one for each new record, the
 * same one when the same record is sent again after a failure, so that a
 * retry never records twice. Changing the form makes it a new record.
 */
export class SubmissionKey {
  private key: string | undefined;
  private sent: string | undefined;

  for(body: unknown): string {
    const text = JSON.stringify(body);
    if (!this.key || text !== this.sent) {
      this.key = newUuid();
      this.sent = text;
    }
    return this.key;
  }

  /** The record is stored: the next submission is a new record. */
  done(): void {
    this.key = undefined;
    this.sent = undefined;
  }
}

export interface Recorded {
  caseId: string;
  status: string;
}

/**
 * Wires a form's submission: `send` builds the body and sends it under the
 * form's key (SubmissionKey), which stays the same for the same body after a
 * failure. A refusal is shown above the form, the fields at fault marked; on
 * success the next submission is a new record.
 */
export function submitForm(form: HTMLFormElement, send: (key: SubmissionKey) => Promise<void>): void {
  const key = new SubmissionKey();
  const errors = h('div', { class: 'form-errors' });
  form.prepend(errors);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    send(key)
      .then(
        () => {
          key.done();
          errors.replaceChildren();
          markFieldErrors(form, undefined);
        },
        (error: unknown) => {
          markFieldErrors(form, error);
          const summary = errorSummary(error, form);
          errors.replaceChildren(summary);
          summary.focus();
        },
      )
      .finally(() => {
        if (button) button.disabled = false;
        form.removeAttribute('aria-busy');
      });
  });
}

/** Wires a form to POST /cases/{caseId}/decisions: the body `build` makes, and `onRecorded` once it is stored. */
function submitDecision(form: HTMLFormElement, caseId: string, build: () => Record<string, unknown>, onRecorded: (recorded: Recorded, body: Record<string, unknown>) => void): void {
  submitForm(form, async (key) => {
    const body = build();
    const recorded = await post<Recorded>(`/cases/${seg(caseId)}/decisions`, body, { idempotencyKey: key.for(body) });
    onRecorded(recorded, body);
  });
}

function allocationFields(prefix: string, session: Session): HTMLElement {
  return h(
    'div',
    {},
    textField({ label: "Allocated LADO's username", hint: 'As they sign in', path: `${prefix}.officerId`, value: session.username, autocomplete: 'off' }),
    textField({ label: "Allocated LADO's email address", hint: 'Deadline emails go to this address', path: `${prefix}.email`, type: 'email', width: 'wide' }),
  );
}

function rationaleField(hint = `Why, in at least ${RATIONALE_LENGTH.min} characters. It stays in the case's record and is never emailed.`): HTMLElement {
  return textArea({ label: 'Rationale', hint, path: 'rationale', rows: 5 });
}

/** The duty LADO's threshold decision (functions/domain/threshold-decision.ts). */
export function thresholdDecisionForm(caseId: string, session: Session, onRecorded: (recorded: Recorded) => void): HTMLFormElement {
  const sections: Record<ThresholdOutcome, HTMLElement> = {
    allegation: h(
      'div',
      {},
      choiceGroup({ label: 'Which harm criteria are met?', hint: 'Select all that apply', path: 'harmCriteria', multiple: true, choices: HARM_CRITERIA }),
      allocationFields('allocatedTo', session),
    ),
    consultation: allocationFields('allocatedTo', session),
    'no-further-action': h(
      'div',
      {},
      choiceGroup({ label: 'Why is no further LADO action needed?', hint: 'The referrer is told this reason', path: 'category', choices: NO_FURTHER_ACTION_CATEGORIES }),
    ),
    transfer: h(
      'div',
      {},
      textField({ label: 'The receiving authority', path: 'receivingAuthority.name', width: 'wide' }),
      textField({ label: "Its designated officer's email address", path: 'receivingAuthority.designatedOfficerEmail', type: 'email', width: 'wide' }),
    ),
  };
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'threshold-heading' },
    choiceGroup({
      label: 'What is your decision?',
      path: 'outcome',
      legendSize: 'm',
      choices: THRESHOLD_OUTCOMES.map((o) => ({ value: o.value, label: o.label, hint: o.hint, reveals: sections[o.value] })),
    }),
    rationaleField(),
    h('button', { class: 'button', type: 'submit', 'data-main-action': 'true' }, 'Record the decision'),
  );
  submitDecision(
    form,
    caseId,
    () => {
      const body: Record<string, unknown> = { kind: 'threshold', officerId: session.username };
      readFields(form, body);
      return body;
    },
    (recorded) => onRecorded(recorded),
  );
  return form;
}

/**
 * An officer's record after the threshold decision (functions/domain/officer-records.ts):
 * the kinds the case's status accepts, or just `only` (the manager's reallocation).
 */
export function officerRecordForm(
  caseView: { caseId: string; status: string },
  session: Session,
  onRecorded: (recorded: Recorded, kind: OfficerRecordKind) => void,
  options: { only?: OfficerRecordKind; submitLabel?: string; labelledBy?: string } = {},
): HTMLFormElement | undefined {
  const kinds = options.only ? [options.only] : (RECORDS_BY_STATUS[caseView.status] ?? []);
  if (kinds.length === 0) return undefined;
  const fields = h('div', { class: 'record-fields' });
  const showFields = (kind: string) => fields.replaceChildren(...(OFFICER_RECORDS[kind as OfficerRecordKind]?.fields ?? []).map((field: RecordField) => recordField(field)));
  let kindControl: HTMLElement | null = null;
  let kindSelect: HTMLSelectElement | undefined;
  if (options.only) showFields(options.only);
  else {
    kindControl = selectField({ label: 'What happened?', path: 'kind', choices: kinds.map((kind) => ({ value: kind, label: OFFICER_RECORDS[kind].label })) });
    const select = kindControl.querySelector('select')!;
    select.addEventListener('change', () => showFields(select.value));
    kindSelect = select;
  }
  const form = h(
    'form',
    { class: 'form', novalidate: true, ...(options.labelledBy ? { 'aria-labelledby': options.labelledBy } : {}) },
    kindControl,
    fields,
    rationaleField(),
    h('button', { class: 'button', type: 'submit', 'data-main-action': 'true' }, options.submitLabel ?? 'Record the event'),
  );
  submitDecision(
    form,
    caseView.caseId,
    () => {
      const body: Record<string, unknown> = { kind: options.only ?? kindSelect!.value, officerId: session.username };
      readFields(fields, body);
      readFields(form.querySelector<HTMLElement>('textarea')!.closest('.form-group')!, body);
      return body;
    },
    (recorded, body) => onRecorded(recorded, body['kind'] as OfficerRecordKind),
  );
  return form;
}
