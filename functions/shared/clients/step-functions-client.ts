import { SFNClient } from '@aws-sdk/client-sfn';
import { cachedClient, clientConfig } from '../aws-clients';

export const stepFunctionsClient = cachedClient('SFN', () => new SFNClient(clientConfig('SFN')));
