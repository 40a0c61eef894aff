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
  NagSuppressions.addResourceSuppressions(stack.portalApi.operationsMethods, [
    {
      id: 'AwsSolutions-COG4',
      reason:
        'The IAM-authorized mount of the operations routes: operations call them from the command line with SigV4 and the operations role, which the resource policy alone admits there. The same routes stay behind the Cognito authorizer at their own paths.',
    },
  ]);

  // The officers' console: static files, behind CloudFront.
  const consoleHosting = stack.console;
  NagSuppressions.addResourceSuppressions(
    [consoleHosting.bucket, consoleHosting.accessLogs],
    inBothPacks(
      'S3BucketReplicationEnabled',
      'The console bucket holds the built console, which every deploy rebuilds from the repository; the access-log bucket holds request logs kept for their retention. Neither holds case data, and a replica would only copy what can be rebuilt or is already versioned.',
    ),
  );
  NagSuppressions.addResourceSuppressions(
    consoleHosting.bucket,
    inBothPacks(
      'S3DefaultEncryptionKMS',
      'The console bucket holds the console code every browser downloads (no case data, no secrets, config.json names public endpoints only); it is encrypted at rest with S3-managed keys, and a customer key would add a KMS call to every CloudFront fetch for nothing secret.',
    ),
  );
  NagSuppressions.addResourceSuppressions(
    consoleHosting.accessLogs,
    inBothPacks(
      'S3DefaultEncryptionKMS',
      'S3 delivers server access logs only to buckets whose default encryption is S3-managed (SSE-KMS destinations are not supported); the bucket blocks public access, requires TLS and expires logs after the log retention.',
    ),
  );
  NagSuppressions.addResourceSuppressions(consoleHosting.distribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'The console is static code with no data; every request for data goes to the API, which requires a signed-in officer with MFA. Officers may sign in from abroad (on leave, on a council VPN), so a country block would stop them without protecting anything.',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'The distribution serves static files only, read-only (GET and HEAD); the API it talks to has its own web ACL. A CloudFront web ACL must be created in US East (N. Virginia), outside this regional stack, and would guard nothing that is not public already.',
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        "The distribution uses CloudFront's default *.cloudfront.net certificate, for which CloudFront sets the security policy itself; a minimum of TLSv1.2_2021 needs a custom domain with its own ACM certificate in US East (N. Virginia), outside this stack. HSTS keeps browsers on HTTPS.",
    },
  ]);
  const deploymentWildcards = (what: string) =>
    `${what}: CDK's BucketDeployment grants its copying function read on this stack's asset in the CDK assets bucket and read, write and delete in the console bucket, with S3's wildcard actions (GetObject*, List*, DeleteObject*, Abort*) on those two buckets' objects only.`;
  NagSuppressions.addResourceSuppressions(
    consoleHosting.deploymentRole,
    [
      ...grantedPolicy,
      {
        id: 'AwsSolutions-IAM5',
        reason: deploymentWildcards('S3 actions'),
        appliesTo: ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: deploymentWildcards('The objects of the two buckets'),
        appliesTo: [
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
          { regex: '/^Resource::<ConsoleBucket[A-Za-z0-9]+\\.Arn>\\/\\*$/g' },
        ],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: "BucketDeployment invalidates the console's paths after copying: CDK grants cloudfront:CreateInvalidation and GetInvalidation on \"*\", these two actions and nothing else.",
        appliesTo: ['Resource::*'],
      },
    ],
    true,
  );
  const deploymentFunction = consoleHosting.deploymentFunction;
  if (deploymentFunction) {
    NagSuppressions.addResourceSuppressions(
      deploymentFunction,
      [
        {
          id: 'AwsSolutions-L1',
          reason:
            "The function is CDK's BucketDeployment handler, whose runtime CDK chooses and updates with the library (it runs the AWS CLI); it runs at deploy time only, to copy the console into its bucket.",
        },
        ...inBothPacks(
          'LambdaInsideVPC',
          "CDK's BucketDeployment handler runs at deploy time only and reaches S3 and CloudFront regional and global endpoints over TLS, authorized by IAM; there is no private resource to reach.",
        ),
        ...inBothPacks(
          'LambdaConcurrency',
          "CDK's BucketDeployment handler is invoked by CloudFormation once per deploy that changes the console; nothing else may invoke it.",
        ),
        ...inBothPacks(
          'LambdaDLQ',
          "CDK's BucketDeployment handler is invoked by CloudFormation as a custom resource, which waits for its answer and fails the deploy on error: nothing is left to retry from a queue.",
        ),
      ],
      true,
    );
  }

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
