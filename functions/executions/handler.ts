import { InvalidToken, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { parseExecutionName } from '../domain/case-id';
import { stepFunctionsClient } from '../shared/clients/step-functions-client';
import { badRequest } from '../shared/errors';
import { httpHandler } from '../shared/handler';
import { unqualifiedStateMachineArn } from '../shared/workflow';
import { executionsQuerySchema, type ExecutionsPage } from './executions-view';

export { executionsQuerySchema } from './executions-view';

/**
 * GET /operations/executions: the lifecycle's executions, newest first,
 * by status, each mapped to its case by its name (case-id.ts). Names, states
 * and times only: execution input holds the case id and nothing else.
 */
export const handler = httpHandler({ route: routeOf('executions'), params: z.object({}), query: executionsQuerySchema }, async ({ query }) => {
  const machine = unqualifiedStateMachineArn();
  const page = await stepFunctionsClient()
    .send(
      new ListExecutionsCommand({ stateMachineArn: machine, maxResults: query.limit, ...(query.status ? { statusFilter: query.status } : {}), ...(query.cursor ? { nextToken: query.cursor } : {}) }),
    )
    .catch((error: unknown) => {
      if (error instanceof InvalidToken) throw badRequest([{ path: 'query.cursor', message: 'cursor is not one this list gave: send back nextCursor as it came' }]);
      throw error;
    });
  const items: ExecutionsPage['items'] = (page.executions ?? []).map((execution) => ({
    executionName: execution.name!,
    stateMachine: machine.split(':').at(-1)!,
    status: execution.status!,
    startedAt: execution.startDate!.toISOString(),
    stoppedAt: execution.stopDate?.toISOString() ?? null,
    caseId: parseExecutionName(execution.name!)?.caseId ?? null,
  }));
  const body: ExecutionsPage = { items, nextCursor: page.nextToken ?? null };
  return { statusCode: 200, body };
});
