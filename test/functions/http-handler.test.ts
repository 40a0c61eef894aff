import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as getCase } from '../../functions/get-case/handler';
import { handler as intake } from '../../functions/intake/handler';
import { ANSWER_MARGIN_MS, OUT_OF_TIME_MESSAGE, RETRY_AFTER_SECONDS } from '../../functions/shared/handler';
import { logger } from '../../functions/shared/observability';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import { apiEvent, lambdaContext, officerClaims, responseBody, restoreEnvironment, useServiceEnvironment } from './support';

/**
 * What every HTTP handler does with a request before and after its own work
 * (functions/shared/handler.ts): the body's type and encoding, what an error
 * may quote back, the headers of every answer, and a dependency that is down.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  ses.reset();
  useServiceEnvironment(new Date('2026-11-23T09:30:00Z'));
});

afterEach(restoreEnvironment);

/** A submission with the headers given in place of the usual content-type. */
function submission(body: string | undefined, headers: Record<string, string>, isBase64Encoded = false): APIGatewayProxyEvent {
  return { ...apiEvent({ body }), headers, isBase64Encoded };
}

const nothingTouched = () => {
  expect(dynamo.calls()).toHaveLength(0);
  expect(stepFunctions.calls()).toHaveLength(0);
  expect(ses.calls()).toHaveLength(0);
};

function accepting(): void {
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution' });
}

describe('the content type of a body', () => {
  const body = JSON.stringify(completeReferral());

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['multipart', { 'Content-Type': 'multipart/form-data; boundary=x' }],
    ['a JSON lookalike', { 'content-type': 'application/jsonp' }],
    ['JSON in another charset', { 'content-type': 'application/json; charset=iso-8859-1' }],
    ['none at all', {}],
  ])('%s is refused with 415 naming Content-Type, and nothing is touched', async (_what, headers) => {
    const response = await intake(submission(body, headers), lambdaContext);

    expect(response.statusCode).toBe(415);
    expect(responseBody(response)).toEqual({
      message: 'The body must be JSON, sent with Content-Type: application/json',
      errors: [{ path: 'headers.Content-Type', message: 'Content-Type must be application/json, with no charset or charset=utf-8' }],
    });
    nothingTouched();
  });

  it.each([['application/json'], ['Application/JSON; Charset=UTF-8'], ['application/json;charset="utf-8"']])('%s is accepted', async (contentType) => {
    accepting();
    const response = await intake(submission(body, { 'Content-Type': contentType }), lambdaContext);
    expect(response.statusCode).toBe(202);
  });

  it('is not asked of a request without a body, which is told a body is required', async () => {
    const response = await intake(submission(undefined, {}), lambdaContext);
    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([{ path: 'body', message: 'A JSON body is required' }]);
  });
});

describe('a body passed on base64-encoded, as API Gateway passes one that is not text', () => {
  it('is read as UTF-8', async () => {
    accepting();
    const body = Buffer.from(JSON.stringify(completeReferral()), 'utf8').toString('base64');
    expect((await intake(submission(body, { 'content-type': 'application/json' }, true), lambdaContext)).statusCode).toBe(202);
  });

  it.each([
    ['a stray continuation byte', Buffer.from([0x7b, 0x80, 0x7d])],
    ['a Latin-1 é', Buffer.from('{"submissionId": "portal-café-0001"}', 'latin1')],
    ['a truncated sequence', Buffer.from([0x7b, 0x22, 0xe2, 0x82, 0x22, 0x7d])],
    ['an encoded surrogate', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])],
  ])('with %s, is refused with 400 rather than repaired, and nothing is touched', async (_what, bytes) => {
    const body = bytes.toString('base64');
    const response = await intake(submission(body, { 'content-type': 'application/json' }, true), lambdaContext);

    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors).toEqual([{ path: 'body', message: 'The body must be valid UTF-8 text' }]);
    nothingTouched();
  });
});

describe('what a 400 quotes back', () => {
  const valid = completeReferral();

  it('is at most 40 characters of an unknown key, however long', async () => {
    const key = `x${'k'.repeat(5000)}`;
    const response = await intake(apiEvent({ body: { ...valid, [key]: 1 } }), lambdaContext);

    expect(response.statusCode).toBe(400);
    const [error] = responseBody(response).errors;
    expect(error).toEqual({ path: 'body', message: `Unrecognized key: "x${'k'.repeat(39)}…"` });
    expect(response.body.length).toBeLessThan(200);
    nothingTouched();
  });

  it('is JSON-escaped: control characters and unpaired surrogates in a key come back as escapes', async () => {
    const response = await intake(apiEvent({ body: `{"submissionId":"portal-0001","\\u001b[2J\\ud800":1}` }), lambdaContext);

    const messages = responseBody(response).errors.map((error: { message: string }) => error.message);
    expect(messages).toContain('Unrecognized key: "\\u001b[2J\\ud800"');
    for (const message of messages) expect(message).not.toMatch(/[\u0000-\u001f]|\p{Cs}/u);
  });

  it('names a few of many unknown keys and counts the rest', async () => {
    const extra = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`extra${i}`, i]));
    const response = await intake(apiEvent({ body: { ...valid, ...extra } }), lambdaContext);

    expect(responseBody(response).errors).toEqual([
      { path: 'body', message: 'Unrecognized keys: "extra0", "extra1", "extra2", "extra3", "extra4" and 95 more' },
    ]);
  });
});

describe('every answer', () => {
  it('carries X-Content-Type-Options: nosniff, whatever its status', async () => {
    accepting();
    const answers = [
      await intake(apiEvent({ body: completeReferral() }), lambdaContext),
      await intake(apiEvent({ body: '{' }), lambdaContext),
      await intake(submission('{}', { 'content-type': 'text/html' }), lambdaContext),
      await getCase(apiEvent({ pathParameters: { caseId: 'LADO-0123456789' } }), lambdaContext),
    ];
    dynamo.on(GetCommand).resolves({});
    answers.push(await getCase(apiEvent({ pathParameters: { caseId: 'LADO-0123456789' }, claims: officerClaims('lado.7') }), lambdaContext));

    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 400, 415, 401, 404]);
    for (const answer of answers) expect(answer.headers?.['x-content-type-options']).toBe('nosniff');
  });
});

describe('DynamoDB or Step Functions unavailable', () => {
  const throttled = () =>
    new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded', $metadata: { httpStatusCode: 400 } });
  const unavailable = () =>
    Object.assign(new Error('Service Unavailable: Eleanor Whitcombe'), { name: 'UnknownError', $fault: 'server', $metadata: { httpStatusCode: 503 } });

  it('a throttled write is answered 503 with Retry-After, nothing is started, and one ERROR line names the route and the error class only', async () => {
    const loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    dynamo.on(TransactWriteCommand).rejects(throttled());

    const response = await intake(apiEvent({ body: completeReferral() }), lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': String(RETRY_AFTER_SECONDS), 'x-content-type-options': 'nosniff' });
    expect(responseBody(response)).toEqual({ message: 'The service is briefly unavailable: send the same request again after the seconds given in Retry-After' });
    expect(stepFunctions.calls()).toHaveLength(0);
    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(loggedErrors).toHaveBeenCalledWith('Request failed: a dependency is unavailable', {
      function: lambdaContext.functionName,
      route: 'POST /referrals',
      errorClass: 'ProvisionedThroughputExceededException',
      statusCode: 503,
    });
  });

  it('a read failing with a 5xx is answered 503, logged once with the case id and without the error message', async () => {
    const loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    dynamo.on(GetCommand).rejects(unavailable());

    const response = await getCase(apiEvent({ pathParameters: { caseId: 'LADO-0123456789' }, claims: officerClaims('lado.7') }), lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(loggedErrors).toHaveBeenCalledWith('Request failed: a dependency is unavailable', {
      caseId: 'LADO-0123456789',
      function: lambdaContext.functionName,
      route: 'GET /cases/{caseId}',
      errorClass: 'UnknownError',
      statusCode: 503,
    });
    const logged = JSON.stringify(loggedErrors.mock.calls);
    expect(logged).not.toContain('Service Unavailable');
    for (const personal of PERSONAL_DATA) expect(logged + response.body).not.toContain(personal);
  });

  it('a workflow that cannot be started is answered 503, the case and its audit event having been written whole in one transaction', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const referral = completeReferral();
    dynamo.on(TransactWriteCommand).resolves({});
    stepFunctions.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }));

    const response = await intake(apiEvent({ body: referral }), lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    // The case, its audit event and its subject's match key (previously known).
    expect(dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toHaveLength(3);
  });
});

describe('a request that runs out of time', () => {
  it('is answered 504 while there is time to answer, with one ERROR line naming the route, instead of being cut off', async () => {
    const loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    // A read that never answers, in an invocation with 50 ms left before the margin kept to answer.
    dynamo.on(GetCommand).callsFake(() => new Promise(() => undefined));
    const context = { ...lambdaContext, getRemainingTimeInMillis: () => ANSWER_MARGIN_MS + 50 };

    const response = await getCase(apiEvent({ pathParameters: { caseId: 'LADO-0123456789' }, claims: officerClaims('lado.7') }), context);

    expect(response.statusCode).toBe(504);
    expect(responseBody(response)).toEqual({ message: OUT_OF_TIME_MESSAGE });
    expect(response.headers?.['x-content-type-options']).toBe('nosniff');
    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(loggedErrors).toHaveBeenCalledWith('Request ran out of time', {
      caseId: 'LADO-0123456789',
      function: lambdaContext.functionName,
      route: 'GET /cases/{caseId}',
      statusCode: 504,
    });
  });

  it('is answered as usual when the work ends in time', async () => {
    dynamo.on(GetCommand).resolves({});
    const context = { ...lambdaContext, getRemainingTimeInMillis: () => ANSWER_MARGIN_MS + 5_000 };

    const response = await getCase(apiEvent({ pathParameters: { caseId: 'LADO-0123456789' }, claims: officerClaims('lado.7') }), context);

    expect(response.statusCode).toBe(404);
  });
});
