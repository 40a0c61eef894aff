/**
 * What a check of the record against the running workflows reports: the
 * drift found (reconciliation.ts finds it) and, asked to repair, what was
 * done about each (functions/shared/reconciliation.ts). Types only, with no
 * imports, so that the console types its operations page by them without
 * reaching any server code. Each finding names a case or an execution and
 * what is wrong, never anything about the people in it.
 */

export type Drift =
  | { kind: 'caseWithoutExecution'; caseId: string; expectedExecution: string }
  | { kind: 'executionForClosedCase'; caseId: string; execution: string }
  | { kind: 'executionForUnknownCase'; execution: string }
  | { kind: 'deadlinePastDue'; caseId: string; dueAt: string; execution: string }
  | { kind: 'emailOwedTooLong'; caseId: string; owedSince: string }
  | { kind: 'needsAttention'; caseId: string; step: string; errorClass: string; since: string };

export interface Repair {
  drift: Drift['kind'];
  caseId?: string;
  execution?: string;
  action: 'restarted' | 'stopped' | 'none' | 'failed';
  detail?: string;
}

export interface ReconciliationReport {
  checkedAt: string;
  activeCases: number;
  runningExecutions: number;
  drift: Drift[];
  repairs?: Repair[];
}

/** What operations read of the latest check: when, what was checked and the drift found; ids and kinds only. */
export type ReconcilerFindings = Pick<ReconciliationReport, 'checkedAt' | 'activeCases' | 'runningExecutions' | 'drift'> & { checkedBy: string };
