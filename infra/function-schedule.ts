import { TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface FunctionScheduleProps {
  /** The function to run. */
  target: lambda.IFunction;
  /** What it is called in the role's description: "invokes the <job>". */
  job: string;
  schedule: scheduler.ScheduleExpression;
  description: string;
}

/**
 * Runs one function on a schedule with EventBridge Scheduler (the reconciler,
 * the retention job, the morning list). A failed run is retried twice by the
 * scheduler; each job is written so that a run missed altogether is caught up
 * by the next. Locally, the virtual clock fires the same schedules
 * (local/schedules.ts).
 */
export class FunctionSchedule extends Construct {
  /** The role the scheduler invokes the function with, and nothing else. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: FunctionScheduleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description: `EventBridge Scheduler: invokes the ${props.job}` });
    new scheduler.Schedule(this, 'Schedule', {
      description: props.description,
      schedule: props.schedule,
      target: new targets.LambdaInvoke(props.target, { role: this.role, retryAttempts: 2, input: scheduler.ScheduleTargetInput.fromObject({}) }),
    });
  }
}

/** Every day at a London time written HH:mm. */
export function dailyInLondonAt(time: string): scheduler.ScheduleExpression {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`A daily schedule takes a time written HH:mm, not "${time}"`);
  return scheduler.ScheduleExpression.cron({ hour: String(Number(match[1])), minute: String(Number(match[2])), timeZone: TimeZone.EUROPE_LONDON });
}
