import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ApiFirewall } from './api-firewall';
import { API_ROUTES } from './api-routes';
import type { LambdaFunctions } from './lambda-functions';

export interface PortalApiProps {
  functions: LambdaFunctions;
  logsKey: kms.IKey;
  logRetention: logs.RetentionDays;
  wafRateLimit: number;
}

const STAGE_NAME = 'v1';

/**
 * The REST API for the portal and officers, built route by route from
 * API_ROUTES, behind a web ACL, throttled, traced, and logged without request
 * or response bodies.
 */
export class PortalApi extends Construct {
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, props: PortalApiProps) {
    super(scope, id);
    const logGroup = (logId: string, logGroupName?: string) =>
      new logs.LogGroup(this, logId, { logGroupName, retention: props.logRetention, encryptionKey: props.logsKey });
    const accessLogs = logGroup('AccessLogs');

    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'LADO referrals: portal intake, resubmissions, case status and officer decisions',
      // Stage logging needs the account's API Gateway logging role; kept if the stack goes, other APIs may use it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit: 50,
        throttlingBurstLimit: 100,
        metricsEnabled: true,
        tracingEnabled: true,
        // Errors only, and never the request or response data.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        // Who called what and how it went: no bodies, no headers, no query strings.
        accessLogFormat: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: apigateway.AccessLogField.contextRequestId(),
            requestTime: apigateway.AccessLogField.contextRequestTime(),
            sourceIp: apigateway.AccessLogField.contextIdentitySourceIp(),
            httpMethod: apigateway.AccessLogField.contextHttpMethod(),
            resourcePath: apigateway.AccessLogField.contextResourcePath(),
            status: apigateway.AccessLogField.contextStatus(),
            responseLength: apigateway.AccessLogField.contextResponseLength(),
            responseLatency: apigateway.AccessLogField.contextResponseLatency(),
            integrationLatency: apigateway.AccessLogField.contextIntegrationLatency(),
            wafStatus: apigateway.AccessLogField.contextWafResponseCode(),
          }),
        ),
      },
    });
    // API Gateway would create the execution log group itself, unencrypted and kept forever.
    const executionLogs = logGroup('ExecutionLogs', `API-Gateway-Execution-Logs_${this.api.restApiId}/${STAGE_NAME}`);
    this.api.deploymentStage.node.addDependency(executionLogs);

    const requestValidator = this.api.addRequestValidator('RequestParameters', { validateRequestParameters: true, validateRequestBody: false });
    for (const route of API_ROUTES) {
      const resource = route.path
        .split('/')
        .filter(Boolean)
        .reduce<apigateway.IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), this.api.root);
      const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => `method.request.path.${name}`);
      resource.addMethod(route.method, new apigateway.LambdaIntegration(props.functions.get(route.function)), {
        requestValidator,
        requestParameters: Object.fromEntries(pathParameters.map((parameter) => [parameter, true])),
      });
    }

    new ApiFirewall(this, 'Firewall', {
      stageArn: this.api.deploymentStage.stageArn,
      rateLimit: props.wafRateLimit,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
    });
  }
}
