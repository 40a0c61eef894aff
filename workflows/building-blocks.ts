import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { AWAITED_INPUT_ARRIVED } from '../functions/shared/errors';

/**
 * The few kinds of step the lifecycle is made of. Only the case id and flags
 * travel through executions; every rule runs in a Lambda that reads the case.
 * Written in JSONPath without variables, so that the local engine runs
 * exactly the deployed definition.
 */
export interface LifecycleFunctions {
  receipt: IFunction;
  completeness: IFunction;
  awaitInput: IFunction;
  deadlines: IFunction;
  notifier: IFunction;
  lifecycle: IFunction;
}

export type AwaitedInput = 'resubmission' | 'thresholdDecision' | 'officerEvent';

export const caseId = sfn.JsonPath.stringAt('$.caseId');

/** Invokes a function with a payload; its result is dropped unless the props say where it goes. */
export function invoke(scope: Construct, id: string, fn: IFunction, payload: Record<string, unknown>, props: Partial<tasks.LambdaInvokeProps> = {}) {
  return new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject(payload),
    resultPath: sfn.JsonPath.DISCARD,
    ...props,
  });
}

/** Sends each email of a list the previous step produced, one at a time. */
export function sendEach(scope: Construct, id: string, fns: LifecycleFunctions, itemsPath: string): sfn.Map {
  return new sfn.Map(scope, id, { itemsPath, maxConcurrency: 1, resultPath: sfn.JsonPath.DISCARD }).itemProcessor(
    new tasks.LambdaInvoke(scope, `${id}Item`, {
      lambdaFunction: fns.notifier,
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      resultPath: sfn.JsonPath.DISCARD,
    }),
  );
}

/** Ends an execution with identifiers only. */
export function finish(scope: Construct, id: string, outcome: string): sfn.Pass {
  return new sfn.Pass(scope, id, { parameters: { caseId, outcome } });
}

export interface AwaitSteps {
  /** Asks the deadlines function how long to wait, into $.timer. */
  plan: tasks.LambdaInvoke;
  /** The callback task, bounded by $.timer.seconds; on timeout it goes to `fire`. */
  wait: tasks.LambdaInvoke;
  /** Where the wait goes when the input arrives, by callback or before the wait began. */
  then(next: sfn.IChainable): void;
  /**
   * Acts on the due deadlines and plans the next wait, into $.timer (with
   * $.timer.outcome and the emails to send), then sends the emails: the wait
   * can follow it without planning again.
   */
  fire: sfn.Chain;
}

const PLAN = {
  'seconds.$': '$.Payload.seconds',
  'next.$': '$.Payload.next',
  'planVersion.$': '$.Payload.planVersion',
};

/**
 * A wait for human input, bounded by the next deadline: plan the wait, park on
 * a callback task, and on timeout fire the deadlines now due and send their
 * emails. The caller wires where each step goes next.
 */
export function awaitWithDeadlines(scope: Construct, fns: LifecycleFunctions, awaiting: AwaitedInput, name: string): AwaitSteps {
  const plan = invoke(scope, `Plan${name}Wait`, fns.deadlines, { caseId, awaiting, action: 'plan' }, {
    resultSelector: PLAN,
    resultPath: '$.timer',
  });
  // Officer events change the plan: the wait then re-plans at once (see await-input).
  const planVersion = awaiting === 'officerEvent' ? { planVersion: sfn.JsonPath.numberAt('$.timer.planVersion') } : {};
  const wait = invoke(
    scope,
    `Await${name}`,
    fns.awaitInput,
    { caseId, awaiting, taskToken: sfn.JsonPath.taskToken, ...planVersion },
    { integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN, taskTimeout: sfn.Timeout.at('$.timer.seconds') },
  );
  const fireDeadlines = invoke(scope, `Fire${name}Deadlines`, fns.deadlines, { caseId, awaiting, action: 'fire' }, {
    resultSelector: { ...PLAN, 'outcome.$': '$.Payload.outcome', 'notifications.$': '$.Payload.notifications' },
    resultPath: '$.timer',
  });
  const fire = fireDeadlines.next(sendEach(scope, `Send${name}DeadlineEmails`, fns, '$.timer.notifications'));
  wait.addCatch(fireDeadlines, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
  const then = (next: sfn.IChainable) => {
    wait.addCatch(next, { errors: [AWAITED_INPUT_ARRIVED], resultPath: sfn.JsonPath.DISCARD });
    wait.next(next);
  };
  return { plan, wait, fire, then };
}
