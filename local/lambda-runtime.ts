import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Context } from 'aws-lambda';
import { handlerEntry } from '../infra/handler-entry';
import type { FunctionName } from '../functions/api-routes';
import type { LocalFaults } from './faults';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './local-aws';

/**
 * Runs the functions of the synthesized template in this process: each
 * function resource is mapped, through its CDK construct path
 * (…/Functions/<name>/Resource), to functions/<name>/handler.ts, the very
 * entry that CDK bundles for Lambda.
 *
 * As Lambda does, it runs at most so many invocations at once and times each
 * one out after its function's configured Timeout, counted from when it starts
 * running, not from when it was queued.
 */
export type Handler = (event: unknown, context: Context) => Promise<unknown>;

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

/** Lambda's own default, for a function whose template sets none. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_CONCURRENCY = 16;

export function functionNamesByLogicalId(template: { Resources: Record<string, TemplateResource> }): Map<string, FunctionName> {
  const names = new Map<string, FunctionName>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
    const match = /\/Functions\/([^/]+)\/Resource$/.exec(path);
    if (match) names.set(logicalId, match[1] as FunctionName);
  }
  return names;
}

/** Each function's configured Timeout, in seconds. */
export function functionTimeouts(template: { Resources: Record<string, TemplateResource> }): Map<FunctionName, number> {
  const timeouts = new Map<FunctionName, number>();
  for (const [logicalId, name] of functionNamesByLogicalId(template)) {
    const timeout = template.Resources[logicalId]?.Properties?.['Timeout'];
    if (typeof timeout === 'number') timeouts.set(name, timeout);
  }
  return timeouts;
}

export interface LocalLambdaRuntimeOptions {
  /** Seconds per function, as functionTimeouts reads them; 3 s (Lambda's default) for any other. */
  timeouts?: Map<FunctionName, number>;
  /** Invocations running at once; the rest wait their turn. Default LADO_LAMBDA_CONCURRENCY, else 16. */
  concurrency?: number;
  /** Crashes to inject (lambda.crashRate). */
  faults?: LocalFaults;
  /** Loads a function's handler; by default functions/<name>/handler.ts. Tests pass small fakes. */
  loadHandler?: (name: FunctionName) => Promise<Handler>;
  /**
   * Tracks work on the virtual clock. A handler cut off by its timeout goes on
   * running here (Lambda would kill it); tracking it keeps the clock from
   * jumping under its writes.
   */
  track?: (work: Promise<unknown>) => unknown;
}

export class LocalLambdaRuntime {
  private readonly handlers = new Map<FunctionName, Promise<Handler>>();
  readonly concurrency: number;
  readonly #timeouts: Map<FunctionName, number>;
  readonly #faults: LocalFaults | undefined;
  readonly #loadHandler: (name: FunctionName) => Promise<Handler>;
  readonly #track: ((work: Promise<unknown>) => unknown) | undefined;
  #running = 0;
  #peakRunning = 0;
  readonly #queue: Array<() => void> = [];

  constructor(
    private readonly namesByLogicalId: Map<string, FunctionName>,
    options: LocalLambdaRuntimeOptions = {},
  ) {
    this.concurrency = options.concurrency ?? concurrencyFromEnv(process.env['LADO_LAMBDA_CONCURRENCY']);
    this.#timeouts = options.timeouts ?? new Map();
    this.#faults = options.faults;
    this.#loadHandler = options.loadHandler ?? ((name) => import(handlerEntry(name)).then((module: { handler: Handler }) => module.handler));
    this.#track = options.track;
  }

  /** Invocations running now, waiting for a turn, and the most that ever ran at once. */
  get occupancy(): { running: number; queued: number; peakRunning: number } {
    return { running: this.#running, queued: this.#queue.length, peakRunning: this.#peakRunning };
  }

  /** Invokes by function name, logical id or ARN, as Step Functions and API Gateway would. */
  async invoke(functionRef: string, payload: unknown): Promise<unknown> {
    const name = this.resolve(functionRef);
    await this.#turn();
    return this.runInSlot(name, payload);
  }

  resolve(functionRef: string): FunctionName {
    const id = functionRef.startsWith('arn:') ? functionRef.split(':')[6] ?? '' : functionRef;
    const name = this.namesByLogicalId.get(id) ?? [...this.namesByLogicalId.values()].find((n) => n === id);
    if (!name) throw new Error(`No local function for ${functionRef}`);
    return name;
  }

  private load(name: FunctionName): Promise<Handler> {
    let loaded = this.handlers.get(name);
    if (!loaded) {
      loaded = this.#loadHandler(name);
      this.handlers.set(name, loaded);
    }
    return loaded;
  }

  /** Resolves when a slot is free; slots are handed on in arrival order. */
  #turn(): Promise<void> {
    if (this.#running < this.concurrency) {
      this.#started();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#queue.push(() => {
      this.#started();
      resolve();
    }));
  }

  #started(): void {
    this.#running++;
    this.#peakRunning = Math.max(this.#peakRunning, this.#running);
  }

  #finished(): void {
    this.#running--;
    this.#queue.shift()?.();
  }

  /**
   * One invocation, once it has a slot: loading the handler on first use (as
   * Lambda initialises a sandbox) and running it. Time spent queued for the
   * slot is not in here, which is why the bench meters this.
   */
  async runInSlot(name: FunctionName, payload: unknown): Promise<unknown> {
    let handler: Handler;
    try {
      handler = await this.load(name);
    } catch (error) {
      this.#finished();
      throw error;
    }
    const requestId = randomUUID();
    const crash = this.#faults?.lambdaCrash(name);
    if (crash === 'before') {
      this.#finished();
      this.#faults!.countLambdaCrash(name);
      throw runtimeError('Runtime.ExitError', `RequestId: ${requestId} Error: Runtime exited with error: exit status 1`);
    }
    const timeoutMs = (this.#timeouts.get(name) ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const deadline = performance.now() + timeoutMs;
    let work: Promise<unknown>;
    try {
      work = Promise.resolve(handler(structuredClone(payload), lambdaContext(name, requestId, () => deadline - performance.now())));
    } catch (error) {
      work = Promise.reject(error);
    }
    // The slot is held until the handler is done, even past its timeout: here it cannot be killed.
    work.then(() => this.#finished(), () => this.#finished());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        this.#track?.(work.then(() => undefined, () => undefined));
        reject(runtimeError('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`));
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([work, timedOut]);
      if (crash === 'after') {
        // The handler ran and wrote; its answer is lost with the runtime.
        this.#faults!.countLambdaCrash(name);
        throw runtimeError('Runtime.ExitError', `RequestId: ${requestId} Error: Runtime exited with error: exit status 1`);
      }
      return result;
    } finally {
      clearTimeout(timer);
    }
  }
}

function concurrencyFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_CONCURRENCY;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`LADO_LAMBDA_CONCURRENCY must be a whole number from 1, not ${JSON.stringify(value)}`);
  return parsed;
}

/** An error as Lambda reports a failure of the runtime itself; Step Functions sees its name as the error. */
function runtimeError(name: 'Runtime.ExitError' | 'Sandbox.Timedout', message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function lambdaContext(name: string, requestId: string, remainingMs: () => number): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, Math.floor(remainingMs())),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
