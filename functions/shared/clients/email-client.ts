import { SESv2Client } from '@aws-sdk/client-sesv2';
import { cachedPerEndpoint, clientConfig } from '../aws-clients';

/** SES, through its v2 API. */
export const emailClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SESV2', () => new SESv2Client(clientConfig()));
