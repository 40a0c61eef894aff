import { randomBytes } from 'node:crypto';
import { StepFunctionsError } from './errors';

/** The shape of a token this engine mints: 48 random bytes in base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{64}$/;

/** What SendTaskSuccess or SendTaskFailure reports to the task waiting on a token. */
export type CallbackOutcome = { output: unknown } | { error: string; cause: string };

interface TokenRecord {
  /** Present while a task waits on this token. */
  complete?: (outcome: CallbackOutcome) => void;
}

/** Every task token minted, and the SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat calls made on them. */
export class TaskTokens {
  readonly #tokens = new Map<string, TokenRecord>();

  mint(): string {
    const token = randomBytes(48).toString('base64url');
    this.#tokens.set(token, {});
    return token;
  }

  /** Makes `complete` receive what is sent on the token, until the token expires. */
  awaitCallback(token: string, complete: (outcome: CallbackOutcome) => void): void {
    (this.#tokens.get(token) as TokenRecord).complete = complete;
  }

  /** No task waits on the token any more. */
  expire(token: string): void {
    this.#tokens.set(token, {});
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    const complete = this.#waitingTask(taskToken);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: output is not valid JSON');
    }
    complete({ output: parsed });
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.#waitingTask(taskToken)({ error: error ?? '', cause: cause ?? '' });
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.#waitingTask(taskToken);
  }

  #waitingTask(taskToken: string): (outcome: CallbackOutcome) => void {
    const token = this.#tokens.get(taskToken);
    if (!token) {
      throw TOKEN_SHAPE.test(taskToken)
        ? new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist')
        : new StepFunctionsError('InvalidToken', 'Invalid Token');
    }
    // AWS answers TaskTimedOut for every token whose task is no longer waiting.
    if (!token.complete) throw new StepFunctionsError('TaskTimedOut', 'Task Timed Out');
    return token.complete;
  }
}

/**
 * The tokens of one execution. Reading `$$.Task.Token` while the interpreter evaluates a state's
 * Parameters mints a token, and the task that state starts takes it.
 */
export class ExecutionTokens {
  readonly #taskTokens: TaskTokens;
  readonly #minted = new Set<string>();
  /** Minted by the `$$.Task.Token` getter and not yet taken by a task. */
  #pending: string | undefined;

  constructor(taskTokens: TaskTokens) {
    this.#taskTokens = taskTokens;
  }

  /** The `Task` field of the context object. The interpreter copies the context shallowly, so the getter survives on it. */
  contextTask(): { readonly Token: string } {
    const token = (): string => (this.#pending ??= this.#mint());
    return {
      get Token(): string {
        return token();
      },
    };
  }

  /** Hands the pending token to the task being started; only callback tasks need one minted if none was read. */
  take(mintIfNone: boolean): string | undefined {
    const token = this.#pending ?? (mintIfNone ? this.#mint() : undefined);
    this.#pending = undefined;
    return token;
  }

  awaitCallback(token: string, complete: (outcome: CallbackOutcome) => void): void {
    this.#taskTokens.awaitCallback(token, complete);
  }

  expire(token: string): void {
    this.#taskTokens.expire(token);
  }

  /** Expires every token of the execution, for when it closes. */
  expireAll(): void {
    for (const token of this.#minted) this.#taskTokens.expire(token);
  }

  #mint(): string {
    const token = this.#taskTokens.mint();
    this.#minted.add(token);
    return token;
  }
}
