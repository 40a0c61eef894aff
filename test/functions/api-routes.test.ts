import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../functions/api-routes';

describe('matchRoute', () => {
  it('finds the route by method and path, with its path parameters', () => {
    expect(matchRoute('POST', '/cases/LADO-0123456789/decisions')).toMatchObject({
      route: { function: 'decision', headers: ['Idempotency-Key'] },
      params: { caseId: 'LADO-0123456789' },
    });
    expect(matchRoute('GET', '/cases/LADO-0123456789')).toMatchObject({ route: { function: 'get-case' }, params: { caseId: 'LADO-0123456789' } });
    expect(matchRoute('POST', '/referrals')).toMatchObject({ route: { function: 'intake' }, params: {} });
  });

  it('tells routes that share a prefix apart by their length', () => {
    expect(matchRoute('GET', '/cases/LADO-0123456789/history')?.route.function).toBe('get-history');
    expect(matchRoute('GET', '/cases/LADO-0123456789/workflow')?.route.function).toBe('case-workflow');
    expect(matchRoute('GET', '/cases')).toMatchObject({ route: { function: 'list-cases' }, params: {} });
  });

  it('tells the routes of one path apart by their method', () => {
    expect(matchRoute('POST', '/cases')).toMatchObject({ route: { function: 'keyed-referral', headers: ['Idempotency-Key'] }, params: {} });
    expect(matchRoute('GET', '/cases')?.route.function).toBe('list-cases');
  });

  it('finds the lists and the operations routes', () => {
    for (const [path, name] of [
      ['/duty/referrals', 'duty-list'],
      ['/caseloads', 'caseloads'],
      ['/operations/executions', 'executions'],
      ['/operations/findings', 'reconciler-findings'],
    ] as const) {
      expect(matchRoute('GET', path)?.route.function, path).toBe(name);
    }
  });

  it('decodes a path parameter, as API Gateway does', () => {
    expect(matchRoute('GET', '/cases/LADO%2D0123456789')?.params).toEqual({ caseId: 'LADO-0123456789' });
  });

  it('matches nothing, and throws nothing, for a path whose percent-encoding is malformed', () => {
    for (const [method, path] of [['POST', '/referrals/%ZZ/resubmission'], ['GET', '/cases/%E0%A4%A'], ['GET', '/cases/%C0%AF/history'], ['GET', '/%ZZ']] as const) {
      expect(matchRoute(method, path), path).toBeUndefined();
    }
  });

  it('matches nothing for another method, a longer path or an unknown one', () => {
    expect(matchRoute('GET', '/referrals')).toBeUndefined();
    expect(matchRoute('POST', '/cases/LADO-0123456789/decisions/1')).toBeUndefined();
    expect(matchRoute('GET', '/local/clock')).toBeUndefined();
  });
});
