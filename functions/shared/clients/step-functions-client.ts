import { SFNClient } from '@aws-sdk/client-sfn';
import { cachedPerEndpoint, clientConfig } from '../aws-clients';

export const stepFunctionsClient = cachedPerEndpoint('AWS_ENDPOINT_URL_SFN', () => new SFNClient(clientConfig()));
