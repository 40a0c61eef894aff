import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { caseIdForSubmission } from '../../functions/domain/case-id';
import type { Referral } from '../../functions/domain/referral-schema';
import { handler } from '../../functions/intake/handler';
import { logger } from '../../functions/shared/observability';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import { apiEvent, conditionFailedTransaction, lambdaContext, responseBody, restoreEnvironment, SERVICE_ENV, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

const RECEIVED_AT = new Date('2026-11-23T09:30:00Z');

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  ses.reset();
  useServiceEnvironment(RECEIVED_AT);
});

afterEach(restoreEnvironment);

const submit = (body: unknown) => handler(apiEvent({ body }), lambdaContext);

/** Submits a referral the table accepts, and answers with the case item it stored. */
async function submitFirstTime(referral: Referral): Promise<Record<string, unknown>> {
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution' });
  const response = await submit(referral);
  expect(response.statusCode).toBe(202);
  const item = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Put?.Item;
  if (!item) throw new Error('The case was not stored');
  dynamo.reset();
  stepFunctions.reset();
  return item;
}

describe('a valid referral', () => {
  it('is stored with its received event, appended to the audit trail, in one conditional transaction, and answered 202 RECEIVED', async () => {
    const referral = completeReferral();
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution' });

    const response = await submit(referral);

    const caseId = caseIdForSubmission(referral.submissionId);
    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId, status: 'RECEIVED' });

    const writes = dynamo.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const [casePut, eventPut] = writes[0]!.args[0].input.TransactItems ?? [];
    expect(casePut?.Put).toMatchObject({
      TableName: SERVICE_ENV.TABLE_NAME,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `CASE#${caseId}`,
        sk: 'CASE',
        caseId,
        status: 'RECEIVED',
        receivedAt: RECEIVED_AT.toISOString(),
        referral,
        version: 1,
      },
    });
    expect(eventPut?.Put).toMatchObject({ TableName: SERVICE_ENV.AUDIT_TABLE_NAME, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(eventPut?.Put?.Item).toMatchObject({
      pk: `CASE#${caseId}`,
      sk: expect.stringMatching(/^EVENT#/),
      type: 'ReferralReceived',
      actor: 'referrer',
      at: RECEIVED_AT.toISOString(),
      details: { submissionId: referral.submissionId },
    });
  });

  it('starts the first-days workflow named after the case, with nothing but the case id as input', async () => {
    const referral = completeReferral();
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution' });

    await submit(referral);

    const caseId = caseIdForSubmission(referral.submissionId);
    const starts = stepFunctions.commandCalls(StartExecutionCommand);
    expect(starts).toHaveLength(1);
    const { name, input, stateMachineArn } = starts[0]!.args[0].input;
    expect(stateMachineArn).toBe(SERVICE_ENV.STATE_MACHINE_ARN);
    expect(name).toBe(`${caseId}-first-days`);
    expect(input).toBe(JSON.stringify({ caseId }));
    expect(ses.calls()).toHaveLength(0);
  });
});

describe('the same submission again', () => {
  it('answers with the same case and starts the workflow again, tolerating that it already exists', async () => {
    const referral = completeReferral();
    const stored = await submitFirstTime(referral);
    dynamo.on(TransactWriteCommand).rejects(conditionFailedTransaction());
    dynamo.on(GetCommand).resolves({ Item: stored });
    stepFunctions.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution already exists', $metadata: {} }));

    const response = await submit(referral);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: caseIdForSubmission(referral.submissionId), status: 'RECEIVED' });
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('answers with the status the stored case has reached since', async () => {
    const referral = completeReferral();
    const stored = await submitFirstTime(referral);
    dynamo.on(TransactWriteCommand).rejects(conditionFailedTransaction());
    dynamo.on(GetCommand).resolves({ Item: { ...stored, status: 'AWAITING_THRESHOLD_DECISION', version: 3 } });
    stepFunctions.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution already exists', $metadata: {} }));

    const response = await submit(referral);

    expect(responseBody(response)).toEqual({ caseId: caseIdForSubmission(referral.submissionId), status: 'AWAITING_THRESHOLD_DECISION' });
  });

  it('with different content under the same submission id is refused with 409, and no workflow starts', async () => {
    const referral = completeReferral();
    const stored = await submitFirstTime(referral);
    dynamo.on(TransactWriteCommand).rejects(conditionFailedTransaction());
    dynamo.on(GetCommand).resolves({ Item: stored });

    const changed = { ...referral, allegation: { ...referral.allegation, category: 'neglect' as const } };
    const response = await submit(changed);

    expect(response.statusCode).toBe(409);
    expect(responseBody(response).message).toMatch(/already used for a different referral/);
    expect(stepFunctions.calls()).toHaveLength(0);
  });
});

describe('an invalid body', () => {
  const valid = completeReferral();
  const cases: Array<[string, unknown, number, string[]]> = [
    ['no body', undefined, 400, ['body']],
    ['a body that is not JSON', '{"submissionId": ', 400, ['body']],
    [
      'wrong types',
      { ...valid, subject: { ...valid.subject, dateOfBirth: 17 }, allegation: { ...valid.allegation, immediateRisk: 'yes' } },
      400,
      ['subject.dateOfBirth', 'allegation.immediateRisk'],
    ],
    [
      'markup in a name',
      { ...valid, referrer: { ...valid.referrer, name: '<script>alert(1)</script>' }, subject: { ...valid.subject, lastName: 'Smith<b>' } },
      400,
      ['referrer.name', 'subject.lastName'],
    ],
    ['an unknown field', { ...valid, notes: 'extra' }, 400, ['body']],
    ['an oversized body', { ...valid, allegation: { ...valid.allegation, description: 'x'.repeat(70_000) } }, 413, ['body']],
  ];

  it.each(cases)('%s is answered %i naming the fields at fault, without touching AWS', async (_what, body, status, paths) => {
    const response = await submit(body);

    expect(response.statusCode).toBe(status);
    const { errors } = responseBody(response) as { errors: Array<{ path: string; message: string }> };
    expect(errors.map((error) => error.path)).toEqual(expect.arrayContaining(paths));
    for (const error of errors) expect(error.message.length).toBeGreaterThan(0);
    expect(dynamo.calls()).toHaveLength(0);
    expect(stepFunctions.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });
});

describe('an unexpected AWS failure', () => {
  it('is answered with a bare 500, and neither the log nor the response carries referral content', async () => {
    const loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    // A fault a retry cannot mend (a transient one is answered 503: see http-handler.test.ts).
    dynamo.on(TransactWriteCommand).rejects(Object.assign(new Error('One or more parameter values were invalid: Eleanor'), { name: 'ValidationException', $fault: 'client' }));

    const response = await submit(completeReferral());

    expect(response.statusCode).toBe(500);
    expect(responseBody(response)).toEqual({ message: 'Internal error' });
    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(loggedErrors).toHaveBeenCalledWith('Request failed', { function: lambdaContext.functionName, route: 'POST /referrals', errorClass: 'ValidationException', statusCode: 500 });
    const logged = JSON.stringify(loggedErrors.mock.calls);
    for (const personal of PERSONAL_DATA) {
      expect(logged).not.toContain(personal);
      expect(response.body).not.toContain(personal);
    }
    expect(stepFunctions.calls()).toHaveLength(0);
  });
});
