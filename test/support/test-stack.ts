import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, inject } from 'vitest';
import { matchRoute, type ApiRoute } from '../../functions/api-routes';
import { officerToken, PORTAL_TOKEN } from '../../local/dev-tokens';
import { sentEmails, type StoredEmail } from '../../local/ses';
import { startLocalStack, type LocalStack } from '../../local/stack';
import type { CloudFormationTemplate } from '../../local/synthesized-template';
import { PERSONAL_DATA } from './referrals';

/**
 * A local stack for one test file: its own table, state machine engine, API and
 * virtual clock, on the run's shared DynamoDB Local and SES.
 */
export interface RequestOptions {
  /** The development token to send; null sends none. By default, the portal's or OFFICER_TOKEN, as the route requires. */
  token?: string | null;
  /** The Idempotency-Key to send where the route requires one; by default a new one, as for a new record. */
  idempotencyKey?: string;
}

/** The officer the tests act as unless they say otherwise. */
export const OFFICER_ID = 'lado.officer.7';
export const OFFICER_TOKEN = officerToken(OFFICER_ID, 'lado-officer');

/** The token a route's usual caller sends: the portal on /referrals…, an officer elsewhere. */
function defaultToken(route: ApiRoute | undefined): string | undefined {
  if (!route) return undefined;
  return route.access.kind === 'portal' ? PORTAL_TOKEN : OFFICER_TOKEN;
}

export interface TestStack extends LocalStack {
  post(path: string, body: unknown, options?: RequestOptions): Promise<{ status: number; body: any }>;
  get(path: string, options?: RequestOptions): Promise<{ status: number; body: any }>;
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<{ status: number; body: any }>;
  advanceTo(instant: string): Promise<void>;
  emailsTo(address: string): Promise<StoredEmail[]>;
  /** Every event of every execution of this stack, as JSON text: what AWS would keep in execution history. */
  allHistoryText(): string;
}

/**
 * `tableName`: the tables of a stack stopped before, to start again on them
 * later in virtual time, as `npm start` resumes on its kept data.
 */
export async function startTestStack(startTime: string, options: { tableName?: string } = {}): Promise<TestStack> {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudFormationTemplate;
  const stack = await startLocalStack({
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    sesUrl: inject('sesUrl'),
    tableName: options.tableName ?? `cases-${randomUUID()}`,
    startTime: new Date(startTime),
    template,
    logLevel: 'ERROR',
  });
  const request = async (method: string, path: string, body?: unknown, options: RequestOptions = {}) => {
    const route = matchRoute(method, path.split('?')[0]!)?.route;
    const { token = defaultToken(route), idempotencyKey = randomUUID() } = options;
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(route?.headers?.includes('Idempotency-Key') ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    ...stack,
    post: (path, body, options) => request('POST', path, body, options),
    get: (path, options) => request('GET', path, undefined, options),
    request,
    advanceTo: async (instant) => {
      const response = await request('POST', '/local/clock', { advanceTo: instant });
      if (response.status !== 200) throw new Error(`Clock refused ${instant}: ${JSON.stringify(response.body)}`);
    },
    emailsTo: async (address) => (await sentEmails(inject('sesUrl'))).filter((email) => email.destination.to.includes(address)),
    allHistoryText: () =>
      JSON.stringify(
        stack.stepFunctions
          .listExecutions({ stateMachineArn: stack.stateMachineArn })
          .map((execution) => stack.stepFunctions.getExecutionHistory(execution.executionArn)),
      ),
  };
}

/**
 * Stops a test's stack, once its execution histories are checked to hold
 * identifiers only: whatever the scenario, no personal data may travel
 * through an execution's input, output or history.
 */
export async function stopCheckingHistories(stack: TestStack | undefined): Promise<void> {
  if (!stack) return;
  const history = stack.allHistoryText();
  for (const personal of PERSONAL_DATA) expect(history).not.toContain(personal);
  await stack.stop();
}
