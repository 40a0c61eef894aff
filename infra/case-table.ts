import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  ACTIVE_CASES_INDEX,
  ACTIVE_CASES_PROJECTION,
  AWAITING_DECISION_INDEX,
  AWAITING_DECISION_KEY,
  AWAITING_DECISION_PROJECTION,
  CASE_LIST_PROJECTION,
  CASES_BY_DEADLINE_INDEX,
  CASES_BY_DEADLINE_KEY,
  CASES_BY_DEADLINE_SORT,
  CASES_BY_OFFICER_INDEX,
  CASES_BY_OFFICER_KEY,
  CASES_BY_OFFICER_SORT,
  CASES_BY_STATUS_INDEX,
  CASES_BY_STATUS_KEY,
  ENQUIRIES_PARTITION_PREFIX,
  MORNING_LIST_PARTITION,
  NEEDS_ATTENTION_INDEX,
  NEEDS_ATTENTION_KEY,
  NEEDS_ATTENTION_SORT,
  RETENTION_DUE_INDEX,
  SUBJECT_MATCH_INDEX,
  SUBJECT_MATCH_KEY,
  SUBJECT_MATCH_PROJECTION,
} from '../functions/shared/table-layout';

/**
 * What the case table and the audit trail share: `pk` and `sk` keys, on-demand
 * billing, encryption with the case-data key, recovery to any second of the
 * last 35 days, protection from deletion, and retention if the stack goes.
 */
export function protectedTable(scope: Construct, key: kms.IKey, props: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
  const table = new dynamodb.TableV2(scope, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billing: dynamodb.Billing.onDemand(),
    // TableEncryptionV2.customerManagedKey needs the stack's region at synthesis,
    // and this app is region-agnostic: the key is set on the one replica below.
    encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
  (table.node.defaultChild as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.0.SSESpecification.KMSMasterKeyId', key.keyArn);
  return table;
}

/** A case list's index: its keys, and what a list item shows (CASE_LIST_PROJECTION), nothing personal. */
function caseList(indexName: string, partitionKey: string, sortKey: string): dynamodb.GlobalSecondaryIndexPropsV2 {
  return {
    indexName,
    partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
    projectionType: dynamodb.ProjectionType.INCLUDE,
    nonKeyAttributes: CASE_LIST_PROJECTION.filter((attribute) => attribute !== partitionKey && attribute !== sortKey),
  };
}

/**
 * The case table: one partition per case, holding the case, its email claims,
 * its wait's task token and its idempotent requests (the audit events live in
 * the audit trail, infra/audit-trail.ts), with the sparse indexes of
 * functions/shared/table-layout.ts.
 */
export class CaseTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, private readonly key: kms.IKey) {
    super(scope, id);
    this.table = protectedTable(this, key, {
      timeToLiveAttribute: 'expiresAt',
      // The reconciler's view of the active cases, never a Scan (functions/shared/table-layout.ts).
      globalSecondaryIndexes: [
        {
          indexName: ACTIVE_CASES_INDEX,
          partitionKey: { name: 'activeShard', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'caseId', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...ACTIVE_CASES_PROJECTION],
        },
        // The retention job's view of the personal data held past its date, never a Scan (functions/shared/table-layout.ts).
        {
          indexName: RETENTION_DUE_INDEX,
          partitionKey: { name: 'retentionShard', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'keptUntil', type: dynamodb.AttributeType.STRING },
          // Keys only: the case is named by the table's key.
          projectionType: dynamodb.ProjectionType.KEYS_ONLY,
        },
        // The morning list's view of the referrals awaiting a threshold decision, oldest first (functions/shared/table-layout.ts).
        {
          indexName: AWAITING_DECISION_INDEX,
          partitionKey: { name: AWAITING_DECISION_KEY, type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'receivedAt', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...AWAITING_DECISION_PROJECTION],
        },
        // The intake's and the resubmission's view of earlier cases about the same person, by keyed hash (functions/shared/table-layout.ts).
        {
          indexName: SUBJECT_MATCH_INDEX,
          partitionKey: { name: SUBJECT_MATCH_KEY, type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'receivedAt', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...SUBJECT_MATCH_PROJECTION],
        },
        // The case lists of GET /cases, each filter served by a key (functions/shared/table-layout.ts).
        caseList(CASES_BY_STATUS_INDEX, CASES_BY_STATUS_KEY, 'receivedAt'),
        caseList(CASES_BY_OFFICER_INDEX, CASES_BY_OFFICER_KEY, CASES_BY_OFFICER_SORT),
        caseList(CASES_BY_DEADLINE_INDEX, CASES_BY_DEADLINE_KEY, CASES_BY_DEADLINE_SORT),
        caseList(NEEDS_ATTENTION_INDEX, NEEDS_ATTENTION_KEY, NEEDS_ATTENTION_SORT),
      ],
    });
  }

  /** Read access to the table, and to the key its items are encrypted with. */
  grantReadData(grantee: iam.IGrantable): void {
    this.table.grantReadData(grantee);
    this.key.grantDecrypt(grantee);
  }

  /** Read and write access to the table, and to the key its items are encrypted with. */
  grantReadWriteData(grantee: iam.IGrantable): void {
    this.table.grantReadWriteData(grantee);
    this.key.grantEncryptDecrypt(grantee);
  }

  /**
   * The morning list's access, and no more: Query the AwaitingDecision index
   * (ids, flags and times only), and put or delete its own day's claim, in its
   * own partition; never a case item.
   */
  grantMorningList(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${this.table.tableArn}/index/${AWAITING_DECISION_INDEX}`] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [MORNING_LIST_PARTITION] } },
      }),
    );
    this.key.grantEncryptDecrypt(grantee);
  }

  /**
   * The annual report's access, and no more: Query the ActiveCases index (ids,
   * statuses and times), and the enquiries register's partitions; never a case
   * item, never a Scan, no write.
   */
  grantReportReading(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${this.table.tableArn}/index/${ACTIVE_CASES_INDEX}`] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ENQUIRIES_PARTITION_PREFIX}*`] } },
      }),
    );
    this.key.grantDecrypt(grantee);
  }

  /**
   * The retention job's access, and no more: Query the RetentionDue index
   * (keys only), and read and put case items, each put in the transaction that
   * records its disposal. No Scan, no delete, no other index.
   */
  grantRetention(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${this.table.tableArn}/index/${RETENTION_DUE_INDEX}`] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [this.table.tableArn] }));
    this.key.grantEncryptDecrypt(grantee);
  }
}
