import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/api-routes';
import { synthesizeStack } from './synthesize';

/** Who may call the API, as deployed: IAM for the portal, the officer user pool for officers. */
const PORTAL = 'arn:aws:iam::222222222222:role/portal/lado-portal-test';
let template: Template;
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
let resources: Record<string, Resource>;

beforeAll(() => {
  template = Template.fromStack(synthesizeStack({ portalPrincipalArn: PORTAL }));
  resources = template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** The API method of a route, found through the path of resources it hangs from. */
function methodOf(method: string, path: string): Resource['Properties'] {
  const parts = path.split('/').filter(Boolean);
  const resourceIds = parts.reduce<Array<string | undefined>>((ids, part) => {
    const parent = ids.at(-1);
    const [id] = ofType('AWS::ApiGateway::Resource').find(
      ([, r]) => r.Properties.PathPart === part && (parent ? r.Properties.ParentId.Ref === parent : 'Fn::GetAtt' in r.Properties.ParentId),
    ) ?? [undefined];
    return [...ids, id];
  }, []);
  const found = ofType('AWS::ApiGateway::Method').find(([, m]) => m.Properties.HttpMethod === method && m.Properties.ResourceId.Ref === resourceIds.at(-1));
  if (!found) throw new Error(`No method ${method} ${path}`);
  return found[1].Properties;
}

describe('the portal routes', () => {
  const portalRoutes = API_ROUTES.filter((route) => route.access.kind === 'portal');

  it('are POST /referrals and POST /referrals/{caseId}/resubmission, each authorized by IAM (SigV4)', () => {
    expect(portalRoutes.map((route) => `${route.method} ${route.path}`)).toEqual(['POST /referrals', 'POST /referrals/{caseId}/resubmission']);
    for (const route of portalRoutes) {
      const method = methodOf(route.method, route.path);
      expect(method.AuthorizationType, route.path).toBe('AWS_IAM');
      expect(method.AuthorizerId).toBeUndefined();
    }
  });

  it('may be invoked by the configured portal role and by no other principal', () => {
    const [[, api]] = ofType('AWS::ApiGateway::RestApi') as [[string, Resource]];
    const statements = api.Properties.Policy.Statement as Array<Record<string, any>>;
    const portalResources = ['execute-api:/*/POST/referrals', 'execute-api:/*/POST/referrals/*/resubmission'];
    expect(statements).toEqual(
      expect.arrayContaining([
        { Sid: 'PortalRoutesForThePortal', Effect: 'Allow', Principal: { AWS: PORTAL }, Action: 'execute-api:Invoke', Resource: portalResources },
        {
          Sid: 'PortalRoutesForNoOneElse',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'execute-api:Invoke',
          Resource: portalResources,
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': PORTAL } },
        },
      ]),
    );
    // Nothing else allows the portal routes, and the principal appears nowhere else.
    const allowsToOthers = statements.filter((s) => s.Effect === 'Allow' && s.Principal.AWS !== PORTAL);
    for (const statement of allowsToOthers) for (const resource of [statement.Resource].flat()) expect(resource).not.toMatch(/\/referrals/);
    expect(JSON.stringify(resources).split(PORTAL)).toHaveLength(3);
  });
});

describe('the officer routes', () => {
  const officerRoutes = API_ROUTES.filter((route) => route.access.kind === 'officer');

  it('take tokens of the officer user pool, through one Cognito authorizer', () => {
    const [[authorizerId, authorizer]] = ofType('AWS::ApiGateway::Authorizer') as [[string, Resource]];
    const [[poolId]] = ofType('AWS::Cognito::UserPool') as [[string, Resource]];
    expect(authorizer.Properties).toMatchObject({
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [poolId, 'Arn'] }],
    });
    expect(officerRoutes.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      'GET /cases/{caseId}',
      'GET /cases/{caseId}/history',
      'POST /cases/{caseId}/corrections',
      'POST /cases/{caseId}/decisions',
      'POST /cases/{caseId}/reopening',
      'POST /operations/reconciliation',
    ]);
    for (const route of officerRoutes) {
      expect(methodOf(route.method, route.path), route.path).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: authorizerId } });
    }
  });

  it('are open to any network caller in the resource policy, the authorizer deciding', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([
          {
            Sid: 'OfficerRoutesForSignedInOfficers',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'execute-api:Invoke',
            Resource: [
              'execute-api:/*/GET/cases/*',
              'execute-api:/*/GET/cases/*/history',
              'execute-api:/*/POST/cases/*/corrections',
              'execute-api:/*/POST/cases/*/decisions',
              'execute-api:/*/POST/cases/*/reopening',
              'execute-api:/*/POST/operations/reconciliation',
            ],
          },
        ]),
      },
    });
  });
});

describe('the officer user pool', () => {
  it('requires MFA of everyone, by authenticator app only, and lets no one sign themselves up', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('has a strong password policy, threat protection enforced, and deletion protection; it is kept if the stack goes', () => {
    const [[, pool]] = ofType('AWS::Cognito::UserPool') as [[string, Resource]];
    expect(pool.Properties).toMatchObject({
      Policies: {
        PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, PasswordHistorySize: 24 },
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('has the groups the route table grants access by', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName).sort();
    expect(groups).toEqual(['lado-manager', 'lado-officer', 'operations']);
    const named = new Set(API_ROUTES.flatMap((route) => (route.access.kind === 'officer' ? route.access.groups : [])));
    expect([...named].sort()).toEqual(groups);
  });

  it('has one app client, for the officer front end: no secret, SRP only, short-lived tokens that can be revoked', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      IdTokenValidity: 15,
      AccessTokenValidity: 15,
      RefreshTokenValidity: 480,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    template.hasOutput('OfficerUserPoolId', {});
    template.hasOutput('OfficerFrontEndClientId', {});
  });
});
