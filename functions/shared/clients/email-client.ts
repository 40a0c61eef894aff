import { SESv2Client } from '@aws-sdk/client-sesv2';
import { cachedClient, clientConfig } from '../aws-clients';

/** SES, through its v2 API. */
export const emailClient = cachedClient('SESV2', () => new SESv2Client(clientConfig('SESV2')));
