import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { dutyList } from '../domain/morning-list';
import { httpHandler } from '../shared/handler';
import { listAwaitingDecision } from '../shared/morning-list-store';
import { NOT_PREVIOUSLY_KNOWN, previouslyKnownFor } from '../shared/previously-known';
import { dutyReferral, type DutyList } from './duty-list-view';

/**
 * GET /duty/referrals: the duty LADO's list, the referrals awaiting a
 * threshold decision, from the morning list's index (never a Scan): a child at
 * immediate risk first, then by when the decision is due; each with the
 * earlier cases about the same person (previously-known.ts).
 */
export const handler = httpHandler({ route: routeOf('duty-list'), params: z.object({}) }, async () => {
  const list = dutyList(await listAwaitingDecision());
  const known = await previouslyKnownFor(list.map((entry) => entry.caseId));
  const body: DutyList = { items: list.map((entry) => dutyReferral(entry, known.get(entry.caseId) ?? NOT_PREVIOUSLY_KNOWN)) };
  return { statusCode: 200, body };
});
