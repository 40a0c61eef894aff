import { ExecutionAlreadyExists, ExecutionLimitExceeded, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredCase } from '../../functions/shared/case-store';
import { handler } from '../../functions/lifecycle/handler';
import { lambdaContext, restoreEnvironment, savedRecord, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);

const CASE_ID = 'LADO-0123456789';
const NOW = new Date('2026-11-24T14:15:05Z');
const DECIDED_AT = '2026-11-24T14:15:00.000Z';
const LADO = { officerId: 'lado.7', email: 'lado7@council.example.gov.uk' };

function decidedCase(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  return storedCaseItem({
    caseId: CASE_ID,
    status: 'ALLEGATION_MANAGEMENT',
    allocation: LADO,
    deadlines: [{ kind: 'ladoReview', dueAt: '2026-12-22T17:00:00.000Z', remindAt: '2026-12-22T09:00:00.000Z', state: 'pending' }],
    version: 6,
    ...overrides,
  });
}

function closedCase(leadAuthority?: string): Record<string, unknown> {
  return decidedCase({
    status: 'CLOSED',
    closedAt: DECIDED_AT,
    closure: {
      reason: leadAuthority ? 'Transferred to the authority where the person works' : "No further LADO action: a matter for the employer's own procedures",
      ...(leadAuthority ? { leadAuthority } : {}),
      employerRecordsUntil: '2051-03-17',
      ladoRecordUntil: '2036-11-24',
    },
  });
}

const afterThresholdDecision = () => handler({ caseId: CASE_ID, action: 'afterThresholdDecision' }, lambdaContext);
const handover = (sequence: number) => handler({ caseId: CASE_ID, action: 'handover', sequence }, lambdaContext);

const transactionItems = () => dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
const startedExecutions = () => stepFunctions.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  useServiceEnvironment(NOW);
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:eu-west-2:123456789012:execution:LadoReferrals-referral-lifecycle:x', startDate: NOW });
});

afterEach(restoreEnvironment);

describe('after the threshold decision', () => {
  it.each(['ALLEGATION_MANAGEMENT', 'CONSULTATION'] as const)('a case at %s starts management phase 1 and waits for officer events', async (status) => {
    dynamo.on(GetCommand).resolves({ Item: decidedCase({ status }) });

    expect(await afterThresholdDecision()).toEqual({ closed: false, notifications: [] });

    const casePut = transactionItems()[0]?.Put;
    expect(casePut?.ExpressionAttributeValues).toEqual({ ':expected': 6 });
    const saved = savedRecord(casePut?.Item);
    expect(saved.phase).toEqual({ name: 'management', sequence: 1, startedAt: NOW.toISOString(), wakes: 0 });
    expect(saved.awaiting).toEqual({ kind: 'officerEvent', since: NOW.toISOString() });
    expect(saved.status).toBe(status);
  });

  it('records the new phase in the audit trail', async () => {
    dynamo.on(GetCommand).resolves({ Item: decidedCase() });

    await afterThresholdDecision();

    expect(transactionItems()[1]?.Put?.Item).toMatchObject({
      type: 'PhaseStarted',
      actor: 'system',
      at: NOW.toISOString(),
      details: { phase: 'management', sequence: 1 },
      changes: { phase: { name: 'management', sequence: 1, startedAt: NOW.toISOString(), wakes: 0 }, version: 7 },
    });
  });

  it('starts the execution named for the case and phase 1, with only the case id and phase as input', async () => {
    dynamo.on(GetCommand).resolves({ Item: decidedCase() });

    await afterThresholdDecision();

    expect(startedExecutions()).toEqual([
      {
        stateMachineArn: SERVICE_ENV.STATE_MACHINE_ARN,
        name: `${CASE_ID}-management-1`,
        input: JSON.stringify({ caseId: CASE_ID, phase: 'management', sequence: 1 }),
      },
    ]);
  });

  it('on a retry writes nothing more and starts only the same-named execution, which already exists', async () => {
    dynamo.on(GetCommand).resolves({
      Item: decidedCase({
        phase: { name: 'management', sequence: 1, startedAt: NOW.toISOString(), wakes: 0 },
        awaiting: { kind: 'officerEvent', since: NOW.toISOString() },
        version: 7,
      }),
    });
    stepFunctions.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution already exists', $metadata: {} }));

    expect(await afterThresholdDecision()).toEqual({ closed: false, notifications: [] });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(startedExecutions().map((input) => input.name)).toEqual([`${CASE_ID}-management-1`]);
  });

  it('fails the task when the execution cannot be started, the phase being recorded for its retry', async () => {
    dynamo.on(GetCommand).resolves({ Item: decidedCase() });
    stepFunctions.on(StartExecutionCommand).rejects(new ExecutionLimitExceeded({ message: 'Too many executions', $metadata: {} }));

    await expect(afterThresholdDecision()).rejects.toThrow('Too many executions');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('a case closed on a transfer ends, asking for the transfer notice to the referrer', async () => {
    dynamo.on(GetCommand).resolves({ Item: closedCase('Medway Council') });

    expect(await afterThresholdDecision()).toEqual({
      closed: true,
      notifications: [{ caseId: CASE_ID, kind: 'transferNotice', key: 'transferNotice' }],
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('a case closed with no further action ends with no email', async () => {
    dynamo.on(GetCommand).resolves({ Item: closedCase() });

    expect(await afterThresholdDecision()).toEqual({ closed: true, notifications: [] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });
});

describe('a handover', () => {
  const SINCE = '2026-11-24T14:15:05.000Z';

  function inPhase(sequence: number, overrides: Partial<StoredCase> = {}): Record<string, unknown> {
    return decidedCase({
      phase: { name: 'management', sequence, startedAt: '2026-11-24T14:15:05.000Z', wakes: 150 },
      awaiting: { kind: 'officerEvent', since: SINCE },
      version: 40,
      ...overrides,
    });
  }

  it('moves the case to the next phase, fresh, keeping when the wait began', async () => {
    dynamo.on(GetCommand).resolves({ Item: inPhase(1) });

    expect(await handover(1)).toEqual({ closed: false, notifications: [] });

    const casePut = transactionItems()[0]?.Put;
    expect(casePut?.ExpressionAttributeValues).toEqual({ ':expected': 40 });
    const saved = savedRecord(casePut?.Item);
    expect(saved.phase).toEqual({ name: 'management', sequence: 2, startedAt: NOW.toISOString(), wakes: 0 });
    expect(saved.awaiting).toEqual({ kind: 'officerEvent', since: SINCE });
    expect(transactionItems()[1]?.Put?.Item).toMatchObject({ type: 'PhaseStarted', details: { phase: 'management', sequence: 2 } });
  });

  it('starts the execution with the next number', async () => {
    dynamo.on(GetCommand).resolves({ Item: inPhase(3) });

    await handover(3);

    expect(startedExecutions()).toEqual([
      {
        stateMachineArn: SERVICE_ENV.STATE_MACHINE_ARN,
        name: `${CASE_ID}-management-4`,
        input: JSON.stringify({ caseId: CASE_ID, phase: 'management', sequence: 4 }),
      },
    ]);
  });

  it('on a retry writes nothing more and starts only the same-named execution, which already exists', async () => {
    dynamo.on(GetCommand).resolves({ Item: inPhase(2) });
    stepFunctions.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution already exists', $metadata: {} }));

    expect(await handover(1)).toEqual({ closed: false, notifications: [] });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(startedExecutions().map((input) => input.name)).toEqual([`${CASE_ID}-management-2`]);
  });

  it('of a case that closed meanwhile starts nothing and sends no transfer notice', async () => {
    dynamo.on(GetCommand).resolves({ Item: closedCase('Medway Council') });

    expect(await handover(1)).toEqual({ closed: true, notifications: [] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('without the number of the phase handing over fails the task as invalid', async () => {
    await expect(handler({ caseId: CASE_ID, action: 'handover' }, lambdaContext)).rejects.toThrow(/Invalid task input: sequence/);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

it('fails the task for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  await expect(afterThresholdDecision()).rejects.toThrow(`Case ${CASE_ID} does not exist`);
  expect(stepFunctions.calls()).toHaveLength(0);
});
