import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from './api-routes';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where a function's handler lives: functions/<name>/handler.ts. The local stack finds handlers the same way. */
export function handlerEntry(name: FunctionName): string {
  return path.join(projectRoot, 'functions', name, 'handler.ts');
}

export const FUNCTIONS_CONSTRUCT_ID = 'Functions';

/**
 * Every Lambda of the service, one per folder of functions/, with the same
 * runtime and defaults. The construct id of each function is its folder name,
 * which is how the local stack maps a function in the template to its handler.
 */
export class LambdaFunctions extends Construct {
  private readonly functions = new Map<FunctionName, NodejsFunction>();

  constructor(scope: Construct, id: string, private readonly environment: Record<string, string>) {
    super(scope, id);
  }

  add(name: FunctionName, description: string, timeout = Duration.seconds(10)): NodejsFunction {
    const fn = new NodejsFunction(this, name, {
      entry: handlerEntry(name),
      handler: 'handler',
      description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout,
      environment: {
        ...this.environment,
        POWERTOOLS_SERVICE_NAME: 'lado-referrals',
        POWERTOOLS_METRICS_NAMESPACE: 'LadoReferrals',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      logGroup: new logs.LogGroup(this, `${name}-logs`, { retention: logs.RetentionDays.ONE_YEAR }),
      loggingFormat: lambda.LoggingFormat.JSON,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Some dependencies still call require(): give ESM bundles one.
        banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
      },
    });
    this.functions.set(name, fn);
    return fn;
  }

  get(name: FunctionName): NodejsFunction {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`Function ${name} has not been added`);
    return fn;
  }

}
