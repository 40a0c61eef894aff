import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { vi } from 'vitest';
import type { StoredCase } from '../../functions/shared/case-store';
import { useClock } from '../../functions/shared/clock';
import { completeReferral } from '../support/referrals';

/** The environment every function reads, with addresses the tests can recognise in sent emails. */
export const SERVICE_ENV = {
  TABLE_NAME: 'lado-cases-test',
  AUDIT_TABLE_NAME: 'lado-cases-test-audit',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:123456789012:stateMachine:first-days',
  EMAIL_FROM: 'lado-noreply@council.example.gov.uk',
  DUTY_LADO_EMAIL: 'duty-lado@council.example.gov.uk',
  LADO_MANAGER_EMAIL: 'lado-manager@council.example.gov.uk',
  OFFICER_CASE_URL: 'https://officers.council.example.gov.uk/cases/',
  FRONT_DOOR_PHONE: '01632 960 001',
  OUT_OF_HOURS_PHONE: '01632 960 002',
  SUBJECT_MATCH_KEY: 'a-test-subject-match-key-of-at-least-32-characters',
} as const;

/**
 * Installs the service environment, fake credentials and a fixed clock; call from beforeEach.
 * The log level is read once, when the logger is imported: vitest.config.ts sets it for every test file.
 */
export function useServiceEnvironment(at: Date): void {
  for (const [name, value] of Object.entries(SERVICE_ENV)) vi.stubEnv(name, value);
  vi.stubEnv('AWS_REGION', 'eu-west-2');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  useClock(() => at);
}

/** Undoes useServiceEnvironment; call from afterEach. */
export function restoreEnvironment(): void {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  useClock(() => new Date());
}

/** The claims API Gateway's user pool authorizer hands over for an officer: every value a string. */
export function officerClaims(username: string, groups = 'lado-officer'): Record<string, string> {
  return { sub: '6f1c2d3e-0000-4000-8000-000000000007', 'cognito:username': username, 'cognito:groups': groups, token_use: 'id' };
}

export function apiEvent({
  body,
  pathParameters,
  claims,
  headers = {},
}: { body?: unknown; pathParameters?: Record<string, string>; claims?: Record<string, string>; headers?: Record<string, string> } = {}): APIGatewayProxyEvent {
  return {
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
    multiValueHeaders: {},
    httpMethod: 'POST',
    isBase64Encoded: false,
    path: '/',
    pathParameters: pathParameters ?? null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: (claims ? { authorizer: { claims } } : {}) as APIGatewayProxyEvent['requestContext'],
    resource: '/',
  };
}

export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'lado-test-function',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:lado-test-function',
  memoryLimitInMB: '256',
  awsRequestId: 'test-request-id',
  logGroupName: '/aws/lambda/lado-test-function',
  logStreamName: 'test-stream',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** The parsed body of an HTTP handler's response. */
export function responseBody(response: APIGatewayProxyResult): any {
  return JSON.parse(response.body);
}

/** How DynamoDB answers a transaction whose first item's condition failed. */
export function conditionFailedTransaction(): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
  });
}

/** A stored case as the table returns it, key attributes included. */
export function storedCaseItem(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  const record: StoredCase = {
    caseId: 'LADO-0123456789',
    submissionId: 'portal-submission-0001',
    submissionFingerprint: 'fingerprint-of-the-original-submission',
    status: 'RECEIVED',
    receivedAt: '2026-11-23T09:30:00.000Z',
    referral: completeReferral(),
    missing: [],
    deadlines: [],
    decisions: [],
    version: 1,
    ...overrides,
  };
  return { pk: `CASE#${record.caseId}`, sk: 'CASE', ...record };
}

/** The case record a saved item holds, without its key attributes. */
export function savedRecord(item: Record<string, unknown> | undefined): StoredCase {
  if (!item) throw new Error('No item was saved');
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as StoredCase;
}

/** The key of a case's task-token item. */
export const taskTokenKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'TOKEN' });
export const recordedRequestKey = (caseId: string, key: string) => ({ pk: `CASE#${caseId}`, sk: `REQUEST#${key}` });

/** The task-token item of a case's current wait, as the table returns it: by default, a wait that began at version 1 of the case. */
export function storedTaskToken(caseId: string, awaiting: string, taskToken: string, caseVersion = 1): Record<string, unknown> {
  return { ...taskTokenKey(caseId), awaiting, taskToken, caseVersion, storedAt: '2026-11-23T09:31:00.000Z', expiresAt: 1_800_000_000 };
}
