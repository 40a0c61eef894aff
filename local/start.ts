import { z } from 'zod';
import { OFFICER_GROUPS } from '../functions/api-routes';
import { officerToken, PORTAL_TOKEN } from './dev-tokens';
import { startDynamoDb } from './dynamodb';
import { startSes } from './ses';
import { startLocalStack } from './stack';
import { synthesizeTemplate } from './template';

/**
 * `npm start`: the whole system on this machine, on embedded defaults, with no
 * AWS account and no Docker. Ports come from the environment.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const ports = z
  .object({
    LADO_API_PORT: port(3000),
    LADO_SES_PORT: port(8005),
    LADO_DYNAMODB_PORT: port(8000),
    LADO_STEPFUNCTIONS_PORT: port(8083),
  })
  .parse(process.env);

const startedAt = Date.now();
// DynamoDB Local boots in its own process while this one synthesizes the CDK app.
const servers = Promise.all([startDynamoDb(ports.LADO_DYNAMODB_PORT), startSes(ports.LADO_SES_PORT)]);
const template = synthesizeTemplate();
const [dynamoDb, ses] = await servers;
const stack = await startLocalStack({
  template,
  dynamoDbEndpoint: dynamoDb.endpoint,
  sesUrl: ses.url,
  apiPort: ports.LADO_API_PORT,
  stepFunctionsPort: ports.LADO_STEPFUNCTIONS_PORT,
});

console.log(`LADO referrals running locally (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)

  API              ${stack.apiUrl}
  OpenAPI          ${stack.apiUrl}/openapi.json
  Virtual clock    ${stack.apiUrl}/local/clock        (now ${stack.clock.now().toISOString()})
  Email inbox      ${ses.url}/
  Step Functions   ${stack.stepFunctionsUrl}    state machine ${stack.stateMachineArn}
  DynamoDB         ${dynamoDb.endpoint}    table ${stack.tableName}

The API wants a development token in place of SigV4 and Cognito (anyone may write one, locally only):
  portal routes    Authorization: Bearer ${PORTAL_TOKEN}
  officer routes   Authorization: Bearer ${officerToken('<username>', '<group>[,<group>…]')}    groups ${OFFICER_GROUPS.join(', ')}

AWS CLI and SDKs reach these with --endpoint-url, region eu-west-2 and any dummy credentials.
Press Ctrl+C to stop.`);

async function shutdown(): Promise<void> {
  await stack.stop();
  await Promise.all([ses.stop(), dynamoDb.stop()]);
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
