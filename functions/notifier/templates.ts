import type { MissingItem } from '../domain/completeness';
import { DEADLINE_POLICY, type DeadlineKind } from '../domain/deadline-policy';
import { recipientRoles, type CaseNotificationKind, type NotificationKind, type RecipientRole } from '../domain/lifecycle-contract';
import type { AwaitingDecision } from '../domain/morning-list';
import { NO_FURTHER_ACTION, type NoFurtherActionCategory, type ReceivingAuthority } from '../domain/threshold-decision';

/**
 * Every email the service sends (lifecycle-contract.ts lists their kinds and
 * who each is for). Each carries the case reference and only what its
 * recipient needs: never the allegation, never the names of the subject or
 * of children. Whatever is interpolated into HTML is escaped.
 */

export interface EmailContext {
  caseId: string;
  referrerName: string;
  /** The referrer's address; for a referral keyed in by staff whose referrer gave none, the officer who keyed it in. */
  referrerEmail: string;
  /** Set when what the referrer should read goes to the officer who keyed the referral in, to pass on. */
  passOnToReferrer?: boolean;
  missing: MissingItem[];
  /** When the referral would be rejected, if it was returned. */
  cutoffAt?: Date;
  /** When the threshold decision fell due, for chasers. */
  decisionDueAt?: Date;
  dutyLadoEmail: string;
  managerEmail: string;
  /** The LADO the case is allocated to, once it is. */
  allocatedLadoEmail?: string;
  /** The authority that leads a transferred case, and its designated officer's address. */
  receivingAuthority?: ReceivingAuthority;
  /** Why a referral needs no further LADO action. */
  noFurtherAction?: NoFurtherActionCategory;
  /** The deadline a due-soon, due-today or overdue email is about. */
  deadline?: { kind: DeadlineKind; dueAt: Date };
  officerCaseUrl: string;
  frontDoorPhone: string;
  outOfHoursPhone: string;
}

export interface Email {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Paragraphs of plain text, or bulleted lists of them. */
type Block = string | { list: string[] };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export function londonDateTime(instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  }).format(instant);
}

function compose(to: string[], subject: string, blocks: Block[]): Email {
  const text = blocks.map((b) => (typeof b === 'string' ? b : b.list.map((item) => `- ${item}`).join('\n'))).join('\n\n');
  const html = blocks
    .map((b) => (typeof b === 'string' ? `<p>${escapeHtml(b)}</p>` : `<ul>${b.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`))
    .join('\n');
  return { to, subject, text: `${text}\n`, html: `<!doctype html><html><body>\n${html}\n</body></html>\n` };
}

/**
 * The link to a case in officers' emails: the configured URL with {caseId}
 * replaced, such as the console's case page https://…/console/#/cases/{caseId};
 * a URL without the placeholder gets the case id appended as a path segment.
 */
export function officerCaseLink(officerCaseUrl: string, caseId: string): string {
  return officerCaseUrl.includes('{caseId}')
    ? officerCaseUrl.replaceAll('{caseId}', encodeURIComponent(caseId))
    : `${officerCaseUrl.replace(/\/$/, '')}/${caseId}`;
}

const caseLink = (c: EmailContext) => officerCaseLink(c.officerCaseUrl, c.caseId);
const required = <T>(value: T | undefined, what: string): T => {
  if (!value) throw new Error(`The ${what} is needed for this email`);
  return value;
};

/** The address a role stands for on this case. */
function addressOf(role: RecipientRole, c: EmailContext): string {
  switch (role) {
    case 'referrer':
      return c.referrerEmail;
    case 'dutyLado':
      return c.dutyLadoEmail;
    case 'ladoManager':
      return c.managerEmail;
    case 'allocatedLado':
      return required(c.allocatedLadoEmail, "allocated LADO's email");
    case 'receivingLado':
      return required(c.receivingAuthority, 'receiving authority').designatedOfficerEmail;
  }
}

/** What the referrer is told to do next, by the reason for no further LADO action. */
const NO_FURTHER_ACTION_ADVICE: { readonly [C in NoFurtherActionCategory]: (c: EmailContext) => string } = {
  'not-working-with-children': (c) =>
    `These procedures are for people who work with children in a position of trust. If you are concerned about a child's welfare, make a request for support to the Front Door service through the portal, or call ${c.frontDoorPhone}.`,
  'threshold-not-met': () => 'If you are unsure how to respond to the concern within your organisation, the LADO service can advise you.',
  'employer-procedures': () => "Please deal with it under your organisation's own procedures for concerns or complaints. The LADO service can advise you if you need it.",
  'another-service': (c) =>
    `If it concerns a child's welfare, make a request for support to the Front Door service through the portal, or call ${c.frontDoorPhone}.`,
};

/** The first words of the subject of each email about an allocated LADO's deadline. */
const DEADLINE_SUBJECT: { readonly [K in 'deadlineDueSoon' | 'deadlineDueToday' | 'deadlineOverdue']: string } = {
  deadlineDueSoon: 'Due soon',
  deadlineDueToday: 'Due today',
  deadlineOverdue: 'Overdue',
};

/** Who an email goes to: its recipients by the contract, as addresses. */
const addressed = (kind: NotificationKind, c: EmailContext, escalated = false): string[] => recipientRoles(kind, escalated).map((role) => addressOf(role, c));

export function renderEmail(kind: CaseNotificationKind, c: EmailContext): Email {
  // A referrer without email hears through the officer who keyed their referral in.
  const greeting = c.passOnToReferrer
    ? `This is for ${c.referrerName}, whose referral you keyed in without an email address: please pass it on to them. Dear ${c.referrerName},`
    : `Dear ${c.referrerName},`;
  const emergency = `If a child is in immediate danger, call 999. To reach the Front Door service call ${c.frontDoorPhone}, or ${c.outOfHoursPhone} out of hours.`;
  switch (kind) {
    case 'acknowledgement':
      return compose(addressed(kind, c), `LADO referral received: ${c.caseId}`, [
        greeting,
        `Your referral has been received by the LADO service. Its reference is ${c.caseId}: please quote it in any contact about this referral.`,
        'If key details are missing we will return the referral to you and tell you what to add.',
      ]);
    case 'immediateRiskAlert':
      return compose(addressed(kind, c), `IMMEDIATE RISK: new LADO referral ${c.caseId}`, [
        `A referral flagged as a child at immediate risk has just been received: ${c.caseId}.`,
        `Open the case: ${caseLink(c)}`,
        `The referrer has been reminded of the emergency routes (999 and the Front Door service, ${c.frontDoorPhone}).`,
      ]);
    case 'returnRequest':
      return compose(addressed(kind, c), `Action needed: LADO referral ${c.caseId} returned for missing details`, [
        greeting,
        `Your referral ${c.caseId} cannot be progressed because key details are missing:`,
        { list: c.missing.map((item) => item.label) },
        `Please add them through the portal by ${londonDateTime(required(c.cutoffAt, 'cut-off'))}. If they have not been received by then, the referral will be rejected and you will need to submit a new referral with full and correct details.`,
      ]);
    case 'returnReminder':
      return compose(addressed(kind, c), `Reminder: LADO referral ${c.caseId} will be rejected without the missing details`, [
        greeting,
        `We are still waiting for the missing details of referral ${c.caseId}:`,
        { list: c.missing.map((item) => item.label) },
        `If they are not received by ${londonDateTime(required(c.cutoffAt, 'cut-off'))}, the referral will be rejected.`,
      ]);
    case 'returnCutoff':
      return compose(addressed(kind, c), `LADO referral ${c.caseId} rejected`, [
        greeting,
        `Referral ${c.caseId} has been rejected because the missing key details were not supplied within three working days.`,
        'You remain responsible for the concern: please submit a new referral through the portal as soon as possible, with full and correct details.',
        emergency,
      ]);
    case 'initialConsiderationChase':
      return compose(addressed(kind, c), `Overdue: threshold decision for ${c.caseId}`, [
        `The threshold decision for referral ${c.caseId} was due by ${londonDateTime(required(c.decisionDueAt, 'decision due time'))} and has not been recorded.`,
        `Record it: ${caseLink(c)}`,
      ]);
    case 'initialConsiderationEscalation':
      return compose(addressed(kind, c), `Escalation: threshold decision for ${c.caseId} overdue`, [
        `The threshold decision for referral ${c.caseId} was due by ${londonDateTime(required(c.decisionDueAt, 'decision due time'))} and has still not been recorded. The duty LADO was chased when it fell due.`,
        'You will be told again at the close of each working day until the decision is recorded.',
        `Open the case: ${caseLink(c)}`,
      ]);
    case 'transferNotice': {
      const receiving = required(c.receivingAuthority, 'receiving authority');
      return compose(addressed(kind, c), `LADO referral ${c.caseId}: another authority leads`, [
        greeting,
        `The person your referral ${c.caseId} concerns works in another local authority's area, so that authority's designated officer leads on it: ${receiving.name}.`,
        "We are passing the referral to them by the secure route between local authorities, and have closed this service's own case.",
        `For anything further, contact their designated officer at ${receiving.designatedOfficerEmail}, quoting ${c.caseId}.`,
        emergency,
      ]);
    }
    case 'receivingAuthorityNotice':
      return compose(addressed(kind, c), `LADO referral being passed to you: ${c.caseId}`, [
        `A LADO referral received by this service concerns a person who works in your authority's area (${required(c.receivingAuthority, 'receiving authority').name}). Our duty LADO has decided that your designated officer should lead on it.`,
        `Its reference with us is ${c.caseId}. This email carries no details of the allegation: they will reach you by the secure route between our authorities.`,
        `To arrange it, or for anything about the referral, contact our duty LADO at ${c.dutyLadoEmail}, quoting ${c.caseId}.`,
      ]);
    case 'noFurtherActionNotice': {
      const category = required(c.noFurtherAction, 'reason for no further action');
      return compose(addressed(kind, c), `LADO referral ${c.caseId}: no further LADO action`, [
        greeting,
        `The LADO service has considered your referral ${c.caseId} and will take no further action on it: ${NO_FURTHER_ACTION[category].label}.`,
        NO_FURTHER_ACTION_ADVICE[category](c),
        'If new information comes to light, or the concern changes, please make a new referral.',
        emergency,
      ]);
    }
    case 'deadlineDueSoon':
    case 'deadlineDueToday':
    case 'deadlineOverdue': {
      const deadline = required(c.deadline, 'deadline');
      const policy = DEADLINE_POLICY[deadline.kind];
      const overdue = kind === 'deadlineOverdue';
      const escalated = overdue && policy.escalates === true;
      const to = addressed(kind, c, escalated);
      return compose(to, `${DEADLINE_SUBJECT[kind]}: ${policy.description.toLowerCase()} (${c.caseId})`, [
        overdue
          ? `Case ${c.caseId}: "${policy.description}" fell due at ${londonDateTime(deadline.dueAt)} and has not been recorded as done.`
          : `Case ${c.caseId}: "${policy.description}" falls due at ${londonDateTime(deadline.dueAt)}.`,
        ...(escalated ? ['The LADO manager is copied on this escalation.'] : []),
        `Record it when done: ${caseLink(c)}`,
      ]);
    }
  }
}

export interface MorningListContext {
  /** The working day the list is for, YYYY-MM-DD in London. */
  date: string;
  /** When the list is drawn up: a decision due before it is overdue. */
  at: Date;
  dutyLadoEmail: string;
  officerCaseUrl: string;
}

/** A London date written out, e.g. "Tuesday 24 November 2026". */
function londonDate(localDate: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${localDate}T12:00:00Z`));
}

/**
 * The duty LADO's morning list (functions/morning-list): the referrals
 * awaiting a threshold decision, as given (oldest first), each by its case id
 * and when its decision is or was due, immediate risk marked. Nothing else:
 * the list goes to a shared mailbox, and the case holds the rest. No case id
 * in the subject, which names the day.
 */
export function renderMorningList(list: readonly AwaitingDecision[], c: MorningListContext): Email {
  const link = (caseId: string) => officerCaseLink(c.officerCaseUrl, caseId);
  const urgent = list.filter((entry) => entry.immediateRisk).length;
  const count = `${list.length} referral${list.length === 1 ? '' : 's'}`;
  const due = (entry: AwaitingDecision) => {
    if (entry.decisionDueAt === undefined) return '';
    const dueAt = new Date(entry.decisionDueAt);
    return `, decision due ${londonDateTime(dueAt)}${dueAt.getTime() < c.at.getTime() ? ' (overdue)' : ''}`;
  };
  const line = (entry: AwaitingDecision) => `${entry.immediateRisk ? 'IMMEDIATE RISK: ' : ''}${entry.caseId}${due(entry)}: ${link(entry.caseId)}`;
  // To the duty LADO, its recipient by the contract (NOTIFICATION_RECIPIENT.morningList).
  return compose([c.dutyLadoEmail], `Morning list for ${londonDate(c.date)}: ${count} awaiting a threshold decision`, [
    `${count} await${list.length === 1 ? 's' : ''} the duty LADO's threshold decision, oldest first${urgent ? `; ${urgent} flagged as a child at immediate risk` : ''}:`,
    { list: list.map(line) },
    'Open each case for the referral: this list carries references only.',
  ]);
}

/** The acknowledgement to a referral flagged as immediate risk repeats the emergency routes. */
export function withEmergencyRoutes(email: Email, c: EmailContext): Email {
  const line = `A child is flagged at immediate risk. If a child is in immediate danger, call 999 now. The Front Door service: ${c.frontDoorPhone} (out of hours ${c.outOfHoursPhone}).`;
  return {
    ...email,
    text: `${line}\n\n${email.text}`,
    html: email.html.replace('<body>\n', `<body>\n<p><strong>${escapeHtml(line)}</strong></p>\n`),
  };
}
