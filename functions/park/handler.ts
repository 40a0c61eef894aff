import { z } from 'zod';
import { putItem, savedVersion, taskTokenItem, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { AwaitedInputArrivedError } from '../shared/errors';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';

const input = z.object({
  caseId: caseIdSchema,
  awaiting: z.enum(['resubmission', 'thresholdDecision', 'officerEvent']),
  taskToken: z.string().min(1),
  /** The case version the wait was planned from: an officer event since then calls for a new plan at once. */
  planVersion: z.number().int(),
});

/**
 * Parks the workflow on human input: the task token is stored with the case,
 * never emailed. If the input arrived while the workflow was busy with a timer,
 * the wait is already closed: the task fails with AwaitedInputArrived, which
 * the workflow catches to carry on at once. A retry of a wait already parked
 * (its first attempt saved the wait, then crashed) only replaces the token.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting, taskToken, planVersion }) => {
  const at = now().toISOString();
  const parked = await updateCase<'parked' | 'arrived' | { retriedAt: number }>(caseId, (current) => {
    if (current.awaiting?.kind !== awaiting) return { result: 'arrived' };
    if (current.awaiting.parkedFor === planVersion) {
      // Parked by the first attempt; an officer's record since then calls for a new plan instead.
      const changedSince = awaiting === 'officerEvent' && current.version !== planVersion + 1;
      return { result: changedSince ? 'arrived' : { retriedAt: current.version } };
    }
    if (awaiting === 'officerEvent' && current.version !== planVersion) return { result: 'arrived' };
    const phase = current.phase ? { ...current.phase, wakes: current.phase.wakes + 1 } : undefined;
    const event = { type: 'WorkflowWaiting', actor: 'system', at, details: { awaiting } };
    return {
      next: { ...current, awaiting: { ...current.awaiting, parkedFor: planVersion }, ...(phase ? { phase } : {}) },
      events: [event],
      result: 'parked',
      alsoWrite: [taskTokenItem(caseId, awaiting, taskToken, at, savedVersion(current))],
    };
  });
  if (parked === 'arrived') {
    logger.info('Awaited input had already arrived', { caseId, awaiting });
    throw new AwaitedInputArrivedError(caseId);
  }
  if (typeof parked === 'object') await putItem(taskTokenItem(caseId, awaiting, taskToken, at, parked.retriedAt));
  return {};
});
