import { EMAIL_ID_HEADER } from '../functions/domain/case-id';
import { DEADLINE_POLICY, type DeadlineKind } from '../functions/domain/deadline-policy';
import type { StoredEmail } from '../local/ses';

/**
 * Emails sent, by kind, read from the local SES store and then cleared, so the
 * store (which lives in this process) never holds more than a month of mail.
 * The kind is told from the subject line the templates write.
 */
const KINDS: Array<[kind: string, subject: RegExp]> = [
  ['acknowledgement', /^LADO referral received/],
  ['immediateRiskAlert', /^IMMEDIATE RISK/],
  ['returnRequest', /^Action needed: .* returned/],
  ['returnReminder', /^Reminder: .* will be rejected/],
  ['returnCutoff', /^LADO referral \S+ rejected/],
  ['initialConsiderationChase', /^Overdue: threshold decision/],
  ['initialConsiderationEscalation', /^Escalation: threshold decision/],
  ['transferNotice', /^LADO referral \S+: another authority leads/],
  ['receivingAuthorityNotice', /^LADO referral being passed to you/],
  ['noFurtherActionNotice', /^LADO referral \S+: no further LADO action/],
  ['deadlineDueSoon', /^Due soon: /],
  ['deadlineDueToday', /^Due today: /],
  ['deadlineOverdue', /^Overdue: /],
  ['morningList', /^Morning list for /],
];

/** The emails about an allocated LADO's deadline, and which of its figures each counts in. */
const DEADLINE_EMAILS = new Map<string, 'dueSoon' | 'dueToday' | 'overdue'>([
  ['deadlineDueSoon', 'dueSoon'],
  ['deadlineDueToday', 'dueToday'],
  ['deadlineOverdue', 'overdue'],
]);

const DESCRIPTIONS = Object.values(DEADLINE_POLICY).map((policy) => [policy.kind, policy.description.toLowerCase()] as [DeadlineKind, string]);

/** The kind of an email, told from its subject line; 'unrecognised' for none of the templates'. */
export function emailKind(subject: string): string {
  return KINDS.find(([, pattern]) => pattern.test(subject))?.[0] ?? 'unrecognised';
}

/** The id the notifier puts on an email (EMAIL_ID_HEADER), if it carries one. */
export function emailIdOf(email: StoredEmail): string | undefined {
  return email.headers?.find((header) => header.name.toLowerCase() === EMAIL_ID_HEADER.toLowerCase())?.value;
}

export class EmailTally {
  readonly byKind: Record<string, number> = {};
  /** Due-soon, due-today and overdue emails, by the deadline they are about. */
  readonly byDeadline: Record<string, { dueSoon: number; dueToday: number; overdue: number }> = {};
  messages = 0;
  /** SES bills each recipient of a message as one email. */
  recipients = 0;
  /** Messages by the id the notifier puts on each owed email: more than one is an email sent twice. */
  readonly byEmailId = new Map<string, number>();
  /** Messages without an id: none should be. */
  withoutId = 0;

  constructor(private readonly sesUrl: string) {}

  async harvest(): Promise<void> {
    const response = await fetch(`${this.sesUrl}/store`);
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    for (const email of emails) this.#count(email);
    await fetch(`${this.sesUrl}/clear-store`, { method: 'POST' });
  }

  #count(email: StoredEmail): void {
    this.messages++;
    const id = emailIdOf(email);
    if (id === undefined) this.withoutId++;
    else this.byEmailId.set(id, (this.byEmailId.get(id) ?? 0) + 1);
    this.recipients += email.destination.to.length + email.destination.cc.length + email.destination.bcc.length;
    const kind = emailKind(email.subject);
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    const counted = DEADLINE_EMAILS.get(kind);
    if (counted) {
      const subject = email.subject.toLowerCase();
      const deadline = DESCRIPTIONS.find(([, description]) => subject.includes(description))?.[0] ?? 'unrecognised';
      (this.byDeadline[deadline] ??= { dueSoon: 0, dueToday: 0, overdue: 0 })[counted]++;
    }
  }
}
