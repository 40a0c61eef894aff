import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { reconciliationRequestSchema } from '../domain/reconciliation';
import { httpHandler } from '../shared/handler';
import { logger } from '../shared/observability';
import { reconcile, saveFindings } from '../shared/reconciliation';


/**
 * POST /operations/reconciliation: operations check the record on demand and,
 * with {"repair": true}, repair what can be repaired. Every repair is recorded
 * on its case with the operator's username. The report names cases and
 * executions only.
 */
export const handler = httpHandler({ route: routeOf('reconciliation'), body: reconciliationRequestSchema, params: z.object({}) }, async ({ body: { repair }, officer }) => {
  const actor = officer!.username;
  const report = await reconcile({ repair, actor });
  await saveFindings(report, actor);
  logger.info('Reconciliation asked for', { repair, drift: report.drift.length });
  return { statusCode: 200, body: report };
});
