import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
function cachedPerEndpoint<T extends object>(variable: string, create: () => T): () => T {
  let cached: { endpoint: string | undefined; client: T } | undefined;
  return () => {
    const endpoint = process.env[variable];
    if (!cached || cached.endpoint !== endpoint) cached = { endpoint, client: tracer.captureAWSv3Client(create()) };
    return cached.client;
  };
}

export const documentClient = cachedPerEndpoint('AWS_ENDPOINT_URL_DYNAMODB', () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
);

export const emailClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SESV2', () => new SESv2Client({}));

export const stepFunctionsClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SFN', () => new SFNClient({}));

export const notificationClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SNS', () => new SNSClient({}));
