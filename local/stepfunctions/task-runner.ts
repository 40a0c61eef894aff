import { randomUUID } from 'node:crypto';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { StateMachine } from 'aws-local-stepfunctions';
import type { VirtualClock } from '../virtual-clock';
import { toJson } from './execution-history';
import type { ExecutionHistory } from './execution-history';
import { LAMBDA_INVOKE } from './guard';
import type { CallableTask, LocalTask, TaskEnvelope } from './local-definition';
import type { ExecutionTokens } from './task-tokens';

export interface LambdaInvoker {
  (functionArnOrName: string, payload: unknown): Promise<unknown>;
}

/** The interpreter's handler for one local task: it receives the envelope and returns the task's result. */
type TaskHandler = (envelope: unknown) => Promise<unknown>;

/** The error class the interpreter marks task timeouts with. */
export type TimeoutErrorClass = new () => Error;

/** What a task touches of the execution it runs in. */
export interface TaskExecution {
  history: ExecutionHistory;
  tokens: ExecutionTokens;
  retryDelays: RetryDelays;
  /** Aborted when the execution closes; cancels its virtual sleeps and callback waits. */
  halt: AbortController;
}

type Json = Record<string, unknown>;

interface Retrier {
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'NONE' | 'FULL';
}

/**
 * Retries wait on the virtual clock: the interpreter retries at once, and the next attempt of the
 * state first sleeps the delay AWS would have waited, as announced by the interpreter's event log.
 */
export class RetryDelays {
  /** Delays in seconds, announced and not yet slept, per state name. */
  readonly #pending = new Map<string, number[]>();

  announce(stateName: string, retrier: Retrier, attempt: number): void {
    const delays = this.#pending.get(stateName) ?? [];
    delays.push(retryDelaySeconds(retrier, attempt));
    this.#pending.set(stateName, delays);
  }

  /** The delay the state's next attempt must sleep first, if a retry announced one. */
  next(stateName: string): number | undefined {
    return this.#pending.get(stateName)?.shift();
  }
}

function taskError(name: string, cause: string): Error {
  return Object.assign(new Error(cause), { name });
}

function runtimeError(message: string): Error {
  return Object.assign(new Error(message), { name: 'States.Runtime', isRetryable: false, isCatchable: false });
}

let probedTimeoutErrorClass: Promise<TimeoutErrorClass> | undefined;

/**
 * The interpreter tells a task timeout apart from other task errors by its own error class (so that
 * `States.TaskFailed` does not match a timeout, as on AWS). The class is not exported, so take it
 * from a probe run whose task times out after one real millisecond.
 */
export function timeoutErrorClass(): Promise<TimeoutErrorClass> {
  probedTimeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: LAMBDA_INVOKE, TimeoutSeconds: 0.001, End: true } } },
      { validationOptions: { noValidate: true } },
    );
    const run = probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => {}) } } });
    const failure = await run.result.then(() => undefined, (error: Error) => error.cause);
    if (!(failure instanceof Error) || failure.name !== 'States.Timeout') throw new Error('The interpreter did not time out its probe task');
    return failure.constructor as TimeoutErrorClass;
  })();
  return probedTimeoutErrorClass;
}

/** Runs the local tasks: invokes their Lambdas, waits for their callbacks, and times them out, all on the virtual clock. */
export class TaskRunner {
  readonly #clock: VirtualClock;
  readonly #invokeLambda: LambdaInvoker;
  readonly #region: string;

  constructor(options: { clock: VirtualClock; invokeLambda: LambdaInvoker; region: string }) {
    this.#clock = options.clock;
    this.#invokeLambda = options.invokeLambda;
    this.#region = options.region;
  }

  /** The interpreter's handlers for an execution's local tasks, by state name. */
  handlers(execution: TaskExecution, localTasks: ReadonlyMap<string, LocalTask>, TimeoutError: TimeoutErrorClass): Record<string, TaskHandler> {
    return Object.fromEntries(
      [...localTasks].map(([stateName, localTask]): [string, TaskHandler] => [
        stateName,
        (envelope) => this.#runTask(execution, stateName, localTask, envelope as TaskEnvelope, TimeoutError),
      ]),
    );
  }

  /** Runs one attempt of a Task (or rewritten Wait) state. Only the Lambda calls count as work in flight; waits on time or callbacks do not. */
  #runTask(execution: TaskExecution, stateName: string, localTask: LocalTask, envelope: TaskEnvelope, TimeoutError: TimeoutErrorClass): Promise<unknown> {
    if (execution.halt.signal.aborted) return Promise.reject(execution.halt.signal.reason);
    // Taken in the same turn the interpreter evaluated Parameters, before any other branch can mint.
    const token = execution.tokens.take(localTask.kind === 'lambdaInvokeWaitForToken');
    const taskAbort = new AbortController();
    const signal = AbortSignal.any([taskAbort.signal, execution.halt.signal]);
    const halted = new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    halted.catch(() => undefined);
    let callback: Promise<unknown> | undefined;
    if (localTask.kind === 'lambdaInvokeWaitForToken' && token !== undefined) {
      // Registered before the Lambda runs: it may report back on its own token straight away.
      callback = new Promise((resolve, reject) => {
        execution.tokens.awaitCallback(token, (outcome) => {
          if ('output' in outcome) resolve(outcome.output);
          else reject(taskError(outcome.error, outcome.cause));
        });
      });
      callback.catch(() => undefined);
    }

    const attempt = async (): Promise<unknown> => {
      // Lets the event log catch up, so this task's events follow its StateEntered event.
      await this.#clock.track(nextMacrotask());
      const retryDelay = execution.retryDelays.next(stateName);
      if (retryDelay !== undefined) {
        await Promise.race([this.#sleep(execution, retryDelay * 1000, signal, `${stateName} retry`), halted]);
      }
      if (localTask.kind === 'wait') return this.#wait(execution, stateName, envelope, signal, halted);

      const timeoutSeconds = envelope.timeoutSeconds;
      if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || (timeoutSeconds as number) < 1)) {
        throw runtimeError(`The task timeout of state ${stateName} must be a positive integer, got ${JSON.stringify(timeoutSeconds)}`);
      }
      const timedOut =
        timeoutSeconds === undefined
          ? new Promise<never>(() => {})
          : this.#sleep(execution, (timeoutSeconds as number) * 1000, signal, `${stateName} timeout`).then(() => {
              throw Object.assign(new TimeoutError(), { message: '' });
            });
      const { history } = execution;
      const eventNames = taskEventNames(localTask);
      const resourceDetails = taskResourceDetails(localTask);
      history.recordTask(eventNames.scheduled, scheduledDetails(localTask, envelope.input, this.#region, timeoutSeconds as number | undefined));
      history.recordTask(eventNames.started, localTask.kind === 'lambdaFunction' ? {} : { ...resourceDetails });
      try {
        const output = await Promise.race([this.#perform(history, localTask, envelope.input, callback), timedOut, halted]);
        history.recordTask(eventNames.succeeded, { ...resourceDetails, output: toJson(output), outputDetails: { truncated: false } });
        return output;
      } catch (error) {
        const { name, message } = error as Error;
        if (error instanceof TimeoutError) history.recordTask(eventNames.timedOut, { ...resourceDetails, error: name });
        else if (!signal.aborted) history.recordTask(eventNames.failed, { ...resourceDetails, error: name, cause: message });
        throw error;
      }
    };
    return attempt().finally(() => {
      if (token !== undefined) execution.tokens.expire(token);
      taskAbort.abort();
    });
  }

  async #perform(history: ExecutionHistory, localTask: CallableTask, input: unknown, callback: Promise<unknown> | undefined): Promise<unknown> {
    switch (localTask.kind) {
      case 'lambdaFunction':
        return this.#callLambda(localTask.resource, input);
      case 'lambdaInvoke':
        return lambdaInvokeResponse(await this.#callLambda(...lambdaInvokeTarget(input)));
      case 'lambdaInvokeWaitForToken': {
        const invocation = this.#callLambda(...lambdaInvokeTarget(input));
        // The task ends on the callback; the invocation only matters if it fails.
        const invocationFailed = invocation.then((result) => {
          history.recordTask('TaskSubmitted', {
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

  async #wait(execution: TaskExecution, stateName: string, envelope: TaskEnvelope, signal: AbortSignal, halted: Promise<never>): Promise<unknown> {
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
    await Promise.race([this.#clock.sleepUntil(until, signal, `${execution.history.description.name} ${stateName}`), halted]);
    return envelope.input;
  }

  #sleep(execution: TaskExecution, ms: number, signal: AbortSignal, label: string): Promise<void> {
    return this.#clock.sleepUntil(new Date(this.#clock.now().getTime() + ms), signal, `${execution.history.description.name} ${label}`);
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

/** Plain Lambda ARN resources record LambdaFunction* events; the lambda:invoke integrations record Task* events. */
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
