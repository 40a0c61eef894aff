import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { handoverAction, type LifecycleSteps } from './building-blocks';

/**
 * Managing a case after the threshold decision (domain.md stages 5 to 8):
 * allegation management with its tracks, consultation, outcome, duties and
 * closure. Officers record each event through the API, where the rules run;
 * this loop keeps the clock: it wakes at every deadline and reminder to email
 * the allocated LADO (copying the manager on escalations), re-plans whenever
 * an officer records something, and ends when the case closes. Well before
 * an execution's limits it hands over to the next execution of the chain.
 */
export function managingTheCase(steps: LifecycleSteps, endOnceEmailsSent: (id: string, outcome: string) => sfn.Pass): sfn.IChainable {
  const handOver = steps.invoke('HandOverToNextExecution', steps.fns.handover, { ...handoverAction('handover'), execution: sfn.JsonPath.stringAt('$$.Execution.Name') });
  handOver.next(steps.finish('ExecutionHandedOver', 'handedOver'));
  // An officer's record leads back to planning the wait.
  const officerEvents = steps.awaitWithDeadlines('officerEvent', 'OfficerEvent', {
    onClosed: endOnceEmailsSent('CaseClosed', 'closed'),
    onHandover: handOver,
  });
  return officerEvents.plan;
}
