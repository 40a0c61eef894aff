import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, OFFICER_GROUPS, type ApiRoute, type OfficerGroup } from '../../functions/api-routes';
import { officerToken, PORTAL_TOKEN } from '../../local/dev-tokens';
import { completeReferral, referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Who may call what, on the local stack: the emulated authorizers answer 401
 * and 403 as API Gateway does, and the handlers' group checks run behind them
 * on the claims the authorizer hands over.
 */
let stack: TestStack;
let complete: string;
let incomplete: string;

const OFFICER = officerToken('lado.officer.7', 'lado-officer');
const MANAGER = officerToken('lado.manager.2', 'lado-manager');
const OPERATIONS = officerToken('ops.1', 'operations');
const UNGROUPED = officerToken('someone', 'visitors');
const GARBLED = ['dev:', 'dev:lado.7', 'dev:lado.7:', 'dev:lado.7:lado-officer,', 'dev:portal:', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln', 'dev:lado 7:lado-officer'];

beforeAll(async () => {
  stack = await startTestStack('2026-11-23T10:00:00Z');
  complete = (await stack.post('/referrals', completeReferral(), { token: PORTAL_TOKEN })).body.caseId;
  incomplete = (await stack.post('/referrals', referralMissingDateOfBirthAndAddress(), { token: PORTAL_TOKEN })).body.caseId;
  await stack.clock.settle();
});

afterAll(async () => {
  await stack.stop();
});

const decision = (officerId: string) => ({
  kind: 'threshold',
  officerId,
  outcome: 'consultation',
  allocatedTo: { officerId: 'lado.officer.7', email: 'lado7@lado.example.gov.uk' },
  rationale: 'The conduct does not meet the harm threshold; advice given to the employer.',
});

async function rawRequest(method: string, path: string, authorization?: string) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  return { status: response.status, body: (await response.json()) as { message: string } };
}

describe('every route of the table', () => {
  // A returned referral for the portal's resubmission, the complete one elsewhere.
  const pathOf = (route: ApiRoute) => route.path.replace('{caseId}', route.function === 'resubmission' ? incomplete : complete);
  const routes = (): Array<[string, string]> => API_ROUTES.map((route) => [route.method, pathOf(route)]);

  it('answers 401 Unauthorized, as API Gateway does, to a request with no token, a token of another scheme or a garbled one', async () => {
    for (const [method, path] of routes()) {
      for (const authorization of [undefined, `Basic ${Buffer.from('a:b').toString('base64')}`, ...GARBLED.map((token) => `Bearer ${token}`)]) {
        const response = await rawRequest(method, path, authorization);
        expect(response, `${method} ${path} with ${authorization}`).toEqual({ status: 401, body: { message: 'Unauthorized' } });
      }
    }
  });

  it("lets in each officer route's groups only: any other group, and the portal, get 403", async () => {
    const tokens: Record<OfficerGroup, string> = { 'lado-officer': OFFICER, 'lado-manager': MANAGER, operations: OPERATIONS };
    for (const route of API_ROUTES) {
      if (route.access.kind !== 'officer') continue;
      const allowed = route.access.groups;
      for (const group of OFFICER_GROUPS) {
        const { status } = await rawRequest(route.method, pathOf(route), `Bearer ${tokens[group]}`);
        // Let in, a request of '{}' may still be refused for what it lacks (400), never for who sent it.
        if (allowed.includes(group)) expect(status, `${route.method} ${route.path} as ${group}`).not.toBe(403);
        else expect(status, `${route.method} ${route.path} as ${group}`).toBe(403);
      }
      expect((await rawRequest(route.method, pathOf(route), `Bearer ${UNGROUPED}`)).status, `${route.method} ${route.path} ungrouped`).toBe(403);
      expect((await rawRequest(route.method, pathOf(route), `Bearer ${PORTAL_TOKEN}`)).status, `${route.method} ${route.path} as the portal`).toBe(403);
    }
  });
});

describe('the portal routes', () => {
  it('refuse officers of every group with 403', async () => {
    for (const token of [OFFICER, MANAGER, OPERATIONS]) {
      expect((await stack.post('/referrals', completeReferral({ submissionId: 'portal-access-officer' }), { token })).status).toBe(403);
      const resubmission = await stack.post(`/referrals/${incomplete}/resubmission`, { subject: { dateOfBirth: '1984-03-17' } }, { token });
      expect(resubmission.status).toBe(403);
      expect(resubmission.body.message).toMatch(/only the portal/);
    }
    expect((await stack.get(`/cases/${incomplete}`)).body.status).toBe('AWAITING_RESUBMISSION');
  });

  it('serve the portal', async () => {
    expect((await stack.post('/referrals', completeReferral({ submissionId: 'portal-access-portal' }), { token: PORTAL_TOKEN })).status).toBe(202);
    const resubmission = await stack.post(`/referrals/${incomplete}/resubmission`, { subject: { dateOfBirth: '1984-03-17' } }, { token: PORTAL_TOKEN });
    expect(resubmission.status).toBe(202);
  });
});

describe('the officer routes', () => {
  it('refuse the portal with 403', async () => {
    for (const [method, path] of [['GET', `/cases/${complete}`], ['GET', `/cases/${complete}/history`], ['POST', `/cases/${complete}/decisions`]] as const) {
      const response = await rawRequest(method, path, `Bearer ${PORTAL_TOKEN}`);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.message).toMatch(/signed-in officers/);
    }
  });

  it('show where a case stands to LADO officers, managers and operations, and to no one outside those groups', async () => {
    for (const token of [OFFICER, MANAGER, OPERATIONS]) expect((await stack.get(`/cases/${complete}`, { token })).status, token).toBe(200);
    const outsider = await stack.get(`/cases/${complete}`, { token: UNGROUPED });
    expect(outsider).toEqual({ status: 403, body: { message: 'This endpoint is open to officers in the groups lado-officer, lado-manager, operations, and you are in none of them' } });
  });

  it('show the audit trail to LADO officers and managers, not to operations', async () => {
    for (const token of [OFFICER, MANAGER]) expect((await stack.get(`/cases/${complete}/history`, { token })).status, token).toBe(200);
    for (const token of [OPERATIONS, UNGROUPED]) expect((await stack.get(`/cases/${complete}/history`, { token })).status, token).toBe(403);
  });

  it('take decisions from LADO officers and managers under their own id only, and change nothing when they refuse one', async () => {
    const byOperations = await stack.post(`/cases/${complete}/decisions`, decision('ops.1'), { token: OPERATIONS });
    expect(byOperations.status).toBe(403);
    const onBehalf = await stack.post(`/cases/${complete}/decisions`, decision('duty.lado.9'), { token: OFFICER });
    expect(onBehalf).toEqual({ status: 403, body: { message: 'A decision must be recorded under your own officer id: send as "officerId" the username you signed in with' } });
    expect((await stack.get(`/cases/${complete}`)).body).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', decisions: [] });

    const own = await stack.post(`/cases/${complete}/decisions`, decision('lado.manager.2'), { token: MANAGER });
    expect(own.status).toBe(202);
    const { events } = (await stack.get(`/cases/${complete}/history`)).body as { events: Array<{ type: string; actor: string }> };
    expect(events.find((event) => event.type === 'ThresholdDecisionRecorded')?.actor).toBe('lado.manager.2');
  });
});

describe('the local-only endpoints', () => {
  it('stay open: the OpenAPI document and the virtual clock need no token', async () => {
    expect((await fetch(`${stack.apiUrl}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${stack.apiUrl}/local/clock`)).status).toBe(200);
  });
});
