import type { MissingItem } from '../domain/completeness';
import { DEADLINE_POLICY, type DeadlineKind } from '../domain/deadline-policy';
import { recipientRoles, type NotificationKind, type RecipientRole } from '../domain/lifecycle-contract';

/**
 * Every email the service sends (lifecycle-contract.ts lists their kinds and
 * who each is for). Each carries the case reference and only what its
 * recipient needs: never the allegation, never the names of the subject or
 * of children. Whatever is interpolated into HTML is escaped.
 */

export interface EmailContext {
  caseId: string;
  referrerName: string;
  referrerEmail: string;
  missing: MissingItem[];
  /** When the referral would be rejected, if it was returned. */
  cutoffAt?: Date;
  /** When the threshold decision fell due, for chasers. */
  decisionDueAt?: Date;
  dutyLadoEmail: string;
  managerEmail: string;
  /** The LADO the case is allocated to, once it is. */
  allocatedLadoEmail?: string;
  /** The authority that leads a transferred case. */
  leadAuthority?: string;
  /** The deadline a due-soon or overdue email is about. */
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

const caseLink = (c: EmailContext) => `${c.officerCaseUrl.replace(/\/$/, '')}/${c.caseId}`;
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
  }
}

/** Who an email goes to: its recipients by the contract, as addresses. */
const addressed = (kind: NotificationKind, c: EmailContext, escalated = false): string[] => recipientRoles(kind, escalated).map((role) => addressOf(role, c));

export function renderEmail(kind: NotificationKind, c: EmailContext): Email {
  const greeting = `Dear ${c.referrerName},`;
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
        `The threshold decision for referral ${c.caseId} is more than one working day overdue. The duty LADO was reminded when it fell due.`,
        `Open the case: ${caseLink(c)}`,
      ]);
    case 'transferNotice':
      return compose(addressed(kind, c), `LADO referral ${c.caseId}: transferred to another authority`, [
        greeting,
        `The person your referral ${c.caseId} concerns works in another local authority's area, whose designated officer leads on it: ${required(c.leadAuthority, 'lead authority')}.`,
        'This service has passed the referral on and closed its own case. Please contact that authority for anything further.',
      ]);
    case 'deadlineDueSoon':
    case 'deadlineOverdue': {
      const deadline = required(c.deadline, 'deadline');
      const policy = DEADLINE_POLICY[deadline.kind];
      const overdue = kind === 'deadlineOverdue';
      const escalated = overdue && policy.escalates === true;
      const to = addressed(kind, c, escalated);
      return compose(to, `${overdue ? 'Overdue' : 'Due today'}: ${policy.description.toLowerCase()} (${c.caseId})`, [
        overdue
          ? `Case ${c.caseId}: "${policy.description}" fell due at ${londonDateTime(deadline.dueAt)} and has not been recorded as done.`
          : `Case ${c.caseId}: "${policy.description}" falls due at ${londonDateTime(deadline.dueAt)}.`,
        ...(escalated ? ['The LADO manager is copied on this escalation.'] : []),
        `Record it when done: ${caseLink(c)}`,
      ]);
    }
  }
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
