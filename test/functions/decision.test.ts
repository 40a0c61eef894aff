import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, ExecutionDoesNotExist, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredCase } from '../../functions/shared/case-store';
import { handler } from '../../functions/decision/handler';
import { fingerprint } from '../../functions/domain/case-id';
import { officerDecisionSchema } from '../../functions/domain/officer-records';
import { STOPPED_WORKFLOW_MESSAGE } from '../../functions/domain/lifecycle-rules';
import { KEY_REUSED_MESSAGE } from '../../functions/shared/idempotent-request';
import { logger } from '../../functions/shared/observability';
import { apiEvent, conditionFailedTransaction, lambdaContext, officerClaims, recordedRequestKey, responseBody, restoreEnvironment, savedRecord, storedCaseItem, storedTaskToken, taskTokenKey, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);

const CASE_ID = 'LADO-0123456789';
const NOW = new Date('2026-11-24T14:15:00Z');

const LADO = { officerId: 'lado.7', email: 'lado7@council.example.gov.uk' };

const consultation = {
  kind: 'threshold',
  outcome: 'consultation',
  officerId: 'duty.lado',
  rationale: 'The conduct does not meet the harm threshold; advice given to the employer.',
  allocatedTo: LADO,
};

const allegation = {
  kind: 'threshold',
  outcome: 'allegation',
  officerId: 'duty.lado',
  rationale: 'A pupil was grabbed by the arm: the conduct may have harmed a child.',
  harmCriteria: ['harmed-child'],
  allocatedTo: LADO,
};

function awaitingDecision(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  return storedCaseItem({
    caseId: CASE_ID,
    status: 'AWAITING_THRESHOLD_DECISION',
    awaiting: { kind: 'thresholdDecision', since: '2026-11-23T09:31:00.000Z' },
    deadlines: [
      { kind: 'initialConsiderationChase', dueAt: '2026-11-24T17:00:00.000Z', state: 'pending' },
      { kind: 'initialConsiderationEscalation', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' },
    ],
    version: 5,
    ...overrides,
  });
}

/** Sent by the officer the body names, as the officer front end does. */
/** The token of the parked wait; mocked after the case, which a plain GetCommand mock answers. */
const tokenStored = (awaiting: string, taskToken: string) =>
  dynamo.on(GetCommand, { Key: taskTokenKey(CASE_ID) }).resolves({ Item: storedTaskToken(CASE_ID, awaiting, taskToken) });

const REQUEST_KEY = '7d1c2a52-3f0e-4b8e-9d55-0c6f5e2b9a11';

/**
 * Sent by the officer the body names, under an Idempotency-Key seen for the
 * first time: the request's lookup is mocked last, so that it wins over a
 * plain GetCommand mock.
 */
const decide = (body: unknown, caseId = CASE_ID, caller = (body as { officerId?: string }).officerId ?? 'duty.lado', group = 'lado-officer') => {
  dynamo.on(GetCommand, { Key: recordedRequestKey(caseId, REQUEST_KEY) }).resolves({});
  return sendDecision(body, { caseId, caller, group });
};

/** The request as API Gateway hands it over, with whatever Idempotency-Key is given (null: none). */
const sendDecision = (body: unknown, { caseId = CASE_ID, caller = 'duty.lado', group = 'lado-officer', key = REQUEST_KEY as string | null } = {}) =>
  handler(
    apiEvent({ body, pathParameters: { caseId }, claims: officerClaims(caller, group), headers: key === null ? {} : { 'Idempotency-Key': key } }),
    lambdaContext,
  );

const transactionItems = (call: number) => dynamo.commandCalls(TransactWriteCommand)[call]?.args[0].input.TransactItems ?? [];

/** The ARN of a named execution of the state machine the functions are given. */
const executionArn = (name: string) => `arn:aws:states:eu-west-2:123456789012:execution:first-days:${name}`;
/** Whether the case's execution is running, as Step Functions answers it. */
const executionRunning = () => stepFunctions.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
const describedExecutions = () => stepFunctions.commandCalls(DescribeExecutionCommand).map((call) => call.args[0].input.executionArn);

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  useServiceEnvironment(NOW);
});

afterEach(restoreEnvironment);

describe('a threshold decision while the case awaits one', () => {
  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: awaitingDecision() });
    tokenStored('thresholdDecision', 'token-of-the-parked-task');
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(SendTaskSuccessCommand).resolves({});
  });

  it('is accepted with 202 and the case at CONSULTATION', async () => {
    const response = await decide(consultation);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'CONSULTATION' });
  });

  it('records the decision and the allocation, meets the initial-consideration deadlines, schedules the first review and closes the wait, conditioned on the version read', async () => {
    await decide(consultation);

    const casePut = transactionItems(0)[0]?.Put;
    expect(casePut?.ConditionExpression).toBe('version = :expected');
    expect(casePut?.ExpressionAttributeValues).toEqual({ ':expected': 5 });
    const saved = savedRecord(casePut?.Item);
    expect(saved.version).toBe(6);
    expect(saved.status).toBe('CONSULTATION');
    expect(saved.allocation).toEqual(LADO);
    expect(saved).not.toHaveProperty('awaiting');
    expect(saved.decisions).toEqual([{ decision: consultation, decidedBy: 'duty.lado', decidedAt: NOW.toISOString() }]);
    expect(saved.deadlines).toEqual([
      { kind: 'initialConsiderationChase', dueAt: '2026-11-24T17:00:00.000Z', state: 'met', settledAt: NOW.toISOString() },
      { kind: 'initialConsiderationEscalation', dueAt: '2026-11-25T17:00:00.000Z', state: 'met', settledAt: NOW.toISOString() },
      // Ten working days from Tuesday 24 November: Tuesday 8 December, told of on Friday 4 December and reminded that morning.
      { kind: 'consultationReview', dueAt: '2026-12-08T17:00:00.000Z', dueSoonAt: '2026-12-04T09:00:00.000Z', remindAt: '2026-12-08T09:00:00.000Z', state: 'pending' },
    ]);
  });

  it('writes an audit event with the officer, the time and the rationale in the same transaction', async () => {
    await decide(consultation);

    expect(transactionItems(0)[1]?.Put?.Item).toMatchObject({
      pk: `CASE#${CASE_ID}`,
      type: 'ThresholdDecisionRecorded',
      actor: 'duty.lado',
      at: NOW.toISOString(),
      rationale: consultation.rationale,
      details: { outcome: 'consultation' },
    });
  });

  it('puts what changed on the audit event, and that the wait was removed', async () => {
    await decide(consultation);

    const saved = savedRecord(transactionItems(0)[0]?.Put?.Item);
    const event = transactionItems(0)[1]?.Put?.Item;
    expect(event?.['changes']).toEqual({
      status: 'CONSULTATION',
      allocation: LADO,
      deadlines: saved.deadlines,
      decisions: saved.decisions,
      version: 6,
    });
    expect(event?.['removed']).toEqual(['awaiting']);
  });

  it('resumes the parked workflow with the stored task token', async () => {
    await decide(consultation);

    expect(stepFunctions.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input)).toEqual([
      { taskToken: 'token-of-the-parked-task', output: JSON.stringify({ received: 'thresholdDecision' }) },
    ]);
  });
});

describe('the officer recording the decision', () => {
  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: awaitingDecision() });
    tokenStored('thresholdDecision', 'token-of-the-parked-task');
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(SendTaskSuccessCommand).resolves({});
  });

  it('must be the signed-in officer: a record under another officer id is refused with 403, and nothing is written', async () => {
    const response = await decide(consultation, CASE_ID, 'lado.7');

    expect(response.statusCode).toBe(403);
    // The token's username is not quoted back.
    expect(responseBody(response)).toEqual({ message: 'A decision must be recorded under your own officer id: send as "officerId" the username you signed in with' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('must be signed in (401) and a LADO officer or manager (403): operations only watch', async () => {
    const anonymous = await handler(apiEvent({ body: consultation, pathParameters: { caseId: CASE_ID } }), lambdaContext);
    expect(anonymous.statusCode).toBe(401);
    const operations = await handler(apiEvent({ body: consultation, pathParameters: { caseId: CASE_ID }, claims: officerClaims('duty.lado', 'operations') }), lambdaContext);
    expect(operations.statusCode).toBe(403);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is recorded as the author when a manager records under their own id', async () => {
    const byManager = { ...consultation, officerId: 'lado.manager.2' };
    const response = await decide(byManager, CASE_ID, 'lado.manager.2', 'lado-manager');

    expect(response.statusCode).toBe(202);
    expect(transactionItems(0)[1]?.Put?.Item).toMatchObject({ type: 'ThresholdDecisionRecorded', actor: 'lado.manager.2' });
  });
});

it('re-reads a case that changed after it was read, and saves against the newer version', async () => {
  dynamo
    .on(GetCommand)
    .resolvesOnce({ Item: awaitingDecision({ version: 5 }) })
    .resolves({ Item: awaitingDecision({ version: 6 }) });
  tokenStored('thresholdDecision', 'token-of-the-parked-task');
  dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction()).resolves({});
  stepFunctions.on(SendTaskSuccessCommand).resolves({});

  const response = await decide(consultation);

  expect(response.statusCode).toBe(202);
  // The case twice, then the token of the wait it closed: a new request costs no read of its own.
  expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key?.['sk'])).toEqual(['CASE', 'CASE', 'TOKEN']);
  expect(transactionItems(1)[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 6 });
  expect(savedRecord(transactionItems(1)[0]?.Put?.Item).version).toBe(7);
});

it('answers 409 for a referral still returned for missing details, and records nothing', async () => {
  dynamo.on(GetCommand).resolves({
    Item: awaitingDecision({ status: 'AWAITING_RESUBMISSION', awaiting: { kind: 'resubmission', since: '2026-11-23T09:31:00.000Z' } }),
  });

  const response = await decide(consultation);

  expect(response.statusCode).toBe(409);
  expect(responseBody(response).message).toBe('This case is not awaiting a threshold decision: its status is AWAITING_RESUBMISSION.');
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  expect(stepFunctions.calls()).toHaveLength(0);
});

it('is still accepted when the parked task has timed out', async () => {
  dynamo.on(GetCommand).resolves({ Item: awaitingDecision() });
  tokenStored('thresholdDecision', 'token-of-the-parked-task');
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));

  const response = await decide(consultation);

  expect(response.statusCode).toBe(202);
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
});

describe('a threshold decision no waiting task takes', () => {
  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: awaitingDecision({ phase: { name: 'first-days', sequence: 1, startedAt: '2026-11-23T09:30:01.000Z', wakes: 1 } }) });
    tokenStored('thresholdDecision', 'token-of-the-parked-task');
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    stepFunctions.on(StartExecutionCommand).resolves({ executionArn: executionArn(`${CASE_ID}-first-days-2`), startDate: NOW });
  });

  it('is left for the running workflow to find at its next wake', async () => {
    executionRunning();

    const response = await decide(consultation);

    expect(response.statusCode).toBe(202);
    expect(describedExecutions()).toEqual([executionArn(`${CASE_ID}-first-days`)]);
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('restarts a workflow that is not running, as the next first-days execution, which takes the case up where it stands', async () => {
    stepFunctions.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'Execution does not exist', $metadata: {} }));

    const response = await decide(consultation);

    expect(response.statusCode).toBe(202);
    expect(transactionItems(1)[1]?.Put?.Item).toMatchObject({
      type: 'WorkflowRestarted',
      actor: 'system',
      rationale: 'Input was recorded while the workflow was not running',
      details: { phase: 'first-days', sequence: 2 },
    });
    expect(stepFunctions.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name)).toEqual([`${CASE_ID}-first-days-2`]);
  });
});

it('answers 409 for a case whose workflow stopped for operations, before anything is stored', async () => {
  dynamo.on(GetCommand).resolves({
    Item: awaitingDecision({ needsAttention: { step: 'PlanThresholdDecisionWait', errorClass: 'ValidationException', since: '2026-11-24T10:00:00.000Z', execution: `${CASE_ID}-first-days` } }),
  });
  tokenStored('thresholdDecision', 'token-of-the-parked-task');

  const response = await decide(consultation);

  expect(response.statusCode).toBe(409);
  expect(responseBody(response)).toEqual({ message: STOPPED_WORKFLOW_MESSAGE });
  expect(STOPPED_WORKFLOW_MESSAGE).toContain('Nothing was recorded');
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  expect(stepFunctions.calls()).toHaveLength(0);
});

describe('a retried record, under the Idempotency-Key it was first sent with', () => {
  const recorded = (body: unknown) => ({
    Item: {
      ...recordedRequestKey(CASE_ID, REQUEST_KEY),
      key: REQUEST_KEY,
      fingerprint: fingerprint(officerDecisionSchema.parse(body)),
      status: 'CONSULTATION',
      caseVersion: 6,
      recordedAt: '2026-11-24T14:14:58.000Z',
    },
  });

  beforeEach(() => {
    // The first attempt was saved: the case has moved on, and its wait is closed.
    dynamo.on(GetCommand).resolves({ Item: awaitingDecision({ status: 'CONSULTATION', awaiting: undefined }) });
    tokenStored('thresholdDecision', 'token-of-the-parked-task');
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(SendTaskSuccessCommand).resolves({});
  });

  it('is answered 202 as the first was, and records nothing twice', async () => {
    dynamo.on(GetCommand, { Key: recordedRequestKey(CASE_ID, REQUEST_KEY) }).resolves(recorded(consultation));

    const response = await sendDecision(consultation);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'CONSULTATION' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('finishes what the first attempt may not have: the wait it closed is resumed if its token is still stored', async () => {
    dynamo.on(GetCommand, { Key: recordedRequestKey(CASE_ID, REQUEST_KEY) }).resolves(recorded(consultation));

    await sendDecision(consultation);

    expect(stepFunctions.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input.taskToken)).toEqual(['token-of-the-parked-task']);
  });

  it('resumes no wait that began after the first attempt was saved, but checks that the workflow that took it runs', async () => {
    dynamo.on(GetCommand, { Key: recordedRequestKey(CASE_ID, REQUEST_KEY) }).resolves(recorded(consultation));
    dynamo.on(GetCommand, { Key: taskTokenKey(CASE_ID) }).resolves({ Item: storedTaskToken(CASE_ID, 'thresholdDecision', 'token-of-a-later-wait', 7) });
    executionRunning();

    const response = await sendDecision(consultation);

    expect(response.statusCode).toBe(202);
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(describedExecutions()).toEqual([executionArn(`${CASE_ID}-first-days`)]);
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is refused with 422 when the key was used for a different record, and nothing is written', async () => {
    dynamo.on(GetCommand, { Key: recordedRequestKey(CASE_ID, REQUEST_KEY) }).resolves(recorded(consultation));

    const response = await sendDecision({ ...consultation, rationale: 'A different rationale, so a different record.' });

    expect(response.statusCode).toBe(422);
    expect(responseBody(response).message).toBe(KEY_REUSED_MESSAGE);
    expect(KEY_REUSED_MESSAGE).toBe('This Idempotency-Key was already used for a different request on this case: send a new key with each new request.');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('racing its twin, loses the conditional write of the request and is answered as the twin was', async () => {
    dynamo.on(GetCommand).resolves({ Item: awaitingDecision() });
    tokenStored('thresholdDecision', 'token-of-the-parked-task');
    dynamo.on(GetCommand, { Key: recordedRequestKey(CASE_ID, REQUEST_KEY) }).resolves(recorded(consultation));
    const twinWon = new TransactionCanceledException({
      message: 'Transaction cancelled [ConditionalCheckFailed, None, ConditionalCheckFailed]',
      $metadata: {},
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    dynamo.on(TransactWriteCommand).rejects(twinWon);

    const response = await sendDecision(consultation);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'CONSULTATION' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

it('writes the request beside the case in the same transaction, only if its key is new, with the answer a retry gets', async () => {
  dynamo.on(GetCommand).resolves({ Item: awaitingDecision() });
  tokenStored('thresholdDecision', 'token-of-the-parked-task');
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(SendTaskSuccessCommand).resolves({});

  await decide(consultation);

  const requestPut = transactionItems(0).at(-1)?.Put;
  expect(requestPut?.ConditionExpression).toBe('attribute_not_exists(pk)');
  expect(requestPut?.Item).toMatchObject({ ...recordedRequestKey(CASE_ID, REQUEST_KEY), key: REQUEST_KEY, status: 'CONSULTATION', recordedAt: NOW.toISOString() });
  expect(requestPut?.Item?.['fingerprint']).toBe(fingerprint(officerDecisionSchema.parse(consultation)));
  // Removed by the table's TTL a week later.
  expect(requestPut?.Item?.['expiresAt']).toBe(NOW.getTime() / 1000 + 7 * 24 * 60 * 60);
});

it.each([
  ['no Idempotency-Key', null, 'Send an Idempotency-Key header: a new random value (a UUID) for each new request, the same value when retrying one'],
  ['a malformed Idempotency-Key', 'key with spaces', 'The Idempotency-Key must be 8 to 128 letters, digits, dots, colons, hyphens or underscores, such as a UUID'],
])('answers 400 for %s, naming the header, and reads or writes nothing', async (_, key, message) => {
  const response = await sendDecision(consultation, { key });

  expect(response.statusCode).toBe(400);
  expect(responseBody(response).errors).toEqual([{ path: 'headers.Idempotency-Key', message }]);
  expect(dynamo.calls()).toHaveLength(0);
});

it('answers 404 for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  const response = await decide(consultation, 'LADO-0000000000');

  expect(response.statusCode).toBe(404);
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
});

describe('the other threshold outcomes', () => {
  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: awaitingDecision() });
    tokenStored('thresholdDecision', 'token-of-the-parked-task');
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(SendTaskSuccessCommand).resolves({});
  });

  it('an allegation moves the case to ALLEGATION_MANAGEMENT with its review and resolution targets', async () => {
    const response = await decide(allegation);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'ALLEGATION_MANAGEMENT' });
    const saved = savedRecord(transactionItems(0)[0]?.Put?.Item);
    expect(saved.allocation).toEqual(LADO);
    expect(saved.deadlines.filter((d) => d.state === 'pending').map((d) => d.kind)).toEqual([
      'ladoReview',
      'resolutionOneMonth',
      'resolutionThreeMonths',
      'resolutionTwelveMonths',
    ]);
    expect(transactionItems(0)[1]?.Put?.Item).toMatchObject({ type: 'ThresholdDecisionRecorded', details: { outcome: 'allegation' } });
  });

  it('no further action closes the case, and still resumes the workflow so that it can end', async () => {
    const response = await decide({ kind: 'threshold', outcome: 'no-further-action', officerId: 'duty.lado', rationale: consultation.rationale, category: 'threshold-not-met' });

    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'CLOSED' });
    const saved = savedRecord(transactionItems(0)[0]?.Put?.Item);
    expect(saved.closedAt).toBe(NOW.toISOString());
    expect(saved.closure?.noFurtherAction).toBe('threshold-not-met');
    expect(saved.owedEmails?.map((email) => email.kind)).toEqual(['noFurtherActionNotice']);
    expect(saved).not.toHaveProperty('allocation');
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('a transfer closes the case naming the authority that leads and its designated officer, and owes both their emails', async () => {
    const medway = { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' };
    const response = await decide({
      kind: 'threshold',
      outcome: 'transfer',
      officerId: 'duty.lado',
      rationale: 'The teacher works in Medway; their designated officer leads.',
      receivingAuthority: medway,
    });

    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'CLOSED' });
    const saved = savedRecord(transactionItems(0)[0]?.Put?.Item);
    expect(saved.closure).toMatchObject({ receivingAuthority: medway });
    expect(saved.owedEmails?.map((email) => email.kind)).toEqual(['receivingAuthorityNotice', 'transferNotice']);
    expect(transactionItems(0)[1]?.Put?.Item).toMatchObject({ type: 'ThresholdDecisionRecorded', details: { outcome: 'transfer', receivingAuthority: 'Medway Council' } });
  });
});

it('answers 409 for a case already past its threshold decision, and records nothing', async () => {
  dynamo.on(GetCommand).resolves({
    Item: awaitingDecision({ status: 'ALLEGATION_MANAGEMENT', awaiting: { kind: 'officerEvent', since: '2026-11-24T10:00:00.000Z' } }),
  });

  const response = await decide(consultation);

  expect(response.statusCode).toBe(409);
  expect(responseBody(response).message).toBe('This case is not awaiting a threshold decision: its status is ALLEGATION_MANAGEMENT.');
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  expect(stepFunctions.calls()).toHaveLength(0);
});

describe('an invalid decision', () => {
  it('of outcome allegation without harm criteria is refused with 400 naming harmCriteria, saying an allegation must name the harm criteria it meets', async () => {
    const { harmCriteria: _harmCriteria, ...withoutCriteria } = allegation;

    const response = await decide(withoutCriteria);

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([{ path: 'harmCriteria', message: 'An allegation must name the harm criteria it meets, as a list' }]);
  });

  it('of outcome consultation without an allocated LADO is refused with 400 naming allocatedTo', async () => {
    const { allocatedTo: _allocatedTo, ...unallocated } = consultation;

    const response = await decide(unallocated);

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors.map((e: { path: string }) => e.path)).toEqual(['allocatedTo']);
  });

  it('without an allocated LADO is refused with 400 before reading the case', async () => {
    const { allocatedTo: _allocatedTo, ...unallocated } = allegation;

    const response = await decide(unallocated);

    expect(response.statusCode).toBe(400);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it("closing a consultation without its outcome is refused with 400 naming outcome and listing the categories, before reading the case", async () => {
    const response = await decide({ kind: 'close-consultation', officerId: 'lado.7', rationale: 'The harm threshold is not met after all.' });

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([
      {
        path: 'outcome',
        message: "The consultation's outcome must be one of: management action, advice or signposting, risk assessment, no further action, referred elsewhere",
      },
    ]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it("with an allocated LADO's email that is not an address is refused with 400 naming it", async () => {
    const response = await decide({ ...consultation, allocatedTo: { officerId: 'lado.7', email: 'lado7 at the council' } });

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([
      { path: 'allocatedTo.email', message: "The allocated LADO's email must be a valid email address" },
    ]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('of outcome allegation with an empty list of harm criteria says at least one is needed', async () => {
    const response = await decide({ ...allegation, harmCriteria: [] });

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([{ path: 'harmCriteria', message: 'An allegation must name at least one harm criterion' }]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('without a rationale of substance is refused with 400 naming rationale', async () => {
    const response = await decide({ ...consultation, rationale: 'ok' });

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([{ path: 'rationale', message: 'The rationale must say why, in at least 10 characters' }]);
  });

  it.each([
    ['an escape sequence', 'Spoke to the head.\u001b[2J Cleared.', 'The rationale must not contain control characters other than tabs and line breaks'],
    ['a NUL', 'Spoke to the head\u0000 of the school.', 'The rationale must not contain control characters other than tabs and line breaks'],
    ['an unpaired surrogate', 'Spoke to the head \ud800 of the school.', 'The rationale must be valid Unicode text: it holds an unpaired surrogate'],
  ])('with %s in its rationale is refused with 400 naming rationale, before reading the case', async (_what, rationale, message) => {
    const response = await decide({ ...consultation, rationale });

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([{ path: 'rationale', message }]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('with a receiving authority holding a line break, or its officer without a valid email, is refused with 400 naming each', async () => {
    const response = await decide({
      kind: 'threshold',
      outcome: 'transfer',
      officerId: 'duty.lado',
      rationale: consultation.rationale,
      receivingAuthority: { name: 'Medway\nCouncil', designatedOfficerEmail: 'lado at medway' },
    });

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([
      { path: 'receivingAuthority.name', message: 'The receiving authority must be a single line of text, without tabs, line breaks or other control characters' },
      { path: 'receivingAuthority.designatedOfficerEmail', message: "The receiving authority's designated officer's email must be a valid email address" },
    ]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('of no further action without its category is refused with 400 naming the field, before reading the case', async () => {
    const response = await decide({ kind: 'threshold', outcome: 'no-further-action', officerId: 'duty.lado', rationale: consultation.rationale });

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([
      { path: 'category', message: 'The category of no further action must be one of: not-working-with-children, threshold-not-met, employer-procedures, another-service' },
    ]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('of a kind this service does not know is refused with 400', async () => {
    const response = await decide({ kind: 'promotion', officerId: 'lado.7', rationale: consultation.rationale });

    expect(response.statusCode).toBe(400);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('with a malformed case id is refused with 400 naming the path parameter', async () => {
    const response = await decide(consultation, 'not-a-case');

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors[0].path).toBe('pathParameters.caseId');
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('an officer record during case management', () => {
  const WAIT_TOKEN = 'token-of-the-management-wait';
  const REVIEW_DUE = '2026-12-21T17:00:00.000Z';
  const review = { kind: 'review-done', officerId: 'lado.7', rationale: 'Reviewed with the employer and the police; no change.' };
  // Section 47 enquiries call for a strategy meeting within 7 working days: sooner than the review the wait was planned for.
  const section47 = { kind: 'tracks', officerId: 'lado.7', rationale: 'Police and children’s social care are involved.', police: false, section47: true, employer: 'none' };
  // The threshold decision that made the case an allegation: the strategy meeting counts from it (from its referral's receipt).
  const decidedAllegation = { decisions: [{ decision: officerDecisionSchema.parse(allegation), decidedBy: 'duty.lado', decidedAt: '2026-11-23T15:00:00.000Z' }] };

  function managedCase(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
    return storedCaseItem({
      caseId: CASE_ID,
      status: 'ALLEGATION_MANAGEMENT',
      allocation: LADO,
      awaiting: { kind: 'officerEvent', since: '2026-11-23T15:00:00.000Z' },
      phase: { name: 'management', sequence: 1, startedAt: '2026-11-23T15:00:00.000Z', wakes: 2 },
      deadlines: [{ kind: 'ladoReview', dueAt: REVIEW_DUE, dueSoonAt: '2026-12-17T09:00:00.000Z', remindAt: '2026-12-21T09:00:00.000Z', state: 'pending' }],
      version: 9,
      ...overrides,
    });
  }

  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: managedCase() });
    tokenStored('officerEvent', WAIT_TOKEN);
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(SendTaskSuccessCommand).resolves({});
  });

  it('is accepted with 202 and the status it leaves the case in', async () => {
    const response = await decide(review);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'ALLEGATION_MANAGEMENT' });
  });

  it('saves what the rules make of it, conditioned on the version read, and keeps the case waiting for officer events', async () => {
    await decide(review);

    const casePut = transactionItems(0)[0]?.Put;
    expect(casePut?.ExpressionAttributeValues).toEqual({ ':expected': 9 });
    const saved = savedRecord(casePut?.Item);
    expect(saved.version).toBe(10);
    expect(saved.awaiting?.kind).toBe('officerEvent');
    expect(saved.decisions).toEqual([{ decision: review, decidedBy: 'lado.7', decidedAt: NOW.toISOString() }]);
    expect(saved.deadlines).toEqual([
      { kind: 'ladoReview', dueAt: REVIEW_DUE, dueSoonAt: '2026-12-17T09:00:00.000Z', remindAt: '2026-12-21T09:00:00.000Z', state: 'met', settledAt: NOW.toISOString() },
      // Twenty working days from Tuesday 24 November.
      { kind: 'ladoReview', dueAt: '2026-12-22T17:00:00.000Z', dueSoonAt: '2026-12-18T09:00:00.000Z', remindAt: '2026-12-22T09:00:00.000Z', state: 'pending' },
    ]);
  });

  it('writes an audit event with the officer, the time and the rationale, and what changed', async () => {
    await decide(review);

    const event = transactionItems(0)[1]?.Put?.Item;
    expect(event).toMatchObject({
      pk: `CASE#${CASE_ID}`,
      type: 'Officer:review-done',
      actor: 'lado.7',
      at: NOW.toISOString(),
      rationale: review.rationale,
      details: {},
    });
    expect(Object.keys(event?.['changes'] ?? {}).sort()).toEqual(['deadlines', 'decisions', 'version']);
  });

  it('wakes the parked workflow with the stored task token when it must act sooner than it planned', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase(decidedAllegation) });
    tokenStored('officerEvent', WAIT_TOKEN);

    await decide(section47);

    expect(savedRecord(transactionItems(0)[0]?.Put?.Item).deadlines.find((d) => d.kind === 'strategyMeeting')?.dueAt.localeCompare(REVIEW_DUE)).toBe(-1);
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input)).toEqual([
      { taskToken: WAIT_TOKEN, output: JSON.stringify({ received: 'officerEvent' }) },
    ]);
  });

  it('leaves the workflow parked when the record moves its next wake later: the timer, when it fires, finds nothing due and plans again', async () => {
    executionRunning();

    const response = await decide(review);

    expect(response.statusCode).toBe(202);
    // The case, once: its execution is checked from the case as saved; no token is read.
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key?.['sk'])).toEqual(['CASE']);
    expect(describedExecutions()).toEqual([executionArn(`${CASE_ID}-management-1`)]);
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('wakes nothing while the workflow is between waits, with no task token stored', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase({ awaiting: { kind: 'officerEvent', since: '2026-11-23T15:00:00.000Z' } }) });
    executionRunning();

    const response = await decide(review);

    expect(response.statusCode).toBe(202);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('restarts the workflow from the stored case when its execution has stopped, recording who asked and why', async () => {
    stepFunctions.on(DescribeExecutionCommand).resolves({ status: 'FAILED' });
    stepFunctions.on(StartExecutionCommand).resolves({ executionArn: executionArn(`${CASE_ID}-management-2`), startDate: NOW });

    const response = await decide(review);

    expect(response.statusCode).toBe(202);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
    const restarted = transactionItems(1);
    expect(savedRecord(restarted[0]?.Put?.Item).phase).toEqual({ name: 'management', sequence: 2, startedAt: NOW.toISOString(), wakes: 0 });
    expect(restarted[1]?.Put?.Item).toMatchObject({
      type: 'WorkflowRestarted',
      actor: 'system',
      rationale: 'A record was made while the workflow was not running',
      details: { phase: 'management', sequence: 2 },
    });
    expect(stepFunctions.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { stateMachineArn: 'arn:aws:states:eu-west-2:123456789012:stateMachine:first-days', name: `${CASE_ID}-management-2`, input: JSON.stringify({ caseId: CASE_ID, phase: 'management', sequence: 2 }) },
    ]);
  });

  it('is still accepted, and logged for the reconciler, when whether the workflow runs cannot be told', async () => {
    const loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    stepFunctions.on(DescribeExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }));

    const response = await decide(review);

    expect(response.statusCode).toBe(202);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(loggedErrors).toHaveBeenCalledWith(expect.stringContaining('reconciler'), { caseId: CASE_ID, errorClass: 'ThrottlingException' });
  });

  it('of a case whose workflow stopped for operations is refused with 409 before anything is stored, and nothing is woken', async () => {
    dynamo.on(GetCommand).resolves({
      Item: managedCase({ needsAttention: { step: 'FireOfficerEventDeadlines', errorClass: 'ValidationException', since: '2026-11-24T10:00:00.000Z', execution: `${CASE_ID}-management-1` } }),
    });

    const response = await decide(section47);

    expect(response.statusCode).toBe(409);
    expect(responseBody(response)).toEqual({ message: STOPPED_WORKFLOW_MESSAGE });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('is still accepted when the parked task has timed out', async () => {
    stepFunctions.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    dynamo.on(GetCommand).resolves({ Item: managedCase(decidedAllegation) });
    tokenStored('officerEvent', WAIT_TOKEN);

    const response = await decide(section47);

    expect(response.statusCode).toBe(202);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('closing a case whose duties are done answers CLOSED and wakes the workflow so that it ends', async () => {
    dynamo.on(GetCommand).resolves({
      Item: managedCase({
        status: 'OUTCOME_DUTIES',
        outcome: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true, recordedAt: '2026-11-24T10:00:00.000Z', recordedBy: 'lado.7' },
        duties: { regulatorReferral: 'done' },
        deadlines: [],
      }),
    });
    tokenStored('officerEvent', 'token-of-the-management-wait');

    const response = await decide({ kind: 'close', officerId: 'lado.7', rationale: 'Every duty that followed the outcome is done.' });

    expect(responseBody(response)).toEqual({ caseId: CASE_ID, status: 'CLOSED' });
    const saved = savedRecord(transactionItems(0)[0]?.Put?.Item);
    expect(saved).not.toHaveProperty('awaiting');
    expect(transactionItems(0)[1]?.Put?.Item?.['removed']).toEqual(['awaiting']);
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.taskToken).toBe(WAIT_TOKEN);
  });

  it('answers 409 with the rule that refuses a record not belonging to the stage, and records and wakes nothing', async () => {
    const response = await decide({ kind: 'close-consultation', officerId: 'lado.7', rationale: 'The harm threshold is not met after all.', outcome: 'advice or signposting' });

    expect(response.statusCode).toBe(409);
    expect(responseBody(response).message).toBe('A "close-consultation" record does not apply to this case now: its status is ALLEGATION_MANAGEMENT.');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('answers 409 with the rule that refuses a deadline never set', async () => {
    const response = await decide({ kind: 'employer-action-taken', officerId: 'lado.7', rationale: 'The employer issued a written warning.' });

    expect(response.statusCode).toBe(409);
    expect(responseBody(response).message).toBe('No employer action is outstanding on this case.');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 409 while the case still awaits its threshold decision', async () => {
    dynamo.on(GetCommand).resolves({ Item: awaitingDecision() });
    tokenStored('thresholdDecision', 'token-of-the-parked-task');

    const response = await decide(review);

    expect(response.statusCode).toBe(409);
    expect(responseBody(response).message).toBe('A "review-done" record does not apply to this case now: its status is AWAITING_THRESHOLD_DECISION.');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
  });

  it('re-reads a case that changed after it was read, and wakes the workflow with the token stored then', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: managedCase({ version: 9, ...decidedAllegation }) })
      .resolves({ Item: managedCase({ version: 10, ...decidedAllegation }) });
    tokenStored('officerEvent', 'token-of-a-newer-wait');
    dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction()).resolves({});

    const response = await decide(section47);

    expect(response.statusCode).toBe(202);
    expect(transactionItems(1)[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 10 });
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input.taskToken)).toEqual(['token-of-a-newer-wait']);
  });

  it('answers 404 for a case the table does not hold', async () => {
    dynamo.on(GetCommand).resolves({});

    const response = await decide(review, 'LADO-0000000000');

    expect(response.statusCode).toBe(404);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
