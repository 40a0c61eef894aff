import * as z from './zod';
import { currentExecutionName, parseExecutionName } from './case-id';
import type { CasePhase, CaseRecord, CaseStatus, NeedsAttention } from './case';
import type { Drift } from './reconciliation-report';

/**
 * The reconciler's checks, as pure rules: what the table says must be running
 * against what Step Functions says is running. Each finding names a case or
 * an execution and what is wrong, never anything about the people in it.
 */

/** An active case as the ActiveCases index projects it. */
export interface ActiveCase {
  caseId: string;
  status: CaseStatus;
  receivedAt: string;
  phase?: CasePhase;
  /** The earliest pending deadline or reminder. */
  nextWakeAt?: string;
  oldestOwedAt?: string;
  needsAttention?: NeedsAttention;
}

// What the checks find, by its kind (reconciliation-report.ts).
export type { Drift } from './reconciliation-report';

export const DRIFT_KINDS = ['caseWithoutExecution', 'executionForClosedCase', 'executionForUnknownCase', 'deadlinePastDue', 'emailOwedTooLong', 'needsAttention'] as const;

/**
 * How long a state may last before it counts as drift. A handover writes the
 * case, then starts its execution; a timer's step may retry for up to about
 * 24 minutes (workflows/retry-policy.ts). An email is owed for seconds when
 * SES is well; an hour owed means an outage someone should know about.
 */
export const RECONCILER_GRACE_MINUTES = 30;
export const OWED_EMAIL_ALERT_MINUTES = 60;


const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

/**
 * Compares the active cases with the running executions. `closedCases` says,
 * of the cases named by running executions that are not active, which exist
 * (closed) and when they closed; the others are unknown.
 */
export function findDrift(
  activeCases: readonly ActiveCase[],
  runningExecutions: readonly string[],
  closedCases: ReadonlyMap<string, string>,
  now: Date,
  graceMinutes = RECONCILER_GRACE_MINUTES,
): Drift[] {
  const running = new Set(runningExecutions);
  const active = new Map(activeCases.map((record) => [record.caseId, record]));
  const graceFrom = minutesBefore(now, graceMinutes);
  const drift: Drift[] = [];
  for (const record of activeCases) {
    const { caseId } = record;
    if (record.needsAttention) {
      const { step, errorClass, since } = record.needsAttention;
      drift.push({ kind: 'needsAttention', caseId, step, errorClass, since });
      continue;
    }
    const execution = currentExecutionName(record);
    // A case just received, or just handed to a new phase, may not have its execution yet (a portal retry starts it).
    const settling = graceMinutes > 0 && (record.phase?.startedAt ?? record.receivedAt) > graceFrom;
    if (!running.has(execution)) {
      if (!settling) drift.push({ kind: 'caseWithoutExecution', caseId, expectedExecution: execution });
      continue;
    }
    if (record.nextWakeAt && record.nextWakeAt < graceFrom) drift.push({ kind: 'deadlinePastDue', caseId, dueAt: record.nextWakeAt, execution });
    if (record.oldestOwedAt && record.oldestOwedAt < minutesBefore(now, OWED_EMAIL_ALERT_MINUTES)) {
      drift.push({ kind: 'emailOwedTooLong', caseId, owedSince: record.oldestOwedAt });
    }
  }
  for (const execution of runningExecutions) {
    const parsed = parseExecutionName(execution);
    if (!parsed) {
      drift.push({ kind: 'executionForUnknownCase', execution });
      continue;
    }
    if (active.has(parsed.caseId)) continue;
    const closedAt = closedCases.get(parsed.caseId);
    if (closedAt === undefined) drift.push({ kind: 'executionForUnknownCase', execution });
    // A case that has just closed leaves its execution finishing for a moment.
    else if (!(graceMinutes > 0 && closedAt > graceFrom)) drift.push({ kind: 'executionForClosedCase', caseId: parsed.caseId, execution });
  }
  return drift;
}

/** When a closed case closed: its closure, or its rejection at the cut-off. */
export function whenClosed(record: Pick<CaseRecord, 'closedAt' | 'rejectedAt' | 'receivedAt'>): string {
  return record.closedAt ?? record.rejectedAt ?? record.receivedAt;
}

/** The cases named by running executions that the active cases do not account for: the ones to look up. */
export function casesToLookUp(activeCases: readonly ActiveCase[], runningExecutions: readonly string[]): string[] {
  const active = new Set(activeCases.map((record) => record.caseId));
  return [...new Set(runningExecutions.map((name) => parseExecutionName(name)?.caseId).filter((id): id is string => id !== undefined && !active.has(id)))];
}

/** What operations send to POST /operations/reconciliation. */
export const reconciliationRequestSchema = z.strictObject({
  repair: z._default(z.boolean({ error: 'repair must be true or false' }), false),
});
