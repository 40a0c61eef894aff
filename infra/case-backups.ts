import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface CaseBackupsProps {
  /** The case table and the audit trail. */
  tables: dynamodb.ITableV2[];
  /** The case-data key: backups hold the same data as the tables. */
  key: kms.IKey;
  retention: Duration;
}

/**
 * Daily backups of the case table and the audit trail, kept for the
 * configured retention, in a vault of their own: point-in-time recovery covers
 * mistakes of the last 35 days, these cover longer and survive the tables.
 */
export class CaseBackups extends Construct {
  constructor(scope: Construct, id: string, props: CaseBackupsProps) {
    super(scope, id);
    const vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'Plan', { backupVault: vault });
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        // 03:00 UTC: outside the service's working day in every season.
        scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(4),
        deleteAfter: props.retention,
      }),
    );
    plan.addSelection('Tables', { resources: props.tables.map((table) => backup.BackupResource.fromArn(table.tableArn)) });
  }
}
