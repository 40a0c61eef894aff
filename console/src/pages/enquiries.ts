import { get, post, query, seg } from '../api';
import { serviceNow } from '../clock';
import { h, table, uid } from '../dom';
import { choiceGroup, choicesOf, selectField, submitForm, textField } from '../forms';
import { label, plural, timeElement } from '../format';
import { caseLink, fill, loadingSection, notificationBanner, type PageDefinition } from '../page';
import {
  ENQUIRY_ASKERS,
  ENQUIRY_OUTCOMES,
  ENQUIRY_SUBSECTORS,
  ENQUIRY_TOPICS,
  type EnquirySector,
} from '../../../functions/domain/enquiry-choices';
import type { Page } from '../types';

/**
 * The enquiries register (#/enquiries, #/enquiries?month=YYYY-MM): a form to
 * record an enquiry to the LADO enquiries officer, every field a choice from
 * the domain's catalogues (functions/domain/enquiry-choices.ts, no runtime
 * imports), so that nothing typed can name anyone; and the month's enquiries,
 * each unlinked one with a form to link the referral it led to. Validation is
 * the API's: a refusal is shown above the form, linked to the fields.
 */
interface Enquiry {
  enquiryId: string;
  receivedAt: string;
  sector: string;
  subsector?: string;
  askedBy: string;
  topic: string;
  outcome: string;
  linkedCaseId?: string;
  officerId: string;
}

const SERVICE_ZONE = 'Europe/London';
const SECTORS = Object.keys(ENQUIRY_SUBSECTORS) as EnquirySector[];

/** The London month of a moment, YYYY-MM. */
function londonMonth(moment: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: SERVICE_ZONE, year: 'numeric', month: '2-digit' }).formatToParts(moment);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** The month before or after YYYY-MM. */
function shiftMonth(month: string, by: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const shifted = new Date(Date.UTC(year, number - 1 + by, 1));
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`;
}

function lastDayOf(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, number, 0)).getUTCDate()).padStart(2, '0')}`;
}

const monthName = (month: string) => new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));

/** Every enquiry of a month, page after page. */
async function monthsEnquiries(month: string): Promise<Enquiry[]> {
  const items: Enquiry[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Enquiry> = await get<Page<Enquiry>>(`/enquiries${query({ from: `${month}-01`, to: lastDayOf(month), cursor })}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const valueAt = (form: HTMLFormElement, path: string) => form.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-path="${path}"]`)?.value.trim() ?? '';

/** When the enquiry came in: a local date and time, or blank for now. */
function receivedAtField(): HTMLElement {
  const id = uid('field');
  return h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: id }, 'When it came in (optional)'),
    h('div', { class: 'hint', id: `${id}-hint` }, 'Leave blank for now'),
    h('input', { class: 'input input--narrow', id, name: 'receivedAt', type: 'datetime-local', 'data-path': 'receivedAt', 'aria-describedby': `${id}-hint` }),
  );
}

function recordForm(officerId: string, onRecorded: (enquiryId: string) => void): HTMLFormElement {
  const sector = selectField({ label: 'Sector of the setting', path: 'sector', choices: choicesOf(SECTORS) });
  const subsector = selectField({ label: 'Kind of setting', hint: 'The subsectors of the sector chosen', path: 'subsector', optional: true, choices: [] });
  const sectorSelect = sector.querySelector('select')!;
  const subsectorSelect = subsector.querySelector('select')!;
  sectorSelect.addEventListener('change', () => {
    const values: readonly string[] = ENQUIRY_SUBSECTORS[sectorSelect.value as EnquirySector] ?? [];
    subsectorSelect.replaceChildren(h('option', { value: '' }, 'None'), ...choicesOf(values).map((choice) => h('option', { value: choice.value }, choice.label)));
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'record-enquiry-heading' },
    h('p', { class: 'body' }, 'Nobody is named: every answer is a choice.'),
    receivedAtField(),
    sector,
    subsector,
    selectField({ label: 'Who asked', path: 'askedBy', choices: choicesOf(ENQUIRY_ASKERS) }),
    selectField({ label: 'Topic', path: 'topic', choices: choicesOf(ENQUIRY_TOPICS) }),
    choiceGroup({ label: 'How did it end?', path: 'outcome', choices: choicesOf(ENQUIRY_OUTCOMES) }),
    textField({ label: 'The referral it led to', hint: 'Its case id, LADO-…, if it has arrived', path: 'linkedCaseId', optional: true, width: 'narrow' }),
    h('button', { class: 'button', type: 'submit', 'data-main-action': 'true' }, 'Record the enquiry'),
  );
  submitForm(form, async (key) => {
    const receivedAt = valueAt(form, 'receivedAt');
    const outcome = form.querySelector<HTMLInputElement>('[data-group="outcome"] input:checked')?.value;
    const body: Record<string, string> = { officerId };
    for (const [path, value] of [
      ['receivedAt', receivedAt ? new Date(receivedAt).toISOString() : ''],
      ['sector', valueAt(form, 'sector')],
      ['subsector', valueAt(form, 'subsector')],
      ['askedBy', valueAt(form, 'askedBy')],
      ['topic', valueAt(form, 'topic')],
      ['outcome', outcome ?? ''],
      ['linkedCaseId', valueAt(form, 'linkedCaseId')],
    ] as const) {
      if (value !== '') body[path] = value;
    }
    const recorded = await post<{ enquiryId: string }>('/enquiries', body, { idempotencyKey: key.for(body) });
    onRecorded(recorded.enquiryId);
  });
  return form;
}

function linkForm(enquiry: Enquiry, officerId: string, onLinked: () => void): HTMLElement {
  const headingId = `link-${enquiry.enquiryId}`;
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': headingId },
    textField({ label: 'Case id of the referral', hint: 'LADO-…', path: 'caseId', width: 'narrow' }),
    h('button', { class: 'button button--secondary', type: 'submit' }, 'Link'),
  );
  submitForm(form, async () => {
    await post(`/enquiries/${seg(enquiry.enquiryId)}/link`, { caseId: valueAt(form, 'caseId'), officerId });
    onLinked();
  });
  return h(
    'details',
    { class: 'details' },
    h('summary', { class: 'details__summary' }, h('span', { class: 'details__summary-text', id: headingId }, 'Link a referral', h('span', { class: 'visually-hidden' }, ` to ${enquiry.enquiryId}`))),
    h('div', { class: 'details__text' }, form),
  );
}

export const enquiriesPage: PageDefinition = {
  pattern: /^\/enquiries$/,
  groups: ['lado-officer', 'lado-manager'],
  async render(context) {
    const { main, session, title, query: search } = context;
    title('Enquiries');
    main.append(
      h('h1', { class: 'heading-l', tabindex: '-1' }, 'Enquiries'),
      h('p', { class: 'body lead' }, 'For the LADO enquiries officer: record each enquiry, asked without naming anyone, and link the referral one led to when it arrives.'),
    );
    const flash = context.takeFlash();
    if (flash) main.append(notificationBanner(flash));
    const asked = search.get('month');
    const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : londonMonth(await serviceNow());
    const here = (m: string) => `#/enquiries${query({ month: m })}`;
    main.append(
      h(
        'section',
        { class: 'section', 'aria-labelledby': 'record-enquiry-heading' },
        h('h2', { class: 'heading-m', id: 'record-enquiry-heading' }, 'Record an enquiry'),
        recordForm(session.username, (enquiryId) => {
          context.flash(`Enquiry recorded: ${enquiryId}.`);
          context.navigate(here(month));
        }),
      ),
    );
    const { section, body } = loadingSection(`Enquiries in ${monthName(month)}`, 'h2', 'enquiries-list');
    main.append(section);
    if (flash) main.querySelector<HTMLElement>('.notification-banner')?.focus();
    await fill(body, async () => {
      const items = await monthsEnquiries(month);
      const pagination = h(
        'nav',
        { class: 'pagination', 'aria-label': 'Months' },
        h('a', { class: 'link pagination__link', href: here(shiftMonth(month, -1)) }, `Previous month: ${monthName(shiftMonth(month, -1))}`),
        h('a', { class: 'link pagination__link', href: here(shiftMonth(month, 1)) }, `Next month: ${monthName(shiftMonth(month, 1))}`),
      );
      if (items.length === 0) return [h('p', { class: 'body' }, `No enquiry was recorded in ${monthName(month)}.`), pagination];
      const linked = items.filter((item) => item.linkedCaseId).length;
      return [
        h('p', { class: 'body' }, `${plural(items.length, 'enquiry', 'enquiries')}, ${linked} linked to a referral.`),
        table(
          `Enquiries in ${monthName(month)}`,
          ['Came in', 'Setting', 'Asked by', 'Topic', 'Outcome', 'Referral', 'Officer'],
          items.map((item) => [
            timeElement(item.receivedAt),
            [label(item.sector), item.subsector ? h('span', { class: 'muted' }, `: ${item.subsector}`) : null],
            label(item.askedBy),
            label(item.topic),
            label(item.outcome),
            item.linkedCaseId
              ? caseLink(item.linkedCaseId)
              : linkForm(item, session.username, () => {
                  context.flash(`${item.enquiryId} linked.`);
                  context.navigate(here(month));
                }),
            item.officerId,
          ]),
          { captionHidden: true },
        ),
        pagination,
      ];
    });
  },
};
