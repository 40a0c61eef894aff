import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The service's customer-managed keys, one per kind of data, each rotated
 * yearly and kept if the stack is deleted (what they encrypt may outlive it):
 * - caseData: the case table, its backups, execution histories and the email-event dead letters;
 * - logs: every log group (function, execution, access and firewall logs);
 * - operations: the operations topic, which alarms and EventBridge publish to.
 */
export class EncryptionKeys extends Construct {
  readonly caseData: kms.Key;
  readonly logs: kms.Key;
  readonly operations: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const key = (keyId: string, description: string) =>
      new kms.Key(this, keyId, {
        description,
        enableKeyRotation: true,
        rotationPeriod: Duration.days(365),
        removalPolicy: RemovalPolicy.RETAIN,
        pendingWindow: Duration.days(30),
      });

    this.caseData = key('CaseData', 'LADO referrals: case data (table, backups, execution histories)');
    this.logs = key('Logs', 'LADO referrals: log groups');
    this.operations = key('Operations', 'LADO referrals: operations notifications');

    // CloudWatch Logs encrypts with the key itself, for log groups of this account and region only.
    this.logs.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          },
        },
      }),
    );

    // Alarms publish to the encrypted operations topic on the account's behalf
    // (EventBridge's access comes with its SNS target).
    this.operations.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
  }
}
