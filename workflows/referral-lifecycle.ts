import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { LifecycleFunctions } from './building-blocks';
import { managingTheCase } from './case-management';
import { firstDaysOfAReferral } from './first-days';

export type { LifecycleFunctions };

/**
 * The referral lifecycle: one definition, run as a chain of executions per
 * case. A portal submission starts the first days ({caseId}); each later
 * execution manages the case ({caseId, phase: "management", sequence}).
 */
export function referralLifecycle(scope: Construct, fns: LifecycleFunctions): sfn.IChainable {
  return new sfn.Choice(scope, 'WhichPhase')
    .when(
      sfn.Condition.and(sfn.Condition.isPresent('$.phase'), sfn.Condition.stringEquals('$.phase', 'management')),
      managingTheCase(scope, fns),
    )
    .otherwise(firstDaysOfAReferral(scope, fns));
}
