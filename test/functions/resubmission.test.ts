import { DescribeExecutionCommand, ExecutionDoesNotExist, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredCase } from '../../functions/shared/case-store';
import { fingerprint } from '../../functions/domain/case-id';
import { resubmissionSchema } from '../../functions/domain/referral-schema';
import { handler } from '../../functions/resubmission/handler';
import { STOPPED_WORKFLOW_MESSAGE } from '../../functions/domain/lifecycle-rules';
import { KEY_REUSED_MESSAGE } from '../../functions/shared/idempotent-request';
import { logger } from '../../functions/shared/observability';
import { referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { apiEvent, conditionFailedTransaction, lambdaContext, recordedRequestKey, responseBody, restoreEnvironment, savedRecord, SERVICE_ENV, storedCaseItem, storedTaskToken, taskTokenKey, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);

const CASE_ID = 'LADO-0123456789';
const NOW = new Date('2026-11-24T11:00:00Z');

const missingDetails = { dateOfBirth: '1984-03-17', address: { line1: '12 Larkspur Lane', town: 'Maidstone', postcode: 'ME14 1AA' } };

function awaitingResubmission(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  return storedCaseItem({
    caseId: CASE_ID,
    status: 'AWAITING_RESUBMISSION',
    referral: referralMissingDateOfBirthAndAddress(),
    missing: [
      { field: 'subject.dateOfBirth', label: "The subject's date of birth" },
      { field: 'subject.address', label: "The subject's home address" },
    ],
    returnedAt: '2026-11-23T09:31:00.000Z',
    awaiting: { kind: 'resubmission', since: '2026-11-23T09:31:00.000Z' },
    deadlines: [
      { kind: 'returnReminder', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' },
      { kind: 'returnCutoff', dueAt: '2026-11-26T17:00:00.000Z', state: 'pending' },
    ],
    version: 3,
    ...overrides,
  });
}

const REQUEST_KEY = 'portal-resubmission-2f9c1b7e';

/** Sent under an Idempotency-Key seen for the first time: its lookup is mocked last, so that it wins over a plain GetCommand mock. */
const resubmit = (body: unknown, caseId = CASE_ID) => {
  dynamo.on(GetCommand, { Key: recordedRequestKey(caseId, REQUEST_KEY) }).resolves({});
  return handler(apiEvent({ body, pathParameters: { caseId }, headers: { 'Idempotency-Key': REQUEST_KEY } }), lambdaContext);
};

const transactionItems = (call: number) => dynamo.commandCalls(TransactWriteCommand)[call]?.args[0].input.TransactItems ?? [];

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  useServiceEnvironment(NOW);
});

/** The token of the parked wait; mocked after the case, which a plain GetCommand mock answers. */
const tokenStored = (taskToken = 'token-of-the-parked-task') =>
  dynamo.on(GetCommand, { Key: taskTokenKey(CASE_ID) }).resolves({ Item: storedTaskToken(CASE_ID, 'resubmission', taskToken) });

afterEach(restoreEnvironment);

describe('a resubmission while the case awaits one', () => {
  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: awaitingResubmission() });
    tokenStored();
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(SendTaskSuccessCommand).resolves({});
  });

  it('is accepted with 202 and the case back at RECEIVED', async () => {
    const response = await resubmit({ subject: missingDetails });

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'RECEIVED' });
  });

  it('saves the merged referral, closing the wait, on condition that the case is still at the version read', async () => {
    await resubmit({ subject: missingDetails });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const casePut = transactionItems(0)[0]?.Put;
    expect(casePut).toMatchObject({
      TableName: SERVICE_ENV.TABLE_NAME,
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
    });
    const saved = savedRecord(casePut?.Item);
    expect(saved.version).toBe(4);
    expect(saved.status).toBe('RECEIVED');
    expect(saved).not.toHaveProperty('awaiting');
    expect(saved.referral.subject).toMatchObject({ firstName: 'Eleanor', lastName: 'Whitcombe', ...missingDetails });
  });

  it('records who sent what, by field name only, in the same transaction', async () => {
    await resubmit({ subject: missingDetails });

    const eventPut = transactionItems(0)[1]?.Put;
    expect(eventPut?.Item).toMatchObject({
      pk: `CASE#${CASE_ID}`,
      type: 'ResubmissionReceived',
      actor: 'referrer',
      at: NOW.toISOString(),
      details: { fields: ['subject.dateOfBirth', 'subject.address'] },
    });
    // The content lives only in the changes that rebuild the case, which the history endpoint withholds.
    const { changes, ...withoutChanges } = eventPut?.Item ?? {};
    expect(JSON.stringify(withoutChanges)).not.toContain('1984-03-17');
    expect(changes).toMatchObject({ status: 'RECEIVED', version: 4, referral: { subject: missingDetails } });
    expect(eventPut?.Item?.['removed']).toEqual(['awaiting']);
  });

  it('resumes the parked workflow with the stored task token, saying only which input arrived', async () => {
    await resubmit({ subject: missingDetails });

    const resumes = stepFunctions.commandCalls(SendTaskSuccessCommand);
    expect(resumes).toHaveLength(1);
    expect(resumes[0]!.args[0].input).toEqual({ taskToken: 'token-of-the-parked-task', output: JSON.stringify({ received: 'resubmission' }) });
  });
});

it('re-reads a case that changed after it was read, and saves against the newer version', async () => {
  dynamo
    .on(GetCommand)
    // First read to match the resubmitted subject against earlier cases, then to save.
    .resolvesOnce({ Item: awaitingResubmission({ version: 3 }) })
    .resolvesOnce({ Item: awaitingResubmission({ version: 3 }) })
    .resolves({ Item: awaitingResubmission({ version: 4 }) });
  tokenStored('token-after-the-change');
  dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction()).resolves({});
  stepFunctions.on(SendTaskSuccessCommand).resolves({});

  const response = await resubmit({ subject: missingDetails });

  expect(response.statusCode).toBe(202);
  // The case to match the resubmitted subject, twice to save, then the token of the wait it closed.
  expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key?.['sk'])).toEqual(['CASE', 'CASE', 'CASE', 'TOKEN']);
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  expect(transactionItems(1)[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 4 });
  expect(stepFunctions.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.taskToken).toBe('token-after-the-change');
});

it('is still accepted when the parked task has timed out: the input is stored for the workflow to find on waking', async () => {
  dynamo.on(GetCommand).resolves({ Item: awaitingResubmission() });
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));

  const response = await resubmit({ subject: missingDetails });

  expect(response.statusCode).toBe(202);
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
});

describe('a resubmission that contradicts the referral held', () => {
  it('is refused with 400 naming the field, and nothing is written', async () => {
    dynamo.on(GetCommand).resolves({ Item: awaitingResubmission() });
    // The allegation arose on 2026-08-20: a child cannot be born after it.
    const children = { identified: true, children: [{ firstName: 'Jonah', lastName: 'Bramley', dateOfBirth: '2026-09-01' }] };

    const response = await resubmit({ subject: missingDetails, children });

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([
      { path: 'children.children.0.dateOfBirth', message: "A child's date of birth must not be after the date the allegation arose" },
    ]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });
});

describe('a resubmission the case does not await', () => {
  it('is refused with 409 naming the status, and nothing is written', async () => {
    dynamo.on(GetCommand).resolves({ Item: storedCaseItem({ caseId: CASE_ID, status: 'AWAITING_THRESHOLD_DECISION', awaiting: { kind: 'thresholdDecision', since: NOW.toISOString() } }) });

    const response = await resubmit({ subject: missingDetails });

    expect(response.statusCode).toBe(409);
    expect(responseBody(response).message).toBe('This referral is not awaiting a resubmission: its status is AWAITING_THRESHOLD_DECISION.');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('for a rejected referral tells the referrer to submit a new one', async () => {
    dynamo.on(GetCommand).resolves({
      Item: awaitingResubmission({ status: 'REJECTED', rejectedAt: '2026-11-26T17:00:00.000Z', awaiting: undefined }),
    });

    const response = await resubmit({ subject: missingDetails });

    expect(response.statusCode).toBe(409);
    const { message } = responseBody(response);
    expect(message).toContain('rejected on 2026-11-26T17:00:00.000Z');
    expect(message).toContain('Please submit a new referral');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

it('resumes no wait that began after the resubmission was saved: the workflow found it first and moved on', async () => {
  dynamo.on(GetCommand).resolves({ Item: awaitingResubmission() });
  // Version 3 read, 4 saved; the stored wait began at version 5, after a timer took the resubmission in.
  dynamo.on(GetCommand, { Key: taskTokenKey(CASE_ID) }).resolves({ Item: storedTaskToken(CASE_ID, 'resubmission', 'token-of-a-later-wait', 5) });
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });

  const response = await resubmit({ subject: missingDetails });

  expect(response.statusCode).toBe(202);
  expect(stepFunctions.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  // Only a check that the workflow that took it still runs.
  expect(stepFunctions.commandCalls(DescribeExecutionCommand).map((call) => call.args[0].input)).toEqual([
    { executionArn: `arn:aws:states:eu-west-2:123456789012:execution:first-days:${CASE_ID}-first-days` },
  ]);
  expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
});

describe('a resubmission no waiting task takes, its parked task having timed out', () => {
  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: awaitingResubmission({ phase: { name: 'first-days', sequence: 2, startedAt: '2026-11-23T12:00:00.000Z', wakes: 1 } }) });
    tokenStored();
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    stepFunctions.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: NOW });
  });

  it('is left for the running workflow to find when its timer wakes it', async () => {
    stepFunctions.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });

    const response = await resubmit({ subject: missingDetails });

    expect(response.statusCode).toBe(202);
    expect(stepFunctions.commandCalls(DescribeExecutionCommand).map((call) => call.args[0].input.executionArn)).toEqual([
      `arn:aws:states:eu-west-2:123456789012:execution:first-days:${CASE_ID}-first-days-2`,
    ]);
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('restarts a workflow that is no longer running, as the next first-days execution, which checks the referral again', async () => {
    stepFunctions.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'Execution does not exist', $metadata: {} }));

    const response = await resubmit({ subject: missingDetails });

    expect(response.statusCode).toBe(202);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(savedRecord(transactionItems(1)[0]?.Put?.Item).phase).toEqual({ name: 'first-days', sequence: 3, startedAt: NOW.toISOString(), wakes: 0 });
    expect(transactionItems(1)[1]?.Put?.Item).toMatchObject({ type: 'WorkflowRestarted', actor: 'system', details: { phase: 'first-days', sequence: 3 } });
    expect(stepFunctions.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { stateMachineArn: SERVICE_ENV.STATE_MACHINE_ARN, name: `${CASE_ID}-first-days-3`, input: JSON.stringify({ caseId: CASE_ID, phase: 'first-days', sequence: 3 }) },
    ]);
  });

  it('is still accepted when the workflow cannot be restarted now, logged for the reconciler', async () => {
    const loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    stepFunctions.on(DescribeExecutionCommand).resolves({ status: 'ABORTED' });
    stepFunctions.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }));

    const response = await resubmit({ subject: missingDetails });

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'RECEIVED' });
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(loggedErrors).toHaveBeenCalledWith('Stored input not handed to the workflow; the reconciler will restart it', {
      caseId: CASE_ID,
      awaiting: 'resubmission',
      errorClass: 'ThrottlingException',
    });
  });
});

it('is refused with 409 for a case whose workflow stopped for operations, before anything is stored', async () => {
  dynamo.on(GetCommand).resolves({
    Item: awaitingResubmission({ needsAttention: { step: 'FireResubmissionDeadlines', errorClass: 'ValidationException', since: '2026-11-24T09:00:00.000Z', execution: `${CASE_ID}-first-days` } }),
  });
  tokenStored();

  const response = await resubmit({ subject: missingDetails });

  expect(response.statusCode).toBe(409);
  expect(responseBody(response)).toEqual({ message: STOPPED_WORKFLOW_MESSAGE });
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  expect(stepFunctions.calls()).toHaveLength(0);
});

describe("the portal's retry of a resubmission, under the Idempotency-Key it was first sent with", () => {
  const retry = (body: unknown) => handler(apiEvent({ body, pathParameters: { caseId: CASE_ID }, headers: { 'idempotency-key': REQUEST_KEY } }), lambdaContext);

  beforeEach(() => {
    // The first attempt was saved: the case has moved on to initial consideration.
    dynamo.on(GetCommand).resolves({ Item: storedCaseItem({ caseId: CASE_ID, status: 'AWAITING_THRESHOLD_DECISION', awaiting: { kind: 'thresholdDecision', since: NOW.toISOString() } }) });
    dynamo.on(GetCommand, { Key: recordedRequestKey(CASE_ID, REQUEST_KEY) }).resolves({
      Item: { ...recordedRequestKey(CASE_ID, REQUEST_KEY), key: REQUEST_KEY, fingerprint: fingerprint(resubmissionSchema.parse({ subject: missingDetails })), status: 'RECEIVED', recordedAt: NOW.toISOString() },
    });
  });

  it('is answered 202 as the first was, not 409, and records nothing twice', async () => {
    const response = await retry({ subject: missingDetails });

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'RECEIVED' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is refused with 422 when the key comes with other details, and nothing is written', async () => {
    const response = await retry({ subject: { dateOfBirth: '1984-03-18' } });

    expect(response.statusCode).toBe(422);
    expect(responseBody(response).message).toBe(KEY_REUSED_MESSAGE);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

it('writes the request beside the case in the same transaction, only if its key is new', async () => {
  dynamo.on(GetCommand).resolves({ Item: awaitingResubmission() });
  tokenStored();
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(SendTaskSuccessCommand).resolves({});

  await resubmit({ subject: missingDetails });

  const requestPut = transactionItems(0).at(-1)?.Put;
  expect(requestPut?.ConditionExpression).toBe('attribute_not_exists(pk)');
  expect(requestPut?.Item).toMatchObject({ ...recordedRequestKey(CASE_ID, REQUEST_KEY), status: 'RECEIVED', recordedAt: NOW.toISOString() });
});

it('answers 400 naming the header when the Idempotency-Key is missing, and reads nothing', async () => {
  const response = await handler(apiEvent({ body: { subject: missingDetails }, pathParameters: { caseId: CASE_ID } }), lambdaContext);

  expect(response.statusCode).toBe(400);
  expect(responseBody(response).errors.map((e: { path: string }) => e.path)).toEqual(['headers.Idempotency-Key']);
  expect(dynamo.calls()).toHaveLength(0);
});

it('answers 404 for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  const response = await resubmit({ subject: missingDetails }, 'LADO-0000000000');

  expect(response.statusCode).toBe(404);
  expect(responseBody(response).message).toContain('LADO-0000000000');
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
});

it('refuses an empty resubmission with 400 before reading the case', async () => {
  const response = await resubmit({});

  expect(response.statusCode).toBe(400);
  expect(responseBody(response).errors).toEqual([
    { path: 'body', message: 'A resubmission must supply at least one of referrer, subject, employer or children' },
  ]);
  expect(dynamo.calls()).toHaveLength(0);
});
