import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { handlerEntry } from '../infra/lambda-functions';
import type { FunctionName } from '../functions/api-routes';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './local-aws';

/**
 * Runs the functions of the synthesized template in this process: each
 * function resource is mapped, through its CDK construct path
 * (…/Functions/<name>/Resource), to functions/<name>/handler.ts, the very
 * entry that CDK bundles for Lambda.
 */
type Handler = (event: unknown, context: Context) => Promise<unknown>;

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, unknown>;
}

export function functionNamesByLogicalId(template: { Resources: Record<string, TemplateResource> }): Map<string, FunctionName> {
  const names = new Map<string, FunctionName>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
    const match = /\/Functions\/([^/]+)\/Resource$/.exec(path);
    if (match) names.set(logicalId, match[1] as FunctionName);
  }
  return names;
}

export class LocalLambdaRuntime {
  private readonly handlers = new Map<FunctionName, Promise<Handler>>();

  constructor(private readonly namesByLogicalId: Map<string, FunctionName>) {}

  /** Invokes by function name, logical id or ARN, as Step Functions and API Gateway would. */
  async invoke(functionRef: string, payload: unknown): Promise<unknown> {
    const name = this.resolve(functionRef);
    const handler = await this.load(name);
    return handler(structuredClone(payload), lambdaContext(name));
  }

  resolve(functionRef: string): FunctionName {
    const id = functionRef.startsWith('arn:') ? functionRef.split(':')[6] ?? '' : functionRef;
    const name = this.namesByLogicalId.get(id) ?? [...this.namesByLogicalId.values()].find((n) => n === id);
    if (!name) throw new Error(`No local function for ${functionRef}`);
    return name;
  }

  private load(name: FunctionName): Promise<Handler> {
    let loaded = this.handlers.get(name);
    if (!loaded) {
      loaded = import(handlerEntry(name)).then((module: { handler: Handler }) => module.handler);
      this.handlers.set(name, loaded);
    }
    return loaded;
  }
}

function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
