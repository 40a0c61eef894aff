import type { WorkingCalendar } from './calendar';
import { awaitsThresholdDecision, type CaseRecord } from './case';
import { MORNING_LIST } from './lifecycle-contract';

/**
 * The duty LADO's morning list: at the opening of each working day, the
 * referrals awaiting a threshold decision, oldest first, those with a child
 * at immediate risk marked (case.ts, awaitsThresholdDecision, says which
 * await it). Identifiers and moments only: it goes to the duty mailbox, and
 * each case holds the rest.
 */
export interface AwaitingDecision {
  caseId: string;
  receivedAt: string;
  immediateRisk: boolean;
  /** When the decision is or was due: the duty LADO's chase (deadline-policy.ts, initialConsiderationChase). */
  decisionDueAt?: string;
}

/** The case as the list shows it, if it awaits a threshold decision. */
export function awaitingDecision(record: CaseRecord): AwaitingDecision | undefined {
  if (!awaitsThresholdDecision(record)) return undefined;
  const chase = record.deadlines.find((d) => d.kind === 'initialConsiderationChase');
  return {
    caseId: record.caseId,
    receivedAt: record.receivedAt,
    immediateRisk: record.referral.allegation.immediateRisk,
    ...(chase ? { decisionDueAt: chase.dueAt } : {}),
  };
}

/** The London date the list is for, when `at` falls on a working day by the service calendar; none on other days. */
export function morningListDate(at: Date, calendar: WorkingCalendar): string | undefined {
  const date = calendar.localDateOf(at);
  return calendar.isWorkingDay(date) ? date : undefined;
}

/** The list in the order the duty LADO reads it: the oldest referral first. */
export function morningList(entries: readonly AwaitingDecision[]): AwaitingDecision[] {
  return [...entries].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.caseId.localeCompare(b.caseId));
}

/** The id each day's list carries in its email header (case-id.ts, EMAIL_ID_HEADER): one per day, however often it is tried. */
export function morningListEmailId(date: string): string {
  return `${MORNING_LIST}/${date}`;
}

/**
 * The list in the order the duty LADO works it on the console: a child at
 * immediate risk first (seeds/004 para 16, "immediate referral"), then the
 * decision due soonest, then the oldest referral.
 */
export function dutyList(entries: readonly AwaitingDecision[]): AwaitingDecision[] {
  const due = (entry: AwaitingDecision) => entry.decisionDueAt ?? '~';
  return [...entries].sort(
    (a, b) => Number(b.immediateRisk) - Number(a.immediateRisk) || due(a).localeCompare(due(b)) || a.receivedAt.localeCompare(b.receivedAt) || a.caseId.localeCompare(b.caseId),
  );
}
