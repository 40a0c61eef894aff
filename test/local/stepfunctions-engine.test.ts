import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../local/virtual-clock';
import { LocalStepFunctions } from '../../local/stepfunctions/engine';
import { localLambdaArn } from '../../local/stepfunctions/intrinsics';

const START = new Date('2026-03-02T09:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (offsetMs: number) => new Date(START.getTime() + offsetMs);
const arn = (name: string) => localLambdaArn(name, 'eu-west-2', '000000000000');
const INVOKE = 'arn:aws:states:::lambda:invoke';
const INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

type Handler = (payload: any) => Promise<unknown>;

function localStack(handlers: Record<string, Handler>) {
  const clock = new VirtualClock(START);
  const invocations: Array<{ fn: string; payload: any; at: Date }> = [];
  const engine = new LocalStepFunctions({
    clock,
    invokeLambda: async (functionArn, payload) => {
      const fn = functionArn.split(':').at(-1) as string;
      invocations.push({ fn, payload, at: clock.now() });
      const handler = handlers[fn];
      if (!handler) throw Object.assign(new Error(`Function not found: ${functionArn}`), { name: 'ResourceNotFoundException' });
      return handler(payload);
    },
  });
  return { clock, engine, invocations };
}

function namedError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

async function expectAwsError(action: () => unknown, name: string): Promise<void> {
  await expect(async () => action()).rejects.toMatchObject({ name });
}

function output(engine: LocalStepFunctions, executionArn: string): any {
  return JSON.parse(engine.describeExecution(executionArn).output ?? 'null');
}

describe('lambda:invoke', () => {
  const definition = {
    StartAt: 'Lookup',
    States: {
      Lookup: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: arn('GetCase'), 'Payload.$': '$' }, ResultPath: '$.raw', Next: 'Unwrap' },
      Unwrap: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: arn('GetCase'), 'Payload.$': '$.raw.Payload' }, OutputPath: '$.Payload', End: true },
    },
  };

  it('wraps the handler result the way AWS does, so OutputPath $.Payload yields it', async () => {
    const { engine } = localStack({ GetCase: async (payload) => ({ caseId: payload.caseId, status: 'OPEN' }) });
    const { stateMachineArn } = engine.createStateMachine({ name: 'wrap', definition });
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: '{"caseId":"C-1"}' });
    await engine.idle();

    expect(engine.describeExecution(executionArn).status).toBe('SUCCEEDED');
    expect(output(engine, executionArn)).toEqual({ caseId: 'C-1', status: 'OPEN' });
    const scheduled = engine.getExecutionHistory(executionArn).events.find((event) => event.type === 'TaskSucceeded');
    const response = JSON.parse(scheduled?.taskSucceededEventDetails?.output ?? '{}');
    expect(response).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { caseId: 'C-1', status: 'OPEN' },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
  });

  it('turns a handler error into a task error named after its errorType, with the AWS-shaped Cause', async () => {
    const { engine } = localStack({ GetCase: async () => Promise.reject(namedError('CaseNotFoundError', 'No case C-404')) });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'caught',
      definition: {
        StartAt: 'Lookup',
        States: {
          Lookup: {
            Type: 'Task',
            Resource: INVOKE,
            Parameters: { FunctionName: arn('GetCase'), 'Payload.$': '$' },
            Catch: [
              { ErrorEquals: ['SomethingElse'], Next: 'Wrong' },
              { ErrorEquals: ['CaseNotFoundError'], ResultPath: '$.error', Next: 'NotFound' },
            ],
            End: true,
          },
          Wrong: { Type: 'Fail', Error: 'Wrong' },
          NotFound: { Type: 'Pass', End: true },
        },
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: '{"caseId":"C-404"}' });
    await engine.idle();

    const result = output(engine, executionArn);
    expect(result.caseId).toBe('C-404');
    expect(result.error.Error).toBe('CaseNotFoundError');
    expect(JSON.parse(result.error.Cause)).toEqual({ errorType: 'CaseNotFoundError', errorMessage: 'No case C-404', trace: [] });
  });

  it('fails the execution with the Lambda error when nothing catches it', async () => {
    const { engine } = localStack({ GetCase: async () => Promise.reject(new Error('boom')) });
    const { stateMachineArn } = engine.createStateMachine({ name: 'uncaught', definition });
    const { executionArn } = await engine.startExecution({ stateMachineArn });
    await engine.idle();

    const description = engine.describeExecution(executionArn);
    expect(description).toMatchObject({ status: 'FAILED', error: 'Error', stopDate: START });
    expect(JSON.parse(description.cause ?? '')).toEqual({ errorType: 'Error', errorMessage: 'boom', trace: [] });
    expect(engine.getExecutionHistory(executionArn).events.at(-1)).toMatchObject({
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'Error', cause: description.cause },
    });
  });

  it('passes a plain Lambda ARN resource its input and uses the result as-is', async () => {
    const { engine } = localStack({ Double: async (payload) => ({ value: payload.value * 2 }) });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'direct',
      definition: { StartAt: 'Double', States: { Double: { Type: 'Task', Resource: arn('Double'), InputPath: '$.nested', End: true } } },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: '{"nested":{"value":21}}' });
    await engine.idle();
    expect(output(engine, executionArn)).toEqual({ value: 42 });
    expect(engine.getExecutionHistory(executionArn).events.map((event) => event.type)).toContain('LambdaFunctionSucceeded');
  });
});

describe('Retry', () => {
  it('waits the retry intervals on the virtual clock', async () => {
    let attempts = 0;
    const { engine, clock, invocations } = localStack({
      Flaky: async () => {
        attempts++;
        if (attempts < 3) throw namedError('TransientError', `attempt ${attempts}`);
        return { ok: true };
      },
    });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'retry',
      definition: {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: INVOKE,
            Parameters: { FunctionName: arn('Flaky') },
            Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 60, BackoffRate: 2, MaxAttempts: 3 }],
            OutputPath: '$.Payload',
            End: true,
          },
        },
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn });
    await engine.idle();
    expect(engine.describeExecution(executionArn).status).toBe('RUNNING');

    await clock.advanceBy(10 * 60 * 1000);
    expect(invocations.map((invocation) => invocation.at)).toEqual([START, at(60_000), at(180_000)]);
    expect(output(engine, executionArn)).toEqual({ ok: true });
  });
});

describe('lambda:invoke.waitForTaskToken', () => {
  const definition = {
    StartAt: 'AwaitDecision',
    States: {
      AwaitDecision: {
        Type: 'Task',
        Resource: INVOKE_WAIT,
        // The timeout field is not passed through Parameters: AWS reads TimeoutSecondsPath from the state input.
        Parameters: { FunctionName: arn('RequestDecision'), Payload: { 'token.$': '$$.Task.Token', 'caseId.$': '$.caseId', 'auto.$': '$.auto' } },
        TimeoutSecondsPath: '$.decisionWindowSeconds',
        ResultPath: '$.decision',
        Catch: [
          { ErrorEquals: ['DecisionRejected'], ResultPath: '$.failure', Next: 'Rejected' },
          { ErrorEquals: ['States.TaskFailed'], Next: 'Broken' },
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' },
        ],
        Next: 'Decided',
      },
      Decided: { Type: 'Succeed' },
      Rejected: { Type: 'Pass', End: true },
      Escalate: { Type: 'Pass', End: true },
      Broken: { Type: 'Fail', Error: 'Broken' },
    },
  };
  const WINDOW_SECONDS = 3 * 24 * 60 * 60;
  const input = (extra: object = {}) => JSON.stringify({ caseId: 'C-7', decisionWindowSeconds: WINDOW_SECONDS, auto: false, ...extra });

  function decisionStack() {
    const tokens: string[] = [];
    const stack = localStack({
      RequestDecision: async (payload) => {
        tokens.push(payload.token);
        if (payload.auto) stack.engine.sendTaskSuccess(payload.token, JSON.stringify({ outcome: 'auto-approved' }));
        return { queued: true };
      },
    });
    const { stateMachineArn } = stack.engine.createStateMachine({ name: 'decision', definition });
    return { ...stack, tokens, stateMachineArn };
  }

  it('parks until SendTaskSuccess and resumes with its output, unwrapped', async () => {
    const { engine, tokens, stateMachineArn, invocations } = decisionStack();
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: input() });
    await engine.idle();
    expect(engine.describeExecution(executionArn).status).toBe('RUNNING');
    expect(invocations[0]?.payload).toEqual({ token: tokens[0], caseId: 'C-7', auto: false });
    expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{64}$/);

    engine.sendTaskSuccess(tokens[0] as string, '{"outcome":"accepted"}');
    await engine.idle();
    expect(engine.describeExecution(executionArn).status).toBe('SUCCEEDED');
    expect(output(engine, executionArn).decision).toEqual({ outcome: 'accepted' });
    await expectAwsError(() => engine.sendTaskSuccess(tokens[0] as string, '{}'), 'TaskTimedOut');
  });

  it('routes SendTaskFailure through Catch with the given error and cause', async () => {
    const { engine, tokens, stateMachineArn } = decisionStack();
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: input() });
    await engine.idle();
    engine.sendTaskFailure(tokens[0] as string, 'DecisionRejected', 'Panel declined the referral');
    await engine.idle();
    expect(output(engine, executionArn).failure).toEqual({ Error: 'DecisionRejected', Cause: 'Panel declined the referral' });
  });

  it('times out at exactly TimeoutSecondsPath (read from the state input) on the virtual clock', async () => {
    const { engine, clock, tokens, stateMachineArn } = decisionStack();
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: input() });
    await engine.idle();

    await clock.advanceTo(at(WINDOW_SECONDS * 1000 - 1));
    expect(engine.describeExecution(executionArn).status).toBe('RUNNING');
    await clock.advanceBy(1);

    const description = engine.describeExecution(executionArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(description.stopDate).toEqual(at(WINDOW_SECONDS * 1000));
    // States.TaskFailed, listed first, must not match a timeout.
    expect(output(engine, executionArn).timeout.Error).toBe('States.Timeout');
    const timedOut = engine.getExecutionHistory(executionArn).events.find((event) => event.type === 'TaskTimedOut');
    expect(timedOut?.timestamp).toEqual(at(WINDOW_SECONDS * 1000));
    await expectAwsError(() => engine.sendTaskSuccess(tokens[0] as string, '{"outcome":"late"}'), 'TaskTimedOut');
  });

  it('accepts a callback the Lambda sends on its own token before returning', async () => {
    const { engine, stateMachineArn } = decisionStack();
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: input({ auto: true }) });
    await engine.idle();
    expect(engine.describeExecution(executionArn).status).toBe('SUCCEEDED');
    expect(output(engine, executionArn).decision).toEqual({ outcome: 'auto-approved' });
  });

  it('answers unknown and malformed tokens like AWS', async () => {
    const { engine } = decisionStack();
    await expectAwsError(() => engine.sendTaskSuccess('A'.repeat(64), '{}'), 'TaskDoesNotExist');
    await expectAwsError(() => engine.sendTaskSuccess('not a token', '{}'), 'InvalidToken');
  });

  it('rejects output that is not JSON without closing the task', async () => {
    const { engine, tokens, stateMachineArn } = decisionStack();
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: input() });
    await engine.idle();
    await expectAwsError(() => engine.sendTaskSuccess(tokens[0] as string, '{oops'), 'InvalidOutput');
    engine.sendTaskHeartbeat(tokens[0] as string);
    engine.sendTaskSuccess(tokens[0] as string, '{"outcome":"accepted"}');
    await engine.idle();
    expect(engine.describeExecution(executionArn).status).toBe('SUCCEEDED');
  });

  it('mints a distinct token for each parked task in parallel branches', async () => {
    const tokens = new Map<string, string>();
    const { engine } = localStack({
      Request: async (payload) => {
        tokens.set(payload.who, payload.token);
        return null;
      },
    });
    const branch = (who: string) => ({
      StartAt: `Ask${who}`,
      States: {
        [`Ask${who}`]: { Type: 'Task', Resource: INVOKE_WAIT, Parameters: { FunctionName: arn('Request'), Payload: { who, 'token.$': '$$.Task.Token' } }, End: true },
      },
    });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'parallel',
      definition: { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [branch('Lado'), branch('Police')], End: true } } },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn });
    await engine.idle();
    expect(new Set(tokens.values()).size).toBe(2);

    engine.sendTaskSuccess(tokens.get('Police') as string, '"police-ok"');
    engine.sendTaskSuccess(tokens.get('Lado') as string, '"lado-ok"');
    await engine.idle();
    expect(output(engine, executionArn)).toEqual(['lado-ok', 'police-ok']);
  });

  it('closes the tokens of a stopped execution', async () => {
    const { engine, tokens, stateMachineArn, clock } = decisionStack();
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: input() });
    await engine.idle();
    await clock.advanceBy(5000);
    engine.stopExecution(executionArn, 'Withdrawn', 'Referral withdrawn');
    await engine.idle();

    expect(engine.describeExecution(executionArn)).toMatchObject({ status: 'ABORTED', stopDate: at(5000), error: 'Withdrawn' });
    expect(engine.getExecutionHistory(executionArn).events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Withdrawn', cause: 'Referral withdrawn' },
    });
    await expectAwsError(() => engine.sendTaskSuccess(tokens[0] as string, '{}'), 'TaskTimedOut');
    expect(clock.pendingTimers()).toEqual([]);
  });
});

describe('Wait states', () => {
  it('waits for a TimestampPath 40 days ahead on the virtual clock and passes its input through', async () => {
    const { engine, clock, invocations } = localStack({ Remind: async () => ({ sent: true }) });
    const dueAt = at(40 * DAY);
    const { stateMachineArn } = engine.createStateMachine({
      name: 'wait',
      definition: {
        StartAt: 'UntilDue',
        States: {
          UntilDue: { Type: 'Wait', InputPath: '$.schedule', TimestampPath: '$.dueAt', OutputPath: '$.caseId', Next: 'Remind' },
          Remind: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: arn('Remind'), 'Payload.$': '$' }, ResultPath: null, Next: 'Pause' },
          Pause: { Type: 'Wait', Seconds: 3600, End: true },
        },
      },
    });
    const { executionArn } = await engine.startExecution({
      stateMachineArn,
      input: JSON.stringify({ schedule: { dueAt: dueAt.toISOString(), caseId: 'C-9' } }),
    });
    await engine.idle();
    expect(clock.pendingTimers().map((timer) => timer.at)).toEqual([dueAt]);

    await clock.advanceTo(new Date(dueAt.getTime() - 1));
    expect(invocations).toEqual([]);
    await clock.advanceTo(dueAt);
    expect(invocations).toEqual([{ fn: 'Remind', payload: 'C-9', at: dueAt }]);
    expect(engine.describeExecution(executionArn).status).toBe('RUNNING');

    await clock.advanceBy(3600 * 1000);
    expect(engine.describeExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '"C-9"', stopDate: at(40 * DAY + 3600 * 1000) });
    const waitEvents = engine
      .getExecutionHistory(executionArn)
      .events.filter((event) => event.type?.startsWith('WaitState'))
      .map((event) => [event.type, event.timestamp]);
    expect(waitEvents).toEqual([
      ['WaitStateEntered', START],
      ['WaitStateExited', dueAt],
      ['WaitStateEntered', dueAt],
      ['WaitStateExited', at(40 * DAY + 3600 * 1000)],
    ]);
  });
});

describe('StartExecution', () => {
  const definition = {
    StartAt: 'Record',
    States: {
      Record: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: arn('Record') }, Next: 'Hold' },
      Hold: { Type: 'Wait', Seconds: 60, End: true },
    },
  };

  it('treats 20 concurrent identical starts as one execution', async () => {
    const { engine, invocations } = localStack({ Record: async () => ({}) });
    const { stateMachineArn } = engine.createStateMachine({ name: 'idempotent', definition });
    const starts = await Promise.all(
      Array.from({ length: 20 }, () => engine.startExecution({ stateMachineArn, name: 'referral-C-1', input: '{"caseId":"C-1"}' })),
    );
    await engine.idle();

    expect(new Set(starts.map((start) => start.executionArn))).toEqual(
      new Set(['arn:aws:states:eu-west-2:000000000000:execution:idempotent:referral-C-1']),
    );
    expect(new Set(starts.map((start) => start.startDate.getTime())).size).toBe(1);
    expect(engine.listExecutions({ stateMachineArn })).toHaveLength(1);
    expect(invocations).toHaveLength(1);
  });

  it('refuses a reused name with different input, or once the execution has closed', async () => {
    const { engine, clock } = localStack({ Record: async () => ({}) });
    const { stateMachineArn } = engine.createStateMachine({ name: 'reuse', definition });
    await engine.startExecution({ stateMachineArn, name: 'referral-C-2', input: '{"caseId":"C-2"}' });
    await expectAwsError(() => engine.startExecution({ stateMachineArn, name: 'referral-C-2', input: '{"caseId":"other"}' }), 'ExecutionAlreadyExists');

    await clock.advanceBy(60_000);
    expect(engine.listExecutions({ stateMachineArn, statusFilter: 'SUCCEEDED' })).toHaveLength(1);
    await expectAwsError(() => engine.startExecution({ stateMachineArn, name: 'referral-C-2', input: '{"caseId":"C-2"}' }), 'ExecutionAlreadyExists');
  });

  it('validates names, input and the state machine', async () => {
    const { engine } = localStack({});
    const { stateMachineArn } = engine.createStateMachine({ name: 'validate', definition });
    await expectAwsError(() => engine.startExecution({ stateMachineArn, name: 'has space' }), 'InvalidName');
    await expectAwsError(() => engine.startExecution({ stateMachineArn, name: 'x'.repeat(81) }), 'InvalidName');
    await expectAwsError(() => engine.startExecution({ stateMachineArn, input: '{not json' }), 'InvalidExecutionInput');
    await expectAwsError(() => engine.startExecution({ stateMachineArn: `${stateMachineArn}-missing` }), 'StateMachineDoesNotExist');
    const { executionArn } = await engine.startExecution({ stateMachineArn });
    expect(executionArn).toMatch(/:execution:validate:[0-9a-f-]{36}$/);
  });

  it('times an execution out on the virtual clock at its top-level TimeoutSeconds', async () => {
    const { engine, clock } = localStack({ Record: async () => ({}) });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'deadline',
      definition: { ...definition, TimeoutSeconds: 30 },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn });
    await clock.advanceBy(29_999);
    expect(engine.describeExecution(executionArn).status).toBe('RUNNING');
    await clock.advanceBy(1);
    expect(engine.describeExecution(executionArn)).toMatchObject({ status: 'TIMED_OUT', stopDate: at(30_000) });
    expect(engine.getExecutionHistory(executionArn).events.at(-1)?.type).toBe('ExecutionTimedOut');
    expect(clock.pendingTimers()).toEqual([]);
  });
});

describe('execution history', () => {
  it('records AWS-shaped events with virtual timestamps, parameters and outputs', async () => {
    const { engine, clock, invocations } = localStack({
      Notify: async (payload) => ({ notified: payload.email }),
    });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'history',
      definition: {
        StartAt: 'Hold',
        States: {
          Hold: { Type: 'Wait', Seconds: 7200, Next: 'Notify' },
          Notify: {
            Type: 'Task',
            Resource: INVOKE,
            Parameters: { FunctionName: arn('Notify'), Payload: { 'email.$': '$.email' } },
            ResultSelector: { 'result.$': '$.Payload' },
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: '{"email":"designated.officer@example.org"}' });
    await clock.advanceBy(7200 * 1000);
    expect(invocations).toHaveLength(1);

    const events = engine.getExecutionHistory(executionArn).events;
    expect(events.map((event) => [event.type, event.timestamp])).toEqual([
      ['ExecutionStarted', START],
      ['WaitStateEntered', START],
      ['WaitStateExited', at(7_200_000)],
      ['TaskStateEntered', at(7_200_000)],
      ['TaskScheduled', at(7_200_000)],
      ['TaskStarted', at(7_200_000)],
      ['TaskSucceeded', at(7_200_000)],
      ['TaskStateExited', at(7_200_000)],
      ['SucceedStateEntered', at(7_200_000)],
      ['SucceedStateExited', at(7_200_000)],
      ['ExecutionSucceeded', at(7_200_000)],
    ]);
    expect(events.map((event) => [event.id, event.previousEventId])).toEqual(events.map((_event, index) => [index + 1, index]));
    const byType = (type: string) => events.find((event) => event.type === type);
    expect(byType('ExecutionStarted')?.executionStartedEventDetails?.input).toContain('designated.officer@example.org');
    expect(JSON.parse(byType('TaskScheduled')?.taskScheduledEventDetails?.parameters ?? '{}')).toEqual({
      FunctionName: arn('Notify'),
      Payload: { email: 'designated.officer@example.org' },
    });
    expect(byType('TaskScheduled')?.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'eu-west-2' });
    expect(byType('TaskSucceeded')?.taskSucceededEventDetails?.output).toContain('"Payload":{"notified":"designated.officer@example.org"}');
    expect(byType('TaskStateExited')?.stateExitedEventDetails).toMatchObject({
      name: 'Notify',
      output: '{"result":{"notified":"designated.officer@example.org"}}',
    });
  });
});

describe('Map and Parallel', () => {
  it('runs inline Map iterations through the Lambda overrides and records their events', async () => {
    const { engine } = localStack({ Score: async (payload) => ({ score: payload.length }) });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'map',
      definition: {
        StartAt: 'EachAllegation',
        States: {
          EachAllegation: {
            Type: 'Map',
            ItemsPath: '$.allegations',
            ItemSelector: { 'text.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
            ItemProcessor: {
              StartAt: 'Score',
              States: {
                Score: { Type: 'Task', Resource: arn('Score'), Parameters: { 'length.$': 'States.ArrayLength(States.StringSplit($.text, \' \'))' }, End: true },
              },
            },
            End: true,
          },
        },
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn, input: JSON.stringify({ allegations: ['one two', 'three'] }) });
    await engine.idle();
    expect(output(engine, executionArn)).toEqual([{ score: 2 }, { score: 1 }]);
    const types = engine.getExecutionHistory(executionArn).events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'MapIterationSucceeded', 'MapStateSucceeded', 'MapStateExited']));
  });

  it('shuts down with every running execution stopped and no timers left', async () => {
    const { engine, clock } = localStack({});
    const { stateMachineArn } = engine.createStateMachine({
      name: 'parked',
      definition: { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 600, End: true } } },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn });
    await engine.idle();
    engine.shutdown();
    expect(engine.describeExecution(executionArn).status).toBe('ABORTED');
    expect(clock.pendingTimers()).toEqual([]);
  });
});
