import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/park/handler';
import type { AwaitedInput } from '../../functions/domain/case';
import { eventMonthOf, type StoredCase } from '../../functions/shared/case-store';
import { conditionFailedTransaction, lambdaContext, restoreEnvironment, savedRecord, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);

const CASE_ID = 'LADO-0123456789';
const SINCE = '2026-11-23T09:31:00.000Z';

const NOW = new Date('2026-11-23T09:31:01Z');

/** Parks on the plan made from `planVersion` of the case (by default version 2, which the fixtures below are at). */
const park = (awaiting: AwaitedInput, taskToken = 'token-of-this-task', planVersion = 2) => handler({ caseId: CASE_ID, awaiting, taskToken, planVersion }, lambdaContext);

/** The park in place, without reading the case: a transaction that updates the case (parkInPlace). */
const isInPlace = (call: { args: [{ input: object }] }) => Boolean((call.args[0].input as { TransactItems?: Array<{ Update?: unknown }> }).TransactItems?.[0]?.Update);
/** The saves of the case as read: every transaction but the in-place park's. */
const saves = () => dynamo.commandCalls(TransactWriteCommand).filter((call) => !isInPlace(call));
const savedItems = () => saves()[0]?.args[0].input.TransactItems ?? [];

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  useServiceEnvironment(NOW);
  // Unless a test says otherwise, the case is not as planned, and the park reads it (the tests up to "in place" below).
  dynamo.on(TransactWriteCommand).callsFake((input: { TransactItems?: Array<{ Update?: unknown }> }) => {
    if (input.TransactItems?.[0]?.Update) throw conditionFailedTransaction();
    return {};
  });
  dynamo.on(PutCommand).resolves({});
  stepFunctions.on(SendTaskSuccessCommand).resolves({});
});

afterEach(restoreEnvironment);

it('stores the task token beside the case, with a TTL, in the save conditioned on the version read, and does not resume', async () => {
  dynamo.on(GetCommand).resolves({
    Item: storedCaseItem({ caseId: CASE_ID, status: 'AWAITING_RESUBMISSION', awaiting: { kind: 'resubmission', since: SINCE }, version: 2 }),
  });

  expect(await park('resubmission')).toEqual({});

  const items = savedItems();
  expect(items).toHaveLength(3);
  expect(items[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 2 });
  const saved = savedRecord(items[0]?.Put?.Item);
  // The token is not on the case: it has an item of its own, which the table's TTL removes. The wait records the plan it parked for.
  expect(saved.awaiting).toEqual({ kind: 'resubmission', since: SINCE, parkedFor: 2 });
  expect(saved.version).toBe(3);
  expect(items[2]?.Put?.Item).toEqual({
    pk: `CASE#${CASE_ID}`,
    sk: 'TOKEN',
    awaiting: 'resubmission',
    taskToken: 'token-of-this-task',
    // Saved with version 3 of the case: input saved after it is input this wait waits for.
    caseVersion: 3,
    storedAt: NOW.toISOString(),
    expiresAt: Math.floor(NOW.getTime() / 1000) + 32 * 24 * 3600,
  });
  // A case outside the management phases has no phase to count wakes in.
  expect(saved).not.toHaveProperty('phase');
  expect(stepFunctions.calls()).toHaveLength(0);
  expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
});

it('records the wait in the audit trail, with what changed', async () => {
  dynamo.on(GetCommand).resolves({
    Item: storedCaseItem({ caseId: CASE_ID, status: 'AWAITING_RESUBMISSION', awaiting: { kind: 'resubmission', since: SINCE }, version: 2 }),
  });

  await park('resubmission');

  expect(savedItems()[1]?.Put?.Item).toEqual({
    pk: `CASE#${CASE_ID}`,
    sk: expect.stringMatching(new RegExp(`^EVENT#${NOW.toISOString()}#`)),
    caseId: CASE_ID,
    type: 'WorkflowWaiting',
    actor: 'system',
    at: NOW.toISOString(),
    details: { awaiting: 'resubmission' },
    changes: { awaiting: { kind: 'resubmission', since: SINCE, parkedFor: 2 }, version: 3 },
    // Its London month and shard, by which a period's events are found (table-layout.ts, EventsByMonth).
    eventMonth: eventMonthOf(CASE_ID, NOW.toISOString()),
  });
});

it('fails with AwaitedInputArrived, for the workflow to carry on, when the awaited input arrived before it parked', async () => {
  dynamo.on(GetCommand).resolves({ Item: storedCaseItem({ caseId: CASE_ID, status: 'RECEIVED', version: 3 }) });

  await expect(park('resubmission')).rejects.toMatchObject({ name: 'AwaitedInputArrived' });

  expect(saves()).toHaveLength(0);
  // It answers no callback itself: only the functions that check the caller may.
  expect(stepFunctions.calls()).toHaveLength(0);
});

it('does not park on a wait of another kind', async () => {
  dynamo.on(GetCommand).resolves({
    Item: storedCaseItem({ caseId: CASE_ID, status: 'AWAITING_RESUBMISSION', awaiting: { kind: 'resubmission', since: SINCE } }),
  });

  await expect(park('thresholdDecision')).rejects.toMatchObject({ name: 'AwaitedInputArrived' });

  expect(saves()).toHaveLength(0);
});

it('resumes at once when the input arrives between reading the case and storing the token', async () => {
  dynamo
    .on(GetCommand)
    .resolvesOnce({ Item: storedCaseItem({ caseId: CASE_ID, status: 'AWAITING_RESUBMISSION', awaiting: { kind: 'resubmission', since: SINCE }, version: 2 }) })
    .resolves({ Item: storedCaseItem({ caseId: CASE_ID, status: 'RECEIVED', version: 3 }) });
  dynamo.on(TransactWriteCommand).rejects(conditionFailedTransaction());

  await expect(park('resubmission')).rejects.toMatchObject({ name: 'AwaitedInputArrived' });

  expect(saves()).toHaveLength(1);
});

it('fails the task for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  await expect(park('resubmission')).rejects.toThrow(`Case ${CASE_ID} does not exist`);
  expect(stepFunctions.calls()).toHaveLength(0);
});

it.each(['resubmission', 'thresholdDecision', 'officerEvent'] as const)('fails the task as invalid, reading nothing, for a wait for %s without the plan version it parks for', async (awaiting) => {
  await expect(handler({ caseId: CASE_ID, awaiting, taskToken: 'token-of-this-task' }, lambdaContext)).rejects.toMatchObject({
    name: 'InvalidTaskInput',
    message: expect.stringContaining('planVersion'),
  });
  expect(dynamo.calls()).toHaveLength(0);
});

describe('a retry of a wait already parked for the same plan (its first attempt saved the wait, then failed)', () => {
  const parkedCase = (overrides: Partial<StoredCase> = {}) =>
    storedCaseItem({
      caseId: CASE_ID,
      status: 'AWAITING_RESUBMISSION',
      awaiting: { kind: 'resubmission', since: SINCE, parkedFor: 2 },
      phase: { name: 'first-days', sequence: 1, startedAt: SINCE, wakes: 1 },
      version: 3,
      ...overrides,
    });

  it('only replaces the token, under the version the wait was saved as: no second event, no second wake', async () => {
    dynamo.on(GetCommand).resolves({ Item: parkedCase() });

    expect(await park('resubmission', 'token-of-the-retry', 2)).toEqual({});

    expect(saves()).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: SERVICE_ENV.TABLE_NAME,
        Item: {
          pk: `CASE#${CASE_ID}`,
          sk: 'TOKEN',
          awaiting: 'resubmission',
          taskToken: 'token-of-the-retry',
          caseVersion: 3,
          storedAt: NOW.toISOString(),
          expiresAt: Math.floor(NOW.getTime() / 1000) + 32 * 24 * 3600,
        },
      },
    ]);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('fails with AwaitedInputArrived when the input arrived since, replacing nothing', async () => {
    dynamo.on(GetCommand).resolves({ Item: parkedCase({ status: 'RECEIVED', awaiting: undefined, version: 4 }) });

    await expect(park('resubmission', 'token-of-the-retry', 2)).rejects.toMatchObject({ name: 'AwaitedInputArrived' });

    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(saves()).toHaveLength(0);
  });

  it('is told apart from a wait on a new plan, which parks afresh and counts its wake', async () => {
    dynamo.on(GetCommand).resolves({ Item: parkedCase({ version: 5 }) });

    await park('resubmission', 'token-of-the-next-wait', 5);

    const items = savedItems();
    expect(items[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 5 });
    const saved = savedRecord(items[0]?.Put?.Item);
    expect(saved.awaiting).toEqual({ kind: 'resubmission', since: SINCE, parkedFor: 5 });
    expect(saved.phase?.wakes).toBe(2);
    expect(items[2]?.Put?.Item).toMatchObject({ sk: 'TOKEN', taskToken: 'token-of-the-next-wait', caseVersion: 6 });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('a wait for officer events during case management', () => {
  const PHASE = { name: 'management' as const, sequence: 2, startedAt: '2026-12-01T10:00:00.000Z', wakes: 4 };

  function managedCase(version: number): Record<string, unknown> {
    return storedCaseItem({
      caseId: CASE_ID,
      status: 'ALLEGATION_MANAGEMENT',
      allocation: { officerId: 'lado.7', email: 'lado7@council.example.gov.uk' },
      awaiting: { kind: 'officerEvent', since: SINCE },
      phase: PHASE,
      version,
    });
  }

  it('parks when the case is still at the version the wait was planned from, counting the wake in the phase', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase(8) });

    await park('officerEvent', 'token-of-this-task', 8);

    const items = savedItems();
    expect(items[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 8 });
    const saved = savedRecord(items[0]?.Put?.Item);
    expect(saved.awaiting).toEqual({ kind: 'officerEvent', since: SINCE, parkedFor: 8 });
    expect(items[2]?.Put?.Item).toMatchObject({ sk: 'TOKEN', awaiting: 'officerEvent', taskToken: 'token-of-this-task', caseVersion: 9 });
    expect(saved.phase).toEqual({ ...PHASE, wakes: 5 });
    expect(items[1]?.Put?.Item).toMatchObject({ type: 'WorkflowWaiting', details: { awaiting: 'officerEvent' } });
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('fails with AwaitedInputArrived when an officer event changed the case after the plan, so that the workflow plans again', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase(9) });

    await expect(park('officerEvent', 'token-of-this-task', 8)).rejects.toMatchObject({ name: 'AwaitedInputArrived' });

    expect(saves()).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('fails with AwaitedInputArrived when the case is at a version older than the plan', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase(7) });

    await expect(park('officerEvent', 'token-of-this-task', 8)).rejects.toMatchObject({ name: 'AwaitedInputArrived' });
    expect(saves()).toHaveLength(0);
  });

  describe('retried after its first attempt parked', () => {
    /** The first attempt parked on the plan from version 8, saving version 9. */
    const parked = (version: number) => ({ ...managedCase(version), awaiting: { kind: 'officerEvent', since: SINCE, parkedFor: 8 }, phase: { ...PHASE, wakes: 5 } });

    it('only replaces the token when nothing was recorded since', async () => {
      dynamo.on(GetCommand).resolves({ Item: parked(9) });

      await park('officerEvent', 'token-of-the-retry', 8);

      expect(saves()).toHaveLength(0);
      expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item)).toEqual([
        expect.objectContaining({ sk: 'TOKEN', awaiting: 'officerEvent', taskToken: 'token-of-the-retry', caseVersion: 9 }),
      ]);
    });

    it('fails with AwaitedInputArrived when an officer recorded something since, so that the workflow plans again', async () => {
      dynamo.on(GetCommand).resolves({ Item: parked(10) });

      await expect(park('officerEvent', 'token-of-the-retry', 8)).rejects.toMatchObject({ name: 'AwaitedInputArrived' });

      expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
      expect(saves()).toHaveLength(0);
    });
  });

  it('compares plan versions only for officer events: other waits close when their input arrives', async () => {
    dynamo.on(GetCommand).resolves({
      Item: storedCaseItem({ caseId: CASE_ID, status: 'AWAITING_RESUBMISSION', awaiting: { kind: 'resubmission', since: SINCE }, version: 4 }),
    });

    await park('resubmission', 'token-of-this-task', 3);

    expect(savedItems()[2]?.Put?.Item).toMatchObject({ sk: 'TOKEN', taskToken: 'token-of-this-task', caseVersion: 5 });
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('fails with AwaitedInputArrived when the case closed before it parked', async () => {
    dynamo.on(GetCommand).resolves({
      Item: storedCaseItem({ caseId: CASE_ID, status: 'CLOSED', closedAt: '2027-01-10T10:00:00.000Z', phase: PHASE, version: 12 }),
    });

    await expect(park('officerEvent', 'token-of-this-task', 12)).rejects.toMatchObject({ name: 'AwaitedInputArrived' });

    expect(saves()).toHaveLength(0);
  });
});

describe('in place, when the case stands as planned', () => {
  beforeEach(() => {
    dynamo.on(TransactWriteCommand).resolves({});
  });

  it('parks without reading the case: one transaction updates the wait and the phase, on condition that the case is at the planned version and awaits this input', async () => {
    expect(await park('officerEvent', 'token-of-this-task', 8)).toEqual({});

    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    const [call, ...others] = dynamo.commandCalls(TransactWriteCommand);
    expect(others).toHaveLength(0);
    const [update, event, token] = call?.args[0].input.TransactItems ?? [];
    expect(update?.Update).toMatchObject({
      Key: { pk: `CASE#${CASE_ID}`, sk: 'CASE' },
      UpdateExpression: 'SET #awaiting.#parkedFor = :planVersion, #phase.#wakes = #phase.#wakes + :one, #version = :version',
      ConditionExpression: '#version = :planVersion AND #awaiting.#kind = :awaiting AND attribute_exists(#phase.#wakes)',
      ExpressionAttributeValues: { ':planVersion': 8, ':one': 1, ':version': 9, ':awaiting': 'officerEvent' },
    });
    // The event says which plan it parked for, and the trail applies the park to rebuild the case (trail.ts).
    expect(event?.Put?.Item).toMatchObject({ type: 'WorkflowWaiting', actor: 'system', at: NOW.toISOString(), details: { awaiting: 'officerEvent' }, changes: { version: 9 }, parkedFor: 8 });
    expect(event?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    // Saved with version 9, as the core's park would save it: input saved after it is input this wait waits for.
    expect(token?.Put?.Item).toMatchObject({ sk: 'TOKEN', awaiting: 'officerEvent', taskToken: 'token-of-this-task', caseVersion: 9 });
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('falls back to reading the case when it is not as planned, and the core decides: here, an officer record since the plan', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction()).resolves({});
    dynamo.on(GetCommand).resolves({
      Item: storedCaseItem({ caseId: CASE_ID, status: 'ALLEGATION_MANAGEMENT', awaiting: { kind: 'officerEvent', since: SINCE }, version: 9 }),
    });

    await expect(park('officerEvent', 'token-of-this-task', 8)).rejects.toMatchObject({ name: 'AwaitedInputArrived' });

    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('lets a fault other than the condition fail the task, for its retry', async () => {
    dynamo.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

    await expect(park('officerEvent', 'token-of-this-task', 8)).rejects.toMatchObject({ name: 'TransientError' });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });
});
