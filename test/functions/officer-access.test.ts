import { describe, expect, it } from 'vitest';
import { routeOf } from '../../functions/api-routes';
import { caseParams, httpHandler } from '../../functions/shared/handler';
import { iamCaller, parseGroups } from '../../functions/shared/officer-access';
import { apiEvent, lambdaContext, officerClaims, responseBody } from './support';

/** An endpoint on a route of the table, answering who it was called by. */
const endpoint = (name: 'get-case' | 'get-history' | 'intake') =>
  httpHandler({ route: routeOf(name), params: caseParams }, async ({ officer }) => ({
    statusCode: 200,
    body: { officer: officer ?? null },
  }));

const CASE = { caseId: 'LADO-0123456789' };
const call = (name: Parameters<typeof endpoint>[0], claims?: Record<string, string>, pathParameters: Record<string, string> = CASE) =>
  endpoint(name)(apiEvent({ pathParameters, ...(claims ? { claims } : {}) }), lambdaContext);

describe('the groups claim', () => {
  it.each([
    ['one group', 'lado-officer', ['lado-officer']],
    ['comma-separated, as REST APIs pass it', 'lado-officer,lado-manager', ['lado-officer', 'lado-manager']],
    ['bracketed and space-separated, as JWT authorizers pass it', '[lado-officer lado-manager]', ['lado-officer', 'lado-manager']],
    ['bracketed, quoted and comma-separated', '["lado-officer", "operations"]', ['lado-officer', 'operations']],
    ['empty', '', []],
    ['empty brackets', '[]', []],
  ])('is read when %s', (_, claim, groups) => {
    expect(parseGroups(claim)).toEqual(groups);
  });

  it('is read from a list, and is no group at all when missing', () => {
    expect(parseGroups(['lado-manager', 'operations'])).toEqual(['lado-manager', 'operations']);
    expect(parseGroups(undefined)).toEqual([]);
  });
});

describe('an officer route', () => {
  it('answers 401 when the request carries no claims', async () => {
    const response = await call('get-case');
    expect(response.statusCode).toBe(401);
    expect(responseBody(response)).toEqual({ message: 'Sign in as an officer to use this endpoint' });
  });

  it('answers 401 when the claims name no user', async () => {
    const { 'cognito:username': _, ...anonymous } = officerClaims('lado.7');
    expect((await call('get-case', anonymous)).statusCode).toBe(401);
  });

  it('answers 403, naming the groups it needs, to an officer in none of them', async () => {
    const response = await call('get-history', officerClaims('ops.1', 'operations'));
    expect(response.statusCode).toBe(403);
    expect(responseBody(response).message).toBe('This endpoint is open to officers in the groups lado-officer, lado-manager, and you are in none of them');
    expect((await call('get-history', officerClaims('someone', ''))).statusCode).toBe(403);
  });

  it('serves an officer in one of its groups, whatever else they are in, and hands the handler who they are', async () => {
    const response = await call('get-history', officerClaims('lado.manager.2', '[operations lado-manager]'));
    expect(response.statusCode).toBe(200);
    expect(responseBody(response)).toEqual({ officer: { username: 'lado.manager.2', groups: ['operations', 'lado-manager'] } });
    expect((await call('get-case', officerClaims('ops.1', 'operations'))).statusCode).toBe(200);
  });

  it('checks the caller before the request: a stranger learns nothing from a 400', async () => {
    expect((await call('get-case', undefined, { caseId: 'not-a-case' })).statusCode).toBe(401);
    expect((await call('get-case', officerClaims('lado.7'), { caseId: 'not-a-case' })).statusCode).toBe(400);
  });
});

describe('operations signing with SigV4', () => {
  const ROLE_SESSION = 'arn:aws:sts::123456789012:assumed-role/LadoReferrals-ApiOperationsRole54CFB59F-1A2B3C4D5E6F/alice@council.example.gov.uk';
  /** A request API Gateway authorized by IAM: the signer in requestContext.identity, the route template in resource. */
  const signedEvent = (resource: string, userArn: string | null = ROLE_SESSION) => {
    const event = apiEvent({ pathParameters: CASE });
    return {
      ...event,
      resource,
      requestContext: { ...event.requestContext, identity: { userArn, caller: 'AROAEXAMPLE:alice@council.example.gov.uk', accountId: '123456789012' } },
    } as unknown as Parameters<ReturnType<typeof endpoint>>[0];
  };

  it('are served on a machine route’s IAM-authorized mount as members of operations, named by the signer’s ARN', async () => {
    const response = await endpoint('get-case')(signedEvent('/iam/cases/{caseId}'), lambdaContext);
    expect(response.statusCode).toBe(200);
    expect(responseBody(response)).toEqual({ officer: { username: ROLE_SESSION, groups: ['operations'] } });
    expect(iamCaller(signedEvent('/iam/cases/{caseId}'))).toBe(ROLE_SESSION);
  });

  it('are not taken for anyone off the mount, or on a route the table does not open to SigV4', async () => {
    expect((await endpoint('get-case')(signedEvent('/cases/{caseId}'), lambdaContext)).statusCode).toBe(401);
    expect((await endpoint('get-history')(signedEvent('/iam/cases/{caseId}/history'), lambdaContext)).statusCode).toBe(401);
    expect((await endpoint('get-case')(signedEvent('/iam/cases/{caseId}', null), lambdaContext)).statusCode).toBe(401);
    expect(iamCaller(signedEvent('/cases/{caseId}'))).toBeUndefined();
  });

  it('leave a signed-in officer on the Cognito route as the token says', async () => {
    const response = await call('get-case', officerClaims('lado.7', 'lado-officer'));
    expect(responseBody(response)).toEqual({ officer: { username: 'lado.7', groups: ['lado-officer'] } });
  });
});

describe('a portal route', () => {
  it('leaves authorization to IAM and names no officer', async () => {
    const response = await call('intake');
    expect(response.statusCode).toBe(200);
    expect(responseBody(response)).toEqual({ officer: null });
  });
});
