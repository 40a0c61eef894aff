import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { caseIdSchema } from '../shared/handler';
import { EXECUTION_STATUS_FILTERS } from './statuses';

/**
 * GET /operations/executions: the query it takes, and what it answers. The
 * handler returns the page's z.infer; docs/openapi.yaml is generated from
 * these schemas (scripts/openapi).
 */

// Each filter a status Step Functions knows.
EXECUTION_STATUS_FILTERS satisfies readonly ExecutionStatus[];
/** Every status Step Functions gives an execution: a failed one that is being redriven is PENDING_REDRIVE until it runs again. */
const EXECUTION_STATUSES = [...EXECUTION_STATUS_FILTERS, 'PENDING_REDRIVE'] as const;

export const executionsQuerySchema = z.strictObject({
  status: z
    .enum(EXECUTION_STATUS_FILTERS, { error: `status must be one of: ${EXECUTION_STATUS_FILTERS.join(', ')}` })
    .optional()
    .meta({ description: 'Only the executions in this status; all of them when left out.' }),
  limit: z.coerce
    .number({ error: 'limit must be a whole number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(100, 'limit must be at most 100')
    .default(25)
    .meta({ description: 'How many executions a page holds at most.' }),
  cursor: z.string().max(4096, 'cursor is too long').optional().meta({ description: "The previous page's `nextCursor`, as it came, with the same status." }),
});

const dateTime = (description: string) => z.iso.datetime().meta({ description });

export const executionSchema = z
  .strictObject({
    executionName: z.string().meta({ description: 'The execution, by its name in Step Functions: `{caseId}-first-days`, then `{caseId}-management-{n}`.' }),
    stateMachine: z.string().meta({ description: "The lifecycle's state machine, by its name." }),
    status: z.enum(EXECUTION_STATUSES).meta({ description: "The execution's status in Step Functions." }),
    startedAt: dateTime('When it started.'),
    stoppedAt: z.iso.datetime().nullable().meta({ description: 'When it ended; null while it runs.' }),
    caseId: caseIdSchema.nullable().meta({ description: "The case the execution runs, read from its name; null for a name this service did not give." }),
  })
  .meta({ description: "One execution of the lifecycle: its name, status and times, and the case it runs. Nothing of the case's content." });

export const executionsPageSchema = z
  .strictObject({
    items: z.array(executionSchema).meta({ description: 'The executions, newest first.' }),
    nextCursor: z.string().nullable().meta({ description: 'Sent back as `cursor`, with the same status, for the next page; null on the last page.' }),
  })
  .meta({ description: "A page of the lifecycle's executions, and the cursor of the next." });
export type ExecutionsPage = z.infer<typeof executionsPageSchema>;

/** The statuses listed are exactly those Step Functions gives: neither can gain one alone. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AllTrue<T extends true[]> = T;
export type ExecutionStatusesAreStepFunctions = AllTrue<[Same<(typeof EXECUTION_STATUSES)[number], ExecutionStatus>]>;
