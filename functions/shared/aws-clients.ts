import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';

/**
 * SDK clients, created once per container. Endpoints come from the standard
 * AWS_ENDPOINT_URL_* variables, which is how the local stack points the same
 * code at its own servers.
 */
let documents: DynamoDBDocumentClient | undefined;
let email: SESv2Client | undefined;
let stepFunctions: SFNClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}

export function emailClient(): SESv2Client {
  email ??= new SESv2Client({});
  return email;
}

export function stepFunctionsClient(): SFNClient {
  stepFunctions ??= new SFNClient({});
  return stepFunctions;
}
