import { ExecutionAlreadyExists, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionName } from '../domain/case-id';
import type { AwaitedInput } from '../domain/case';
import { stepFunctionsClient } from './aws-clients';
import { serviceConfig } from './config';
import { logger } from './observability';

/** Only the case id (and the phase's number) travels in execution input: everything else is read from the table. */
async function startExecution(name: string, input: Record<string, unknown>): Promise<void> {
  const stateMachineArn = serviceConfig().STATE_MACHINE_ARN;
  if (!stateMachineArn) throw new Error('STATE_MACHINE_ARN is not set for this function');
  try {
    await stepFunctionsClient().send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  } catch (error) {
    // Same name, already finished: that execution has run, which is all a retry wants.
    if (error instanceof ExecutionAlreadyExists) return;
    throw error;
  }
}

export function startFirstDays(caseId: string): Promise<void> {
  return startExecution(executionName(caseId, 'first-days'), { caseId });
}

export function startManagementPhase(caseId: string, sequence: number): Promise<void> {
  return startExecution(executionName(caseId, 'management', sequence), { caseId, phase: 'management', sequence });
}

/** What a callback task resumes with: which input arrived, never its content. */
export interface InputReceived {
  received: AwaitedInput;
}

const CLOSED_TASK_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Resumes a workflow parked on a callback task. A task that has meanwhile timed
 * out is no loss: the input is already stored, and the workflow finds it when
 * its timer wakes it.
 */
export async function resumeWorkflow(caseId: string, taskToken: string, output: InputReceived): Promise<void> {
  try {
    await stepFunctionsClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    const name = (error as Error).name;
    if (!CLOSED_TASK_ERRORS.has(name)) throw error;
    logger.info('Callback task had already closed; the workflow will pick the input up on waking', { caseId, reason: name });
  }
}
