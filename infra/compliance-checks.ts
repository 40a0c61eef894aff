import { Aspects, type IAspect } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The cdk-nag rule packs the service is held to; their findings are errors of synthesis. */
export function complianceChecks(): IAspect[] {
  return [new AwsSolutionsChecks({ verbose: true }), new NIST80053R5Checks({ verbose: true }), new HIPAASecurityChecks({ verbose: true })];
}

export function addComplianceChecks(scope: IConstruct): void {
  for (const check of complianceChecks()) Aspects.of(scope).add(check);
}
