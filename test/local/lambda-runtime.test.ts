import { setTimeout as realDelay } from 'node:timers/promises';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../functions/api-routes';
import { LocalFaults } from '../../local/faults';
import { functionNamesByLogicalId, functionTimeouts, LocalLambdaRuntime, type Handler, type LocalLambdaRuntimeOptions } from '../../local/lambda-runtime';
import { VirtualClock } from '../../local/virtual-clock';

/**
 * The local Lambda runtime with small fake handlers: each function's timeout,
 * counted from when an invocation starts running; a limit on invocations
 * running at once, the rest queued in order; injected runtime crashes.
 */
const NAMES = new Map<string, FunctionName>([
  ['Receipt', 'receipt'],
  ['Notifier', 'notifier'],
  ['Deadlines', 'deadlines'],
]);

function runtime(handlers: Partial<Record<FunctionName, Handler>>, options: Omit<LocalLambdaRuntimeOptions, 'loadHandler'> = {}) {
  return new LocalLambdaRuntime(NAMES, {
    ...options,
    loadHandler: async (name) => {
      const handler = handlers[name];
      if (!handler) throw new Error(`no fake handler for ${name}`);
      return handler;
    },
  });
}

async function errorOf(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the invocation to fail');
}

const savedConcurrency = process.env['LADO_LAMBDA_CONCURRENCY'];
afterEach(() => {
  if (savedConcurrency === undefined) delete process.env['LADO_LAMBDA_CONCURRENCY'];
  else process.env['LADO_LAMBDA_CONCURRENCY'] = savedConcurrency;
});

describe('the local Lambda runtime', () => {
  it('reads each function\'s Timeout from the template', () => {
    const template = {
      Resources: {
        Receipt: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 10 }, Metadata: { 'aws:cdk:path': 'Lado/Functions/receipt/Resource' } },
        Notifier: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 30 }, Metadata: { 'aws:cdk:path': 'Lado/Functions/notifier/Resource' } },
        Table: { Type: 'AWS::DynamoDB::GlobalTable', Properties: {} },
      },
    };
    expect(functionNamesByLogicalId(template)).toEqual(new Map([['Receipt', 'receipt'], ['Notifier', 'notifier']]));
    expect(functionTimeouts(template)).toEqual(new Map([['receipt', 10], ['notifier', 30]]));
  });

  it('gives each invocation its whole timeout from when it starts running, not from when it was queued', async () => {
    const remainingAtStart: number[] = [];
    const lambdas = runtime(
      {
        receipt: async (_event, context) => {
          remainingAtStart.push(context.getRemainingTimeInMillis());
          await realDelay(120);
          return 'done';
        },
      },
      { concurrency: 1, timeouts: new Map([['receipt', 0.3]]) },
    );
    // The third waits about 240 ms for its turn: more than its timeout would leave if queuing counted.
    const results = await Promise.all([1, 2, 3].map(() => lambdas.invoke('receipt', {})));
    expect(results).toEqual(['done', 'done', 'done']);
    for (const remaining of remainingAtStart) {
      expect(remaining).toBeGreaterThan(250);
      expect(remaining).toBeLessThanOrEqual(300);
    }
  });

  it('lets middy time a handler out on the function\'s timeout, counted from its start', async () => {
    const slowly = (ms: number) => middy(async () => {
      await realDelay(ms);
      return 'done';
    }) as unknown as Handler;
    const lambdas = runtime({ receipt: slowly(150), notifier: slowly(400) }, { concurrency: 1, timeouts: new Map([['receipt', 0.25], ['notifier', 0.25]]) });
    // Each receipt spends longer queued than its whole timeout, and still finishes.
    expect(await Promise.all([1, 2, 3].map(() => lambdas.invoke('receipt', {})))).toEqual(['done', 'done', 'done']);
    const timedOut = await errorOf(lambdas.invoke('notifier', {}));
    expect(timedOut.name).toBe('TimeoutError');
  });

  it('fails an invocation that outlives its timeout as Lambda does, and holds its slot until the handler is done', async () => {
    let finished = false;
    const tracked: Array<Promise<unknown>> = [];
    const lambdas = runtime(
      {
        receipt: async () => {
          await realDelay(300);
          finished = true;
        },
        notifier: async () => 'sent',
      },
      { concurrency: 1, timeouts: new Map([['receipt', 0.1]]), track: (work) => tracked.push(work) },
    );
    const started = performance.now();
    const error = await errorOf(lambdas.invoke('receipt', {}));
    expect(performance.now() - started).toBeLessThan(250);
    expect(error.name).toBe('Sandbox.Timedout');
    expect(error.message).toMatch(/Task timed out after 0\.10 seconds/);
    // The handler goes on running here, tracked so the virtual clock waits for it.
    expect(finished).toBe(false);
    expect(tracked).toHaveLength(1);
    expect(lambdas.occupancy.running).toBe(1);
    const next = lambdas.invoke('notifier', {});
    await realDelay(10);
    expect(lambdas.occupancy.queued).toBe(1);
    expect(await next).toBe('sent');
    expect(finished).toBe(true);
    await tracked[0];
  });

  it('runs at most its concurrency at once and starts the queued ones in arrival order', async () => {
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const lambdas = runtime(
      {
        deadlines: async (event) => {
          started.push((event as { n: number }).n);
          running++;
          peak = Math.max(peak, running);
          await realDelay(5);
          running--;
          return (event as { n: number }).n;
        },
      },
      { concurrency: 4 },
    );
    const invocations = Array.from({ length: 40 }, (_, n) => lambdas.invoke('deadlines', { n }));
    await realDelay(1);
    expect(lambdas.occupancy).toMatchObject({ running: 4, queued: 36 });
    expect(await Promise.all(invocations)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(peak).toBe(4);
    expect(lambdas.occupancy).toEqual({ running: 0, queued: 0, peakRunning: 4 });
    expect(started).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it('takes its concurrency from LADO_LAMBDA_CONCURRENCY, 16 by default', () => {
    delete process.env['LADO_LAMBDA_CONCURRENCY'];
    expect(runtime({}).concurrency).toBe(16);
    process.env['LADO_LAMBDA_CONCURRENCY'] = '3';
    expect(runtime({}).concurrency).toBe(3);
    process.env['LADO_LAMBDA_CONCURRENCY'] = 'lots';
    expect(() => runtime({})).toThrow(/LADO_LAMBDA_CONCURRENCY/);
  });

  it('keeps the virtual clock still while invocations wait their turn', async () => {
    const clock = new VirtualClock(new Date('2026-03-02T09:00:00Z'));
    const seenAt: string[] = [];
    const lambdas = runtime(
      {
        notifier: async () => {
          await realDelay(20);
          seenAt.push(clock.now().toISOString());
        },
      },
      { concurrency: 1 },
    );
    // As the engine and the API do: each invocation is tracked from the moment it is asked for.
    const invocations = Array.from({ length: 5 }, () => clock.track(lambdas.invoke('notifier', {})));
    await clock.advanceTo(new Date('2026-03-02T17:00:00Z'));
    await Promise.all(invocations);
    expect(seenAt).toEqual(Array(5).fill('2026-03-02T09:00:00.000Z'));
    expect(clock.now().toISOString()).toBe('2026-03-02T17:00:00.000Z');
  });

  it('crashes invocations before or after the handler as a runtime exit, at the rate set, and counts the crashes', async () => {
    const ran: string[] = [];
    const faults = new LocalFaults();
    const lambdas = runtime(
      {
        receipt: async () => {
          ran.push('receipt');
          return 'ok';
        },
        notifier: async () => {
          ran.push('notifier');
          return 'ok';
        },
      },
      { faults },
    );
    expect(await lambdas.invoke('receipt', {})).toBe('ok');

    faults.set({ lambda: { receipt: { crashRate: 1 }, notifier: { crashRate: 1, when: 'after' } } });
    const before = await errorOf(lambdas.invoke('receipt', {}));
    expect(before.name).toBe('Runtime.ExitError');
    expect(ran).toEqual(['receipt']);

    // After: the handler ran (and wrote what it writes), but its answer is lost.
    const after = await errorOf(lambdas.invoke('notifier', {}));
    expect(after.name).toBe('Runtime.ExitError');
    expect(ran).toEqual(['receipt', 'notifier']);
    expect(faults.injected).toMatchObject({ lambda: 2, lambdaByFunction: { receipt: 1, notifier: 1 } });
    expect(await lambdas.invoke('deadlines', {}).catch((error: Error) => error.message)).toMatch(/no fake handler/);

    faults.set({ lambda: { receipt: { crashRate: 0 }, notifier: { crashRate: 0 } } });
    expect(await lambdas.invoke('receipt', {})).toBe('ok');
    expect(await lambdas.invoke('notifier', {})).toBe('ok');
    expect(faults.injected.lambda).toBe(2);
    expect(lambdas.occupancy.running).toBe(0);
  });

  it('passes the context a Lambda handler expects', async () => {
    let seen: Context | undefined;
    const lambdas = runtime({ receipt: async (_event, context) => void (seen = context) }, { timeouts: new Map([['receipt', 10]]) });
    await lambdas.invoke('arn:aws:lambda:eu-west-2:000000000000:function:Receipt', {});
    expect(seen).toMatchObject({ functionName: 'receipt', invokedFunctionArn: expect.stringContaining(':function:receipt') });
    expect(seen!.getRemainingTimeInMillis()).toBeGreaterThan(9_000);
    expect(seen!.getRemainingTimeInMillis()).toBeLessThanOrEqual(10_000);
  });
});
