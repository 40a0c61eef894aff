import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { httpHandler } from '../shared/handler';
import { latestFindings } from '../shared/reconciliation';
import type { ReconcilerFindingsView } from './findings-view';

/**
 * GET /operations/findings: what the latest check of the record found (the
 * reconciler's hourly run, or a check operations asked for), with when and
 * by whom; `checkedAt` null before any check has run.
 */
export const handler = httpHandler({ route: routeOf('reconciler-findings'), params: z.object({}) }, async () => {
  const findings = await latestFindings();
  const body: ReconcilerFindingsView = findings ?? { checkedAt: null, activeCases: 0, runningExecutions: 0, drift: [], checkedBy: null };
  return { statusCode: 200, body };
});
