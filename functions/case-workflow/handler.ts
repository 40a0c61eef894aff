import { DescribeStateMachineCommand, ExecutionDoesNotExist, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { routeOf } from '../api-routes';
import { currentExecutionName } from '../domain/case-id';
import { stepFunctionsClient } from '../shared/clients/step-functions-client';
import { requireCase } from '../shared/case-store';
import { caseParams, httpHandler } from '../shared/handler';
import { mermaidOf, type StateMachineDefinition } from '../shared/lifecycle-diagram';
import { executionArn, unqualifiedStateMachineArn } from '../shared/workflow';
import type { CaseWorkflow } from './workflow-view';

/** How far back the history is read for the state the execution is in: its last few events hold it. */
const RECENT_EVENTS = 25;

/**
 * GET /cases/{caseId}/workflow: the lifecycle as deployed, drawn as a
 * flowchart from the state machine's own definition, and the state the
 * case's current execution is in (or was in when it ended). State names and
 * statuses only: nothing of the case's content.
 */
export const handler = httpHandler({ route: routeOf('case-workflow'), params: caseParams }, async ({ params }) => {
  const record = await requireCase(params.caseId);
  const machine = unqualifiedStateMachineArn();
  const name = currentExecutionName(record);
  const [described, current] = await Promise.all([
    stepFunctionsClient().send(new DescribeStateMachineCommand({ stateMachineArn: machine })),
    currentState(name),
  ]);
  const definition = JSON.parse(described.definition!) as StateMachineDefinition;
  const body: CaseWorkflow = { stateMachine: described.name!, execution: name, mermaid: mermaidOf(definition), currentState: current };
  return { statusCode: 200, body };
});

/** The state the execution last entered, or null when it has not started or has no such event yet. */
async function currentState(name: string): Promise<string | null> {
  try {
    const { events } = await stepFunctionsClient().send(new GetExecutionHistoryCommand({ executionArn: executionArn(name), reverseOrder: true, maxResults: RECENT_EVENTS }));
    return events?.find((event) => event.stateEnteredEventDetails?.name)?.stateEnteredEventDetails?.name ?? null;
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return null;
    throw error;
  }
}
