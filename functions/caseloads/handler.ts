import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { caseListItem, caseloads, HIGH_CASELOAD } from '../domain/case-list';
import { openAllocatedEntries } from '../shared/case-lists';
import { now } from '../shared/clock';
import { httpHandler } from '../shared/handler';
import type { Caseloads } from './caseloads-view';

/**
 * GET /caseloads: the manager's view of the team, each officer's open
 * caseload (flagged above 85, seeds/003 §3.5) and overdue deadlines, and the
 * overdue cases across the team to reallocate or chase.
 */
export const handler = httpHandler({ route: routeOf('caseloads'), params: z.object({}) }, async () => {
  const { officers, overdue } = caseloads(await openAllocatedEntries(), now());
  const body: Caseloads = { threshold: HIGH_CASELOAD, officers, overdue: overdue.map((entry) => caseListItem(entry, true)) };
  return { statusCode: 200, body };
});
