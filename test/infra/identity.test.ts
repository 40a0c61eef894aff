import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, iamPath } from '../../functions/api-routes';
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
    // Nothing else allows the portal routes (any path under /referrals, by any method), and the principal appears nowhere else.
    const allowsToOthers = statements.filter((s) => s.Effect === 'Allow' && s.Principal.AWS !== PORTAL);
    for (const statement of allowsToOthers) for (const resource of [statement.Resource].flat()) expect(resource).not.toMatch(/^execute-api:\/[^/]+\/[^/]+\/referrals(\/|$)/);
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
    // The officer routes are those of the table: at least the case routes, the lists and the operations routes.
    expect(officerRoutes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['GET /cases', 'GET /cases/{caseId}', 'POST /cases/{caseId}/decisions', 'GET /reports/annual', 'POST /enquiries', 'POST /operations/reconciliation']),
    );
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
            // Every officer route, and no other: `{param}` as `*`, sorted as CDK sorts them.
            Resource: officerRoutes.map((route) => `execute-api:/*/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`).sort(),
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

  it('has two app clients, the officer front end’s and the console’s; the front end’s: no secret, SRP only, short-lived tokens that can be revoked', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
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

describe('signing in to the console through the hosted UI', () => {
  const consoleClient = () => {
    const clients = ofType('AWS::Cognito::UserPoolClient').filter(([, client]) => client.Properties.AllowedOAuthFlowsUserPoolClient === true);
    expect(clients).toHaveLength(1);
    return clients[0]![1].Properties;
  };

  it('has a Cognito prefix domain, unique to the stack by default', () => {
    const [[, domain]] = ofType('AWS::Cognito::UserPoolDomain') as [[string, Resource]];
    const [[poolId]] = ofType('AWS::Cognito::UserPool') as [[string, Resource]];
    expect(domain.Properties.UserPoolId).toEqual({ Ref: poolId });
    expect(domain.Properties.CustomDomainConfig).toBeUndefined();
    // lado- and the first eight hex digits of the stack's id: no account id in a public host name.
    expect(domain.Properties.Domain).toEqual({
      'Fn::Join': ['', ['lado-', { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] }]],
    });
    template.hasOutput('OfficerSignInUrl', {});
  });

  it('gives the console a public client: authorization code grant only (PKCE from the console), no secret, no flow of its own but refresh', () => {
    expect(consoleClient()).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    expect(consoleClient().AllowedOAuthFlows).not.toContain('implicit');
    template.hasOutput('OfficerConsoleClientId', {});
  });

  it('sends officers back to the console only, after signing in and after signing out', () => {
    const [[id]] = ofType('AWS::CloudFront::Distribution') as [[string, Resource]];
    const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [id, 'DomainName'] }, '/console/']] };
    expect(consoleClient().CallbackURLs).toEqual([consoleUrl]);
    expect(consoleClient().LogoutURLs).toEqual([consoleUrl]);
  });

  it('issues tokens for 15 minutes, refreshed for a working day at most', () => {
    expect(consoleClient()).toMatchObject({
      IdTokenValidity: 15,
      AccessTokenValidity: 15,
      RefreshTokenValidity: 480,
      AuthSessionValidity: 3,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
  });
});

describe('operations with SigV4', () => {
  const machineRoutes = API_ROUTES.filter((route) => route.access.kind === 'officer' && route.access.machine);
  const roleId = () => (ofType('AWS::IAM::Role').find(([id]) => id.startsWith('ApiOperationsRole')) ?? [''])[0];

  it('are the machine routes of the table, each open to operations', () => {
    expect(machineRoutes.map((route) => `${route.method} ${route.path}`)).toEqual(expect.arrayContaining(['GET /cases/{caseId}', 'POST /operations/reconciliation']));
    for (const route of machineRoutes) expect(route.access.kind === 'officer' && route.access.groups, route.path).toContain('operations');
  });

  it('are mounted again under /iam, authorized by IAM, on the same functions; the routes themselves keep the Cognito authorizer', () => {
    for (const route of machineRoutes) {
      const signed = methodOf(route.method, iamPath(route.path));
      const own = methodOf(route.method, route.path);
      expect(signed.AuthorizationType, route.path).toBe('AWS_IAM');
      expect(signed.AuthorizerId).toBeUndefined();
      expect(signed.Integration.Uri).toEqual(own.Integration.Uri);
      expect(own.AuthorizationType).toBe('COGNITO_USER_POOLS');
    }
    // Nothing else hangs under /iam.
    const iamMethods = ofType('AWS::ApiGateway::Method').filter(([, m]) => JSON.stringify(m).includes('"AWS_IAM"'));
    expect(iamMethods).toHaveLength(machineRoutes.length + API_ROUTES.filter((route) => route.access.kind === 'portal').length);
  });

  it('may be invoked there by the operations role and by no other principal', () => {
    const [[, api]] = ofType('AWS::ApiGateway::RestApi') as [[string, Resource]];
    const statements = api.Properties.Policy.Statement as Array<Record<string, any>>;
    // A policy statement lists its resources sorted.
    const signedResources = machineRoutes.map((route) => `execute-api:/*/${route.method}/iam${route.path.replace(/\{\w+\}/g, '*')}`).sort();
    const role = { 'Fn::GetAtt': [roleId(), 'Arn'] };
    expect(statements).toEqual(
      expect.arrayContaining([
        { Sid: 'SignedOperationsRoutesForTheOperationsRole', Effect: 'Allow', Principal: { AWS: role }, Action: 'execute-api:Invoke', Resource: signedResources },
        {
          Sid: 'SignedOperationsRoutesForNoOneElse',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'execute-api:Invoke',
          Resource: signedResources,
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': role } },
        },
      ]),
    );
    // No other statement allows anything under /iam.
    for (const statement of statements.filter((s) => s.Effect === 'Allow' && s.Sid !== 'SignedOperationsRoutesForTheOperationsRole')) {
      for (const resource of [statement.Resource].flat()) expect(resource).not.toMatch(/\/iam\//);
    }
  });

  it('sign as a role that any principal of the account may assume if its IAM policy allows, for an hour at most, and that holds no policy', () => {
    const role = resources[roleId()]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
      },
    ]);
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(ofType('AWS::IAM::Policy').filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId()))).toEqual([]);
    template.hasOutput('OperationsRoleArn', { Value: { 'Fn::GetAtt': [roleId(), 'Arn'] } });
  });
});

describe('settings for sign-in and operations', () => {
  const OPERATORS = 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_LadoOperations_0123456789abcdef';

  it('let the operations role be assumed by the given roles alone, and name the sign-in domain', () => {
    const custom = Template.fromStack(synthesizeStack({ portalPrincipalArn: PORTAL, operationsPrincipalArns: [OPERATORS], signInDomainPrefix: 'lado-kent-officers' })).toJSON()
      .Resources as Record<string, Resource>;
    const [, role] = Object.entries(custom).find(([id]) => id.startsWith('ApiOperationsRole'))!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: OPERATORS } }]);
    const [, domain] = Object.entries(custom).find(([, r]) => r.Type === 'AWS::Cognito::UserPoolDomain')!;
    expect(domain.Properties.Domain).toBe('lado-kent-officers');
  });

  it('refuse an operations principal that is not a role, and a prefix Cognito would refuse', () => {
    expect(() => synthesizeStack({ operationsPrincipalArns: ['arn:aws:iam::333333333333:user/alice'] })).toThrow(/lado\.operationsPrincipalArns\.0: must be the ARN of an IAM role/);
    for (const prefix of ['Lado', 'lado-aws', '-lado', 'lado_kent']) expect(() => synthesizeStack({ signInDomainPrefix: prefix }), prefix).toThrow(/lado\.signInDomainPrefix/);
  });
});
