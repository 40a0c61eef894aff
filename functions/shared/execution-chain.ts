import { isActive } from '../domain/case';
import { currentExecutionName, executionName } from '../domain/case-id';
import { handOver as handOverCase, nextExecution, restartExecution, type ExecutionTarget } from '../domain/lifecycle-rules';
import { SYSTEM_ACTOR, type PhaseName } from '../domain/lifecycle-contract';
import { decided, requireCase, updateCaseFrom, type StoredCase } from './case-store';
import { now } from './clock';
import { logger } from './observability';
import { isRunning, startPhase } from './workflow';

/**
 * Cases outlive executions: each case is run by a chain of executions of the
 * one state machine, and the case records which one runs it now (its phase
 * and number). Moving the case to the next execution is one conditional
 * write (the lifecycle core's `handOver`), then the start of an execution
 * whose name is fixed by it, so a retried step starts nothing twice.
 */
async function moveTo(
  caseId: string,
  target: ExecutionTarget,
  cause: { type: 'PhaseStarted' | 'WorkflowRestarted'; actor: string; rationale?: string },
  known?: StoredCase,
): Promise<void> {
  const at = now();
  await updateCaseFrom(known ?? (await requireCase(caseId)), (current) => decided(handOverCase(current, { target, cause }, at), undefined));
  await startPhase(caseId, target.phase, target.sequence);
}

/**
 * Hands the case from the execution `from` to the next one of `phase` (the
 * next number, or management 1 after the first days); `known`, the case as
 * the caller has just read it, saves reading it again.
 */
export async function handOver(caseId: string, from: ExecutionTarget, phase: PhaseName, known?: StoredCase): Promise<void> {
  const target = nextExecution(from, phase);
  await moveTo(caseId, target, { type: 'PhaseStarted', actor: SYSTEM_ACTOR }, known);
  logger.info('Execution handed over', { caseId, phase: target.phase, sequence: target.sequence });
}

/**
 * Restarts a case's workflow from the stored case, when the execution that
 * ran it has stopped (a failure past its retries, a local restart): the next
 * execution of its phase takes the case up where it stands. Recorded with who
 * asked and why. Does nothing for a case that no longer needs a workflow, or
 * whose execution still runs; answers the execution started, if any.
 */
export async function restartWorkflow(caseId: string, actor: string, reason: string, justSaved?: StoredCase): Promise<string | undefined> {
  // The usual answer, that the execution of a case just saved still runs, needs no read; anything else is decided on the case as it stands.
  if (justSaved && isActive(justSaved) && (await isRunning(currentExecutionName(justSaved)))) return undefined;
  const record = await requireCase(caseId);
  if (!isActive(record)) return undefined;
  if (await isRunning(currentExecutionName(record))) return undefined;
  const target = restartExecution(record);
  await moveTo(caseId, target, { type: 'WorkflowRestarted', actor, rationale: reason });
  const started = executionName(caseId, target.phase, target.sequence);
  logger.info('Workflow restarted', { caseId, execution: started });
  return started;
}
