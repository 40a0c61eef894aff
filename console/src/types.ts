import type { OfficerGroup } from '../../functions/api-routes';
import type { CaseWorkflow } from '../../functions/case-workflow/workflow-view';
import type { ReconcilerFindings } from '../../functions/domain/reconciliation-report';

/**
 * The API's answers, as the console reads them (docs/openapi.yaml has them in
 * full). Only what the pages show is typed; the rest passes through unread.
 * Where the server defines an answer in a module the console's type-check can
 * read without Node's types, the type is imported from it: type imports are
 * erased from the bundle.
 */
export type { Drift, ReconciliationReport, Repair } from '../../functions/domain/reconciliation-report';

/** The officer user pool's groups (functions/api-routes.ts). */
export type Group = OfficerGroup;

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
  overdueDeadlines: Deadline[];
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

/** GET /cases/{caseId}/workflow (functions/case-workflow/workflow-view.ts). */
export type Workflow = CaseWorkflow;

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

/** GET /operations/findings: the latest check's findings, `checkedAt` and `checkedBy` null before any check has run (functions/reconciler-findings/handler.ts). */
export type Findings = Omit<ReconcilerFindings, 'checkedAt' | 'checkedBy'> & { checkedAt: string | null; checkedBy: string | null };
