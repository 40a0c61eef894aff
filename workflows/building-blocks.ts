import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { OWED_EMAIL_RETRY_SECONDS } from '../functions/domain/case';
import type { AwaitedInput, HandoverAction, TimerAction } from '../functions/domain/lifecycle-contract';
import { AWAITED_INPUT_ARRIVED } from '../functions/shared/errors';
import { EMAILS, EXECUTION_INPUT, TIMER } from './contract';
import { EMAIL_RETRY, STEP_RETRY } from './retry-policy';

/**
 * The few kinds of step the lifecycle is made of. Only the case id and flags
 * travel through executions; every rule runs in a Lambda that reads the case.
 * Written in JSONPath without variables, so that the local engine runs
 * exactly the deployed definition.
 */
export interface LifecycleFunctions {
  receipt: IFunction;
  completeness: IFunction;
  park: IFunction;
  deadlines: IFunction;
  notifier: IFunction;
  handover: IFunction;
}

export const caseId = sfn.JsonPath.stringAt(EXECUTION_INPUT.at('caseId'));

/** The handover task's payload for an action (the contract's HANDOVER_ACTIONS). */
export const handoverAction = (action: HandoverAction) => ({ caseId, action });

/** The timer task's payload: which wait, and which action (the contract's TIMER_ACTIONS). */
const timerAction = (awaiting: AwaitedInput, action: TimerAction) => ({ caseId, awaiting, action });

export interface AwaitSteps {
  /** Asks the deadlines function how long to wait, into $.timer; then waits or moves on. */
  plan: tasks.LambdaInvoke;
}

export interface AwaitRoutes {
  /** Where the wait goes when the input arrives (by callback, or before the wait began); by default, to plan again. */
  onArrival?: sfn.IChainable;
  /** Where it goes when the case has ended. */
  onClosed: sfn.IChainable;
  /** Where it goes when this execution has run long enough and hands the case on. */
  onHandover: sfn.IChainable;
}

/**
 * Builds the lifecycle's steps. Every task retries transient failures
 * (retry-policy.ts); one that still fails is caught, once the whole machine is
 * wired, by the step that flags the case as needing attention and stops, so
 * that no error strands a case silently.
 */
export class LifecycleSteps {
  readonly #tasks: Array<{ task: tasks.LambdaInvoke; step: string }> = [];

  constructor(
    readonly scope: Construct,
    readonly fns: LifecycleFunctions,
  ) {}

  /** Invokes a function with a payload (and the step's name, for its logs); its result is dropped unless the props say where it goes. */
  invoke(id: string, fn: IFunction, payload: Record<string, unknown>, props: Partial<tasks.LambdaInvokeProps> = {}): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this.scope, id, {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromObject({ ...payload, step: id }),
      resultPath: sfn.JsonPath.DISCARD,
      retryOnServiceExceptions: false,
      ...props,
    });
    task.addRetry(STEP_RETRY);
    this.#tasks.push({ task, step: id });
    return task;
  }

  /**
   * Sends every email the case owes. Emails are owed in the same write as the
   * change that called for them, so a send that fails even after its long
   * retries loses nothing: the workflow goes on, the emails stay owed, and
   * the next wake or the final loop sends them.
   */
  sendOwedEmails(id: string, then: sfn.IChainable): tasks.LambdaInvoke {
    return this.#notify(id, { caseId }, { resultSelector: EMAILS.selector, resultPath: EMAILS.path }, then);
  }

  /**
   * In a wait, after a firing that owes emails: sends them (as sendOwedEmails)
   * and plans the wait again, into $.timer, from the case as the sends left it.
   * If the emails still cannot go after the retries, the firing's plan stands:
   * made while they were owed, it wakes within the hour to try them again.
   */
  sendOwedEmailsThenPlan(id: string, awaiting: AwaitedInput, then: sfn.IChainable): tasks.LambdaInvoke {
    return this.#notify(id, { caseId, awaiting }, { resultSelector: TIMER.selector, resultPath: TIMER.path }, then);
  }

  /** The notifier's task: long retries, and past them the workflow goes on with the error at the emails' path. */
  #notify(id: string, payload: Record<string, unknown>, result: Pick<tasks.LambdaInvokeProps, 'resultSelector' | 'resultPath'>, then: sfn.IChainable): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this.scope, id, {
      lambdaFunction: this.fns.notifier,
      payload: sfn.TaskInput.fromObject({ ...payload, step: id }),
      ...result,
      retryOnServiceExceptions: false,
    });
    task.addRetry(EMAIL_RETRY);
    task.addCatch(then, { errors: ['States.ALL'], resultPath: EMAILS.path });
    task.next(then);
    return task;
  }

  /**
   * How an execution ends once the case has: it sends what the case owes and,
   * while SES will not take it, tries again hourly, then finishes with the
   * outcome at $.outcome. `entry(id, outcome)` is the way in.
   */
  finishWhenEmailsSent(): (id: string, outcome: string) => sfn.Pass {
    const finished = new sfn.Pass(this.scope, 'Finished', { parameters: { caseId, 'outcome.$': '$.outcome' } });
    const stillOwed = new sfn.Choice(this.scope, 'AreEmailsStillOwed');
    const send = this.sendOwedEmails('SendFinalEmails', stillOwed);
    const pause = new sfn.Wait(this.scope, 'WaitBeforeSendingAgain', { time: sfn.WaitTime.duration(Duration.seconds(OWED_EMAIL_RETRY_SECONDS)) }).next(send);
    stillOwed
      .when(sfn.Condition.or(EMAILS.isPresent('Error'), EMAILS.isGreaterThan('owed', 0)), pause)
      .otherwise(finished);
    return (id, outcome) => {
      const entry = new sfn.Pass(this.scope, id, { result: sfn.Result.fromString(outcome), resultPath: '$.outcome' });
      entry.next(send);
      return entry;
    };
  }

  /** Ends an execution with identifiers only. */
  finish(id: string, outcome: string): sfn.Pass {
    return new sfn.Pass(this.scope, id, { parameters: { caseId, outcome } });
  }

  /**
   * A wait for human input, bounded by the next deadline: plan the wait, park
   * on a callback task, and on timeout fire the deadlines now due and plan
   * again; a firing that owes emails has them sent, and the notifier plans
   * again. Planning decides whether to wait at all.
   */
  awaitWithDeadlines(awaiting: AwaitedInput, name: string, routes: AwaitRoutes): AwaitSteps {
    const toTimer = { resultSelector: TIMER.selector, resultPath: TIMER.path };
    const plan = this.invoke(`Plan${name}Wait`, this.fns.deadlines, timerAction(awaiting, 'plan'), toTimer);
    const wait = this.invoke(
      `Await${name}`,
      this.fns.park,
      { caseId, awaiting, taskToken: sfn.JsonPath.taskToken, planVersion: sfn.JsonPath.numberAt(TIMER.at('planVersion')) },
      { integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN, taskTimeout: sfn.Timeout.at(TIMER.at('seconds')) },
    );
    const onArrival = routes.onArrival ?? plan;
    const waitOrMoveOn = new sfn.Choice(this.scope, `${name}WaitOrMoveOn`)
      .when(TIMER.is('next', 'inputArrived'), onArrival)
      .when(TIMER.is('next', 'closed'), routes.onClosed)
      .when(TIMER.is('next', 'handover'), routes.onHandover)
      .otherwise(wait);
    const fire = this.invoke(`Fire${name}Deadlines`, this.fns.deadlines, timerAction(awaiting, 'fire'), toTimer);
    fire.next(
      new sfn.Choice(this.scope, `${name}EmailsOwed`)
        .when(TIMER.isGreaterThan('owed', 0), this.sendOwedEmailsThenPlan(`Send${name}DeadlineEmails`, awaiting, waitOrMoveOn))
        .otherwise(waitOrMoveOn),
    );
    plan.next(waitOrMoveOn);
    wait.addCatch(fire, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
    wait.addCatch(onArrival, { errors: [AWAITED_INPUT_ARRIVED], resultPath: sfn.JsonPath.DISCARD });
    wait.next(onArrival);
    return { plan };
  }

  /**
   * Catches what survives every retry, on every task: the failure goes to
   * $.failures.<step>, the case is flagged as needing attention (the error's
   * class and the step, never its message), operations are alerted, and the
   * execution ends cleanly; the reconciler restarts it from the stored case
   * once the cause is fixed. Call once the machine is wired: catchers apply
   * in order, and this one must come last.
   */
  catchFailures(): void {
    const record = new tasks.LambdaInvoke(this.scope, 'RecordNeedsAttention', {
      lambdaFunction: this.fns.handover,
      payload: sfn.TaskInput.fromObject({
        ...handoverAction('needsAttention'),
        failures: sfn.JsonPath.objectAt('$.failures'),
        execution: sfn.JsonPath.stringAt('$$.Execution.Name'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    });
    record.addRetry(STEP_RETRY);
    record.next(this.finish('StoppedForOperations', 'needsAttention'));
    for (const { task, step } of this.#tasks) task.addCatch(record, { errors: ['States.ALL'], resultPath: `$.failures.${step}` });
  }
}
