import * as z from '../domain/zod';

/**
 * What GET /cases/{caseId}/workflow answers: the lifecycle as deployed and
 * where the case's execution stands in it, by state names only. The handler
 * returns its z.infer; docs/openapi.yaml is generated from it (scripts/openapi).
 */
export const caseWorkflowSchema = z
  .strictObject({
    stateMachine: z.string().check(z.meta({ description: "The lifecycle's state machine, by its name in Step Functions." })),
    execution: z.string().check(z.meta({
      description: 'The execution that runs the case, or ran it last, by its name in Step Functions: `{caseId}-first-days`, then `{caseId}-management-{n}`.',
    })),
    mermaid: z.string().check(z.meta({ description: "The state machine as a Mermaid flowchart, drawn from its deployed definition: each state, its transitions, its choices' rules and the errors it catches." })),
    currentState: z
      .nullable(z.string())
      .check(z.meta({ description: 'The state the execution last entered: the one it is in, or was in when it ended; null when the execution does not exist yet, or has entered no state.' })),
  })
  .check(z.meta({ description: "The lifecycle as deployed, and the state the case's execution is in: state names and statuses only, nothing of the case's content." }));
export type CaseWorkflow = z.infer<typeof caseWorkflowSchema>;
