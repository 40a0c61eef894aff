import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionName } from '../domain/case-id';
import type { ExecutionInput, InputReceived, PhaseName } from '../domain/lifecycle-contract';
import { stepFunctionsClient } from './clients/step-functions-client';
import { serviceConfig } from './config';
import { logger } from './observability';

function stateMachineArn(): string {
  const arn = serviceConfig().STATE_MACHINE_ARN;
  if (!arn) throw new Error('STATE_MACHINE_ARN is not set for this function');
  return arn;
}

/** Only the case id (and the phase's number) travels in execution input: everything else is read from the table. */
export async function startPhase(caseId: string, phase: PhaseName, sequence: number): Promise<void> {
  const name = executionName(caseId, phase, sequence);
  // The first execution of a referral is started by the portal's submission, with the case id alone.
  const input: ExecutionInput = phase === 'first-days' && sequence === 1 ? { caseId } : { caseId, phase, sequence };
  try {
    await stepFunctionsClient().send(new StartExecutionCommand({ stateMachineArn: stateMachineArn(), name, input: JSON.stringify(input) }));
  } catch (error) {
    // Same name, already finished: that execution has run, which is all a retry wants.
    if (error instanceof ExecutionAlreadyExists) return;
    throw error;
  }
}

export function startFirstDays(caseId: string): Promise<void> {
  return startPhase(caseId, 'first-days', 1);
}

/** The state machine's own ARN, without the alias the functions start executions through: its executions are listed under it, whichever version ran them. */
export function unqualifiedStateMachineArn(): string {
  return stateMachineArn().split(':').slice(0, 7).join(':');
}

/** The ARN of a named execution of the lifecycle, through the alias the functions start executions with or not. */
export function executionArn(name: string): string {
  // arn:aws:states:region:account:stateMachine:name[:alias] → arn:aws:states:region:account:execution:name:executionName
  const [prefix, partition, service, region, account, , machine] = stateMachineArn().split(':');
  return [prefix, partition, service, region, account, 'execution', machine, name].join(':');
}

/** Whether the named execution is running; false when it has ended or never started. */
export async function isRunning(name: string): Promise<boolean> {
  try {
    const { status } = await stepFunctionsClient().send(new DescribeExecutionCommand({ executionArn: executionArn(name) }));
    return status === 'RUNNING';
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return false;
    throw error;
  }
}

const CLOSED_TASK_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Resumes a workflow parked on a callback task. A task that has meanwhile timed
 * out is no loss when its execution runs on: the input is already stored, and
 * the workflow finds it when its timer wakes it. Answers whether a waiting
 * task took it.
 */
export async function resumeWorkflow(caseId: string, taskToken: string, output: InputReceived): Promise<boolean> {
  try {
    await stepFunctionsClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (!CLOSED_TASK_ERRORS.has(name)) throw error;
    logger.info('Callback task had already closed', { caseId, reason: name });
    return false;
  }
}
