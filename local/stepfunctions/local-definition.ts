import { LAMBDA_INVOKE, LAMBDA_INVOKE_WAIT_FOR_TOKEN } from './guard';

/** Seconds whose millisecond value still fits a 32-bit timer, so the interpreter's own real-time task cut-off never fires. */
const INTERPRETER_NEVER_SECONDS = 2_147_483;

type Json = Record<string, unknown>;

/** A Task state with one of the resources the guard admits. */
export interface CallableTask {
  kind: 'lambdaInvoke' | 'lambdaInvokeWaitForToken' | 'lambdaFunction';
  resource: string;
}

/** A Task or Wait state whose work the interpreter hands to a local handler. */
export type LocalTask = CallableTask | { kind: 'wait' };

/** The envelope every local task receives: hidden fields the rewrite added, plus the real effective input. */
export interface TaskEnvelope {
  input: unknown;
  timeoutSeconds?: unknown;
  seconds?: unknown;
  timestamp?: unknown;
}

/**
 * Produces the interpreter's copy of a definition. Task states get their timeout moved into a hidden
 * Parameters field evaluated against the state input (as AWS does) and enforced on the virtual
 * clock; Wait states become Tasks that sleep on the virtual clock. Both keep their data flow.
 * Fills `localTasks` with every such state, and `retryableStates` with every state that has a Retry.
 */
export function rewriteForLocalRun(machine: Json, localTasks: Map<string, LocalTask>, retryableStates: string[]): Json {
  const states: Json = {};
  for (const [stateName, original] of Object.entries(machine['States'] as Record<string, Json>)) {
    if (localTasks.has(stateName) || retryableStates.includes(stateName)) {
      throw new Error(`State name ${stateName} is used more than once`);
    }
    if ('Retry' in original) retryableStates.push(stateName);
    switch (original['Type']) {
      case 'Task': {
        const { TimeoutSeconds, TimeoutSecondsPath, Parameters, ...rest } = original;
        const resource = String(original['Resource']);
        const kind: CallableTask['kind'] =
          resource === LAMBDA_INVOKE ? 'lambdaInvoke' : resource === LAMBDA_INVOKE_WAIT_FOR_TOKEN ? 'lambdaInvokeWaitForToken' : 'lambdaFunction';
        localTasks.set(stateName, { kind, resource });
        const envelope: Json = Parameters === undefined ? { 'input.$': '$' } : { input: Parameters };
        if (TimeoutSeconds !== undefined) envelope['timeoutSeconds'] = TimeoutSeconds;
        if (TimeoutSecondsPath !== undefined) envelope['timeoutSeconds.$'] = TimeoutSecondsPath;
        states[stateName] = { ...rest, Parameters: envelope, TimeoutSeconds: INTERPRETER_NEVER_SECONDS };
        break;
      }
      case 'Wait': {
        const { Seconds, SecondsPath, Timestamp, TimestampPath, Type: _type, ...rest } = original;
        localTasks.set(stateName, { kind: 'wait' });
        const envelope: Json = { 'input.$': '$' };
        if (Seconds !== undefined) envelope['seconds'] = Seconds;
        if (SecondsPath !== undefined) envelope['seconds.$'] = SecondsPath;
        if (Timestamp !== undefined) envelope['timestamp'] = Timestamp;
        if (TimestampPath !== undefined) envelope['timestamp.$'] = TimestampPath;
        states[stateName] = { ...rest, Type: 'Task', Resource: LAMBDA_INVOKE, Parameters: envelope, TimeoutSeconds: INTERPRETER_NEVER_SECONDS };
        break;
      }
      case 'Parallel':
        states[stateName] = {
          ...original,
          Branches: (original['Branches'] as Json[]).map((branch) => rewriteForLocalRun(branch, localTasks, retryableStates)),
        };
        break;
      case 'Map': {
        const rewritten = { ...original };
        for (const field of ['ItemProcessor', 'Iterator']) {
          if (original[field] !== undefined) rewritten[field] = rewriteForLocalRun(original[field] as Json, localTasks, retryableStates);
        }
        states[stateName] = rewritten;
        break;
      }
      default:
        states[stateName] = original;
    }
  }
  // The execution timeout runs on the virtual clock too; the engine enforces it.
  const { TimeoutSeconds: _executionTimeout, ...rest } = machine;
  return { ...rest, States: states };
}
