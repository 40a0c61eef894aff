import { z } from 'zod';
import { updateCase } from '../shared/case-store';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';
import { resumeWorkflow } from '../shared/workflow';

const input = z.object({
  caseId: caseIdSchema,
  awaiting: z.enum(['resubmission', 'thresholdDecision']),
  taskToken: z.string().min(1),
});

/**
 * Parks the workflow on human input: the task token is stored with the case,
 * never emailed. If the input arrived while the workflow was busy with a timer,
 * the wait is already closed and the task completes at once.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting, taskToken }) => {
  const parked = await updateCase(caseId, (current) => {
    if (current.awaiting?.kind !== awaiting) return { result: false };
    return { next: { ...current, awaiting: { ...current.awaiting, taskToken } }, events: [], result: true };
  });
  if (!parked) {
    logger.info('Awaited input had already arrived', { caseId, awaiting });
    await resumeWorkflow(caseId, taskToken, { received: awaiting });
  }
  return {};
});
