import { afterEach, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { VirtualClock } from '../../local/virtual-clock';
import { LocalStepFunctions } from '../../local/stepfunctions/engine';
import { startStepFunctionsServer } from '../../local/stepfunctions/server';
import { stepFunctionsHandler } from '../../local/sdk-handlers';
import { localLambdaArn } from '../../local/stepfunctions/intrinsics';

const START = new Date('2026-03-02T09:00:00.000Z');
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serveLocalStack(transport: 'http' | 'in process') {
  const clock = new VirtualClock(START);
  const tokens: string[] = [];
  const engine = new LocalStepFunctions({
    clock,
    invokeLambda: async (_functionArn, payload) => {
      tokens.push((payload as { token: string }).token);
      return null;
    },
  });
  const { stateMachineArn } = engine.createStateMachine({
    name: 'referral',
    definition: {
      StartAt: 'AwaitDecision',
      States: {
        AwaitDecision: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: localLambdaArn('RequestDecision', 'eu-west-2', '000000000000'), Payload: { 'token.$': '$$.Task.Token' } },
          TimeoutSeconds: 3600,
          End: true,
        },
      },
    },
  });
  const sdk = { region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };
  let client: SFNClient;
  if (transport === 'http') {
    const server = await startStepFunctionsServer(engine, { port: 0 });
    closers.push(server.close);
    client = new SFNClient({ ...sdk, endpoint: server.url });
  } else {
    // As the local stack gives the functions' clients: the same API, answered in this process.
    client = new SFNClient({ ...sdk, endpoint: 'http://127.0.0.1:1', requestHandler: stepFunctionsHandler(engine) });
  }
  closers.push(async () => client.destroy());
  return { clock, engine, client, tokens, stateMachineArn };
}

describe.each(['http', 'in process'] as const)('Step Functions API, %s', (transport) => {
  it('serves the SDK client: start, describe, callback, history', async () => {
    const { engine, client, tokens, stateMachineArn, clock } = await serveLocalStack(transport);

    const started = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'C-1', input: '{"caseId":"C-1"}' }));
    expect(started.executionArn).toBe('arn:aws:states:eu-west-2:000000000000:execution:referral:C-1');
    expect(started.startDate).toEqual(START);
    await engine.idle();

    await clock.advanceBy(60_000);
    const running = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(running).toMatchObject({ status: 'RUNNING', name: 'C-1', input: '{"caseId":"C-1"}', startDate: START, stateMachineArn });

    await client.send(new SendTaskSuccessCommand({ taskToken: tokens[0], output: '{"outcome":"accepted"}' }));
    await engine.idle();
    const finished = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(finished).toMatchObject({ status: 'SUCCEEDED', output: '{"outcome":"accepted"}', stopDate: new Date(START.getTime() + 60_000) });

    const history = await client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true, maxResults: 2 }));
    expect(history.events?.map((event) => event.type)).toEqual(['ExecutionSucceeded', 'TaskStateExited']);
    expect(history.events?.[0]?.timestamp).toEqual(new Date(START.getTime() + 60_000));
    expect(history.nextToken).toBeDefined();

    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED' }));
    expect(listed.executions?.map((execution) => execution.name)).toEqual(['C-1']);
    const machines = await client.send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines?.map((machine) => machine.stateMachineArn)).toEqual([stateMachineArn]);
    const machine = await client.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(JSON.parse(machine.definition ?? '{}').StartAt).toBe('AwaitDecision');
  });

  it('surfaces AWS errors as SDK exceptions with the AWS error name', async () => {
    const { engine, client, tokens, stateMachineArn } = await serveLocalStack(transport);
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'C-2', input: '{}' }));
    await engine.idle();

    await expect(client.send(new StartExecutionCommand({ stateMachineArn, name: 'C-2', input: '{"other":true}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: 'garbled', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(client.send(new DescribeExecutionCommand({ executionArn: `${executionArn}-missing` }))).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });

    await client.send(new SendTaskFailureCommand({ taskToken: tokens[0], error: 'DecisionRejected', cause: 'Declined' }));
    await engine.idle();
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: tokens[0], output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    const failed = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'DecisionRejected', cause: 'Declined' });
  });

  it('stops an execution', async () => {
    const { engine, client, stateMachineArn } = await serveLocalStack(transport);
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    await engine.idle();
    const stopped = await client.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn' }));
    expect(stopped.stopDate).toEqual(START);
    expect(engine.describeExecution(executionArn as string).status).toBe('ABORTED');
  });
});
