import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CASE_MANAGING_GROUPS, IAM_PATH_PREFIX, type OfficerGroup } from '../api-routes';
import { forbidden, unauthorized } from './errors';

/**
 * The officer behind a request, from the claims of the token the user pool
 * authorizer verified. The authorizer proves only who signed in; which groups
 * may use a route is checked here, against the route table.
 */
export interface Officer {
  username: string;
  groups: string[];
}

/**
 * API Gateway hands claims over as strings, so a list of groups arrives as
 * "a,b" (REST APIs) or "[a b]" (JWT authorizers); an actual list is taken too.
 */
export function parseGroups(claim: unknown): string[] {
  const items = Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? [claim] : [];
  return items.flatMap((item) => item.replace(/[[\]"]/g, ' ').split(/[\s,]+/)).filter(Boolean);
}

export const notInGroupsMessage = (allowed: readonly string[]) => `This endpoint is open to officers in the groups ${allowed.join(', ')}, and you are in none of them`;

/**
 * Why a record naming another officer is refused: it would be kept as theirs.
 * Nothing from the token is quoted back; the argument callers pass is unused.
 */
export const notOwnOfficerIdMessage = (_username?: string) =>
  'A decision must be recorded under your own officer id: send as "officerId" the username you signed in with';

/**
 * The AWS principal that signed a request with SigV4 on the IAM-authorized
 * mount (IAM_PATH_PREFIX), as API Gateway names it after checking the
 * signature: the operations role's session, which the API's resource policy
 * alone admits there. Undefined for any other request: API Gateway fills
 * requestContext.identity.userArn only for IAM-authorized methods, and
 * event.resource is the route template it matched, never the caller's text.
 */
export function iamCaller(event: APIGatewayProxyEvent): string | undefined {
  const userArn = event.requestContext?.identity?.userArn;
  const onIamMount = event.resource?.startsWith(`${IAM_PATH_PREFIX}/`) ?? false;
  return onIamMount && typeof userArn === 'string' && userArn.startsWith('arn:') ? userArn : undefined;
}

/**
 * The officer behind a request. On a route the table marks `machine`, a
 * SigV4 caller on the IAM-authorized mount is taken as a member of
 * `operations`, named by its ARN (an assumed role's ARN ends with the
 * session name, so the audit trail says who asked).
 */
export function authorizeOfficer(event: APIGatewayProxyEvent, allowed: readonly OfficerGroup[], access: { machine?: boolean } = {}): Officer {
  const caller = access.machine ? iamCaller(event) : undefined;
  if (caller !== undefined) {
    if (!allowed.includes('operations')) throw forbidden(notInGroupsMessage(allowed));
    return { username: caller, groups: ['operations'] };
  }
  const claims: Record<string, unknown> | undefined = event.requestContext?.authorizer?.['claims'];
  const username = claims?.['cognito:username'];
  if (typeof username !== 'string' || username === '') throw unauthorized('Sign in as an officer to use this endpoint');
  const groups = parseGroups(claims?.['cognito:groups']);
  if (!groups.some((group) => (allowed as readonly string[]).includes(group))) {
    throw forbidden(notInGroupsMessage(allowed));
  }
  return { username, groups };
}

/** Whether the caller manages cases (a LADO officer or manager), and so sees what operations do not. */
export function managesCases(officer: Officer | undefined): boolean {
  return officer?.groups.some((group) => (CASE_MANAGING_GROUPS as readonly string[]).includes(group)) ?? false;
}
