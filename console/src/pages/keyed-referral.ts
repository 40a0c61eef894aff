import { post } from '../api';
import { h } from '../dom';
import { choiceGroup, choicesOf, readFields, selectField, submitForm, textArea, textField, YES_NO } from '../forms';
import type { PageDefinition } from '../page';
import { HARM_CRITERIA } from '../records';
import {
  ALLEGATION_CATEGORIES,
  CHILD_STATUSES,
  EMPLOYMENT_BASES,
  REFERRER_KINDS,
  SECTORS,
  STAFF_KEYED_CHANNELS,
  type StaffKeyedChannel,
} from '../../../functions/domain/referral-choices';

/**
 * Keying a referral in (#/referrals/new): a referral made by telephone, or
 * on the form that parents, carers and the public email (000, 002), typed in
 * by LADO staff and sent to POST /cases. Every choice is the domain's own
 * catalogue (functions/domain/referral-choices.ts, no runtime imports); the
 * form asks for every key demographic the completeness check looks for
 * (functions/domain/completeness.ts), each optional, as a caller may not know
 * it: a referral that lacks one is still received, then returned for it.
 * Validation is the API's: a refusal is shown above the form, linked to the
 * fields. A retry after a failure is sent under the same key, so it never
 * makes a second case.
 */

/** The most children a referral lists (referral-schema.ts, childrenSchema). */
const MAX_CHILDREN = 20;
/** The longest description the schema takes (referral-schema.ts, allegationSchema). */
const DESCRIPTION_MAX = 10_000;

const CHANNEL_LABELS: Record<StaffKeyedChannel, string> = { phone: 'A telephone call', 'email-form': 'The emailed referral form' };

function section(title: string, ...children: HTMLElement[]): HTMLElement {
  return h('div', { class: 'form-section' }, h('h2', { class: 'heading-m' }, title), ...children);
}

/** An address's three lines at `path`; left blank, no address is sent. */
function addressFields(path: string, whose: string): HTMLElement[] {
  return [
    textField({ label: `${whose}: first line`, path: `${path}.line1`, optional: true, width: 'wide' }),
    textField({ label: `${whose}: town`, path: `${path}.town`, optional: true }),
    textField({ label: `${whose}: postcode`, path: `${path}.postcode`, optional: true, width: 'narrow' }),
  ];
}

function childFields(index: number): HTMLElement {
  const path = `referral.children.children.${index}`;
  const which = `Child ${index + 1}`;
  return h(
    'div',
    { class: 'child-fields', 'data-child': String(index) },
    h('h3', { class: 'heading-s' }, which),
    textField({ label: `${which}: first name`, path: `${path}.firstName`, optional: true }),
    textField({ label: `${which}: last name`, path: `${path}.lastName`, optional: true }),
    textField({ label: `${which}: date of birth`, path: `${path}.dateOfBirth`, type: 'date', optional: true, width: 'narrow' }),
    selectField({ label: `${which}: status`, path: `${path}.status`, optional: true, choices: choicesOf(CHILD_STATUSES) }),
  );
}

/** The children's details, one child to begin with and a button for each more. */
function childrenDetails(): HTMLElement {
  const list = h('div', { class: 'children' }, childFields(0));
  const add = h('button', { class: 'button button--secondary', type: 'button' }, 'Add another child');
  add.addEventListener('click', () => {
    const count = list.querySelectorAll('[data-child]').length;
    const next = childFields(count);
    list.append(next);
    if (count + 1 >= MAX_CHILDREN) add.hidden = true;
    next.querySelector<HTMLInputElement>('input')?.focus();
  });
  return h('div', {}, list, add);
}

/** The form's fields as POST /cases takes them; the children listed in order, as an array. */
function requestBody(form: HTMLFormElement, officerId: string): Record<string, unknown> {
  // The person and the employer are sections of every referral, sent even when nothing of them is known.
  const body: Record<string, unknown> = { keyedBy: { officerId }, referral: { subject: {}, employer: {} } };
  readFields(form, body);
  const children = (body['referral'] as { children?: { children?: unknown } }).children;
  if (children?.children && !Array.isArray(children.children)) {
    const byIndex = children.children as Record<string, unknown>;
    children.children = Object.keys(byIndex)
      .sort((a, b) => Number(a) - Number(b))
      .map((index) => byIndex[index]);
  }
  return body;
}

function keyedReferralForm(officerId: string, officerEmail: string | undefined, onAccepted: (caseId: string) => void): HTMLFormElement {
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'keyed-referral-heading' },
    section(
      'How it came',
      choiceGroup({ label: 'How was the referral made?', path: 'channel', choices: STAFF_KEYED_CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] })) }),
    ),
    section(
      'Who referred',
      choiceGroup({ label: 'Who is the referrer?', path: 'referral.referrer.kind', choices: choicesOf(REFERRER_KINDS) }),
      textField({ label: "Referrer's name", path: 'referral.referrer.name' }),
      textField({ label: "Referrer's organisation", path: 'referral.referrer.organisation', optional: true, width: 'wide' }),
      textField({ label: "Referrer's role", path: 'referral.referrer.role', optional: true }),
      textField({ label: "Referrer's email address", hint: 'The acknowledgement and any return go here; without one, they come to you', path: 'referral.referrer.email', type: 'email', optional: true, width: 'wide' }),
      textField({ label: "Referrer's telephone number", path: 'referral.referrer.phone', optional: true, width: 'narrow' }),
    ),
    section(
      'The person the allegation is about',
      textField({ label: 'First name', path: 'referral.subject.firstName', optional: true }),
      textField({ label: 'Last name', path: 'referral.subject.lastName', optional: true }),
      textField({ label: 'Date of birth', path: 'referral.subject.dateOfBirth', type: 'date', optional: true, width: 'narrow' }),
      ...addressFields('referral.subject.address', 'Home address'),
      textField({ label: 'Their role with children', hint: 'For example, teaching assistant or foster carer', path: 'referral.subject.role', optional: true }),
      selectField({ label: 'How they are engaged', path: 'referral.subject.employmentBasis', optional: true, choices: choicesOf(EMPLOYMENT_BASES) }),
    ),
    section(
      'Their employer or setting',
      textField({ label: "Employer's or setting's name", path: 'referral.employer.name', optional: true, width: 'wide' }),
      ...addressFields('referral.employer.address', "Employer's address"),
      selectField({ label: 'Sector', path: 'referral.employer.sector', optional: true, choices: choicesOf(SECTORS) }),
      textField({ label: 'Kind of setting', hint: 'For example, primary school or childminder', path: 'referral.employer.subsector', optional: true }),
    ),
    section(
      'The children',
      choiceGroup({
        label: 'Are the children identified?',
        path: 'referral.children.identified',
        choices: [
          { value: 'true', label: 'Yes', reveals: childrenDetails() },
          { value: 'false', label: 'No' },
        ],
      }),
    ),
    section(
      'The allegation',
      textField({ label: 'When the allegation arose', path: 'referral.allegation.arose', type: 'date', width: 'narrow' }),
      textField({ label: 'When the alleged events happened', path: 'referral.allegation.occurred', type: 'date', optional: true, width: 'narrow' }),
      selectField({ label: 'Category', path: 'referral.allegation.category', choices: choicesOf(ALLEGATION_CATEGORIES) }),
      textArea({ label: 'What is alleged', hint: 'As the referrer tells it', path: 'referral.allegation.description', rows: 6, maxLength: DESCRIPTION_MAX }),
      choiceGroup({ label: 'Which harm criteria may be met?', hint: 'Select all the referrer describes; the threshold decision settles them', path: 'referral.allegation.harmCriteria', multiple: true, choices: HARM_CRITERIA }),
      choiceGroup({ label: 'Is a child at immediate risk?', path: 'referral.allegation.immediateRisk', choices: YES_NO, inline: true }),
      choiceGroup({ label: 'Are the police involved?', path: 'referral.allegation.policeInvolved', choices: YES_NO, inline: true }),
      choiceGroup({ label: "Is children's social care involved?", path: 'referral.allegation.socialCareInvolved', choices: YES_NO, inline: true }),
      choiceGroup({ label: 'Is the person suspended?', path: 'referral.allegation.subjectSuspended', choices: YES_NO, inline: true }),
      choiceGroup({ label: 'Does the person know of the referral?', path: 'referral.allegation.subjectAware', choices: YES_NO, inline: true }),
    ),
    section(
      'You',
      h('p', { class: 'body' }, `Keyed in by ${officerId}.`),
      textField({ label: 'Your work email address', hint: 'Where the acknowledgement comes when the referrer gave no email', path: 'keyedBy.email', type: 'email', value: officerEmail, width: 'wide' }),
    ),
    h('button', { class: 'button', type: 'submit', 'data-main-action': 'true' }, 'Key in the referral'),
  );
  submitForm(form, async (key) => {
    const body = requestBody(form, officerId);
    const accepted = await post<{ caseId: string }>('/cases', body, { idempotencyKey: key.for(body) });
    onAccepted(accepted.caseId);
  });
  return form;
}

export const keyedReferralPage: PageDefinition = {
  pattern: /^\/referrals\/new$/,
  groups: ['lado-officer', 'lado-manager'],
  async render(context) {
    const { main, session, title } = context;
    title('Key in a referral');
    main.append(
      h('h1', { class: 'heading-l', tabindex: '-1', id: 'keyed-referral-heading' }, 'Key in a referral'),
      h(
        'p',
        { class: 'body lead' },
        'A referral made by telephone or on the emailed form. It is checked and followed as a portal referral is: one that lacks key details is received, then returned for them.',
      ),
      keyedReferralForm(session.username, session.email, (caseId) => {
        context.flash(`Referral keyed in: ${caseId}.`);
        context.navigate(`#/cases/${encodeURIComponent(caseId)}`);
      }),
    );
  },
};
