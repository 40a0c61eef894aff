import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES, iamPath, type ApiRoute, type RouteAccess } from '../functions/api-routes';
import { ApiFirewall } from './api-firewall';
import type { LambdaFunctions } from './lambda-functions';

export interface PortalApiProps {
  functions: LambdaFunctions;
  logsKey: kms.IKey;
  logRetention: logs.RetentionDays;
  wafRateLimit: number;
  /** The user pool whose officers may call the officer routes. */
  officers: cognito.IUserPool;
  /** The IAM role the portal signs its requests with: the only caller of the portal routes. */
  portalPrincipalArn: string;
  /** Who may assume the operations role; empty: principals of this account that IAM allows to. */
  operationsPrincipalArns: readonly string[];
}

const STAGE_NAME = 'v1';

/** A route as the execute-api resource of a resource policy (any stage, parameters as `*`). */
const invokeResource = (method: string, path: string) => `execute-api:/*/${method}${path.replace(/\{\w+\}/g, '*')}`;

/** The routes of one kind of caller, as the execute-api resources of a resource policy. */
function invokeResources(kind: RouteAccess['kind']): string[] {
  return API_ROUTES.filter((route) => route.access.kind === kind).map((route) => invokeResource(route.method, route.path));
}

/** The routes operations may call with SigV4: the `machine` routes of the table. */
export const MACHINE_ROUTES: readonly ApiRoute[] = API_ROUTES.filter((route) => route.access.kind === 'officer' && route.access.machine === true);

/** The machine routes on their IAM-authorized mount, as the execute-api resources of a resource policy. */
const machineInvokeResources = () => MACHINE_ROUTES.map((route) => invokeResource(route.method, iamPath(route.path)));

/**
 * Who may invoke what, on top of each method's authorization: only the
 * portal's role reaches the portal routes, even when another identity in the
 * account holds execute-api:Invoke; the officer routes are open to the
 * network, and their Cognito authorizer decides.
 */
function resourcePolicy(portalPrincipalArn: string, operationsRoleArn: string): iam.PolicyDocument {
  const invoke = ['execute-api:Invoke'];
  return new iam.PolicyDocument({
    statements: [
      // The same rule for the operations routes' IAM-authorized mount: the operations role, and no one else.
      new iam.PolicyStatement({ sid: 'SignedOperationsRoutesForTheOperationsRole', principals: [new iam.ArnPrincipal(operationsRoleArn)], actions: invoke, resources: machineInvokeResources() }),
      new iam.PolicyStatement({
        sid: 'SignedOperationsRoutesForNoOneElse',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: invoke,
        resources: machineInvokeResources(),
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': operationsRoleArn } },
      }),
      new iam.PolicyStatement({ sid: 'PortalRoutesForThePortal', principals: [new iam.ArnPrincipal(portalPrincipalArn)], actions: invoke, resources: invokeResources('portal') }),
      new iam.PolicyStatement({
        sid: 'PortalRoutesForNoOneElse',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: invoke,
        resources: invokeResources('portal'),
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': portalPrincipalArn } },
      }),
      new iam.PolicyStatement({ sid: 'OfficerRoutesForSignedInOfficers', principals: [new iam.AnyPrincipal()], actions: invoke, resources: invokeResources('officer') }),
    ],
  });
}

/**
 * The REST API for the portal and officers, built route by route from
 * API_ROUTES: the portal's routes take SigV4 requests from its IAM role, the
 * officers' routes tokens of the officer user pool. A method has one
 * authorizer, so the routes operations may also call with SigV4 (`machine`)
 * are mounted a second time under IAM_PATH_PREFIX, authorized by IAM, for the
 * operations role alone. Behind a web ACL, throttled, traced, and logged
 * without request or response bodies.
 */
export class PortalApi extends Construct {
  readonly api: apigateway.RestApi;
  /** The methods the portal calls, authorized by IAM rather than by the user pool. */
  readonly portalMethods: apigateway.Method[] = [];
  /** The machine routes' methods on the IAM-authorized mount, for the operations role. */
  readonly operationsMethods: apigateway.Method[] = [];
  /** The role operations assume to call the machine routes with SigV4 (`npx lado --sigv4`). */
  readonly operationsRole: iam.Role;

  constructor(scope: Construct, id: string, props: PortalApiProps) {
    super(scope, id);
    // It needs no policy of its own: the API's resource policy admits it, by ARN, to the machine routes and to nothing else.
    this.operationsRole = new iam.Role(this, 'OperationsRole', {
      description: 'LADO operations: calls the operations routes of the API with SigV4 (npx lado --sigv4)',
      assumedBy: props.operationsPrincipalArns.length
        ? new iam.CompositePrincipal(...props.operationsPrincipalArns.map((arn) => new iam.ArnPrincipal(arn)))
        : new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(1),
    });
    const logGroup = (logId: string, logGroupName?: string) =>
      new logs.LogGroup(this, logId, { logGroupName, retention: props.logRetention, encryptionKey: props.logsKey });
    const accessLogs = logGroup('AccessLogs');

    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'LADO referrals: portal intake, resubmissions, case status and officer decisions',
      policy: resourcePolicy(props.portalPrincipalArn, this.operationsRole.roleArn),
      // Every body reaches the handlers as sent (base64), so one that is not UTF-8 is refused, never silently repaired.
      binaryMediaTypes: ['*/*'],
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
    const officerAuthorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'OfficerAuthorizer', { cognitoUserPools: [props.officers] });
    const authorization = (route: ApiRoute): apigateway.MethodOptions =>
      route.access.kind === 'portal'
        ? { authorizationType: apigateway.AuthorizationType.IAM }
        : { authorizationType: apigateway.AuthorizationType.COGNITO, authorizer: officerAuthorizer };
    const addRoute = (route: ApiRoute, path: string, options: apigateway.MethodOptions) => {
      const resource = path
        .split('/')
        .filter(Boolean)
        .reduce<apigateway.IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), this.api.root);
      const requiredParameters = [
        ...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => `method.request.path.${name}`),
        ...(route.headers ?? []).map((name) => `method.request.header.${name}`),
      ];
      return resource.addMethod(route.method, new apigateway.LambdaIntegration(props.functions.get(route.function)), {
        ...options,
        requestValidator,
        requestParameters: Object.fromEntries(requiredParameters.map((parameter) => [parameter, true])),
      });
    };
    for (const route of API_ROUTES) {
      const method = addRoute(route, route.path, authorization(route));
      if (route.access.kind === 'portal') this.portalMethods.push(method);
    }
    // The same functions behind IAM: the handler takes the signed caller as operations on these paths only.
    for (const route of MACHINE_ROUTES) {
      this.operationsMethods.push(addRoute(route, iamPath(route.path), { authorizationType: apigateway.AuthorizationType.IAM }));
    }

    new ApiFirewall(this, 'Firewall', {
      stageArn: this.api.deploymentStage.stageArn,
      rateLimit: props.wafRateLimit,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
    });
  }
}
