import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ACTIVE_CASES_INDEX, ACTIVE_CASES_PROJECTION } from '../functions/shared/table-layout';

/**
 * The case table: one partition per case, holding the case, its audit events
 * and its email claims. Encrypted with the case-data key, recoverable to any
 * second of the last 35 days, and protected from deletion.
 */
export class CaseTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, private readonly key: kms.IKey) {
    super(scope, id);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      // TableEncryptionV2.customerManagedKey needs the stack's region at synthesis,
      // and this app is region-agnostic: the key is set on the one replica below.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
      // The reconciler's view of the active cases, never a Scan (functions/shared/table-layout.ts).
      globalSecondaryIndexes: [
        {
          indexName: ACTIVE_CASES_INDEX,
          partitionKey: { name: 'activeShard', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'caseId', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...ACTIVE_CASES_PROJECTION],
        },
      ],
    });
    (this.table.node.defaultChild as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.0.SSESpecification.KMSMasterKeyId', key.keyArn);
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
}
