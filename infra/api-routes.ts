/**
 * The HTTP contract, route by route: API Gateway is built from this table, and
 * the local stack serves the same table. docs/openapi.yaml describes it.
 */
export type FunctionName =
  | 'intake'
  | 'resubmission'
  | 'decision'
  | 'get-case'
  | 'receipt'
  | 'completeness'
  | 'await-input'
  | 'deadlines'
  | 'notifier'
  | 'lifecycle'
  | 'get-history'
  | 'email-events';

export interface ApiRoute {
  method: 'GET' | 'POST';
  path: string;
  function: FunctionName;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/referrals', function: 'intake' },
  { method: 'POST', path: '/referrals/{caseId}/resubmission', function: 'resubmission' },
  { method: 'GET', path: '/cases/{caseId}', function: 'get-case' },
  { method: 'GET', path: '/cases/{caseId}/history', function: 'get-history' },
  { method: 'POST', path: '/cases/{caseId}/decisions', function: 'decision' },
];
