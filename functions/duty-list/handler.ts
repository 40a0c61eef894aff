import { z } from 'zod';
import { routeOf } from '../api-routes';
import { dutyList } from '../domain/morning-list';
import { httpHandler } from '../shared/handler';
import { listAwaitingDecision } from '../shared/morning-list-store';

/**
 * GET /duty/referrals: the duty LADO's list, the referrals awaiting a
 * threshold decision, from the morning list's index (never a Scan): a child at
 * immediate risk first, then by when the decision is due.
 */
export const handler = httpHandler({ route: routeOf('duty-list'), params: z.object({}) }, async () => {
  const items = dutyList(await listAwaitingDecision()).map((entry) => ({
    caseId: entry.caseId,
    receivedAt: entry.receivedAt,
    immediateRisk: entry.immediateRisk,
    decisionDueAt: entry.decisionDueAt ?? null,
  }));
  return { statusCode: 200, body: { items } };
});
