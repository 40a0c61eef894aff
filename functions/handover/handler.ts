import * as z from '../domain/zod';
import { parseExecutionName } from '../domain/case-id';
import { flagNeedsAttention, goesOnToManagement } from '../domain/lifecycle-rules';
import type { HandoverAction } from '../domain/lifecycle-contract';
import { decided, requireCase, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { handOver } from '../shared/execution-chain';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';
import { alertOperations } from '../shared/operations-alerts';
import { safeErrorClass } from '../shared/transient-errors';

const executionNameSchema = z.string().check(z.minLength(1), z.maxLength(80));

const input = z.discriminatedUnion('action', [
  z.object({ caseId: caseIdSchema, action: z.literal('afterThresholdDecision' satisfies HandoverAction) }),
  z.object({ caseId: caseIdSchema, action: z.literal('handover' satisfies HandoverAction), execution: executionNameSchema }),
  z.object({
    caseId: caseIdSchema,
    action: z.literal('needsAttention' satisfies HandoverAction),
    execution: executionNameSchema,
    /** What the workflow caught: {<step>: {Error, Cause}}, one step. */
    failures: z.record(z.string().check(z.maxLength(80)), z.looseObject({ Error: z.optional(z.string()) })),
  }),
]);

/**
 * Moves a case along its chain of executions (functions/domain/lifecycle-rules.ts,
 * handOver). After the threshold decision a closed case ends with its first
 * days (its transfer notice, if any, was owed with the decision); an
 * allegation or consultation is handed to management execution 1. An
 * execution near its limits hands over to the next. A step that failed past
 * its retries flags the case for operations. Each is idempotent: a retried
 * task starts no second execution and records nothing twice.
 */
export const handler = taskHandler(input, async (task) => {
  const { caseId } = task;
  if (task.action === 'needsAttention') return recordNeedsAttention(caseId, task.execution, task.failures);
  if (task.action === 'handover') {
    const from = parseExecutionName(task.execution);
    if (!from || from.caseId !== caseId) throw new Error('The handing-over execution is not one of this case');
    await handOver(caseId, from, from.phase);
    return {};
  }
  const record = await requireCase(caseId);
  if (goesOnToManagement(record)) await handOver(caseId, { phase: 'first-days', sequence: 1 }, 'management', record);
  return {};
});

async function recordNeedsAttention(caseId: string, execution: string, failures: Record<string, { Error?: string | undefined }>) {
  const [step = 'unknown', failure] = Object.entries(failures)[0] ?? [];
  const errorClass = safeErrorClass(failure?.Error);
  const at = now();
  const flagged = await updateCase(caseId, (current) => {
    const flagging = flagNeedsAttention(current, { step, errorClass, execution }, at);
    return decided(flagging, flagging.events.length > 0);
  });
  // Alerted on every attempt, not only the one that flagged: a retry after a failed publish must still tell someone.
  await alertOperations(
    'LADO case needs attention',
    `The workflow of case ${caseId} stopped at step ${step} with ${errorClass} after its retries (execution ${execution}). Fix the cause, then repair: see the runbook.`,
    { caseId, step, errorClass, execution },
  );
  logger.info('Case flagged for operations', { caseId, step, errorClass, flagged });
  return {};
}
