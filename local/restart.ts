import { reconcile, type ReconciliationReport } from '../functions/shared/reconciliation';
import type { LocalStack } from './stack';

/**
 * Called by `npm start` once the stack is up. The local Step Functions engine
 * keeps executions in memory, so a restart forgets them while the cases, their
 * audit trails and the email claims survive in DynamoDB Local's data folder.
 * The reconciler then restarts the workflow of every active case from its
 * stored state, so deadlines set before the restart still fire on time.
 */
export async function restartWorkflowsAfterStart(stack: LocalStack): Promise<ReconciliationReport> {
  // No execution survived the restart: none is merely settling, so no grace applies.
  return stack.clock.track(reconcile({ repair: true, actor: 'local-start', graceMinutes: 0 }));
}
