import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { awaitWithDeadlines, caseId, finish, invoke, type LifecycleFunctions } from './building-blocks';

/**
 * Managing a case after the threshold decision (domain.md stages 5 to 8):
 * allegation management with its tracks, consultation, outcome, duties and
 * closure. Officers record each event through the API, where the rules run;
 * this loop keeps the clock: it wakes at every deadline and reminder to email
 * the allocated LADO (copying the manager on escalations), re-plans whenever
 * an officer records something, and ends when the case closes. Well before
 * an execution's limits it hands over to the next execution of the chain.
 */
export function managingTheCase(scope: Construct, fns: LifecycleFunctions): sfn.IChainable {
  const officerEvents = awaitWithDeadlines(scope, fns, 'officerEvent', 'OfficerEvent');
  const handOver = invoke(scope, 'HandOverToNextExecution', fns.lifecycle, {
    caseId,
    action: 'handover',
    sequence: sfn.JsonPath.numberAt('$.sequence'),
  }).next(finish(scope, 'ExecutionHandedOver', 'handedOver'));

  const waitOnOrEnd = new sfn.Choice(scope, 'IsCaseStillOpen')
    .when(sfn.Condition.stringEquals('$.timer.next', 'closed'), finish(scope, 'CaseClosed', 'closed'))
    .when(sfn.Condition.stringEquals('$.timer.next', 'handover'), handOver)
    .otherwise(officerEvents.wait);
  officerEvents.plan.next(waitOnOrEnd);
  officerEvents.then(officerEvents.plan);
  // Firing plans the next wait itself.
  officerEvents.fire.next(waitOnOrEnd);
  return officerEvents.plan;
}
