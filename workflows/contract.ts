import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type {
  CompletenessResult,
  ExecutionInput,
  NotifierResult,
  ReceiptResult,
  TimerResult,
} from '../functions/domain/lifecycle-contract';

/**
 * The workflow's side of the lifecycle contract (functions/domain/lifecycle-contract.ts).
 * Each task result the workflow routes on is put at one path, and read only
 * through a `StateField`: its fields are the result type's, and a Choice
 * compares them with the type's own values. An outcome renamed in the
 * contract, or a result field renamed in a handler's type, fails to compile
 * here instead of failing at run time.
 */
type Fields<R> = Extract<keyof R, string>;
type FieldsOf<R, V> = { [F in Fields<R>]-?: NonNullable<R[F]> extends V ? F : never }[Fields<R>];

/** What a Catch puts at a result's path instead of the result. */
export interface CaughtError {
  Error: string;
  Cause?: string;
}

export class StateField<R> {
  /**
   * @param path where the state holds the value, e.g. "$.timer"
   * @param selected the fields a task's ResultSelector copies there from its Lambda's payload, in order
   */
  constructor(
    readonly path: string,
    private readonly selected: readonly Fields<R>[] = [],
  ) {}

  /** The JSONPath of one field. */
  at(field: Fields<R>): string {
    return `${this.path}.${field}`;
  }

  /** The ResultSelector that copies the selected fields from a Lambda's payload. */
  get selector(): Record<string, string> {
    return Object.fromEntries(this.selected.map((field) => [`${field}.$`, `$.Payload.${field}`]));
  }

  /** The field holds this value, one of the contract's. */
  is<F extends FieldsOf<R, string>>(field: F, value: NonNullable<R[F]> & string): sfn.Condition {
    return sfn.Condition.stringEquals(this.at(field), value);
  }

  isTrue(field: FieldsOf<R, boolean>): sfn.Condition {
    return sfn.Condition.booleanEquals(this.at(field), true);
  }

  isGreaterThan(field: FieldsOf<R, number>, value: number): sfn.Condition {
    return sfn.Condition.numberGreaterThan(this.at(field), value);
  }

  isPresent(field: Fields<R>): sfn.Condition {
    return sfn.Condition.isPresent(this.at(field));
  }
}

/** The execution's input: `{caseId}`, or `{caseId, phase, sequence}` for a later execution of the chain. */
export const EXECUTION_INPUT = new StateField<ExecutionInput>('$');

/** The receipt task's answer: where the referral stands. */
export const RECEIPT = new StateField<ReceiptResult>('$.receipt', ['next']);

/** The completeness task's answer. */
export const COMPLETENESS = new StateField<CompletenessResult>('$.completeness', ['complete']);

/** The timer task's plan: what to do next, how long to wait, and the case version it was planned from. */
export const TIMER = new StateField<TimerResult>('$.timer', ['next', 'seconds', 'planVersion', 'owed']);

/** The notifier's answer, or the error caught when it failed past its retries. */
export const EMAILS = new StateField<NotifierResult & Partial<CaughtError>>('$.emails', ['owed']);
