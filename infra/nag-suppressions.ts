import { NagSuppressions, type NagPackSuppression } from 'cdk-nag';
import type { LadoStack } from './lado-stack';

/**
 * Every compliance finding the service accepts, with why. Each suppression is
 * attached to the constructs it concerns, and the IAM ones to the exact
 * findings (`appliesTo`), so that a new wildcard or managed policy still fails
 * synthesis. test/infra/nag.test.ts holds the template to the rest.
 */
export function suppressAcceptedFindings(stack: LadoStack): void {
  const inBothPacks = (rule: string, reason: string): NagPackSuppression[] => [
    { id: `NIST.800.53.R5-${rule}`, reason },
    { id: `HIPAA.Security-${rule}`, reason },
  ];

  const functions = stack.functions.all().map(([, fn]) => fn);
  NagSuppressions.addResourceSuppressions(functions, [
    {
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime the handlers, the local stack and the tests all run on (Node 22 is a pinned dev dependency); a newer runtime is a deliberate upgrade of all three.',
    },
    ...inBothPacks(
      'LambdaInsideVPC',
      'The functions reach only AWS regional endpoints (DynamoDB, Step Functions, SES, SNS), over TLS and authorized by IAM; there is no private resource to reach, so a VPC would add NAT or endpoints without narrowing access.',
    ),
    ...inBothPacks(
      'LambdaConcurrency',
      'Concurrency is bounded upstream: the API stage throttles at 50 requests a second (burst 100), the web ACL rate-limits each IP, and workflow tasks run one per case step. Reserved concurrency would fail deployment in accounts with the default concurrency quota and could starve the workflow tasks.',
    ),
  ]);
  const invokedSynchronously = stack.functions
    .all()
    .filter(([name]) => name !== 'email-events')
    .map(([, fn]) => fn);
  NagSuppressions.addResourceSuppressions(
    invokedSynchronously,
    inBothPacks(
      'LambdaDLQ',
      'Invoked synchronously, by API Gateway or by Step Functions tasks, which receive the error and answer or retry and fail the execution (alarmed); a dead-letter queue only applies to asynchronous invocation, and the one asynchronously invoked function, email-events, has one.',
    ),
  );

  const grantedPolicy = inBothPacks(
    'IAMNoInlinePolicy',
    'The policies are those CDK grants generate, each attached to the single role of one function or of the state machine and scoped to named resources; customer-managed policies could be attached elsewhere and would not be narrower.',
  );
  const keyGrants: NagPackSuppression = {
    id: 'AwsSolutions-IAM5',
    reason: 'kms:GenerateDataKey* and kms:ReEncrypt* come from CDK key grants for the case-data key (table items, dead letters) and are scoped to that one key.',
    appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
  };
  NagSuppressions.addResourceSuppressions(
    functions.map((fn) => fn.role!),
    [
      ...grantedPolicy,
      keyGrants,
      { id: 'AwsSolutions-IAM5', reason: 'X-Ray (active tracing) accepts trace segments and telemetry only on "*": it has no resource-level permissions.', appliesTo: ['Resource::*'] },
      {
        id: 'AwsSolutions-IAM5',
        reason: "CDK's table grants cover the case table's indexes (<table ARN>/index/*): the one index, ActiveCases, carries identifiers, statuses and times only.",
        appliesTo: [{ regex: '/^Resource::<CasesTable[A-Za-z0-9]+\\.Arn>\\/index\\/\\*$/g' }],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: "Executions are named per case, so describing or stopping them is granted on the lifecycle machine's executions (execution:<machine>:*), of that one machine only.",
        appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:[A-Za-z0-9-]+-referral-lifecycle:\\*$/g' }],
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(
    stack.reconcilerSchedule.role,
    [
      ...grantedPolicy,
      {
        id: 'AwsSolutions-IAM5',
        reason: "CDK's invoke grant covers the reconciler function and its versions (<function ARN>:*), that one function only.",
        appliesTo: [{ regex: '/^Resource::<Functionsreconciler[A-Za-z0-9]+\\.Arn>:\\*$/g' }],
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(
    stack.retentionSchedule.role,
    [
      ...grantedPolicy,
      {
        id: 'AwsSolutions-IAM5',
        reason: "CDK's invoke grant covers the retention function and its versions (<function ARN>:*), that one function only.",
        appliesTo: [{ regex: '/^Resource::<Functionsretention[A-Za-z0-9]+\\.Arn>:\\*$/g' }],
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(
    stack.morningListSchedule.role,
    [
      ...grantedPolicy,
      {
        id: 'AwsSolutions-IAM5',
        reason: "CDK's invoke grant covers the morning-list function and its versions (<function ARN>:*), that one function only.",
        appliesTo: [{ regex: '/^Resource::<Functionsmorninglist[A-Za-z0-9]+\\.Arn>:\\*$/g' }],
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(
    stack.workflow.stateMachine.role,
    [
      ...grantedPolicy,
      {
        id: 'AwsSolutions-IAM5',
        reason: 'X-Ray tracing and CloudWatch Logs vended delivery (the execution log group) accept only "*": neither has resource-level permissions.',
        appliesTo: ['Resource::*'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: "The Lambda task grant covers each task function and its versions (<function ARN>:*), one statement per function of the workflow.",
        appliesTo: [{ regex: '/^Resource::<Functions[A-Za-z0-9-]+\\.Arn>:\\*$/g' }],
      },
    ],
    true,
  );

  NagSuppressions.addResourceSuppressions(
    stack.backups,
    [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy AWS Backup needs to back up DynamoDB; its role serves only this plan\'s selection of the case table and the audit trail.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup'],
      },
    ],
    true,
  );

  NagSuppressions.addResourceSuppressions(stack.portalApi.portalMethods, [
    {
      id: 'AwsSolutions-COG4',
      reason:
        'The portal is a machine client, not a person: its methods use IAM authorization (SigV4 with its own role), and the resource policy lets no other principal invoke them. Officer methods use the Cognito authorizer.',
    },
  ]);

  NagSuppressions.addResourceSuppressions(
    stack.portalApi.api,
    [
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'API Gateway validates the path parameters; bodies are validated by the handlers against the zod schemas the OpenAPI contract is generated from, which answer 400 naming each field at fault. A second copy of the schemas in API Gateway would drift.',
      },
      {
        id: 'AwsSolutions-IAM4',
        reason: 'AmazonAPIGatewayPushToCloudWatchLogs is the AWS-maintained policy of the account-level role API Gateway writes access and execution logs with, and assumes for nothing else.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
      },
      ...inBothPacks(
        'APIGWCacheEnabledAndEncrypted',
        'No cache cluster: responses carry case data that changes with every workflow step, and a cache would keep another copy of special-category data.',
      ),
      ...inBothPacks(
        'APIGWSSLEnabled',
        'Client certificates authenticate API Gateway to HTTP backends; every integration here is a Lambda proxy, invoked through the Lambda API and authorized by IAM.',
      ),
    ],
    true,
  );
}
