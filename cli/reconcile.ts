import { apiRequest, type ApiTarget } from './api-client';

/**
 * The reconciliation, as operations ask for it: POST /operations/reconciliation.
 * Shared by `lado reconcile` and `npm run reconcile` (scripts/reconcile.ts).
 */
export interface ReconciliationReport {
  checkedAt: string;
  activeCases: number;
  runningExecutions: number;
  drift: Array<{ kind: string; caseId?: string; execution?: string; [field: string]: unknown }>;
  repairs?: Array<{ drift: string; caseId?: string; execution?: string; action: string; detail?: string }>;
}

export async function requestReconciliation(target: ApiTarget, repair: boolean): Promise<ReconciliationReport> {
  return apiRequest<ReconciliationReport>(target, 'POST', '/operations/reconciliation', { repair });
}

/** The drift left: without repair, all drift found; with repair, what could not be repaired. Non-zero means exit 1. */
export function unresolvedDrift(report: ReconciliationReport, repair: boolean): number {
  return repair ? (report.repairs ?? []).filter((r) => r.action === 'failed' || r.action === 'none').length : report.drift.length;
}
