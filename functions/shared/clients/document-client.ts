import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cachedClient, clientConfig } from '../aws-clients';

/** DynamoDB through the document client: attributes as plain values, undefined ones left out. */
export const documentClient = cachedClient('DYNAMODB', () =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig('DYNAMODB')), { marshallOptions: { removeUndefinedValues: true } }),
);
