import { CLOSED_STATUSES, isActive, type CaseRecord, type PhaseName } from '../domain/case';
import { currentExecutionName, executionName } from '../domain/case-id';
import { requireCase, updateCase } from './case-store';
import { now } from './clock';
import { logger } from './observability';
import { isRunning, startPhase } from './workflow';

/**
 * Cases outlive executions: each case is run by a chain of executions of the
 * one state machine, and the case records which one runs it now (its phase
 * and number). Moving the case to the next execution is one conditional
 * write, then the start of an execution whose name is fixed by it, so a
 * retried step starts nothing twice.
 */
type Target = { phase: PhaseName; sequence: number };

const ORDER: Record<PhaseName, number> = { 'first-days': 0, management: 1 };

function isAfter(target: Target, phase: CaseRecord['phase']): boolean {
  if (!phase) return true;
  return ORDER[target.phase] > ORDER[phase.name] || (target.phase === phase.name && target.sequence > phase.sequence);
}

async function moveTo(caseId: string, target: Target, event: { type: string; actor: string; rationale?: string }): Promise<void> {
  const at = now().toISOString();
  await updateCase(caseId, (current) => {
    if (!isAfter(target, current.phase)) return { result: undefined };
    const { needsAttention: _repaired, ...rest } = current;
    const next: CaseRecord = {
      ...rest,
      phase: { name: target.phase, sequence: target.sequence, startedAt: at, wakes: 0 },
      // Management waits for officers' records from its first moment.
      ...(target.phase === 'management' && !current.awaiting && !CLOSED_STATUSES.has(current.status)
        ? { awaiting: { kind: 'officerEvent' as const, since: at } }
        : {}),
    };
    return {
      next,
      events: [{ ...event, at, details: { phase: target.phase, sequence: target.sequence } }],
      result: undefined,
    };
  });
  await startPhase(caseId, target.phase, target.sequence);
}

/** Hands the case from the execution `from` to the next one of `phase` (the next number, or management 1 after the first days). */
export async function handOver(caseId: string, from: Target, phase: PhaseName): Promise<void> {
  const target = phase === from.phase ? { phase, sequence: from.sequence + 1 } : { phase, sequence: 1 };
  await moveTo(caseId, target, { type: 'PhaseStarted', actor: 'system' });
  logger.info('Execution handed over', { caseId, phase: target.phase, sequence: target.sequence });
}

/**
 * Restarts a case's workflow from the stored case, when the execution that
 * ran it has stopped (a failure past its retries, a local restart): the next
 * execution of its phase takes the case up where it stands. Recorded with who
 * asked and why. Does nothing for a case that no longer needs a workflow, or
 * whose execution still runs; answers the execution started, if any.
 */
export async function restartWorkflow(caseId: string, actor: string, reason: string): Promise<string | undefined> {
  const record = await requireCase(caseId);
  if (!isActive(record)) return undefined;
  if (await isRunning(currentExecutionName(record))) return undefined;
  const phase = record.phase ?? { name: 'first-days' as const, sequence: 1 };
  const target = { phase: phase.name, sequence: phase.sequence + 1 };
  await moveTo(caseId, target, { type: 'WorkflowRestarted', actor, rationale: reason });
  const started = executionName(caseId, target.phase, target.sequence);
  logger.info('Workflow restarted', { caseId, execution: started });
  return started;
}
