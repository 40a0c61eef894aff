import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import * as z from '../domain/zod';
import { caseIdSchema } from '../shared/handler';
import { pageLimitParameter } from '../domain/query-parameters';
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
    .optional(z.enum(EXECUTION_STATUS_FILTERS, { error: `status must be one of: ${EXECUTION_STATUS_FILTERS.join(', ')}` }))
    .check(z.meta({ description: 'Only the executions in this status; all of them when left out.' })),
  limit: pageLimitParameter(25, 100, 'executions'),
  cursor: z.optional(z.string().check(z.maxLength(4096, 'cursor is too long'))).check(z.meta({ description: "The previous page's `nextCursor`, as it came, with the same status." })),
});

const dateTime = (description: string) => z.iso.datetime().check(z.meta({ description }));

export const executionSchema = z
  .strictObject({
    executionName: z.string().check(z.meta({ description: 'The execution, by its name in Step Functions: `{caseId}-first-days`, then `{caseId}-management-{n}`.' })),
    stateMachine: z.string().check(z.meta({ description: "The lifecycle's state machine, by its name." })),
    status: z.enum(EXECUTION_STATUSES).check(z.meta({ description: "The execution's status in Step Functions." })),
    startedAt: dateTime('When it started.'),
    stoppedAt: z.nullable(z.iso.datetime()).check(z.meta({ description: 'When it ended; null while it runs.' })),
    caseId: z.nullable(caseIdSchema).check(z.meta({ description: "The case the execution runs, read from its name; null for a name this service did not give." })),
  })
  .check(z.meta({ description: "One execution of the lifecycle: its name, status and times, and the case it runs. Nothing of the case's content." }));

export const executionsPageSchema = z
  .strictObject({
    items: z.array(executionSchema).check(z.meta({ description: 'The executions, newest first.' })),
    nextCursor: z.nullable(z.string()).check(z.meta({ description: 'Sent back as `cursor`, with the same status, for the next page; null on the last page.' })),
  })
  .check(z.meta({ description: "A page of the lifecycle's executions, and the cursor of the next." }));
export type ExecutionsPage = z.infer<typeof executionsPageSchema>;

/** The statuses listed are exactly those Step Functions gives: neither can gain one alone. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AllTrue<T extends true[]> = T;
export type ExecutionStatusesAreStepFunctions = AllTrue<[Same<(typeof EXECUTION_STATUSES)[number], ExecutionStatus>]>;
