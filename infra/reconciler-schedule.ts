import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface ReconcilerScheduleProps {
  reconciler: lambda.IFunction;
  every: Duration;
}

/**
 * Runs the reconciler on a fixed rate with EventBridge Scheduler. A missed or
 * failed run is retried by the scheduler; the next run checks everything
 * again anyway, since each run checks every active case.
 */
export class ReconcilerSchedule extends Construct {
  /** The role the scheduler invokes the reconciler with, and nothing else. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ReconcilerScheduleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description: 'EventBridge Scheduler: invokes the reconciler' });
    new scheduler.Schedule(this, 'Schedule', {
      description: 'Checks every active LADO case against the running workflow executions',
      schedule: scheduler.ScheduleExpression.rate(props.every),
      target: new targets.LambdaInvoke(props.reconciler, { role: this.role, retryAttempts: 2, input: scheduler.ScheduleTargetInput.fromObject({}) }),
    });
  }
}
