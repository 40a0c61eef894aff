import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionName } from '../functions/api-routes';
import { handlerEntry } from './handler-entry';

export const FUNCTIONS_CONSTRUCT_ID = 'Functions';

export interface LambdaFunctionsProps {
  /** Variables every function shares; the local stack runs them in one process, so they must agree. */
  environment: Record<string, string>;
  logsKey: kms.IKey;
  logRetention: logs.RetentionDays;
}

export interface FunctionOptions {
  timeout?: Duration;
  /** MB; 256 unless the function holds much in memory at once. Lambda gives CPU in proportion. */
  memorySize?: number;
  /** Only for functions invoked asynchronously: where events land once Lambda's retries are spent. */
  deadLetterQueue?: sqs.IQueue;
}

/**
 * How every function is bundled, which bench/lambda-bundles.ts repeats to
 * measure what Lambda loads: ESM for node22, minified, the AWS SDK left to the
 * runtime (CDK's default for node22). The source map is a file of its own,
 * mappings only (no copy of the source), which Node reads for stack traces.
 */
export const LAMBDA_BUNDLE = {
  target: 'node22',
  mainFields: ['module', 'main'],
  // Some dependencies still call require(): give ESM bundles one.
  banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
  sourcesContent: false,
  nodeOptions: '--enable-source-maps',
} as const;

/**
 * Every Lambda of the service, one per folder of functions/, with the same
 * runtime and defaults: ARM64 on nodejs22.x, X-Ray tracing, JSON logs to a
 * log group of its own encrypted with the logs key, and a role of its own
 * that may write to that log group and nothing else until it is granted more.
 * The construct id of each function is its folder name, which is how the local
 * stack maps a function in the template to its handler.
 */
export class LambdaFunctions extends Construct {
  private readonly functions = new Map<FunctionName, NodejsFunction>();

  constructor(scope: Construct, id: string, private readonly props: LambdaFunctionsProps) {
    super(scope, id);
  }

  add(name: FunctionName, description: string, options: FunctionOptions = {}): NodejsFunction {
    const logGroup = new logs.LogGroup(this, `${name}-logs`, { retention: this.props.logRetention, encryptionKey: this.props.logsKey });
    // Not the managed basic-execution policy: that one may write to every log group of the account.
    const role = new iam.Role(this, `${name}-role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `Lambda ${name}` });
    logGroup.grantWrite(role);
    const fn = new NodejsFunction(this, name, {
      entry: handlerEntry(name),
      handler: 'handler',
      description,
      role,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: options.memorySize ?? 256,
      timeout: options.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      deadLetterQueue: options.deadLetterQueue,
      retryAttempts: options.deadLetterQueue ? 2 : undefined,
      environment: {
        ...this.props.environment,
        POWERTOOLS_SERVICE_NAME: 'lado-referrals',
        POWERTOOLS_METRICS_NAMESPACE: 'LadoReferrals',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Events carry referral content: never logged.
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        // Stack traces name the TypeScript source, from the map file beside the bundle.
        NODE_OPTIONS: LAMBDA_BUNDLE.nodeOptions,
      },
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        minify: true,
        sourceMap: true,
        sourcesContent: LAMBDA_BUNDLE.sourcesContent,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        banner: LAMBDA_BUNDLE.banner,
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

  all(): Array<[FunctionName, NodejsFunction]> {
    return [...this.functions];
  }
}
