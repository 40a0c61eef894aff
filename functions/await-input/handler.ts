import { z } from 'zod';
import { savedVersion, taskTokenItem, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { AwaitedInputArrivedError } from '../shared/errors';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';

const input = z.object({
  caseId: caseIdSchema,
  awaiting: z.enum(['resubmission', 'thresholdDecision', 'officerEvent']),
  taskToken: z.string().min(1),
  /** The case version the wait was planned from: an officer event since then calls for a new plan at once. */
  planVersion: z.number().int().optional(),
});

/**
 * Parks the workflow on human input: the task token is stored with the case,
 * never emailed. If the input arrived while the workflow was busy with a timer,
 * the wait is already closed: the task fails with AwaitedInputArrived, which
 * the workflow catches to carry on at once.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting, taskToken, planVersion }) => {
  const parked = await updateCase(caseId, (current) => {
    if (current.awaiting?.kind !== awaiting) return { result: false };
    if (awaiting === 'officerEvent' && planVersion !== undefined && current.version !== planVersion) return { result: false };
    const phase = current.phase ? { ...current.phase, wakes: current.phase.wakes + 1 } : undefined;
    const at = now().toISOString();
    const event = { type: 'WorkflowWaiting', actor: 'system', at, details: { awaiting } };
    return { next: { ...current, ...(phase ? { phase } : {}) }, events: [event], result: true, alsoWrite: [taskTokenItem(caseId, awaiting, taskToken, at, savedVersion(current))] };
  });
  if (!parked) {
    logger.info('Awaited input had already arrived', { caseId, awaiting });
    throw new AwaitedInputArrivedError(caseId);
  }
  return {};
});
