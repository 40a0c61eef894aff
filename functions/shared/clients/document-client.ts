import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cachedPerEndpoint, clientConfig } from '../aws-clients';

/** DynamoDB through the document client: attributes as plain values, undefined ones left out. */
export const documentClient = cachedPerEndpoint('AWS_ENDPOINT_URL_DYNAMODB', () =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()), { marshallOptions: { removeUndefinedValues: true } }),
);
