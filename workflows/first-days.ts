import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { awaitWithDeadlines, caseId, finish, invoke, sendEach, type LifecycleFunctions } from './building-blocks';

/**
 * A referral's first days (domain.md stages 1 to 4): receipt, completeness,
 * return and rejection, and initial consideration up to the duty LADO's
 * threshold decision; then the case is closed or handed to management.
 */
export function firstDaysOfAReferral(scope: Construct, fns: LifecycleFunctions): sfn.IChainable {
  const email = (id: string, kind: string, key: string = kind) => invoke(scope, id, fns.notifier, { caseId, kind, key });

  const recordReceipt = invoke(scope, 'RecordReceipt', fns.receipt, { caseId }, {
    resultSelector: { 'immediateRisk.$': '$.Payload.immediateRisk' },
    resultPath: '$.receipt',
  });

  const checkCompleteness = invoke(scope, 'CheckCompleteness', fns.completeness, { caseId }, {
    resultSelector: { 'complete.$': '$.Payload.complete', 'check.$': '$.Payload.check' },
    resultPath: '$.completeness',
  });

  const referralRejected = finish(scope, 'ReferralRejected', 'rejected');

  const afterThresholdDecision = invoke(scope, 'CloseOrHandOverToManagement', fns.lifecycle, { caseId, action: 'afterThresholdDecision' }, {
    resultSelector: { 'closed.$': '$.Payload.closed', 'notifications.$': '$.Payload.notifications' },
    resultPath: '$.handover',
  })
    .next(sendEach(scope, 'SendClosureEmails', fns, '$.handover.notifications'))
    .next(finish(scope, 'ThresholdDecisionRecorded', 'thresholdDecided'));

  const resubmission = awaitWithDeadlines(scope, fns, 'resubmission', 'Resubmission');
  resubmission.plan.next(resubmission.wait);
  resubmission.then(checkCompleteness);
  resubmission.fire.next(
    new sfn.Choice(scope, 'AfterResubmissionDeadlines')
      .when(sfn.Condition.stringEquals('$.timer.outcome', 'inputArrived'), checkCompleteness)
      .when(sfn.Condition.stringEquals('$.timer.outcome', 'rejected'), referralRejected)
      .otherwise(resubmission.wait),
  );

  const thresholdDecision = awaitWithDeadlines(scope, fns, 'thresholdDecision', 'ThresholdDecision');
  thresholdDecision.plan.next(thresholdDecision.wait);
  thresholdDecision.then(afterThresholdDecision);
  thresholdDecision.fire.next(
    new sfn.Choice(scope, 'AfterThresholdDecisionDeadlines')
      .when(sfn.Condition.stringEquals('$.timer.outcome', 'inputArrived'), afterThresholdDecision)
      .otherwise(thresholdDecision.wait),
  );

  const returnToReferrer = email('ReturnToReferrer', 'returnRequest', sfn.JsonPath.format('returnRequest-{}', sfn.JsonPath.stringAt('$.completeness.check')));
  checkCompleteness.next(
    new sfn.Choice(scope, 'IsReferralComplete')
      .when(sfn.Condition.booleanEquals('$.completeness.complete', true), thresholdDecision.plan)
      .otherwise(returnToReferrer.next(resubmission.plan)),
  );

  return recordReceipt
    .next(email('SendAcknowledgement', 'acknowledgement'))
    .next(
      new sfn.Choice(scope, 'IsChildAtImmediateRisk')
        .when(sfn.Condition.booleanEquals('$.receipt.immediateRisk', true), email('AlertDutyLado', 'immediateRiskAlert').next(checkCompleteness))
        .otherwise(checkCompleteness),
    );
}
