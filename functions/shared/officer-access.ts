import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { OfficerGroup } from '../api-routes';
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

export function authorizeOfficer(event: APIGatewayProxyEvent, allowed: readonly OfficerGroup[]): Officer {
  const claims: Record<string, unknown> | undefined = event.requestContext?.authorizer?.['claims'];
  const username = claims?.['cognito:username'];
  if (typeof username !== 'string' || username === '') throw unauthorized('Sign in as an officer to use this endpoint');
  const groups = parseGroups(claims?.['cognito:groups']);
  if (!groups.some((group) => (allowed as readonly string[]).includes(group))) {
    throw forbidden(notInGroupsMessage(allowed));
  }
  return { username, groups };
}
