import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsMonitoringProps {
  topicName: string;
  key: kms.IKey;
  alarmEmail?: string | undefined;
  stateMachine: sfn.IStateMachine;
  functions: ReadonlyArray<readonly [string, lambda.IFunction]>;
  /** Queues whose every message is a failure someone must look at. */
  deadLetterQueues: ReadonlyArray<readonly [string, sqs.IQueue]>;
}

/** The business metrics the handlers emit (functions/shared/observability.ts), by Powertools' service dimension. */
const BUSINESS_METRICS = ['ReferralReceived', 'ReferralReturned', 'ReferralRejected', 'DecisionChased', 'DecisionEscalated'];
const RUNBOOK = 'Runbook: docs/deploy.md, "When an execution fails".';

/**
 * What operations watch: one encrypted topic that every alarm and every
 * failed, timed-out or aborted execution is published to, and a dashboard.
 * Alarm texts and notices carry metric names, function names and execution
 * ARNs (case ids at most), never referral content.
 */
export class OperationsMonitoring extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: OperationsMonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: 'LADO referrals operations',
      masterKey: props.key,
      enforceSSL: true,
    });
    // The topic's policy replaces SNS's default one: alarms of this account need a statement of their own.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { ArnLike: { 'aws:SourceArn': Stack.of(this).formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    this.notifyOnEndedExecutions(props.stateMachine);
    this.alarms(props);
    this.dashboard(props);
  }

  /** One notice per failed, timed-out or aborted execution: its ARN and status, nothing from its input. */
  private notifyOnEndedExecutions(stateMachine: sfn.IStateMachine): void {
    new events.Rule(this, 'ExecutionEndedBadly', {
      description: 'Referral workflow executions that failed, timed out or were aborted',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [stateMachine.stateMachineArn], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      targets: [
        new targets.SnsTopic(this.topic, {
          message: events.RuleTargetInput.fromObject({
            executionArn: events.EventField.fromPath('$.detail.executionArn'),
            status: events.EventField.fromPath('$.detail.status'),
          }),
        }),
      ],
    });
  }

  private alarms(props: OperationsMonitoringProps): void {
    const action = new actions.SnsAction(this.topic);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${description} ${RUNBOOK}`,
      });
      created.addAlarmAction(action);
      return created;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    alarm('ExecutionsFailed', props.stateMachine.metricFailed(fiveMinutes), 1, 'A referral workflow execution failed.');
    alarm('ExecutionsTimedOut', props.stateMachine.metricTimedOut(fiveMinutes), 1, 'A referral workflow execution timed out.');
    for (const [name, fn] of props.functions) {
      alarm(`${name}-errors`, fn.metricErrors(fiveMinutes), 1, `Lambda ${name} returned errors.`);
      alarm(`${name}-throttles`, fn.metricThrottles(fiveMinutes), 1, `Lambda ${name} was throttled.`);
    }
    for (const [name, queue] of props.deadLetterQueues) {
      alarm(`${name}-dead-letters`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }), 1, `Events of ${name} could not be handled and wait in its dead-letter queue.`);
    }
    alarm('ReconcilerDrift', reconcilerMetric('ReconcilerDrift'), 1, 'The reconciler found a case whose record and workflow disagree, a case needing attention, or an email owed too long.');
    // SES reviews an account at 5% bounces or 0.1% complaints: warn well before.
    alarm('SesBounceRate', sesMetric('Reputation.BounceRate', cloudwatch.Stats.MAXIMUM, Duration.hours(1)), 0.02, 'The SES bounce rate of the account reached 2%.');
    alarm('SesComplaintRate', sesMetric('Reputation.ComplaintRate', cloudwatch.Stats.MAXIMUM, Duration.hours(1)), 0.0008, 'The SES complaint rate of the account reached 0.08%.');
  }

  private dashboard(props: OperationsMonitoringProps): void {
    const hourly = { period: Duration.hours(1), statistic: cloudwatch.Stats.SUM };
    const machine = props.stateMachine;
    const perFunction = (title: string, metric: (fn: lambda.IFunction) => cloudwatch.Metric) =>
      new cloudwatch.GraphWidget({ title, width: 8, left: props.functions.map(([name, fn]) => metric(fn).with({ label: name })) });
    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Executions',
            width: 12,
            left: [
              machine.metricStarted(hourly).with({ label: 'started' }),
              machine.metricSucceeded(hourly).with({ label: 'succeeded' }),
              machine.metricFailed(hourly).with({ label: 'failed' }),
              machine.metricTimedOut(hourly).with({ label: 'timed out' }),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'Referrals',
            width: 12,
            left: BUSINESS_METRICS.map(
              (metricName) => new cloudwatch.Metric({ namespace: 'LadoReferrals', metricName, dimensionsMap: { service: 'lado-referrals' }, ...hourly, label: metricName }),
            ),
            right: [
              new cloudwatch.Metric({
                namespace: 'LadoReferrals',
                metricName: 'PendingDecisionAgeHours',
                dimensionsMap: { service: 'lado-referrals' },
                statistic: cloudwatch.Stats.MAXIMUM,
                period: Duration.hours(1),
                label: 'oldest pending threshold decision (hours)',
              }),
            ],
          }),
        ],
        [
          perFunction('Lambda errors', (fn) => fn.metricErrors(hourly)),
          perFunction('Lambda throttles', (fn) => fn.metricThrottles(hourly)),
          perFunction('Lambda duration p99', (fn) => fn.metricDuration({ period: Duration.hours(1), statistic: cloudwatch.Stats.p(99) })),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Reconciler (hourly)',
            width: 24,
            left: [
              reconcilerMetric('CasesNeedingAttention').with({ label: 'cases needing attention' }),
              reconcilerMetric('EmailsOwedTooLong').with({ label: 'emails owed over an hour' }),
              reconcilerMetric('ReconcilerDrift').with({ label: 'drift, all kinds' }),
            ],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Email',
            width: 12,
            left: ['Send', 'Bounce', 'Complaint'].map((metricName) => sesMetric(metricName, cloudwatch.Stats.SUM, Duration.hours(1))),
          }),
          new cloudwatch.GraphWidget({
            title: 'Email reputation',
            width: 12,
            left: ['Reputation.BounceRate', 'Reputation.ComplaintRate'].map((metricName) => sesMetric(metricName, cloudwatch.Stats.MAXIMUM, Duration.hours(1))),
          }),
        ],
      ],
    });
  }
}

/** SES publishes sending and reputation metrics for the whole account, without dimensions. */
function sesMetric(metricName: string, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic, period });
}

/** What the reconciler counts on each run (functions/reconciler): the latest run's figure, hour by hour. */
function reconcilerMetric(metricName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'LadoReferrals', metricName, dimensionsMap: { service: 'lado-referrals' }, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) });
}
