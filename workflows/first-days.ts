import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { caseId, handoverAction, type LifecycleSteps } from './building-blocks';
import { COMPLETENESS, RECEIPT } from './contract';

/**
 * A referral's first days (domain.md stages 1 to 4): receipt, completeness,
 * return and rejection, and initial consideration up to the duty LADO's
 * threshold decision; then the case is closed or handed to management.
 * Receipt says where the referral stands, so the same steps take up a
 * referral afresh or resume it from the stored case (after a failure, a
 * restart, or a long wait handed to the next execution).
 */
export function firstDaysOfAReferral(steps: LifecycleSteps, endOnceEmailsSent: (id: string, outcome: string) => sfn.Pass): sfn.IChainable {
  const { fns } = steps;
  const recordReceipt = steps.invoke('RecordReceipt', fns.receipt, { caseId }, { resultSelector: RECEIPT.selector, resultPath: RECEIPT.path });

  const checkCompleteness = steps.invoke('CheckCompleteness', fns.completeness, { caseId }, { resultSelector: COMPLETENESS.selector, resultPath: COMPLETENESS.path });

  const referralRejected = endOnceEmailsSent('ReferralRejected', 'rejected');

  const closeOrHandOver = steps.invoke('CloseOrHandOverToManagement', fns.handover, handoverAction('afterThresholdDecision'));
  closeOrHandOver.next(endOnceEmailsSent('ThresholdDecisionRecorded', 'thresholdDecided'));

  // A referral waiting long (a threshold decision that never comes) moves to a fresh execution well inside a year.
  const handOver = steps.invoke('HandOverFirstDays', fns.handover, { ...handoverAction('handover'), execution: sfn.JsonPath.stringAt('$$.Execution.Name') });
  handOver.next(steps.finish('FirstDaysHandedOver', 'handedOver'));

  const resubmission = steps.awaitWithDeadlines('resubmission', 'Resubmission', { onArrival: checkCompleteness, onClosed: referralRejected, onHandover: handOver });
  const thresholdDecision = steps.awaitWithDeadlines('thresholdDecision', 'ThresholdDecision', {
    onArrival: closeOrHandOver,
    onClosed: closeOrHandOver,
    onHandover: handOver,
  });

  checkCompleteness.next(
    new sfn.Choice(steps.scope, 'IsReferralComplete')
      .when(COMPLETENESS.isTrue('complete'), thresholdDecision.plan)
      .otherwise(steps.sendOwedEmails('ReturnToReferrer', resubmission.plan)),
  );

  const whereItStands = new sfn.Choice(steps.scope, 'WhereDoesTheReferralStand')
    .when(RECEIPT.is('next', 'awaitResubmission'), resubmission.plan)
    .when(RECEIPT.is('next', 'awaitThresholdDecision'), thresholdDecision.plan)
    .when(RECEIPT.is('next', 'afterThresholdDecision'), closeOrHandOver)
    .when(RECEIPT.is('next', 'closed'), referralRejected)
    .otherwise(checkCompleteness);
  // The acknowledgement (and the duty LADO's alert, for a child at immediate risk) is owed at receipt.
  recordReceipt.next(steps.sendOwedEmails('SendAcknowledgement', whereItStands));
  return recordReceipt;
}
