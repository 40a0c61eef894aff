/**
 * Development tokens: locally, anyone may write the token of any caller, so
 * that the route table's access rules can be exercised without AWS.
 *
 *   Authorization: Bearer dev:portal                                the portal (stands in for its SigV4 signature)
 *   Authorization: Bearer dev:<username>:<group>[,<group>…]          an officer signed in to the user pool
 */
export type DevIdentity = { kind: 'portal' } | { kind: 'officer'; username: string; groups: string[] };

export const PORTAL_TOKEN = 'dev:portal';

export function officerToken(username: string, ...groups: string[]): string {
  return `dev:${username}:${groups.join(',')}`;
}

const OFFICER_TOKEN = /^dev:([^\s:,]+):([\w.-]+(?:,[\w.-]+)*)$/;

/** The caller an Authorization header names, or undefined when it is missing or not a development token. */
export function parseDevAuthorization(header: string | undefined): DevIdentity | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];
  if (token === PORTAL_TOKEN) return { kind: 'portal' };
  const officer = OFFICER_TOKEN.exec(token ?? '');
  return officer ? { kind: 'officer', username: officer[1]!, groups: officer[2]!.split(',') } : undefined;
}
