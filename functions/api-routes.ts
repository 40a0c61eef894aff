/**
 * The HTTP contract, route by route, with who may call each route: API Gateway
 * is built from this table, the handlers enforce its officer groups, and the
 * local stack serves and guards the same table. docs/openapi.yaml describes it.
 */
export const FUNCTION_NAMES = [
  'intake',
  'resubmission',
  'decision',
  'get-case',
  'receipt',
  'completeness',
  'park',
  'deadlines',
  'notifier',
  'handover',
  'get-history',
  'email-events',
  'reconciler',
  'reconciliation',
  'retention',
  'morning-list',
  'correction',
  'reopening',
  'list-cases',
  'keyed-referral',
  'keyed-resubmission',
  'duty-list',
  'caseloads',
  'case-workflow',
  'executions',
  'reconciler-findings',
  'annual-report',
  'record-enquiry',
  'list-enquiries',
  'link-enquiry',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The officer user pool's groups. */
export const OFFICER_GROUPS = ['lado-officer', 'lado-manager', 'operations'] as const;
export type OfficerGroup = (typeof OFFICER_GROUPS)[number];

/**
 * Who may call a route: the portal, a machine client signing with its IAM role
 * (SigV4), or officers signed in to the user pool and in one of `groups`.
 * A `machine` route is also served under IAM_PATH_PREFIX, authorized by IAM
 * instead of the user pool: operations call it there with SigV4, signing with
 * the operations role (infra/portal-api.ts), and the handler takes that caller
 * as a member of `operations`, which `groups` must therefore include.
 */
export type RouteAccess = { kind: 'portal' } | { kind: 'officer'; groups: readonly OfficerGroup[]; machine?: boolean };

/** Where the machine routes are mounted a second time, authorized by IAM (SigV4) rather than by the officer user pool. */
export const IAM_PATH_PREFIX = '/iam';

/** The path of a route on the IAM-authorized mount: /operations/reconciliation is signed for at /iam/operations/reconciliation. */
export function iamPath(path: string): string {
  return `${IAM_PATH_PREFIX}${path}`;
}

/** Headers a route requires; API Gateway refuses a request without them, and the handler checks their form. */
export type RequestHeader = 'Idempotency-Key';

export interface ApiRoute {
  method: 'GET' | 'POST';
  path: string;
  function: FunctionName;
  access: RouteAccess;
  headers?: readonly RequestHeader[];
}

const PORTAL: RouteAccess = { kind: 'portal' };
const officers = (...groups: readonly OfficerGroup[]): Extract<RouteAccess, { kind: 'officer' }> => ({ kind: 'officer', groups });
/** Open to the same officers, and to operations signing with SigV4 on the IAM-authorized mount. */
const alsoBySigV4 = (access: Extract<RouteAccess, { kind: 'officer' }>): RouteAccess => ({ ...access, machine: true });

/** The groups that manage cases: they read a case's trail and records and record decisions; operations only watch. */
export const CASE_MANAGING_GROUPS: readonly OfficerGroup[] = ['lado-officer', 'lado-manager'];

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/referrals', function: 'intake', access: PORTAL },
  // Requests that change a case are retried safely under the key they were first sent with.
  { method: 'POST', path: '/referrals/{caseId}/resubmission', function: 'resubmission', access: PORTAL, headers: ['Idempotency-Key'] },
  // Operations see where a case stands to follow up stuck executions, but not its trail or its records.
  { method: 'GET', path: '/cases/{caseId}', function: 'get-case', access: alsoBySigV4(officers(...CASE_MANAGING_GROUPS, 'operations')) },
  // Lists of cases, each filter served by an index; operations get the list without who handles a case or what it is about.
  { method: 'GET', path: '/cases', function: 'list-cases', access: alsoBySigV4(officers(...CASE_MANAGING_GROUPS, 'operations')) },
  // A referral keyed in by staff from an emailed form or a telephone call: retried safely under its key, which names it.
  { method: 'POST', path: '/cases', function: 'keyed-referral', access: officers(...CASE_MANAGING_GROUPS), headers: ['Idempotency-Key'] },
  // The details a keyed-in referral was returned for, keyed in by staff as its referrer gives them.
  { method: 'POST', path: '/cases/{caseId}/resubmission', function: 'keyed-resubmission', access: officers(...CASE_MANAGING_GROUPS), headers: ['Idempotency-Key'] },
  { method: 'GET', path: '/duty/referrals', function: 'duty-list', access: officers(...CASE_MANAGING_GROUPS) },
  // Caseloads are the manager's to oversee (003 §3.5: above 85 is high).
  { method: 'GET', path: '/caseloads', function: 'caseloads', access: officers('lado-manager') },
  // The annual report on the service is the manager's to make and to answer for.
  { method: 'GET', path: '/reports/annual', function: 'annual-report', access: officers('lado-manager') },
  // The lifecycle as deployed, and where the case's execution stands in it: state names only.
  { method: 'GET', path: '/cases/{caseId}/workflow', function: 'case-workflow', access: officers(...CASE_MANAGING_GROUPS, 'operations') },
  { method: 'GET', path: '/operations/executions', function: 'executions', access: alsoBySigV4(officers('operations')) },
  { method: 'GET', path: '/operations/findings', function: 'reconciler-findings', access: alsoBySigV4(officers('operations')) },
  { method: 'GET', path: '/cases/{caseId}/history', function: 'get-history', access: officers(...CASE_MANAGING_GROUPS) },
  { method: 'POST', path: '/cases/{caseId}/decisions', function: 'decision', access: officers(...CASE_MANAGING_GROUPS), headers: ['Idempotency-Key'] },
  { method: 'POST', path: '/cases/{caseId}/corrections', function: 'correction', access: officers(...CASE_MANAGING_GROUPS), headers: ['Idempotency-Key'] },
  // Reopening a closed case is the manager's decision: the manager oversees the service (domain.md, who is involved).
  { method: 'POST', path: '/cases/{caseId}/reopening', function: 'reopening', access: officers('lado-manager'), headers: ['Idempotency-Key'] },
  // Operations check the record and repair stopped workflows; every repair is recorded with who asked.
  { method: 'POST', path: '/operations/reconciliation', function: 'reconciliation', access: alsoBySigV4(officers('operations')) },
  // The enquiries register (003 §2.2): kept by the LADO enquiries officer, read for the report; nobody named, so no case's content is near.
  { method: 'POST', path: '/enquiries', function: 'record-enquiry', access: officers(...CASE_MANAGING_GROUPS), headers: ['Idempotency-Key'] },
  { method: 'GET', path: '/enquiries', function: 'list-enquiries', access: officers(...CASE_MANAGING_GROUPS) },
  // Linking the referral an enquiry led to is the same whenever it is sent: no key needed.
  { method: 'POST', path: '/enquiries/{enquiryId}/link', function: 'link-enquiry', access: officers(...CASE_MANAGING_GROUPS) },
];

/** The route a function serves. */
export function routeOf(name: FunctionName): ApiRoute {
  const route = API_ROUTES.find((candidate) => candidate.function === name);
  if (!route) throw new Error(`No route is served by ${name}`);
  return route;
}

/** A path segment, percent-decoded; undefined when its percent-encoding is malformed (%ZZ, a truncated UTF-8 sequence). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The route a request is for, by its method and path, with the path parameters a template such as /cases/{caseId} takes from it.
 * A path that cannot be decoded names no route, so it is answered 404 whoever asks, never with a fault.
 */
export function matchRoute(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | undefined {
  const got = path.split('/').filter(Boolean);
  for (const route of API_ROUTES) {
    const want = route.path.split('/').filter(Boolean);
    if (route.method !== method || want.length !== got.length) continue;
    const params: Record<string, string> = {};
    const matches = want.every((part, i) => {
      const actual = decodeSegment(got[i]!);
      if (actual === undefined) return false;
      if (part.startsWith('{')) params[part.slice(1, -1)] = actual;
      return part.startsWith('{') || part === actual;
    });
    if (matches) return { route, params };
  }
  return undefined;
}
