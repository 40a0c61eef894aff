import { randomBytes, randomUUID } from 'node:crypto';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { VirtualClock } from '../virtual-clock';
import { assertRunnableLocally, LAMBDA_INVOKE, LAMBDA_INVOKE_WAIT_FOR_TOKEN } from './guard';

export interface LambdaInvoker {
  (functionArnOrName: string, payload: unknown): Promise<unknown>;
}

export interface LocalStepFunctionsOptions {
  clock: VirtualClock;
  invokeLambda: LambdaInvoker;
  region?: string;
  accountId?: string;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** What ListExecutions tells of an execution: its description without input, output or error. */
export type ExecutionListItem = Pick<ExecutionDescription, 'executionArn' | 'stateMachineArn' | 'name' | 'status' | 'startDate' | 'stopDate'>;

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  status: 'ACTIVE';
  type: 'STANDARD';
  definition: string;
  roleArn: string;
  creationDate: Date;
}

/** An error the Step Functions API itself returns; `name` is the AWS error code. */
export class StepFunctionsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Seconds whose millisecond value still fits a 32-bit timer, so the engine's own real-time task cut-off never fires. */
const ENGINE_NEVER_SECONDS = 2_147_483;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{64}$/;
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

type Json = Record<string, unknown>;
interface Retrier {
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'NONE' | 'FULL';
}

/** A Task state with one of the resources the guard admits. */
interface CallableTask {
  kind: 'lambdaInvoke' | 'lambdaInvokeWaitForToken' | 'lambdaFunction';
  resource: string;
}

/** A Task or Wait state the engine runs through a local override. */
type LocalTask = CallableTask | { kind: 'wait' };

interface MachineRecord {
  arn: string;
  name: string;
  definition: object;
  roleArn: string;
  creationDate: Date;
  engine: StateMachine;
  localTasks: Map<string, LocalTask>;
  retryableStates: string[];
  timeoutSeconds?: number;
}

interface ExecutionRecord {
  description: ExecutionDescription;
  machine: MachineRecord;
  history: HistoryEvent[];
  /** Minted by the `$$.Task.Token` getter and consumed by the next task override of this execution. */
  pendingToken?: string;
  tokens: Set<string>;
  /** Virtual retry delays, in seconds, announced by the engine and not yet slept, per state name. */
  retryDelays: Map<string, number[]>;
  /** Aborted when the execution closes; cancels its virtual sleeps and callback waits. */
  halt: AbortController;
  abortEngineRun?: () => void;
}

type CallbackOutcome = { output: unknown } | { error: string; cause: string };

interface TokenRecord {
  /** Present while a task waits on this token. */
  complete?: (outcome: CallbackOutcome) => void;
}

/** The envelope every local Task receives: hidden fields the rewrite added, plus the real effective input. */
interface TaskEnvelope {
  input: unknown;
  timeoutSeconds?: unknown;
  seconds?: unknown;
  timestamp?: unknown;
}

/** An error that neither Retry nor Catch may intercept, for work cut short because its execution closed. */
function executionClosedError(): Error {
  return Object.assign(new Error('Execution closed'), { isRetryable: false, isCatchable: false });
}

function taskError(name: string, cause: string): Error {
  return Object.assign(new Error(cause), { name });
}

function runtimeError(message: string): Error {
  return Object.assign(new Error(message), { name: 'States.Runtime', isRetryable: false, isCatchable: false });
}

let engineTimeoutErrorClass: Promise<new () => Error> | undefined;

/**
 * The engine tells a task timeout apart from other task errors by its own error class (so that
 * `States.TaskFailed` does not match a timeout, as on AWS). The class is not exported, so take it
 * from a probe run whose task times out after one real millisecond.
 */
function timeoutErrorClass(): Promise<new () => Error> {
  engineTimeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: LAMBDA_INVOKE, TimeoutSeconds: 0.001, End: true } } },
      { validationOptions: { noValidate: true } },
    );
    const run = probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => {}) } } });
    const failure = await run.result.then(() => undefined, (error: Error) => error.cause);
    if (!(failure instanceof Error) || failure.name !== 'States.Timeout') throw new Error('The engine did not time out its probe task');
    return failure.constructor as new () => Error;
  })();
  return engineTimeoutErrorClass;
}

function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export class LocalStepFunctions {
  readonly #clock: VirtualClock;
  readonly #invokeLambda: LambdaInvoker;
  readonly #region: string;
  readonly #accountId: string;
  readonly #machines = new Map<string, MachineRecord>();
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #tokens = new Map<string, TokenRecord>();

  constructor(options: LocalStepFunctionsOptions) {
    this.#clock = options.clock;
    this.#invokeLambda = options.invokeLambda;
    this.#region = options.region ?? 'eu-west-2';
    this.#accountId = options.accountId ?? '000000000000';
  }

  /** The clock executions run on; API front ends track their requests on it. */
  get clock(): VirtualClock {
    return this.#clock;
  }

  createStateMachine(input: { name: string; definition: object; roleArn?: string }): { stateMachineArn: string } {
    assertValidName(input.name);
    const arn = `arn:aws:states:${this.#region}:${this.#accountId}:stateMachine:${input.name}`;
    const existing = this.#machines.get(arn);
    if (existing) {
      if (JSON.stringify(existing.definition) === JSON.stringify(input.definition)) return { stateMachineArn: arn };
      throw new StepFunctionsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    assertRunnableLocally(input.definition);
    validateDefinition(input.definition);

    const localTasks = new Map<string, LocalTask>();
    const retryableStates: string[] = [];
    const localDefinition = rewriteForLocalRun(structuredClone(input.definition) as Json, localTasks, retryableStates);
    const timeoutSeconds = (input.definition as { TimeoutSeconds?: number }).TimeoutSeconds;
    const machine: MachineRecord = {
      arn,
      name: input.name,
      definition: structuredClone(input.definition),
      roleArn: input.roleArn ?? `arn:aws:iam::${this.#accountId}:role/${input.name}-role`,
      creationDate: this.#clock.now(),
      engine: new StateMachine(localDefinition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } }),
      localTasks,
      retryableStates,
    };
    if (timeoutSeconds !== undefined) machine.timeoutSeconds = timeoutSeconds;
    this.#machines.set(arn, machine);
    return { stateMachineArn: arn };
  }

  listStateMachines(): Array<{ stateMachineArn: string; name: string; type: 'STANDARD'; creationDate: Date }> {
    return [...this.#machines.values()].map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: machine.creationDate,
    }));
  }

  describeStateMachine(stateMachineArn: string): StateMachineDescription {
    const machine = this.#machine(stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: JSON.stringify(machine.definition),
      roleArn: machine.roleArn,
      creationDate: machine.creationDate,
    };
  }

  async startExecution(input: { stateMachineArn: string; name?: string; input?: string }): Promise<{ executionArn: string; startDate: Date }> {
    const machine = this.#machine(input.stateMachineArn);
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
      const { description } = existing;
      if (description.status === 'RUNNING' && description.input === inputText) return { executionArn, startDate: description.startDate };
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const record: ExecutionRecord = {
      description: { executionArn, stateMachineArn: machine.arn, name, status: 'RUNNING', startDate: this.#clock.now(), input: inputText },
      machine,
      history: [],
      tokens: new Set(),
      retryDelays: new Map(),
      halt: new AbortController(),
    };
    this.#executions.set(executionArn, record);
    this.#record(record, 'ExecutionStarted', {
      executionStartedEventDetails: { input: inputText, inputDetails: { truncated: false }, roleArn: machine.roleArn },
    });
    await this.#clock.track(this.#launch(record, parsedInput));
    return { executionArn, startDate: record.description.startDate };
  }

  describeExecution(executionArn: string): ExecutionDescription {
    return { ...this.#execution(executionArn).description };
  }

  listExecutions(input: { stateMachineArn: string; statusFilter?: string }): ExecutionListItem[] {
    this.#machine(input.stateMachineArn);
    return [...this.#executions.values()]
      .map(({ description }) => description)
      .filter((execution) => execution.stateMachineArn === input.stateMachineArn)
      .filter((execution) => input.statusFilter === undefined || execution.status === input.statusFilter)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
      .map(({ executionArn, stateMachineArn, name, status, startDate, stopDate }) =>
        stopDate === undefined
          ? { executionArn, stateMachineArn, name, status, startDate }
          : { executionArn, stateMachineArn, name, status, startDate, stopDate },
      );
  }

  getExecutionHistory(executionArn: string): { events: HistoryEvent[] } {
    return { events: this.#execution(executionArn).history.map((event) => ({ ...event })) };
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    const complete = this.#waitingTask(taskToken);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: output is not valid JSON');
    }
    complete({ output: parsed });
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.#waitingTask(taskToken)({ error: error ?? '', cause: cause ?? '' });
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.#waitingTask(taskToken);
  }

  stopExecution(executionArn: string, error?: string, cause?: string): { stopDate: Date } {
    const record = this.#execution(executionArn);
    if (record.description.status === 'RUNNING') {
      const details: { error?: string; cause?: string } = {};
      if (error !== undefined) details.error = error;
      if (cause !== undefined) details.cause = cause;
      this.#close(record, 'ABORTED', details, { executionAbortedEventDetails: details });
    }
    return { stopDate: record.description.stopDate as Date };
  }

  /**
   * Stops every running execution. Parked tasks hold one of the engine's real (never-firing) timers,
   * which keeps the process alive, so a script that is done with the engine calls this to exit.
   */
  shutdown(): void {
    for (const { description } of this.#executions.values()) {
      if (description.status === 'RUNNING') this.stopExecution(description.executionArn, 'LocalShutdown', 'The local Step Functions engine shut down');
    }
  }

  idle(): Promise<void> {
    return this.#clock.settle();
  }

  #machine(stateMachineArn: string): MachineRecord {
    // Locally a machine has one version: an ARN qualified by an alias or version number runs it.
    const unqualified = stateMachineArn.split(':').slice(0, 7).join(':');
    const machine = this.#machines.get(stateMachineArn) ?? this.#machines.get(unqualified);
    if (!machine) throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return machine;
  }

  #execution(executionArn: string): ExecutionRecord {
    const record = this.#executions.get(executionArn);
    if (!record) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  #waitingTask(taskToken: string): (outcome: CallbackOutcome) => void {
    const token = this.#tokens.get(taskToken);
    if (!token) {
      throw TOKEN_SHAPE.test(taskToken)
        ? new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist')
        : new StepFunctionsError('InvalidToken', 'Invalid Token');
    }
    // AWS answers TaskTimedOut for every token whose task is no longer waiting.
    if (!token.complete) throw new StepFunctionsError('TaskTimedOut', 'Task Timed Out');
    return token.complete;
  }

  async #launch(record: ExecutionRecord, input: unknown): Promise<void> {
    const TimeoutError = await timeoutErrorClass();
    if (record.description.status !== 'RUNNING') return;
    const { machine, description } = record;
    const mintToken = (): string => {
      const token = randomBytes(48).toString('base64url');
      this.#tokens.set(token, {});
      record.tokens.add(token);
      return token;
    };
    // The engine copies the context object shallowly, so the getter survives on the nested Task object.
    const task = {
      get Token(): string {
        record.pendingToken ??= mintToken();
        return record.pendingToken;
      },
    };
    /** Hands the pending token to the task being started; only callback tasks need one minted if none was read. */
    const takeToken = (mintIfNone: boolean): string | undefined => {
      const token = record.pendingToken ?? (mintIfNone ? mintToken() : undefined);
      delete record.pendingToken;
      return token;
    };
    const taskHandlers = Object.fromEntries(
      [...machine.localTasks].map(([stateName, localTask]) => [
        stateName,
        (envelope: unknown) => this.#runLocalTask(record, stateName, localTask, envelope as TaskEnvelope, takeToken, TimeoutError),
      ]),
    );
    const run = machine.engine.run(input as never, {
      noThrowOnAbort: true,
      context: {
        Execution: { Id: description.executionArn, Name: description.name, RoleArn: machine.roleArn, RedriveCount: 0 },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: task,
      },
      overrides: {
        taskResourceLocalHandlers: taskHandlers as never,
        retryIntervalOverrides: Object.fromEntries(machine.retryableStates.map((stateName) => [stateName, 0])),
      },
    });
    record.abortEngineRun = run.abort;
    // Failures are read from the event log; the result promise only needs a handler.
    run.result.catch(() => undefined);
    void this.#recordEngineEvents(record, run.eventLogs);

    if (machine.timeoutSeconds !== undefined) {
      const deadline = new Date(description.startDate.getTime() + machine.timeoutSeconds * 1000);
      this.#clock.sleepUntil(deadline, record.halt.signal, `${description.name} execution timeout`).then(
        () => this.#close(record, 'TIMED_OUT', {}, { executionTimedOutEventDetails: { error: 'States.Timeout' } }),
        () => undefined,
      );
    }
  }

  /** Runs one Task (or rewritten Wait) state. Only the Lambda calls count as work in flight; waits on time or callbacks do not. */
  #runLocalTask(
    record: ExecutionRecord,
    stateName: string,
    localTask: LocalTask,
    envelope: TaskEnvelope,
    takeToken: (mintIfNone: boolean) => string | undefined,
    TimeoutError: new () => Error,
  ): Promise<unknown> {
    if (record.halt.signal.aborted) return Promise.reject(record.halt.signal.reason);
    // Taken in the same turn the engine evaluated Parameters, before any other branch can mint.
    const token = takeToken(localTask.kind === 'lambdaInvokeWaitForToken');
    const taskAbort = new AbortController();
    const signal = AbortSignal.any([taskAbort.signal, record.halt.signal]);
    const halted = new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    halted.catch(() => undefined);
    let callback: Promise<unknown> | undefined;
    if (localTask.kind === 'lambdaInvokeWaitForToken' && token !== undefined) {
      // Registered before the Lambda runs: it may report back on its own token straight away.
      callback = new Promise((resolve, reject) => {
        (this.#tokens.get(token) as TokenRecord).complete = (outcome) => {
          if ('output' in outcome) resolve(outcome.output);
          else reject(taskError(outcome.error, outcome.cause));
        };
      });
      callback.catch(() => undefined);
    }

    const run = async (): Promise<unknown> => {
      // Lets the event log catch up, so this task's events follow its StateEntered event.
      await this.#clock.track(nextMacrotask());
      const retryDelaySeconds = record.retryDelays.get(stateName)?.shift();
      if (retryDelaySeconds !== undefined) {
        await Promise.race([this.#sleep(record, retryDelaySeconds * 1000, signal, `${stateName} retry`), halted]);
      }
      if (localTask.kind === 'wait') return this.#wait(record, stateName, envelope, signal, halted);

      const timeoutSeconds = envelope.timeoutSeconds;
      if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || (timeoutSeconds as number) < 1)) {
        throw runtimeError(`The task timeout of state ${stateName} must be a positive integer, got ${JSON.stringify(timeoutSeconds)}`);
      }
      const timedOut =
        timeoutSeconds === undefined
          ? new Promise<never>(() => {})
          : this.#sleep(record, (timeoutSeconds as number) * 1000, signal, `${stateName} timeout`).then(() => {
              throw Object.assign(new TimeoutError(), { message: '' });
            });
      const events = taskEventNames(localTask);
      const resourceDetails = taskResourceDetails(localTask);
      this.#recordTask(record, events.scheduled, scheduledDetails(localTask, envelope.input, this.#region, timeoutSeconds as number | undefined));
      this.#recordTask(record, events.started, localTask.kind === 'lambdaFunction' ? {} : { ...resourceDetails });
      try {
        const output = await Promise.race([this.#perform(record, localTask, envelope.input, callback), timedOut, halted]);
        this.#recordTask(record, events.succeeded, { ...resourceDetails, output: toJson(output), outputDetails: { truncated: false } });
        return output;
      } catch (error) {
        const { name, message } = error as Error;
        if (error instanceof TimeoutError) this.#recordTask(record, events.timedOut, { ...resourceDetails, error: name });
        else if (!signal.aborted) this.#recordTask(record, events.failed, { ...resourceDetails, error: name, cause: message });
        throw error;
      }
    };
    return run().finally(() => {
      if (token !== undefined) this.#tokens.set(token, {});
      taskAbort.abort();
    });
  }

  async #perform(record: ExecutionRecord, localTask: CallableTask, input: unknown, callback: Promise<unknown> | undefined): Promise<unknown> {
    switch (localTask.kind) {
      case 'lambdaFunction':
        return this.#callLambda(localTask.resource, input);
      case 'lambdaInvoke':
        return lambdaInvokeResponse(await this.#callLambda(...lambdaInvokeTarget(input)));
      case 'lambdaInvokeWaitForToken': {
        const invocation = this.#callLambda(...lambdaInvokeTarget(input));
        // The task ends on the callback; the invocation only matters if it fails.
        const invocationFailed = invocation.then((result) => {
          this.#recordTask(record, 'TaskSubmitted', {
            ...taskResourceDetails(localTask),
            output: toJson(lambdaInvokeResponse(result)),
            outputDetails: { truncated: false },
          });
          return new Promise<never>(() => {});
        });
        return Promise.race([callback as Promise<unknown>, invocationFailed]);
      }
    }
  }

  /** Invokes a Lambda the way the Lambda service would: JSON in, JSON out, failures named after the errorType. */
  async #callLambda(functionName: string, payload: unknown): Promise<unknown> {
    try {
      const result = await this.#clock.track(this.#invokeLambda(functionName, JSON.parse(toJson(payload))));
      return JSON.parse(toJson(result));
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      throw taskError(name, JSON.stringify({ errorType: name, errorMessage: message, trace: [] }));
    }
  }

  async #wait(record: ExecutionRecord, stateName: string, envelope: TaskEnvelope, signal: AbortSignal, halted: Promise<never>): Promise<unknown> {
    let until: Date;
    if (envelope.seconds !== undefined) {
      if (!Number.isInteger(envelope.seconds) || (envelope.seconds as number) < 0) {
        throw runtimeError(`Wait state ${stateName} needs a non-negative integer of seconds, got ${JSON.stringify(envelope.seconds)}`);
      }
      until = new Date(this.#clock.now().getTime() + (envelope.seconds as number) * 1000);
    } else {
      const timestamp = envelope.timestamp;
      until = new Date(typeof timestamp === 'string' ? timestamp : Number.NaN);
      if (typeof timestamp !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(timestamp) || Number.isNaN(until.getTime())) {
        throw runtimeError(`Wait state ${stateName} needs an ISO 8601 timestamp, got ${JSON.stringify(timestamp)}`);
      }
    }
    await Promise.race([this.#clock.sleepUntil(until, signal, `${record.description.name} ${stateName}`), halted]);
    return envelope.input;
  }

  #sleep(record: ExecutionRecord, ms: number, signal: AbortSignal, label: string): Promise<void> {
    return this.#clock.sleepUntil(new Date(this.#clock.now().getTime() + ms), signal, `${record.description.name} ${label}`);
  }

  async #recordEngineEvents(record: ExecutionRecord, events: AsyncGenerator<EngineEvent>): Promise<void> {
    for await (const event of events) {
      // Events queued before a stop or timeout would land after the closing event; drop them.
      if (record.description.status !== 'RUNNING') return;
      switch (event.type) {
        case 'StateEntered': {
          const type = this.#stateType(record, event.state);
          this.#record(record, `${type}StateEntered`, {
            stateEnteredEventDetails: { name: event.state.name, input: toJson(event.state.input), inputDetails: { truncated: false } },
          });
          if (type === 'Parallel' || type === 'Map') this.#record(record, `${type}StateStarted`, {});
          break;
        }
        case 'StateExited': {
          const type = this.#stateType(record, event.state);
          if (type === 'Parallel' || type === 'Map') this.#record(record, `${type}StateSucceeded`, {});
          this.#record(record, `${type}StateExited`, {
            stateExitedEventDetails: { name: event.state.name, output: toJson(event.state.output), outputDetails: { truncated: false } },
          });
          break;
        }
        case 'StateFailed':
          if (event.state.type === 'Parallel' || event.state.type === 'Map') this.#record(record, `${event.state.type}StateFailed`, {});
          break;
        case 'StateRetried':
          if (record.machine.localTasks.has(event.state.name)) {
            const delays = record.retryDelays.get(event.state.name) ?? [];
            delays.push(retryDelaySeconds(event.retry.retrier, event.retry.attempt));
            record.retryDelays.set(event.state.name, delays);
          }
          break;
        case 'MapIterationStarted':
        case 'MapIterationSucceeded':
        case 'MapIterationFailed': {
          const detailsKey = `${event.type[0]?.toLowerCase()}${event.type.slice(1)}EventDetails`;
          this.#record(record, event.type, { [detailsKey]: { name: event.parentState.name, index: event.index } });
          break;
        }
        case 'ExecutionSucceeded':
          this.#close(record, 'SUCCEEDED', { output: toJson(event.output) }, {
            executionSucceededEventDetails: { output: toJson(event.output), outputDetails: { truncated: false } },
          });
          break;
        case 'ExecutionFailed': {
          const failure = { error: event.Error, cause: typeof event.Cause === 'string' ? event.Cause : toJson(event.Cause) };
          this.#close(record, 'FAILED', failure, { executionFailedEventDetails: failure });
          break;
        }
      }
    }
  }

  #stateType(record: ExecutionRecord, state: { name: string; type: string }): string {
    return record.machine.localTasks.get(state.name)?.kind === 'wait' ? 'Wait' : state.type;
  }

  #close(record: ExecutionRecord, status: Exclude<ExecutionStatus, 'RUNNING'>, result: { output?: string; error?: string; cause?: string }, eventDetails: Partial<HistoryEvent>): void {
    if (record.description.status !== 'RUNNING') return;
    const eventType = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', TIMED_OUT: 'ExecutionTimedOut', ABORTED: 'ExecutionAborted' }[status];
    this.#record(record, eventType, eventDetails);
    Object.assign(record.description, { status, stopDate: this.#clock.now() }, result);
    for (const token of record.tokens) this.#tokens.set(token, {});
    record.halt.abort(executionClosedError());
    if (status === 'ABORTED' || status === 'TIMED_OUT') record.abortEngineRun?.();
  }

  #recordTask(record: ExecutionRecord, type: string, details: Json): void {
    if (record.description.status !== 'RUNNING') return;
    const detailsKey = `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;
    this.#record(record, type, { [detailsKey]: details });
  }

  #record(record: ExecutionRecord, type: string, details: Partial<HistoryEvent>): void {
    const id = record.history.length + 1;
    record.history.push({ id, previousEventId: id - 1, timestamp: this.#clock.now(), type: type as HistoryEventType, ...details });
  }
}

type EngineEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

/** Definition texts already validated; validation compiles JSON schemas and takes a noticeable fraction of a second. */
const validDefinitions = new Set<string>();

/** Validates the definition as written; the engine's own copy carries local-only fields and skips validation. */
function validateDefinition(definition: object): void {
  const text = JSON.stringify(definition);
  if (validDefinitions.has(text)) return;
  try {
    new StateMachine(JSON.parse(text) as StateMachineDefinition);
  } catch (error) {
    throw new StepFunctionsError('InvalidDefinition', (error as Error).message);
  }
  validDefinitions.add(text);
}

function assertValidName(name: string): void {
  if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name)) {
    throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
  }
}

function lambdaInvokeTarget(input: unknown): [string, unknown] {
  const { FunctionName, Payload } = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
  if (typeof FunctionName !== 'string') throw runtimeError('lambda:invoke needs a FunctionName string parameter');
  return [FunctionName, Payload ?? {}];
}

/** The response body Step Functions returns for the lambda:invoke integration. */
function lambdaInvokeResponse(result: unknown): Json {
  const requestId = randomUUID();
  return {
    ExecutedVersion: '$LATEST',
    Payload: result,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Type': 'application/json',
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

function taskEventNames(localTask: CallableTask) {
  return localTask.kind === 'lambdaFunction'
    ? { scheduled: 'LambdaFunctionScheduled', started: 'LambdaFunctionStarted', succeeded: 'LambdaFunctionSucceeded', failed: 'LambdaFunctionFailed', timedOut: 'LambdaFunctionTimedOut' }
    : { scheduled: 'TaskScheduled', started: 'TaskStarted', succeeded: 'TaskSucceeded', failed: 'TaskFailed', timedOut: 'TaskTimedOut' };
}

function taskResourceDetails(localTask: CallableTask): Json {
  if (localTask.kind === 'lambdaFunction') return {};
  return { resourceType: 'lambda', resource: localTask.resource.slice('arn:aws:states:::lambda:'.length) };
}

function scheduledDetails(localTask: CallableTask, input: unknown, region: string, timeoutSeconds: number | undefined): Json {
  const details: Json =
    localTask.kind === 'lambdaFunction'
      ? { resource: localTask.resource, input: toJson(input), inputDetails: { truncated: false } }
      : { ...taskResourceDetails(localTask), region, parameters: toJson(input) };
  if (timeoutSeconds !== undefined) details['timeoutInSeconds'] = timeoutSeconds;
  return details;
}

/** The interval AWS waits before a retry, from the retrier and the attempt number (1 for the first retry). */
function retryDelaySeconds(retrier: Retrier, attempt: number): number {
  const interval = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, attempt - 1);
  const capped = retrier.MaxDelaySeconds === undefined ? interval : Math.min(interval, retrier.MaxDelaySeconds);
  return retrier.JitterStrategy === 'FULL' ? Math.random() * capped : capped;
}

/**
 * Produces the engine's copy of a definition. Task states get their timeout moved into a hidden
 * Parameters field evaluated against the state input (as AWS does) and enforced on the virtual
 * clock; Wait states become Tasks that sleep on the virtual clock. Both keep their data flow.
 */
function rewriteForLocalRun(machine: Json, localTasks: Map<string, LocalTask>, retryableStates: string[]): Json {
  const states: Json = {};
  for (const [stateName, original] of Object.entries(machine['States'] as Record<string, Json>)) {
    if (localTasks.has(stateName) || retryableStates.includes(stateName)) {
      throw new Error(`State name ${stateName} is used more than once`);
    }
    if ('Retry' in original) retryableStates.push(stateName);
    switch (original['Type']) {
      case 'Task': {
        const { TimeoutSeconds, TimeoutSecondsPath, Parameters, ...rest } = original;
        const resource = String(original['Resource']);
        const kind: CallableTask['kind'] =
          resource === LAMBDA_INVOKE ? 'lambdaInvoke' : resource === LAMBDA_INVOKE_WAIT_FOR_TOKEN ? 'lambdaInvokeWaitForToken' : 'lambdaFunction';
        localTasks.set(stateName, { kind, resource });
        const envelope: Json = Parameters === undefined ? { 'input.$': '$' } : { input: Parameters };
        if (TimeoutSeconds !== undefined) envelope['timeoutSeconds'] = TimeoutSeconds;
        if (TimeoutSecondsPath !== undefined) envelope['timeoutSeconds.$'] = TimeoutSecondsPath;
        states[stateName] = { ...rest, Parameters: envelope, TimeoutSeconds: ENGINE_NEVER_SECONDS };
        break;
      }
      case 'Wait': {
        const { Seconds, SecondsPath, Timestamp, TimestampPath, Type: _type, ...rest } = original;
        localTasks.set(stateName, { kind: 'wait' });
        const envelope: Json = { 'input.$': '$' };
        if (Seconds !== undefined) envelope['seconds'] = Seconds;
        if (SecondsPath !== undefined) envelope['seconds.$'] = SecondsPath;
        if (Timestamp !== undefined) envelope['timestamp'] = Timestamp;
        if (TimestampPath !== undefined) envelope['timestamp.$'] = TimestampPath;
        states[stateName] = { ...rest, Type: 'Task', Resource: LAMBDA_INVOKE, Parameters: envelope, TimeoutSeconds: ENGINE_NEVER_SECONDS };
        break;
      }
      case 'Parallel':
        states[stateName] = {
          ...original,
          Branches: (original['Branches'] as Json[]).map((branch) => rewriteForLocalRun(branch, localTasks, retryableStates)),
        };
        break;
      case 'Map': {
        const rewritten = { ...original };
        for (const field of ['ItemProcessor', 'Iterator']) {
          if (original[field] !== undefined) rewritten[field] = rewriteForLocalRun(original[field] as Json, localTasks, retryableStates);
        }
        states[stateName] = rewritten;
        break;
      }
      default:
        states[stateName] = original;
    }
  }
  const { TimeoutSeconds: _executionTimeout, ...rest } = machine;
  return { ...rest, States: states };
}
