import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DISPOSABLE_EVENT_ATTRIBUTES, EVENTS_BY_MONTH_INDEX, EVENTS_BY_MONTH_KEY } from '../functions/shared/table-layout';
import { protectedTable } from './case-table';

/**
 * The audit trail: an event for every change to a case and every email sent,
 * appended and never changed. It is a table of its own so that IAM can hold it
 * to append-only (IAM has no condition on a sort key, so events beside the case
 * could be updated by whoever may update the case). Writers get
 * `dynamodb:PutItem` alone, which a Put inside TransactWriteItems needs: the
 * case and its event are still written in one transaction, since DynamoDB
 * transactions span tables. Readers get Query and GetItem. No function is given
 * DeleteItem, BatchWriteItem or PartiQL writes on it, and one only UpdateItem
 * (test/infra/audit-trail.test.ts holds the template to that).
 *
 * The one exception is disposal (domain.md stage 8): once a case's retention
 * date has passed, its events' personal data must go too, since the first
 * event carries the whole referral and officers' rationales describe people.
 * The retention job alone may UpdateItem events, and only the attributes that
 * carry it (`changes`, `rationale`), by IAM's `dynamodb:Attributes` condition
 * key; it cannot touch who, when, what kind or the details of any event, nor
 * delete one. We chose this over keeping personal data out of the trail
 * (encrypting it under a key per case and destroying the key): that would put
 * a key store and envelope encryption in every write and every reading of the
 * trail, where one narrowly granted function changes two attributes once.
 *
 * IAM cannot stop a PutItem from overwriting an item under an existing key.
 * That residual is covered by the condition every event Put carries in code
 * (`attribute_not_exists(pk)`, functions/shared/case-store.ts), by the random
 * suffix of every event's key, and by point-in-time recovery and the daily
 * backups (infra/case-backups.ts), from which an overwritten event can be read.
 *
 * One partition per case, `pk` = `CASE#<caseId>`, and `sk` = the event's key
 * (`EVENT#<at>#<case version>.<place><random>`), so a case's trail is one Query. Encrypted
 * with the case-data key, recoverable to any second of the last 35 days,
 * protected from deletion and retained; no TTL: nothing expires from the trail.
 * One index, EventsByMonth, finds a period's events by month without a Scan
 * (functions/shared/table-layout.ts): keys only, on an attribute written with
 * each event and never changed, so the disposal grant above needs nothing
 * more.
 */
export class AuditTrail extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, private readonly key: kms.IKey) {
    super(scope, id);
    this.table = protectedTable(this, key, {
      globalSecondaryIndexes: [
        {
          indexName: EVENTS_BY_MONTH_INDEX,
          partitionKey: { name: EVENTS_BY_MONTH_KEY, type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
          // Keys only: `pk` names the case, whose trail is then read from the table.
          projectionType: dynamodb.ProjectionType.KEYS_ONLY,
        },
      ],
    });
  }

  /**
   * Appending events: PutItem only (each Put conditional in code), on the
   * table alone (not its index, which CDK's table grants add), and the key the
   * events are encrypted with.
   */
  grantAppend(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [this.table.tableArn] }));
    this.key.grantEncryptDecrypt(grantee);
  }

  /**
   * Disposing of events' personal data: UpdateItem of `changes` and
   * `rationale` alone (the key attributes must be listed for DynamoDB to
   * address the item). The condition key must be present, so that a request
   * naming no attribute is not let through by ForAllValues; nothing is
   * returned, so the update reads nothing it was not granted.
   */
  grantDisposal(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', ...DISPOSABLE_EVENT_ATTRIBUTES] },
          Null: { 'dynamodb:Attributes': 'false' },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      }),
    );
    this.key.grantEncryptDecrypt(grantee);
  }

  /**
   * Reading a period's trails: Query on EventsByMonth (keys only) to find the
   * cases, and on the table to read each trail whole; no GetItem, no Scan.
   */
  grantReadByMonth(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [this.table.tableArn, `${this.table.tableArn}/index/${EVENTS_BY_MONTH_INDEX}`] }),
    );
    this.key.grantDecrypt(grantee);
  }

  /** Reading a case's trail: Query and GetItem on the table alone, and decrypting with the key. */
  grantRead(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query', 'dynamodb:GetItem'], resources: [this.table.tableArn] }));
    this.key.grantDecrypt(grantee);
  }
}
