import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ExecutionAlreadyExists, ExecutionLimitExceeded, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredCase } from '../../functions/shared/case-store';
import { handler } from '../../functions/handover/handler';
import { logger } from '../../functions/shared/observability';
import { lambdaContext, restoreEnvironment, savedRecord, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);
const sns = mockClient(SNSClient);

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
    phase: { name: 'first-days', sequence: 1, startedAt: '2026-11-23T09:30:01.000Z', wakes: 2 },
    version: 6,
    ...overrides,
  });
}

function closedCase(how: 'transfer' | 'no-further-action'): Record<string, unknown> {
  const transfer = how === 'transfer';
  return decidedCase({
    status: 'CLOSED',
    closedAt: DECIDED_AT,
    closure: {
      reason: transfer ? 'Another authority leads, where the person works' : 'No further LADO action',
      ...(transfer ? { receivingAuthority: { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' } } : { noFurtherAction: 'employer-procedures' as const }),
      employerRecordsUntil: '2051-03-17',
      ladoRecordUntil: '2036-11-24',
    },
    deadlines: [],
    // Owed by the threshold decision itself, in the write that recorded it.
    owedEmails: (transfer ? (['receivingAuthorityNotice', 'transferNotice'] as const) : (['noFurtherActionNotice'] as const)).map((kind) => ({ key: kind, kind, owedSince: DECIDED_AT })),
  });
}

const afterThresholdDecision = () => handler({ caseId: CASE_ID, action: 'afterThresholdDecision', step: 'CloseOrHandOverToManagement' }, lambdaContext);
const handover = (execution: string) => handler({ caseId: CASE_ID, action: 'handover', execution, step: 'HandOverToNextExecution' }, lambdaContext);
const needsAttention = (execution: string, failures: Record<string, unknown>) =>
  handler({ caseId: CASE_ID, action: 'needsAttention', execution, failures, step: 'RecordNeedsAttention' }, lambdaContext);

const transactionItems = () => dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
const startedExecutions = () => stepFunctions.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  sns.reset();
  useServiceEnvironment(NOW);
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:eu-west-2:123456789012:execution:LadoReferrals-referral-lifecycle:x', startDate: NOW });
  sns.on(PublishCommand).resolves({ MessageId: 'alert-1' });
});

afterEach(restoreEnvironment);

describe('after the threshold decision', () => {
  it.each(['ALLEGATION_MANAGEMENT', 'CONSULTATION'] as const)('a case at %s starts management phase 1 and waits for officer events', async (status) => {
    dynamo.on(GetCommand).resolves({ Item: decidedCase({ status }) });

    expect(await afterThresholdDecision()).toEqual({});

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

  it('hands over to management 1 from a first-days execution that was itself handed over', async () => {
    dynamo.on(GetCommand).resolves({ Item: decidedCase({ phase: { name: 'first-days', sequence: 3, startedAt: '2027-02-21T09:30:00.000Z', wakes: 4 } }) });

    await afterThresholdDecision();

    expect(savedRecord(transactionItems()[0]?.Put?.Item).phase).toMatchObject({ name: 'management', sequence: 1 });
    expect(startedExecutions().map((input) => input.name)).toEqual([`${CASE_ID}-management-1`]);
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

    expect(await afterThresholdDecision()).toEqual({});

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(startedExecutions().map((input) => input.name)).toEqual([`${CASE_ID}-management-1`]);
  });

  it('fails the task when the execution cannot be started, the phase being recorded for its retry', async () => {
    dynamo.on(GetCommand).resolves({ Item: decidedCase() });
    stepFunctions.on(StartExecutionCommand).rejects(new ExecutionLimitExceeded({ message: 'Too many executions', $metadata: {} }));

    await expect(afterThresholdDecision()).rejects.toThrow('Too many executions');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it.each([
    ['on a transfer', 'transfer'],
    ['with no further action', 'no-further-action'],
  ] as const)('a case closed %s ends with its first days: nothing is written or started, its emails being owed already', async (_how, how) => {
    dynamo.on(GetCommand).resolves({ Item: closedCase(how) });

    expect(await afterThresholdDecision()).toEqual({});

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('clears a repaired case of its needs-attention flag as management starts', async () => {
    dynamo.on(GetCommand).resolves({
      Item: decidedCase({ needsAttention: { step: 'CloseOrHandOverToManagement', errorClass: 'ExecutionLimitExceeded', since: DECIDED_AT, execution: `${CASE_ID}-first-days` } }),
    });

    await afterThresholdDecision();

    expect(savedRecord(transactionItems()[0]?.Put?.Item)).not.toHaveProperty('needsAttention');
  });
});

describe('a handover', () => {
  const SINCE = '2026-11-24T14:15:05.000Z';

  function inPhase(sequence: number, overrides: Partial<StoredCase> = {}): Record<string, unknown> {
    return decidedCase({
      phase: { name: 'management', sequence, startedAt: '2026-11-24T14:15:05.000Z', wakes: 150 },
      awaiting: { kind: 'officerEvent', since: SINCE, parkedFor: 39 },
      version: 40,
      ...overrides,
    });
  }

  it('moves the case to the next phase, fresh, keeping its wait as it was', async () => {
    dynamo.on(GetCommand).resolves({ Item: inPhase(1) });

    expect(await handover(`${CASE_ID}-management-1`)).toEqual({});

    const casePut = transactionItems()[0]?.Put;
    expect(casePut?.ExpressionAttributeValues).toEqual({ ':expected': 40 });
    const saved = savedRecord(casePut?.Item);
    expect(saved.phase).toEqual({ name: 'management', sequence: 2, startedAt: NOW.toISOString(), wakes: 0 });
    expect(saved.awaiting).toEqual({ kind: 'officerEvent', since: SINCE, parkedFor: 39 });
    expect(transactionItems()[1]?.Put?.Item).toMatchObject({ type: 'PhaseStarted', actor: 'system', details: { phase: 'management', sequence: 2 } });
  });

  it('starts the execution with the next number', async () => {
    dynamo.on(GetCommand).resolves({ Item: inPhase(3) });

    await handover(`${CASE_ID}-management-3`);

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

    expect(await handover(`${CASE_ID}-management-1`)).toEqual({});

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(startedExecutions().map((input) => input.name)).toEqual([`${CASE_ID}-management-2`]);
  });

  describe('of the first days, which a threshold decision that never comes would otherwise keep for a year', () => {
    const waitingForDecision = (sequence: number) =>
      decidedCase({
        status: 'AWAITING_THRESHOLD_DECISION',
        allocation: undefined,
        awaiting: { kind: 'thresholdDecision', since: '2026-08-26T09:31:00.000Z', parkedFor: 150 },
        phase: { name: 'first-days', sequence, startedAt: '2026-08-26T09:30:01.000Z', wakes: 30 },
        version: 151,
      });

    it('moves the case to the next first-days execution, still waiting for the decision', async () => {
      dynamo.on(GetCommand).resolves({ Item: waitingForDecision(1) });

      await handover(`${CASE_ID}-first-days`);

      const saved = savedRecord(transactionItems()[0]?.Put?.Item);
      expect(saved.phase).toEqual({ name: 'first-days', sequence: 2, startedAt: NOW.toISOString(), wakes: 0 });
      expect(saved.awaiting).toEqual({ kind: 'thresholdDecision', since: '2026-08-26T09:31:00.000Z', parkedFor: 150 });
      expect(startedExecutions()).toEqual([
        {
          stateMachineArn: SERVICE_ENV.STATE_MACHINE_ARN,
          name: `${CASE_ID}-first-days-2`,
          input: JSON.stringify({ caseId: CASE_ID, phase: 'first-days', sequence: 2 }),
        },
      ]);
    });

    it('numbers on from a first-days execution that was handed over already', async () => {
      dynamo.on(GetCommand).resolves({ Item: waitingForDecision(2) });

      await handover(`${CASE_ID}-first-days-2`);

      expect(startedExecutions().map((input) => input.name)).toEqual([`${CASE_ID}-first-days-3`]);
    });
  });

  it('of a case that closed meanwhile still hands over: the next execution finds it closed, sends what it owes, and ends', async () => {
    dynamo.on(GetCommand).resolves({ Item: { ...closedCase('transfer'), phase: { name: 'management', sequence: 1, startedAt: SINCE, wakes: 150 } } });

    await handover(`${CASE_ID}-management-1`);

    const saved = savedRecord(transactionItems()[0]?.Put?.Item);
    expect(saved.phase).toMatchObject({ name: 'management', sequence: 2 });
    // A closed case waits for nothing.
    expect(saved).not.toHaveProperty('awaiting');
    expect(startedExecutions().map((input) => input.name)).toEqual([`${CASE_ID}-management-2`]);
  });

  it.each([
    ['another case', 'LADO-ZZZZZZZZZZ-management-1'],
    ['a name this service did not give', 'manual-repair-run-1'],
    ['a management execution without its number', `${CASE_ID}-management`],
  ])('from an execution of %s fails the task, touching nothing', async (_what, execution) => {
    dynamo.on(GetCommand).resolves({ Item: inPhase(1) });

    await expect(handover(execution)).rejects.toThrow('The handing-over execution is not one of this case');

    expect(dynamo.calls()).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('without the execution handing over fails the task as invalid', async () => {
    await expect(handler({ caseId: CASE_ID, action: 'handover', sequence: 1 }, lambdaContext)).rejects.toThrow(/Invalid task input: execution/);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('a step that failed past its retries', () => {
  const EXECUTION = `${CASE_ID}-management-2`;
  const failures = {
    FireOfficerEventDeadlines: {
      Error: 'TransientError',
      // What Lambda reports may quote data: it is never stored nor passed on.
      Cause: JSON.stringify({ errorType: 'TransientError', errorMessage: 'Transient failure: quoted-cause-7f3a' }),
    },
  };
  let loggedErrors: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    dynamo.on(GetCommand).resolves({ Item: decidedCase({ phase: { name: 'management', sequence: 2, startedAt: DECIDED_AT, wakes: 9 }, version: 12 }) });
  });

  it('flags the case as needing attention, with the step, the class of error and the execution, conditioned on the version read', async () => {
    expect(await needsAttention(EXECUTION, failures)).toEqual({});

    const casePut = transactionItems()[0]?.Put;
    expect(casePut?.ExpressionAttributeValues).toEqual({ ':expected': 12 });
    expect(savedRecord(casePut?.Item).needsAttention).toEqual({ step: 'FireOfficerEventDeadlines', errorClass: 'TransientError', since: NOW.toISOString(), execution: EXECUTION });
  });

  it('records it in the audit trail, without what the error said', async () => {
    await needsAttention(EXECUTION, failures);

    const event = transactionItems()[1]?.Put?.Item;
    expect(event).toMatchObject({
      type: 'NeedsAttention',
      actor: 'system',
      at: NOW.toISOString(),
      details: { step: 'FireOfficerEventDeadlines', errorClass: 'TransientError', execution: EXECUTION },
    });
    expect(JSON.stringify(transactionItems())).not.toContain('quoted-cause');
  });

  it('alerts operations once, with identifiers only', async () => {
    await needsAttention(EXECUTION, failures);

    expect(loggedErrors).toHaveBeenCalledWith('LADO case needs attention', {
      alert: true,
      caseId: CASE_ID,
      step: 'FireOfficerEventDeadlines',
      errorClass: 'TransientError',
      execution: EXECUTION,
    });
    expect(JSON.stringify(loggedErrors.mock.calls)).not.toContain('quoted-cause');
    expect(sns.calls()).toHaveLength(0);
  });

  it('alerts on the operations topic where one is configured', async () => {
    vi.stubEnv('OPERATIONS_TOPIC_ARN', 'arn:aws:sns:eu-west-2:123456789012:lado-operations');

    await needsAttention(EXECUTION, failures);

    const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(published).toEqual([{ TopicArn: 'arn:aws:sns:eu-west-2:123456789012:lado-operations', Subject: 'LADO case needs attention', Message: expect.stringContaining(CASE_ID) }]);
    expect(published[0]?.Message).toContain('FireOfficerEventDeadlines');
    expect(published[0]?.Message).not.toContain('quoted-cause');
  });

  it('retried for the same execution records nothing twice, and alerts again in case the first alert was lost', async () => {
    dynamo.on(GetCommand).resolves({
      Item: decidedCase({ needsAttention: { step: 'FireOfficerEventDeadlines', errorClass: 'TransientError', since: DECIDED_AT, execution: EXECUTION }, version: 13 }),
    });

    expect(await needsAttention(EXECUTION, failures)).toEqual({});

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(loggedErrors).toHaveBeenCalledWith('LADO case needs attention', expect.objectContaining({ execution: EXECUTION }));
  });

  it('of a later execution, after a repair, flags the case again', async () => {
    dynamo.on(GetCommand).resolves({
      Item: decidedCase({ needsAttention: { step: 'PlanOfficerEventWait', errorClass: 'ValidationException', since: DECIDED_AT, execution: `${CASE_ID}-management-1` }, version: 13 }),
    });

    await needsAttention(EXECUTION, failures);

    expect(savedRecord(transactionItems()[0]?.Put?.Item).needsAttention).toMatchObject({ step: 'FireOfficerEventDeadlines', execution: EXECUTION });
    expect(loggedErrors).toHaveBeenCalledWith('LADO case needs attention', expect.objectContaining({ execution: EXECUTION }));
  });

  it.each([
    ['a message in place of a class', 'Cannot read properties of undefined (reading Eleanor)'],
    ['nothing', undefined],
  ])('names the class of an error reported as %s "Error"', async (_what, error) => {
    await needsAttention(EXECUTION, { CheckCompleteness: { ...(error === undefined ? {} : { Error: error }), Cause: 'x' } });

    expect(savedRecord(transactionItems()[0]?.Put?.Item).needsAttention).toMatchObject({ step: 'CheckCompleteness', errorClass: 'Error' });
  });

  it('names the step "unknown" when the workflow reports none', async () => {
    await needsAttention(EXECUTION, {});

    expect(savedRecord(transactionItems()[0]?.Put?.Item).needsAttention).toMatchObject({ step: 'unknown', errorClass: 'Error' });
  });

  it('without the execution that stopped fails the task as invalid', async () => {
    await expect(handler({ caseId: CASE_ID, action: 'needsAttention', failures }, lambdaContext)).rejects.toThrow(/Invalid task input: execution/);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

it('fails the task for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  await expect(afterThresholdDecision()).rejects.toThrow(`Case ${CASE_ID} does not exist`);
  expect(stepFunctions.calls()).toHaveLength(0);
});
