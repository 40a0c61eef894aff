import type { CaseRecord } from '../domain/case';
import { isRefusal, waitsClosedBy, type Refusal, type Transition } from '../domain/lifecycle-rules';
import { SYSTEM_ACTOR, type AwaitedInput } from '../domain/lifecycle-contract';
import { getTaskToken, requireCase, savedVersion, updateCase, updateCaseFrom, type RecordedRequest, type StoredCase } from './case-store';
import { restartWorkflow } from './execution-chain';
import { logger } from './observability';
import { errorClass } from './transient-errors';
import { resumeWorkflow } from './workflow';

/**
 * Human input (a resubmission, an officer's decision) is accepted only while the
 * workflow waits for it (functions/domain/lifecycle-rules.ts decides). Storing the
 * input and closing the wait is one conditional write, so a repeated or late
 * callback finds nothing to close; the wait is resumed once the input is saved.
 */
export type Acceptance = { accepted: true; record: CaseRecord } | Refusal;

export async function acceptAwaitedInput(
  caseId: string,
  kind: AwaitedInput,
  decide: (current: StoredCase) => (Transition & { alsoWrite?: Array<Record<string, unknown>> }) | Refusal,
  request?: Omit<RecordedRequest, 'status' | 'caseVersion'>,
): Promise<Acceptance> {
  const outcome = await updateCase<Refusal | { accepted: true; record: CaseRecord; savedVersion: number }>(caseId, (current) => {
    const transition = decide(current);
    if (isRefusal(transition)) return { result: transition };
    return {
      next: transition.next,
      events: transition.events,
      result: { accepted: true, record: transition.next, savedVersion: savedVersion(current) },
      ...(request ? { request: { ...request, status: transition.next.status } } : {}),
      // Items saved beside the case in the same transaction (a resubmitted subject's match keys).
      ...(transition.alsoWrite ? { alsoWrite: transition.alsoWrite } : {}),
    };
  });
  if (isRefusal(outcome)) return outcome;
  await resumeWait(caseId, kind, outcome.savedVersion);
  return { accepted: true, record: outcome.record };
}

/**
 * Hands stored input to the workflow: resumes its wait for this kind of input
 * (or a wait the input overtakes: lifecycle-rules.ts, waitsClosedBy), if one began
 * before the input was saved as version `inputVersion` of the case (a wait
 * that began after it started with the input already in the case, and must
 * not take it for new). When no waiting task takes it, the
 * workflow must still be running to find it at its next wake; if it is not,
 * it is restarted from the stored case. The input is stored whatever happens
 * here, so a failure is logged for the reconciler to find, never answered 500.
 */
export async function resumeWait(caseId: string, kind: AwaitedInput, inputVersion: number): Promise<void> {
  try {
    const wait = await getTaskToken(caseId, waitsClosedBy(kind));
    if (wait && wait.caseVersion < inputVersion && (await resumeWorkflow(caseId, wait.taskToken, { received: kind }))) return;
    await restartWorkflow(caseId, SYSTEM_ACTOR, 'Input was recorded while the workflow was not running');
  } catch (error) {
    logger.error('Stored input not handed to the workflow; the reconciler will restart it', { caseId, awaiting: kind, errorClass: errorClass(error) });
  }
}

/** For a record that leaves the planned wake as it is (saved as `saved`): the workflow that will wake must be running, or be restarted. */
export async function ensureWorkflowRuns(caseId: string, saved?: StoredCase): Promise<void> {
  try {
    await restartWorkflow(caseId, SYSTEM_ACTOR, 'A record was made while the workflow was not running', saved);
  } catch (error) {
    logger.error('Workflow not checked after a record was stored; the reconciler will restart it', { caseId, errorClass: errorClass(error) });
  }
}

/**
 * Saves an officer's record as the core decided it (a new record, or a
 * correction of one) with its request, then wakes the parked workflow if it
 * must act sooner than it planned, or makes sure one runs to wake later. A
 * wait parked after this save plans with the record already: only one parked
 * before it is woken. Answers the case's status, or the core's refusal.
 */
export async function saveOfficerRecord(
  caseId: string,
  request: Omit<RecordedRequest, 'status' | 'caseVersion'>,
  decide: (current: StoredCase) => (Transition & { wakeWorkflow: boolean }) | Refusal,
): Promise<string | Refusal> {
  const { result, record } = await updateCaseFrom<Refusal | { status: string; wakeWorkflow: boolean; savedVersion: number }>(await requireCase(caseId), (current) => {
    const decided = decide(current);
    if (isRefusal(decided)) return { result: decided };
    const status = decided.next.status;
    return { next: decided.next, events: decided.events, request: { ...request, status }, result: { status, wakeWorkflow: decided.wakeWorkflow, savedVersion: savedVersion(current) } };
  });
  if (isRefusal(result)) return result;
  if (result.wakeWorkflow) await resumeWait(caseId, 'officerEvent', result.savedVersion);
  else await ensureWorkflowRuns(caseId, record);
  return result.status;
}
