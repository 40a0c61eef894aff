import { randomUUID } from 'node:crypto';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { VirtualClock } from '../virtual-clock';
import { assertValidName, StepFunctionsError } from './errors';
import { ExecutionHistory, toJson } from './execution-history';
import type { ExecutionDescription, ExecutionListItem, ExecutionStatus, InterpreterEvent } from './execution-history';
import { MachineRegistry } from './machine-registry';
import type { MachineRecord, StateMachineDescription } from './machine-registry';
import { RetryDelays, TaskRunner, timeoutErrorClass } from './task-runner';
import type { LambdaInvoker, TaskExecution } from './task-runner';
import { ExecutionTokens, TaskTokens } from './task-tokens';

export { StepFunctionsError } from './errors';
export type { ExecutionDescription, ExecutionListItem, ExecutionStatus } from './execution-history';
export type { StateMachineDescription } from './machine-registry';
export type { LambdaInvoker } from './task-runner';

export interface LocalStepFunctionsOptions {
  clock: VirtualClock;
  invokeLambda: LambdaInvoker;
  region?: string;
  accountId?: string;
}

/** A started execution: what its tasks touch, plus the machine it runs and the means to stop its interpreter run. */
interface ExecutionRecord extends TaskExecution {
  machine: MachineRecord;
  abortInterpreterRun?: () => void;
}

/** An error that neither Retry nor Catch may intercept, for work cut short because its execution closed. */
function executionClosedError(): Error {
  return Object.assign(new Error('Execution closed'), { isRetryable: false, isCatchable: false });
}

/**
 * The local Step Functions engine: the Step Functions API over a registry of state machines, run by
 * the aws-local-stepfunctions interpreter with local task handlers, on a virtual clock.
 */
export class LocalStepFunctions {
  readonly #clock: VirtualClock;
  readonly #region: string;
  readonly #accountId: string;
  readonly #machines: MachineRegistry;
  readonly #taskTokens = new TaskTokens();
  readonly #taskRunner: TaskRunner;
  readonly #executions = new Map<string, ExecutionRecord>();

  constructor(options: LocalStepFunctionsOptions) {
    this.#clock = options.clock;
    this.#region = options.region ?? 'eu-west-2';
    this.#accountId = options.accountId ?? '000000000000';
    this.#machines = new MachineRegistry({ clock: this.#clock, region: this.#region, accountId: this.#accountId });
    this.#taskRunner = new TaskRunner({ clock: this.#clock, invokeLambda: options.invokeLambda, region: this.#region });
  }

  /** The clock executions run on; API front ends track their requests on it. */
  get clock(): VirtualClock {
    return this.#clock;
  }

  createStateMachine(input: { name: string; definition: object; roleArn?: string }): { stateMachineArn: string } {
    return this.#machines.create(input);
  }

  listStateMachines(): Array<{ stateMachineArn: string; name: string; type: 'STANDARD'; creationDate: Date }> {
    return this.#machines.list();
  }

  describeStateMachine(stateMachineArn: string): StateMachineDescription {
    return this.#machines.describe(stateMachineArn);
  }

  async startExecution(input: { stateMachineArn: string; name?: string; input?: string }): Promise<{ executionArn: string; startDate: Date }> {
    const machine = this.#machines.get(input.stateMachineArn);
    const name = input.name ?? randomUUID();
    assertValidName(name);
    const inputText = input.input ?? '{}';
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(inputText);
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input is not valid JSON');
    }
    const executionArn = `arn:aws:states:${this.#region}:${this.#accountId}:execution:${machine.name}:${name}`;

    // Standard workflows: a repeated start of a running execution with the same input is a no-op.
    const existing = this.#executions.get(executionArn);
    if (existing) {
      const { description } = existing.history;
      if (description.status === 'RUNNING' && description.input === inputText) return { executionArn, startDate: description.startDate };
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const execution: ExecutionRecord = {
      history: new ExecutionHistory(this.#clock, machine.localTasks, {
        executionArn,
        stateMachineArn: machine.arn,
        name,
        status: 'RUNNING',
        startDate: this.#clock.now(),
        input: inputText,
      }),
      machine,
      tokens: new ExecutionTokens(this.#taskTokens),
      retryDelays: new RetryDelays(),
      halt: new AbortController(),
    };
    this.#executions.set(executionArn, execution);
    execution.history.record('ExecutionStarted', {
      executionStartedEventDetails: { input: inputText, inputDetails: { truncated: false }, roleArn: machine.roleArn },
    });
    await this.#clock.track(this.#launch(execution, parsedInput));
    return { executionArn, startDate: execution.history.description.startDate };
  }

  describeExecution(executionArn: string): ExecutionDescription {
    return this.#execution(executionArn).history.describe();
  }

  listExecutions(input: { stateMachineArn: string; statusFilter?: string }): ExecutionListItem[] {
    this.#machines.get(input.stateMachineArn);
    return [...this.#executions.values()]
      .map(({ history }) => history)
      .filter(({ description }) => description.stateMachineArn === input.stateMachineArn)
      .filter(({ description }) => input.statusFilter === undefined || description.status === input.statusFilter)
      .sort((a, b) => b.description.startDate.getTime() - a.description.startDate.getTime())
      .map((history) => history.listItem());
  }

  getExecutionHistory(executionArn: string): { events: HistoryEvent[] } {
    return { events: this.#execution(executionArn).history.events() };
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    this.#taskTokens.sendTaskSuccess(taskToken, output);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.#taskTokens.sendTaskFailure(taskToken, error, cause);
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.#taskTokens.sendTaskHeartbeat(taskToken);
  }

  stopExecution(executionArn: string, error?: string, cause?: string): { stopDate: Date } {
    const execution = this.#execution(executionArn);
    if (execution.history.running) {
      const details: { error?: string; cause?: string } = {};
      if (error !== undefined) details.error = error;
      if (cause !== undefined) details.cause = cause;
      this.#close(execution, 'ABORTED', details, { executionAbortedEventDetails: details });
    }
    return { stopDate: execution.history.description.stopDate as Date };
  }

  /**
   * Stops every running execution. Parked tasks hold one of the interpreter's real (never-firing) timers,
   * which keeps the process alive, so a script that is done with the engine calls this to exit.
   */
  shutdown(): void {
    for (const { history } of this.#executions.values()) {
      if (history.running) this.stopExecution(history.description.executionArn, 'LocalShutdown', 'The local Step Functions engine shut down');
    }
  }

  idle(): Promise<void> {
    return this.#clock.settle();
  }

  #execution(executionArn: string): ExecutionRecord {
    const execution = this.#executions.get(executionArn);
    if (!execution) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  async #launch(execution: ExecutionRecord, input: unknown): Promise<void> {
    const TimeoutError = await timeoutErrorClass();
    if (!execution.history.running) return;
    const { machine } = execution;
    const { description } = execution.history;
    const run = machine.interpreter.run(input as never, {
      noThrowOnAbort: true,
      context: {
        Execution: { Id: description.executionArn, Name: description.name, RoleArn: machine.roleArn, RedriveCount: 0 },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: execution.tokens.contextTask(),
      },
      overrides: {
        taskResourceLocalHandlers: this.#taskRunner.handlers(execution, machine.localTasks, TimeoutError) as never,
        // The task runner sleeps each retry's delay on the virtual clock instead.
        retryIntervalOverrides: Object.fromEntries(machine.retryableStates.map((stateName) => [stateName, 0])),
      },
    });
    execution.abortInterpreterRun = run.abort;
    // Failures are read from the event log; the result promise only needs a handler.
    run.result.catch(() => undefined);
    void this.#follow(execution, run.eventLogs);

    if (machine.timeoutSeconds !== undefined) {
      const deadline = new Date(description.startDate.getTime() + machine.timeoutSeconds * 1000);
      this.#clock.sleepUntil(deadline, execution.halt.signal, `${description.name} execution timeout`).then(
        () => this.#close(execution, 'TIMED_OUT', {}, { executionTimedOutEventDetails: { error: 'States.Timeout' } }),
        () => undefined,
      );
    }
  }

  /** Follows the interpreter's event log: the history records the states' progress; retries and the end are acted on here. */
  async #follow(execution: ExecutionRecord, eventLog: AsyncGenerator<InterpreterEvent>): Promise<void> {
    for await (const event of eventLog) {
      // Events queued before a stop or timeout would land after the closing event; drop them.
      if (!execution.history.running) return;
      switch (event.type) {
        case 'StateRetried':
          if (execution.machine.localTasks.has(event.state.name)) execution.retryDelays.announce(event.state.name, event.retry.retrier, event.retry.attempt);
          break;
        case 'ExecutionSucceeded':
          this.#close(execution, 'SUCCEEDED', { output: toJson(event.output) }, {
            executionSucceededEventDetails: { output: toJson(event.output), outputDetails: { truncated: false } },
          });
          break;
        case 'ExecutionFailed': {
          const failure = { error: event.Error, cause: typeof event.Cause === 'string' ? event.Cause : toJson(event.Cause) };
          this.#close(execution, 'FAILED', failure, { executionFailedEventDetails: failure });
          break;
        }
        default:
          execution.history.recordStateEvent(event);
      }
    }
  }

  /** Closes a running execution: records the outcome, expires its tokens and stops its timers and interpreter run. */
  #close(execution: ExecutionRecord, status: Exclude<ExecutionStatus, 'RUNNING'>, result: { output?: string; error?: string; cause?: string }, eventDetails: Partial<HistoryEvent>): void {
    if (!execution.history.close(status, result, eventDetails)) return;
    execution.tokens.expireAll();
    execution.halt.abort(executionClosedError());
    if (status === 'ABORTED' || status === 'TIMED_OUT') execution.abortInterpreterRun?.();
  }
}
