import { SNSClient } from '@aws-sdk/client-sns';
import { cachedPerEndpoint, clientConfig } from '../aws-clients';

/** SNS, for the operations alerts topic. */
export const notificationClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SNS', () => new SNSClient(clientConfig()));
