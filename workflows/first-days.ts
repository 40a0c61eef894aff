import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/**
 * A referral's first days (domain.md stages 1 to 4): receipt, completeness,
 * return and rejection, and initial consideration up to the duty LADO's
 * threshold decision.
 *
 * Only the case id and flags travel through the execution; every rule runs in a
 * Lambda that reads the case from the table. Human input arrives through
 * callback tasks, and each wait for it is bounded by the next deadline from the
 * policy table: when the wait times out, the due deadlines fire (reminder,
 * rejection, chaser, escalation) and the wait resumes.
 *
 * Written in JSONPath without variables, so that the local engine runs exactly
 * this definition.
 */
export interface FirstDaysFunctions {
  receipt: IFunction;
  completeness: IFunction;
  awaitInput: IFunction;
  deadlines: IFunction;
  notifier: IFunction;
}

type AwaitedInput = 'resubmission' | 'thresholdDecision';

const caseId = sfn.JsonPath.stringAt('$.caseId');

export function firstDaysOfAReferral(scope: Construct, fns: FirstDaysFunctions): sfn.IChainable {
  const invoke = (id: string, fn: IFunction, payload: Record<string, unknown>, props: Partial<tasks.LambdaInvokeProps> = {}) =>
    new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromObject(payload),
      resultPath: sfn.JsonPath.DISCARD,
      ...props,
    });
  const email = (id: string, kind: string, key: string = kind) => invoke(id, fns.notifier, { caseId, kind, key });
  const finish = (id: string, outcome: string) =>
    new sfn.Pass(scope, id, { parameters: { caseId, outcome } });

  const recordReceipt = invoke('RecordReceipt', fns.receipt, { caseId }, {
    resultSelector: { 'immediateRisk.$': '$.Payload.immediateRisk' },
    resultPath: '$.receipt',
  });

  const checkCompleteness = invoke('CheckCompleteness', fns.completeness, { caseId }, {
    resultSelector: { 'complete.$': '$.Payload.complete', 'check.$': '$.Payload.check' },
    resultPath: '$.completeness',
  });

  const referralRejected = finish('ReferralRejected', 'rejected');
  const thresholdDecisionRecorded = finish('ThresholdDecisionRecorded', 'thresholdDecided');

  const awaitResubmission = awaitWithDeadlines(scope, fns, 'resubmission', 'Resubmission', {
    onInput: checkCompleteness,
    onRejected: referralRejected,
  });
  const awaitThresholdDecision = awaitWithDeadlines(scope, fns, 'thresholdDecision', 'ThresholdDecision', {
    onInput: thresholdDecisionRecorded,
  });

  const returnToReferrer = email('ReturnToReferrer', 'returnRequest', sfn.JsonPath.format('returnRequest-{}', sfn.JsonPath.stringAt('$.completeness.check')));

  checkCompleteness.next(
    new sfn.Choice(scope, 'IsReferralComplete')
      .when(sfn.Condition.booleanEquals('$.completeness.complete', true), awaitThresholdDecision)
      .otherwise(returnToReferrer.next(awaitResubmission)),
  );

  return recordReceipt
    .next(email('SendAcknowledgement', 'acknowledgement'))
    .next(
      new sfn.Choice(scope, 'IsChildAtImmediateRisk')
        .when(sfn.Condition.booleanEquals('$.receipt.immediateRisk', true), email('AlertDutyLado', 'immediateRiskAlert').next(checkCompleteness))
        .otherwise(checkCompleteness),
    );
}

/**
 * Waits for one kind of human input, waking at each deadline of the policy
 * table to act on it, until the input arrives (or the case is rejected).
 */
function awaitWithDeadlines(
  scope: Construct,
  fns: FirstDaysFunctions,
  awaiting: AwaitedInput,
  name: string,
  next: { onInput: sfn.IChainable; onRejected?: sfn.IChainable },
): sfn.IChainable {
  const planWait = new tasks.LambdaInvoke(scope, `Plan${name}Wait`, {
    lambdaFunction: fns.deadlines,
    payload: sfn.TaskInput.fromObject({ caseId, awaiting, action: 'plan' }),
    resultSelector: { 'seconds.$': '$.Payload.seconds' },
    resultPath: '$.timer',
  });

  const wait = new tasks.LambdaInvoke(scope, `Await${name}`, {
    lambdaFunction: fns.awaitInput,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({ caseId, awaiting, taskToken: sfn.JsonPath.taskToken }),
    taskTimeout: sfn.Timeout.at('$.timer.seconds'),
    resultPath: sfn.JsonPath.DISCARD,
  });

  const fireDeadlines = new tasks.LambdaInvoke(scope, `Fire${name}Deadlines`, {
    lambdaFunction: fns.deadlines,
    payload: sfn.TaskInput.fromObject({ caseId, awaiting, action: 'fire' }),
    resultSelector: { 'outcome.$': '$.Payload.outcome', 'notifications.$': '$.Payload.notifications' },
    resultPath: '$.fired',
  });

  const sendDeadlineEmails = new sfn.Map(scope, `Send${name}DeadlineEmails`, {
    itemsPath: '$.fired.notifications',
    maxConcurrency: 1,
    resultPath: sfn.JsonPath.DISCARD,
  }).itemProcessor(
    new tasks.LambdaInvoke(scope, `Send${name}DeadlineEmail`, {
      lambdaFunction: fns.notifier,
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      resultPath: sfn.JsonPath.DISCARD,
    }),
  );

  const afterDeadlines = new sfn.Choice(scope, `After${name}Deadlines`).when(
    sfn.Condition.stringEquals('$.fired.outcome', 'inputArrived'),
    next.onInput,
  );
  if (next.onRejected) afterDeadlines.when(sfn.Condition.stringEquals('$.fired.outcome', 'rejected'), next.onRejected);
  afterDeadlines.otherwise(planWait);

  wait.addCatch(fireDeadlines, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
  fireDeadlines.next(sendDeadlineEmails).next(afterDeadlines);
  return planWait.next(wait).next(next.onInput);
}
