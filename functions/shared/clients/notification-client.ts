import { SNSClient } from '@aws-sdk/client-sns';
import { cachedClient, clientConfig } from '../aws-clients';

/** SNS, for the operations alerts topic. */
export const notificationClient = cachedClient('SNS', () => new SNSClient(clientConfig('SNS')));
