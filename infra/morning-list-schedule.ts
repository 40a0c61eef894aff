import { TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface MorningListScheduleProps {
  morningList: lambda.IFunction;
  /** The working day's opening time in London, HH:mm (the deployment's workingHours). */
  opensAt: string;
}

/**
 * Runs the duty LADO's morning list with EventBridge Scheduler, every day at
 * the opening of the working day in London: the function itself sends only on
 * working days, by the service calendar, which knows the bank holidays and
 * closure days that no cron expression can. A failed run is retried by the
 * scheduler; the day's claim keeps a retry from sending the list twice.
 */
export class MorningListSchedule extends Construct {
  /** The role the scheduler invokes the morning list with, and nothing else. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MorningListScheduleProps) {
    super(scope, id);
    const opening = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(props.opensAt);
    if (!opening) throw new Error(`The working day must open at a time written HH:mm, not "${props.opensAt}"`);
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description: 'EventBridge Scheduler: invokes the morning list' });
    new scheduler.Schedule(this, 'Schedule', {
      description: "Emails the duty LADO, each working morning, the referrals awaiting a threshold decision",
      schedule: scheduler.ScheduleExpression.cron({ hour: String(Number(opening[1])), minute: String(Number(opening[2])), timeZone: TimeZone.EUROPE_LONDON }),
      target: new targets.LambdaInvoke(props.morningList, { role: this.role, retryAttempts: 2, input: scheduler.ScheduleTargetInput.fromObject({}) }),
    });
  }
}
