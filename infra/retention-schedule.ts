import { TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface RetentionScheduleProps {
  retention: lambda.IFunction;
}

/** When the retention job runs: daily, at 02:00 in London, outside the working day. The local stack runs it at the same time (local/schedules.ts). */
export const RETENTION_RUN = { hour: '2', minute: '0', timeZone: TimeZone.EUROPE_LONDON } as const;

/**
 * Runs the retention job daily with EventBridge Scheduler: it disposes of the
 * personal data of the cases whose LADO retention date has passed
 * (functions/retention). A failed run is retried by the scheduler; a run
 * missed altogether is caught up by the next, which takes every date passed.
 */
export class RetentionSchedule extends Construct {
  /** The role the scheduler invokes the retention job with, and nothing else. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: RetentionScheduleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description: 'EventBridge Scheduler: invokes the retention job' });
    new scheduler.Schedule(this, 'Schedule', {
      description: 'Disposes of the personal data of LADO cases whose retention date has passed',
      schedule: scheduler.ScheduleExpression.cron(RETENTION_RUN),
      target: new targets.LambdaInvoke(props.retention, { role: this.role, retryAttempts: 2, input: scheduler.ScheduleTargetInput.fromObject({}) }),
    });
  }
}
