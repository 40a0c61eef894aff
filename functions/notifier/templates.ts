import type { MissingItem } from '../domain/completeness';
import type { DeadlineKind } from '../domain/deadline-policy';

/**
 * Every email the service sends. Each carries the case reference and only what
 * its recipient needs: never the allegation, never the names of the subject or
 * of children. Whatever is interpolated into HTML is escaped.
 */
export type NotificationKind = 'acknowledgement' | 'immediateRiskAlert' | 'returnRequest' | DeadlineKind;

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
const required = (value: Date | undefined, what: string): Date => {
  if (!value) throw new Error(`The ${what} is needed for this email`);
  return value;
};

export function renderEmail(kind: NotificationKind, c: EmailContext): Email {
  const greeting = `Dear ${c.referrerName},`;
  const emergency = `If a child is in immediate danger, call 999. To reach the Front Door service call ${c.frontDoorPhone}, or ${c.outOfHoursPhone} out of hours.`;
  switch (kind) {
    case 'acknowledgement':
      return compose([c.referrerEmail], `LADO referral received: ${c.caseId}`, [
        greeting,
        `Your referral has been received by the LADO service. Its reference is ${c.caseId}: please quote it in any contact about this referral.`,
        'If key details are missing we will return the referral to you and tell you what to add.',
      ]);
    case 'immediateRiskAlert':
      return compose([c.dutyLadoEmail], `IMMEDIATE RISK: new LADO referral ${c.caseId}`, [
        `A referral flagged as a child at immediate risk has just been received: ${c.caseId}.`,
        `Open the case: ${caseLink(c)}`,
        `The referrer has been reminded of the emergency routes (999 and the Front Door service, ${c.frontDoorPhone}).`,
      ]);
    case 'returnRequest':
      return compose([c.referrerEmail], `Action needed: LADO referral ${c.caseId} returned for missing details`, [
        greeting,
        `Your referral ${c.caseId} cannot be progressed because key details are missing:`,
        { list: c.missing.map((item) => item.label) },
        `Please add them through the portal by ${londonDateTime(required(c.cutoffAt, 'cut-off'))}. If they have not been received by then, the referral will be rejected and you will need to submit a new referral with full and correct details.`,
      ]);
    case 'returnReminder':
      return compose([c.referrerEmail], `Reminder: LADO referral ${c.caseId} will be rejected without the missing details`, [
        greeting,
        `We are still waiting for the missing details of referral ${c.caseId}:`,
        { list: c.missing.map((item) => item.label) },
        `If they are not received by ${londonDateTime(required(c.cutoffAt, 'cut-off'))}, the referral will be rejected.`,
      ]);
    case 'returnCutoff':
      return compose([c.referrerEmail], `LADO referral ${c.caseId} rejected`, [
        greeting,
        `Referral ${c.caseId} has been rejected because the missing key details were not supplied within three working days.`,
        'You remain responsible for the concern: please submit a new referral through the portal as soon as possible, with full and correct details.',
        emergency,
      ]);
    case 'initialConsiderationChase':
      return compose([c.dutyLadoEmail], `Overdue: threshold decision for ${c.caseId}`, [
        `The threshold decision for referral ${c.caseId} was due by ${londonDateTime(required(c.decisionDueAt, 'decision due time'))} and has not been recorded.`,
        `Record it: ${caseLink(c)}`,
      ]);
    case 'initialConsiderationEscalation':
      return compose([c.managerEmail], `Escalation: threshold decision for ${c.caseId} overdue`, [
        `The threshold decision for referral ${c.caseId} is more than one working day overdue. The duty LADO was reminded when it fell due.`,
        `Open the case: ${caseLink(c)}`,
      ]);
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
