import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, type AttributeDefinition, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { parse as parseYaml } from 'yaml';
import { useClock } from '../functions/shared/clock';
import { startApiServer } from './api-server';
import { functionNamesByLogicalId, LocalLambdaRuntime } from './lambda-runtime';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';
import { LocalStepFunctions } from './stepfunctions/engine';
import { startStepFunctionsServer } from './stepfunctions/server';
import { defaultTokenResolver, resolveIntrinsics, stateMachinesInTemplate, type TokenResolver } from './stepfunctions/template';
import { loadTemplate, type CloudFormationTemplate } from './template';
import { VirtualClock } from './virtual-clock';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The whole system on one machine: the synthesized template's state machine on
 * the local engine, its functions in this process, its table in DynamoDB Local,
 * its email through the local SES, and one virtual clock for all of them.
 * DynamoDB and SES are started separately (see start.ts), so that a test run
 * can share them between stacks.
 */
export interface LocalStackOptions {
  dynamoDbEndpoint: string;
  sesUrl: string;
  apiPort?: number;
  stepFunctionsPort?: number;
  /** Each stack gets its own table, so stacks can share one DynamoDB. */
  tableName?: string;
  startTime?: Date;
  template?: CloudFormationTemplate;
  /** Overrides the deployed log level, e.g. WARN in tests. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export interface LocalStack {
  apiUrl: string;
  stepFunctionsUrl: string;
  tableName: string;
  stateMachineArn: string;
  clock: VirtualClock;
  stepFunctions: LocalStepFunctions;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const template = options.template ?? loadTemplate();
  const tableName = options.tableName ?? 'lado-cases';
  const clock = new VirtualClock(options.startTime ?? new Date());
  useClock(() => clock.now());

  const [tableId, table] = singleResource(template, 'AWS::DynamoDB::GlobalTable');
  const [machineId, machine] = singleResource(template, 'AWS::StepFunctions::StateMachine');
  const machineName = String(machine.Properties?.['StateMachineName'] ?? machineId);
  const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${machineName}`;
  const fallback = defaultTokenResolver(template, { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
  const resolve: TokenResolver = (ref) => {
    if (ref.logicalId === tableId && !ref.attribute) return tableName;
    if (ref.logicalId === machineId && !ref.attribute) return stateMachineArn;
    return fallback(ref);
  };

  await createTable(options.dynamoDbEndpoint, tableName, table.Properties ?? {});

  const lambdas = new LocalLambdaRuntime(functionNamesByLogicalId(template));
  const stepFunctions = new LocalStepFunctions({
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    invokeLambda: (functionRef, payload) => lambdas.invoke(functionRef, payload),
  });
  const machines = stateMachinesInTemplate(template, resolve, { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
  stepFunctions.createStateMachine({ name: machineName, definition: machines.find((m) => m.logicalId === machineId)!.definition });
  const stepFunctionsServer = await startStepFunctionsServer(stepFunctions, { port: options.stepFunctionsPort ?? 0 });

  Object.assign(process.env, functionEnvironment(template, resolve), {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SFN: stepFunctionsServer.url,
    AWS_ENDPOINT_URL_SESV2: options.sesUrl,
    // No CloudWatch here: metrics would only be printed.
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...(options.logLevel ? { POWERTOOLS_LOG_LEVEL: options.logLevel } : {}),
  });

  const openApi = parseYaml(readFileSync(path.join(projectRoot, 'docs', 'openapi.yaml'), 'utf8'));
  const api = await startApiServer({ port: options.apiPort ?? 0, lambdas, clock, openApi });

  return {
    apiUrl: api.url,
    stepFunctionsUrl: stepFunctionsServer.url,
    tableName,
    stateMachineArn,
    clock,
    stepFunctions,
    stop: async () => {
      await api.close();
      await stepFunctionsServer.close();
      // Parked executions hold a far-off real timer each; stopping them lets the process exit.
      stepFunctions.shutdown();
    },
  };
}

function singleResource(template: CloudFormationTemplate, type: string) {
  const found = Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
  if (found.length !== 1) throw new Error(`The local stack expects exactly one ${type} in the template; found ${found.length}`);
  return found[0]!;
}

/**
 * The functions' environment, as deployed, with references resolved to local
 * resources. The functions share one process here, so their variables must
 * agree: the template is checked for that.
 */
function functionEnvironment(template: CloudFormationTemplate, resolve: TokenResolver): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const variables = ((resource.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables) ?? {};
    for (const [name, value] of Object.entries(variables)) {
      const local = String(resolveIntrinsics(value, resolve, { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT }));
      if (merged[name] !== undefined && merged[name] !== local) throw new Error(`Functions disagree on ${name}; the local stack runs them in one process`);
      merged[name] = local;
    }
  }
  return merged;
}

async function createTable(endpoint: string, tableName: string, properties: Record<string, unknown>): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: properties['KeySchema'] as KeySchemaElement[],
        AttributeDefinitions: properties['AttributeDefinitions'] as AttributeDefinition[],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // The table's TTL stays off here: DynamoDB Local expires items by the wall clock, while the
    // stack runs on virtual time, often years away from it. A token written in virtual 2023 would
    // vanish at once. On AWS, TTL deletes lazily too, so nothing may rely on it happening.
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  } finally {
    client.destroy();
  }
}
