import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The audit trail: an event for every change to a case and every email sent,
 * appended and never changed. It is a table of its own so that IAM can hold it
 * to append-only (IAM has no condition on a sort key, so events beside the case
 * could be updated by whoever may update the case). Writers get
 * `dynamodb:PutItem` alone, which a Put inside TransactWriteItems needs: the
 * case and its event are still written in one transaction, since DynamoDB
 * transactions span tables. Readers get Query and GetItem. No function is given
 * UpdateItem, DeleteItem, BatchWriteItem or PartiQL writes on it
 * (test/infra/audit-trail.test.ts holds the template to that).
 *
 * IAM cannot stop a PutItem from overwriting an item under an existing key.
 * That residual is covered by the condition every event Put carries in code
 * (`attribute_not_exists(pk)`, functions/shared/case-store.ts), by the random
 * suffix of every event's key, and by point-in-time recovery and the daily
 * backups (infra/case-backups.ts), from which an overwritten event can be read.
 *
 * One partition per case, `pk` = `CASE#<caseId>`, and `sk` = the event's key
 * (`EVENT#<at>#<sequence><random>`), so a case's trail is one Query. Encrypted
 * with the case-data key, recoverable to any second of the last 35 days,
 * protected from deletion and retained; no TTL: nothing expires from the trail.
 */
export class AuditTrail extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, private readonly key: kms.IKey) {
    super(scope, id);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      // As for the case table (infra/case-table.ts): the app is region-agnostic, so the key is set on the one replica.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.table.node.defaultChild as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.0.SSESpecification.KMSMasterKeyId', key.keyArn);
  }

  /** Appending events: PutItem only (each Put conditional in code), and the key the events are encrypted with. */
  grantAppend(grantee: iam.IGrantable): void {
    this.table.grant(grantee, 'dynamodb:PutItem');
    this.key.grantEncryptDecrypt(grantee);
  }

  /** Reading a case's trail: Query and GetItem, and decrypting with the key. */
  grantRead(grantee: iam.IGrantable): void {
    this.table.grant(grantee, 'dynamodb:Query', 'dynamodb:GetItem');
    this.key.grantDecrypt(grantee);
  }
}
