import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTableCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { parse as parseYaml } from 'yaml';
import { useLocalClientOptions } from '../functions/shared/aws-clients';
import { useClock } from '../functions/shared/clock';
import { logger } from '../functions/shared/observability';
import { errorClass } from '../functions/shared/transient-errors';
import { startApiServer } from './api-server';
import { LocalFaults } from './faults';
import { functionNamesByLogicalId, functionTimeouts, LocalLambdaRuntime } from './lambda-runtime';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';
import { dynamoDbHandler, sesHandler, stepFunctionsHandler } from './sdk-handlers';
import { DEVELOPMENT_SUBJECT_MATCH_KEY } from './subject-match-key';
import { LocalStepFunctions } from './stepfunctions/engine';
import { startStepFunctionsServer } from './stepfunctions/server';
import { defaultTokenResolver, resolveIntrinsics, stateMachinesInTemplate, type TokenResolver } from './stepfunctions/intrinsics';
import { dailySchedules, runDailySchedules } from './schedules';
import type { CloudFormationTemplate } from './synthesized-template';
import { VirtualClock } from './virtual-clock';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The whole system on one machine: the synthesized template's state machine on
 * the local engine, its functions in this process, its tables in DynamoDB Local,
 * its email through the local SES, and one virtual clock for all of them.
 * DynamoDB and SES are started separately (see start.ts), so that a test run
 * can share them between stacks.
 */
export interface LocalStackOptions {
  dynamoDbEndpoint: string;
  sesUrl: string;
  apiPort?: number;
  stepFunctionsPort?: number;
  /** Each stack gets its own tables, so stacks can share one DynamoDB: the case table by this name, the audit trail by it and `-audit`. */
  tableName?: string;
  startTime?: Date;
  template?: CloudFormationTemplate;
  /** Overrides the deployed log level, e.g. WARN in tests. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** The faults to inject (e.g. with a seeded random source); by default none until /local/faults sets some. */
  faults?: LocalFaults;
  /** Lambda invocations running at once; by default LADO_LAMBDA_CONCURRENCY, else 16. */
  lambdaConcurrency?: number;
}

export interface LocalStack {
  apiUrl: string;
  stepFunctionsUrl: string;
  tableName: string;
  /** The audit trail's table. */
  auditTableName: string;
  stateMachineArn: string;
  clock: VirtualClock;
  stepFunctions: LocalStepFunctions;
  lambdas: LocalLambdaRuntime;
  faults: LocalFaults;
  stop(): Promise<void>;
}

/**
 * The console's distribution has no local counterpart: the API serves the
 * console, so a link to the distribution is given this host name and then the
 * API's URL once it listens.
 */
const LOCAL_CONSOLE_HOST = 'console.local.invalid';

/**
 * The SDK's own retries, as many as on AWS (3 attempts, with its retry quota),
 * but 10, 20 ms apart instead of up to seconds: a throttled request's real
 * sleep would hold the virtual clock still, and the local services and the
 * faults injected answer at once. The workflow's retries keep their AWS
 * intervals, on the virtual clock.
 */
const SDK_RETRIES_ON_VIRTUAL_TIME = new ConfiguredRetryStrategy(3, (attempt) => 10 * 2 ** (attempt - 1));

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // Loaded only when needed: the CDK library is large, and a caller with a template (the bench, tests) never needs it.
  const template = options.template ?? (await import('./synthesized-template')).loadTemplate();
  const tableName = options.tableName ?? 'lado-cases';
  const auditTableName = `${tableName}-audit`;
  const clock = new VirtualClock(options.startTime ?? new Date());
  useClock(() => clock.now());

  const tables = localTables(template, { TABLE_NAME: tableName, AUDIT_TABLE_NAME: auditTableName });
  const [machineId, machine] = singleResource(template, 'AWS::StepFunctions::StateMachine');
  const machineName = String(machine.Properties?.['StateMachineName'] ?? machineId);
  const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${machineName}`;
  const fallback = defaultTokenResolver(template, { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
  const resolve: TokenResolver = (ref) => {
    if (tables.has(ref.logicalId) && !ref.attribute) return tables.get(ref.logicalId)!.name;
    if (ref.logicalId === machineId && !ref.attribute) return stateMachineArn;
    if (template.Resources[ref.logicalId]?.Type === 'AWS::CloudFront::Distribution' && ref.attribute === 'DomainName') return LOCAL_CONSOLE_HOST;
    return fallback(ref);
  };

  for (const { name, properties } of tables.values()) await createTable(options.dynamoDbEndpoint, name, properties);

  const faults = options.faults ?? new LocalFaults();
  const lambdas = new LocalLambdaRuntime(functionNamesByLogicalId(template), {
    timeouts: functionTimeouts(template),
    faults,
    track: (work) => clock.track(work),
    ...(options.lambdaConcurrency ? { concurrency: options.lambdaConcurrency } : {}),
  });
  const stepFunctions = new LocalStepFunctions({
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    invokeLambda: (functionRef, payload) => lambdas.invoke(functionRef, payload),
  });
  const machines = stateMachinesInTemplate(template, resolve, { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
  stepFunctions.createStateMachine({ name: machineName, definition: machines.find((m) => m.logicalId === machineId)!.definition });
  // The engine's HTTP API is for tools outside this process (the AWS CLI, an SDK); the functions call it in process.
  const stepFunctionsServer = await startStepFunctionsServer(stepFunctions, { port: options.stepFunctionsPort ?? 0 });
  // The functions' clients reach DynamoDB and SES through handlers that inject faults, always: faults are switched on by settings alone.
  const requestHandlers = {
    DYNAMODB: dynamoDbHandler(faults),
    SESV2: sesHandler(options.sesUrl, faults),
    SFN: stepFunctionsHandler(stepFunctions),
  };
  useLocalClientOptions({ retryStrategy: SDK_RETRIES_ON_VIRTUAL_TIME, requestHandlers });

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
    // No Secrets Manager here: the subject's match keys are made with an embedded development key.
    SUBJECT_MATCH_KEY: DEVELOPMENT_SUBJECT_MATCH_KEY,
  });
  delete process.env.SUBJECT_MATCH_KEY_SECRET_ID;
  // No SNS here: operations' alerts are the ERROR log line and the case view.
  delete process.env.OPERATIONS_TOPIC_ARN;

  const openApi = parseYaml(readFileSync(path.join(projectRoot, 'docs', 'openapi.yaml'), 'utf8'));
  const api = await startApiServer({ port: options.apiPort ?? 0, lambdas, clock, openApi, faults });
  // The console is served by the API here: officers' emails link to its case page, http://127.0.0.1:<port>/console/#/cases/{caseId}.
  process.env.OFFICER_CASE_URL = process.env.OFFICER_CASE_URL?.replace(`https://${LOCAL_CONSOLE_HOST}`, api.url);
  // EventBridge Scheduler's daily runs (the morning list, the retention job), on the virtual clock.
  const schedules = runDailySchedules(dailySchedules(template), {
    clock,
    invoke: (functionId, input) => lambdas.invoke(functionId, input),
    onFailure: (schedule, error) => logger.error('Scheduled run failed', { schedule: schedule.id, errorClass: errorClass(error) }),
  });

  return {
    apiUrl: api.url,
    stepFunctionsUrl: stepFunctionsServer.url,
    tableName,
    auditTableName,
    stateMachineArn,
    clock,
    stepFunctions,
    lambdas,
    faults,
    stop: async () => {
      schedules.stop();
      await api.close();
      await stepFunctionsServer.close();
      // Parked executions hold a far-off real timer each; stopping them lets the process exit.
      stepFunctions.shutdown();
      for (const handler of Object.values(requestHandlers)) handler.destroy();
    },
  };
}

function singleResource(template: CloudFormationTemplate, type: string) {
  const found = Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
  if (found.length !== 1) throw new Error(`The local stack expects exactly one ${type} in the template; found ${found.length}`);
  return found[0]!;
}

/**
 * The template's tables by logical id, each with the local name given for the
 * functions' variable that names it (TABLE_NAME, AUDIT_TABLE_NAME): each
 * variable must name one table, and every table must be named by one.
 */
function localTables(template: CloudFormationTemplate, names: Record<string, string>): Map<string, { name: string; properties: Record<string, unknown> }> {
  const tables = new Map<string, { name: string; properties: Record<string, unknown> }>();
  const functions = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
  for (const [variable, name] of Object.entries(names)) {
    const ids = new Set<string>();
    for (const fn of functions) {
      const value = ((fn.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {})[variable];
      const id = (value as { Ref?: unknown } | undefined)?.Ref;
      if (typeof id === 'string') ids.add(id);
    }
    const [id] = ids;
    const table = id === undefined ? undefined : template.Resources[id];
    if (ids.size !== 1 || table?.Type !== 'AWS::DynamoDB::GlobalTable') throw new Error(`The local stack expects the functions' ${variable} to name one AWS::DynamoDB::GlobalTable of the template`);
    tables.set(id!, { name, properties: table.Properties ?? {} });
  }
  const inTemplate = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::DynamoDB::GlobalTable').length;
  if (inTemplate !== tables.size) throw new Error(`The local stack knows the tables named by ${Object.keys(names).join(' and ')}; the template has ${inTemplate}`);
  return tables;
}

/**
 * The functions' environment, as deployed, with references resolved to local
 * resources. The functions share one process here, so their variables must
 * agree: the template is checked for that.
 */
function functionEnvironment(template: CloudFormationTemplate, resolve: TokenResolver): Record<string, string> {
  const merged: Record<string, string> = {};
  // The service's functions only: not the handler CDK brings to deploy the console's files.
  for (const logicalId of functionNamesByLogicalId(template).keys()) {
    const resource = template.Resources[logicalId]!;
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
        ...(properties['GlobalSecondaryIndexes'] ? { GlobalSecondaryIndexes: properties['GlobalSecondaryIndexes'] as GlobalSecondaryIndex[] } : {}),
      }),
    );
    // The table's TTL stays off here: DynamoDB Local expires items by the wall clock, while the
    // stack runs on virtual time, often years away from it. A token written in virtual 2023 would
    // vanish at once. On AWS, TTL deletes lazily too, so nothing may rely on it happening.
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
    await addMissingIndexes(client, tableName, properties);
  } finally {
    client.destroy();
  }
}

/**
 * A table kept from an earlier run (LADO_DATA_DIR) gets the indexes the
 * template added since, one at a time as DynamoDB allows, as a deploy adds
 * them on AWS. Items written before carry no attribute for a new index.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, properties: Record<string, unknown>): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const attributes = properties['AttributeDefinitions'] as AttributeDefinition[];
  for (const index of (properties['GlobalSecondaryIndexes'] ?? []) as GlobalSecondaryIndex[]) {
    if (present.has(index.IndexName)) continue;
    const keys = new Set((index.KeySchema ?? []).map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributes.filter((attribute) => keys.has(attribute.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
    // Ready before the stack answers: the index is built from the items kept.
    for (const deadline = Date.now() + 30_000; ; ) {
      const { Table: now } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (now?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.IndexName)?.IndexStatus === 'ACTIVE') break;
      if (Date.now() > deadline) throw new Error(`The index ${index.IndexName} of ${tableName} did not become active within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
