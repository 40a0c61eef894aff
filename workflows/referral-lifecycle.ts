import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { LifecycleSteps, type LifecycleFunctions } from './building-blocks';
import { EXECUTION_INPUT } from './contract';
import { managingTheCase } from './management-phase';
import { firstDaysOfAReferral } from './first-days';

export type { LifecycleFunctions };

/**
 * The referral lifecycle: one definition, run as a chain of executions per
 * case. A portal submission starts the first days ({caseId}); a later first-
 * days execution ({caseId, phase: "first-days", sequence}) takes the referral
 * up where the stored case stands; each management execution manages the
 * case ({caseId, phase: "management", sequence}).
 */
export function referralLifecycle(scope: Construct, fns: LifecycleFunctions): sfn.IChainable {
  const steps = new LifecycleSteps(scope, fns);
  const endOnceEmailsSent = steps.finishWhenEmailsSent();
  const start = new sfn.Choice(scope, 'WhichPhase')
    .when(
      sfn.Condition.and(EXECUTION_INPUT.isPresent('phase'), EXECUTION_INPUT.is('phase', 'management')),
      managingTheCase(steps, endOnceEmailsSent),
    )
    .otherwise(firstDaysOfAReferral(steps, endOnceEmailsSent));
  steps.catchFailures();
  return start;
}
