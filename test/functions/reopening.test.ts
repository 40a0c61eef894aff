import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredCase } from '../../functions/shared/case-store';
import { fingerprint } from '../../functions/domain/case-id';
import { reopeningSchema } from '../../functions/domain/reopening';
import { handler } from '../../functions/reopening/handler';
import { apiEvent, lambdaContext, officerClaims, recordedRequestKey, responseBody, restoreEnvironment, savedRecord, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

/**
 * POST /cases/{caseId}/reopening with the SDK mocked: only a LADO manager
 * reopens, under their own id; the reopening is saved with its event and
 * request in one transaction, then the case's workflow is restarted as the
 * next execution of its chain.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);
const CASE_ID = 'LADO-0123456789';
const NOW = new Date('2026-12-03T10:00:00Z');
const REQUEST_KEY = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const MANAGER = 'manager.1';
const body = { officerId: MANAGER, rationale: 'The police have new evidence about the same allegation.' };

/** A consultation closed on 27 November, run last by management execution 1. */
function closedConsultation(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  return storedCaseItem({
    caseId: CASE_ID,
    status: 'CLOSED',
    closedAt: '2026-11-27T11:00:00.000Z',
    closure: { reason: 'Consultation closed', employerRecordsUntil: '2051-03-17', ladoRecordUntil: '2051-11-27' },
    consultationOutcome: 'advice or signposting',
    allocation: { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' },
    decisions: [
      {
        decision: { kind: 'close-consultation', officerId: 'lado.7', rationale: 'Advice given; nothing more for the LADO.', outcome: 'advice or signposting' },
        decidedBy: 'lado.7',
        decidedAt: '2026-11-27T11:00:00.000Z',
      },
    ],
    phase: { name: 'management', sequence: 1, startedAt: '2026-11-23T15:00:01.000Z', wakes: 3 },
    receiptRecordedAt: '2026-11-23T09:30:00.000Z',
    version: 12,
    ...overrides,
  });
}

const send = (sent: unknown, { caller = MANAGER, group = 'lado-manager', key = REQUEST_KEY as string | null, claims = true } = {}) =>
  handler(apiEvent({ body: sent, pathParameters: { caseId: CASE_ID }, ...(claims ? { claims: officerClaims(caller, group) } : {}), headers: key === null ? {} : { 'Idempotency-Key': key } }), lambdaContext);

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  useServiceEnvironment(NOW);
  dynamo.on(GetCommand).resolves({ Item: closedConsultation() });
  dynamo.on(GetCommand, { Key: recordedRequestKey(CASE_ID, REQUEST_KEY) }).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
  stepFunctions.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: NOW });
});

afterEach(restoreEnvironment);

describe('a reopening', () => {
  it('is answered 202 with the status it reopened to, saved with its event and request, conditioned on the version read', async () => {
    const response = await send(body);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'CONSULTATION' });
    const [casePut, eventPut, requestPut] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(casePut!.Put).toMatchObject({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 12 } });
    const saved = savedRecord(casePut!.Put!.Item);
    expect(saved).toMatchObject({ status: 'CONSULTATION', awaiting: { kind: 'officerEvent', since: NOW.toISOString() } });
    expect(saved).not.toHaveProperty('closure');
    // Reopened, it has no retention date to be disposed of by.
    expect(casePut!.Put!.Item).not.toHaveProperty('keptUntil');
    expect(eventPut!.Put).toMatchObject({ TableName: SERVICE_ENV.AUDIT_TABLE_NAME });
    expect(eventPut!.Put!.Item).toMatchObject({ type: 'CaseReopened', actor: MANAGER, at: NOW.toISOString(), rationale: body.rationale, details: { reopenedTo: 'CONSULTATION' } });
    expect(requestPut!.Put!.Item).toMatchObject({ key: REQUEST_KEY, status: 'CONSULTATION', fingerprint: fingerprint(reopeningSchema.parse(body)) });
  });

  it("restarts the case's workflow as the next execution of its chain, recorded with who asked", async () => {
    // Once saved, the case is read again as reopened.
    dynamo.on(GetCommand, { Key: { pk: `CASE#${CASE_ID}`, sk: 'CASE' } }).resolvesOnce({ Item: closedConsultation() }).resolves({
      Item: closedConsultation({ status: 'CONSULTATION', closedAt: undefined, closure: undefined, awaiting: { kind: 'officerEvent', since: NOW.toISOString() }, version: 13 }),
    });
    stepFunctions.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'gone', $metadata: {} }));

    await send(body);

    const started = stepFunctions.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
    expect(started).toEqual([expect.objectContaining({ name: `${CASE_ID}-management-2`, input: JSON.stringify({ caseId: CASE_ID, phase: 'management', sequence: 2 }) })]);
    const restart = dynamo.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems![1]!.Put!.Item;
    expect(restart).toMatchObject({ type: 'WorkflowRestarted', actor: MANAGER, rationale: 'The case was reopened' });
  });
});

describe('who may reopen', () => {
  it('must be signed in (401) and a LADO manager (403): officers and operations may not', async () => {
    expect((await send(body, { claims: false })).statusCode).toBe(401);
    for (const group of ['lado-officer', 'operations']) {
      const response = await send(body, { group });
      expect(response.statusCode).toBe(403);
      expect(responseBody(response).message).toBe('This endpoint is open to officers in the groups lado-manager, and you are in none of them');
    }
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('must reopen under their own id (403)', async () => {
    expect((await send(body, { caller: 'manager.2' })).statusCode).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('what is refused', () => {
  it('a reopening without a reason (400), or without its Idempotency-Key (400)', async () => {
    const unexplained = await send({ officerId: MANAGER });
    expect(unexplained.statusCode).toBe(400);
    expect(responseBody(unexplained).errors[0].path).toBe('rationale');
    expect((await send(body, { key: null })).statusCode).toBe(400);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('an open case, with 409 saying why, and nothing written or started', async () => {
    dynamo.on(GetCommand, { Key: { pk: `CASE#${CASE_ID}`, sk: 'CASE' } }).resolves({ Item: closedConsultation({ status: 'CONSULTATION', closedAt: undefined, closure: undefined }) });
    const response = await send(body);
    expect(response.statusCode).toBe(409);
    expect(responseBody(response).message).toBe('Only a closed case can be reopened: this one is open, its status CONSULTATION.');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe('a retried reopening', () => {
  it('is answered as the first was, records nothing twice, and leaves the workflow that runs the case as it is', async () => {
    dynamo.on(GetCommand, { Key: { pk: `CASE#${CASE_ID}`, sk: 'CASE' } }).resolves({
      Item: closedConsultation({ status: 'CONSULTATION', closedAt: undefined, closure: undefined, phase: { name: 'management', sequence: 2, startedAt: NOW.toISOString(), wakes: 1 }, version: 14 }),
    });
    dynamo.on(GetCommand, { Key: recordedRequestKey(CASE_ID, REQUEST_KEY) }).resolves({
      Item: { key: REQUEST_KEY, fingerprint: fingerprint(reopeningSchema.parse(body)), status: 'CONSULTATION', caseVersion: 13, recordedAt: NOW.toISOString() },
    });
    stepFunctions.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });

    const response = await send(body);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'CONSULTATION' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});
