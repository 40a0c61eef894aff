import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, iamPath } from '../../functions/api-routes';
import { addComplianceChecks } from '../../infra/compliance-checks';
import type { LadoStack } from '../../infra/lado-stack';
import { synthesizeStack } from './synthesize';

let stack: LadoStack;

beforeAll(() => {
  stack = synthesizeStack();
  addComplianceChecks(stack);
});

type Suppression = { id: string; reason: string; applies_to?: unknown[] };

function suppressions(): Array<{ path: string; suppression: Suppression }> {
  const resources = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, { Metadata?: Record<string, any> }>);
  return resources.flatMap((resource) =>
    ((resource.Metadata?.['cdk_nag']?.rules_to_suppress ?? []) as Suppression[]).map((suppression) => ({
      path: String(resource.Metadata?.['aws:cdk:path'] ?? ''),
      suppression,
    })),
  );
}

describe('compliance packs: AWS Solutions, NIST 800-53 rev 5, HIPAA Security', () => {
  it('report no unsuppressed error', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('.*'));
    expect(errors.map((error) => `${error.id}: ${String(error.entry.data).slice(0, 160)}`)).toEqual([]);
  });

  it('accept a finding only with a reason a reviewer can check', () => {
    const all = suppressions();
    expect(all.length).toBeGreaterThan(0);
    for (const { suppression } of all) expect(suppression.reason.length, suppression.id).toBeGreaterThanOrEqual(60);
  });

  it('accept no method without authorization, and methods without the user pool authorizer only where IAM authorizes the portal or operations', () => {
    const all = suppressions();
    expect(all.filter(({ suppression }) => /APIG4/.test(suppression.id))).toEqual([]);
    const cognitoFindings = all.filter(({ suppression }) => /COG4/.test(suppression.id));
    // The operations routes' IAM-authorized mount: the machine routes of the table, under /iam.
    const machineMethods = API_ROUTES.filter((route) => route.access.kind === 'officer' && route.access.machine).map(
      (route) => `LadoReferrals/Api/Api/Default${iamPath(route.path)}/${route.method}/Resource`,
    );
    expect(machineMethods.length).toBeGreaterThan(0);
    expect(cognitoFindings.map(({ path }) => path).sort()).toEqual(
      ['LadoReferrals/Api/Api/Default/referrals/POST/Resource', 'LadoReferrals/Api/Api/Default/referrals/{caseId}/resubmission/POST/Resource', ...machineMethods].sort(),
    );
  });

  it('accept IAM wildcards and managed policies only finding by finding', () => {
    for (const { suppression } of suppressions().filter(({ suppression }) => /IAM4|IAM5/.test(suppression.id))) {
      expect(suppression.applies_to?.length, suppression.reason).toBeGreaterThan(0);
    }
  });
});
