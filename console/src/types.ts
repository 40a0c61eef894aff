/**
 * The API's answers, as the console reads them (docs/openapi.yaml has them in
 * full). Only what the pages show is typed; the rest passes through unread.
 */
export type Group = 'lado-officer' | 'lado-manager' | 'operations';

export interface ApiErrorBody {
  message: string;
  errors?: Array<{ path: string; message: string }>;
}

export interface PreviouslyKnown {
  count: number;
  cases: Array<{ caseId: string; receivedAt: string; decision: string | null; outcome: string | null }>;
}

export interface DutyReferral {
  caseId: string;
  receivedAt: string;
  immediateRisk: boolean;
  decisionDueAt: string | null;
  previouslyKnown: PreviouslyKnown;
}

export interface CaseListItem {
  caseId: string;
  status: string;
  stage: string;
  receivedAt: string;
  channel: string;
  nextDeadline: { kind: string; dueAt: string } | null;
  /** Absent for operations, who get the list without who handles a case nor its risk flag. */
  allocatedTo?: string | null;
  immediateRisk?: boolean;
  needsAttention: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Deadline {
  kind: string;
  dueAt: string;
}

export interface RecordedDecision {
  decision: { kind: string; officerId: string; rationale?: string; outcome?: unknown; [field: string]: unknown };
  decidedBy: string;
  decidedAt: string;
  corrected?: { by: string; at: string };
}

/** GET /cases/{caseId}: the fields every caller sees, then the officers' and the operations' own. */
export interface CaseView {
  caseId: string;
  status: string;
  stage: string;
  receivedAt: string;
  returnedAt?: string;
  rejectedAt?: string;
  closedAt?: string;
  disposedAt?: string;
  awaiting: string | null;
  missing: string[];
  pendingDeadlines: Deadline[];
  owedEmails: Array<{ kind: string; owedSince: string }>;
  needsAttention: { step: string; errorClass: string; since: string; execution: string } | null;
  // Officers and managers:
  allocatedTo?: { officerId: string; email: string };
  tracks?: { police: boolean; section47: boolean; employer: string };
  complex?: boolean;
  suspended?: boolean;
  outcome?: { result: { outcome: string; subOutcome?: string; conclusions: string[] }; recordedBy: string; recordedAt: string };
  duties?: Record<string, 'pending' | 'done'>;
  consultationOutcome?: string;
  closure?: { reason: string; ladoRecordUntil: string; employerRecordsUntil: string | null };
  deliveryProblems?: Array<{ address: string; problem: string; emailKind: string; at: string }>;
  decisions?: RecordedDecision[];
  previouslyKnown?: PreviouslyKnown;
  // Operations:
  executionName?: string;
  undeliveredEmails?: number;
}

export interface AuditEvent {
  eventId: string;
  type: string;
  actor: string;
  at: string;
  rationale?: string;
  details?: Record<string, string | number | boolean | string[]>;
}

export interface CaseHistory {
  caseId: string;
  events: AuditEvent[];
}

export interface Workflow {
  mermaid: string;
  currentState: string | null;
  stateMachine: string;
}

export interface Caseloads {
  threshold: number;
  officers: Array<{ officerId: string; openCases: number; overdue: number; aboveThreshold: boolean }>;
  overdue: CaseListItem[];
}

export const EXECUTION_STATUSES = ['RUNNING', 'FAILED', 'TIMED_OUT', 'ABORTED', 'SUCCEEDED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface Execution {
  executionName: string;
  stateMachine: string;
  status: ExecutionStatus;
  startedAt: string;
  stoppedAt: string | null;
  caseId: string | null;
}

/** The reconciler's findings (functions/domain/reconciliation.ts, Drift). */
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

export interface Findings {
  checkedAt: string | null;
  /** Who asked for the check, or the scheduled reconciler. */
  checkedBy?: string | null;
  drift: Drift[];
}
