import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { tracer } from './observability';

/**
 * SDK clients, created once per container. Endpoints come from the standard
 * AWS_ENDPOINT_URL_* variables, which is how the local stack points the same
 * code at its own servers; a client is made afresh only if its endpoint
 * variable changes, which happens when a test run starts another local stack.
 */
type RetryStrategy = NonNullable<DynamoDBClientConfig['retryStrategy']>;
let retryStrategy: RetryStrategy | undefined;

/**
 * The local stack runs on a virtual clock, which cannot move on while the SDK
 * sleeps in real time between its own retries; it sets a strategy with the
 * same attempts and a back-off of milliseconds. Clients made afterwards use it.
 */
export function useSdkRetryStrategy(strategy: RetryStrategy | undefined): void {
  retryStrategy = strategy;
}

const clientConfig = () => (retryStrategy ? { retryStrategy } : {});

function cachedPerEndpoint<T extends object>(variable: string, create: () => T): () => T {
  let cached: { endpoint: string | undefined; retryStrategy: RetryStrategy | undefined; client: T } | undefined;
  return () => {
    const endpoint = process.env[variable];
    if (!cached || cached.endpoint !== endpoint || cached.retryStrategy !== retryStrategy) cached = { endpoint, retryStrategy, client: tracer.captureAWSv3Client(create()) };
    return cached.client;
  };
}

export const documentClient = cachedPerEndpoint('AWS_ENDPOINT_URL_DYNAMODB', () =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()), { marshallOptions: { removeUndefinedValues: true } }),
);

export const emailClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SESV2', () => new SESv2Client(clientConfig()));

export const stepFunctionsClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SFN', () => new SFNClient(clientConfig()));

export const notificationClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SNS', () => new SNSClient(clientConfig()));
