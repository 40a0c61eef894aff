import type { AwaitedInput, CaseRecord } from '../domain/case';
import { getTaskToken, savedVersion, updateCase, type CaseEvent, type RecordedRequest, type StoredCase } from './case-store';
import { conflict } from './errors';
import { restartWorkflow } from './execution-chain';
import { logger } from './observability';
import { errorClass } from './transient-errors';
import { resumeWorkflow } from './workflow';

/**
 * Human input (a resubmission, an officer's decision) is accepted only while the
 * workflow waits for it. Storing the input and closing the wait is one
 * conditional write, so a repeated or late callback finds nothing to close.
 */
export type Acceptance = { accepted: true; record: CaseRecord } | { accepted: false; current: StoredCase };

export const STOPPED_WORKFLOW_MESSAGE =
  "This case's workflow has stopped and needs attention; operations have been alerted. Nothing was recorded: send it again once the case is repaired.";

/** Refuses input for a case whose workflow stopped for operations: nothing would act on it. */
export function refuseIfStopped(current: StoredCase): void {
  if (current.needsAttention) throw conflict(STOPPED_WORKFLOW_MESSAGE);
}

export async function acceptAwaitedInput(
  caseId: string,
  kind: AwaitedInput,
  apply: (current: StoredCase) => { next: CaseRecord; events: CaseEvent[] },
  request?: Omit<RecordedRequest, 'status' | 'caseVersion'>,
): Promise<Acceptance> {
  const outcome = await updateCase<Acceptance & { savedVersion?: number }>(caseId, (current) => {
    refuseIfStopped(current);
    if (current.awaiting?.kind !== kind) return { result: { accepted: false, current } };
    const { next, events } = apply(current);
    const { awaiting: _closed, ...withoutWait } = next;
    return {
      next: withoutWait,
      events,
      result: { accepted: true, record: withoutWait, savedVersion: savedVersion(current) },
      ...(request ? { request: { ...request, status: withoutWait.status } } : {}),
    };
  });
  if (!outcome.accepted) return outcome;
  await resumeWait(caseId, kind, outcome.savedVersion!);
  return { accepted: true, record: outcome.record };
}

/**
 * Hands stored input to the workflow: resumes its wait for this kind of input,
 * if one began before the input was saved as version `inputVersion` of the
 * case (a wait that began after it started with the input already in the
 * case, and must not take it for new). When no waiting task takes it, the
 * workflow must still be running to find it at its next wake; if it is not,
 * it is restarted from the stored case. The input is stored whatever happens
 * here, so a failure is logged for the reconciler to find, never answered 500.
 */
export async function resumeWait(caseId: string, kind: AwaitedInput, inputVersion: number): Promise<void> {
  try {
    const wait = await getTaskToken(caseId, kind);
    if (wait && wait.caseVersion < inputVersion && (await resumeWorkflow(caseId, wait.taskToken, { received: kind }))) return;
    await restartWorkflow(caseId, 'system', 'Input was recorded while the workflow was not running');
  } catch (error) {
    logger.error('Stored input not handed to the workflow; the reconciler will restart it', { caseId, awaiting: kind, errorClass: errorClass(error) });
  }
}

/** For a record that leaves the planned wake as it is: the workflow that will wake must be running, or be restarted. */
export async function ensureWorkflowRuns(caseId: string): Promise<void> {
  try {
    await restartWorkflow(caseId, 'system', 'A record was made while the workflow was not running');
  } catch (error) {
    logger.error('Workflow not checked after a record was stored; the reconciler will restart it', { caseId, errorClass: errorClass(error) });
  }
}
