import type { StateMachine } from 'aws-local-stepfunctions';
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { VirtualClock } from '../virtual-clock';
import type { LocalTask } from './local-definition';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** What ListExecutions tells of an execution: its description without input, output or error. */
export type ExecutionListItem = Pick<ExecutionDescription, 'executionArn' | 'stateMachineArn' | 'name' | 'status' | 'startDate' | 'stopDate'>;

/** One entry of the interpreter's event log. */
export type InterpreterEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

/** Values as history events and execution outputs carry them: JSON text, with nothing as null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** What the API shows of one execution: its description, and its history events timestamped on the virtual clock. */
export class ExecutionHistory {
  readonly description: ExecutionDescription;
  readonly #clock: VirtualClock;
  /** The machine's local tasks; the rewritten Wait states among them must still show as Wait states. */
  readonly #localTasks: ReadonlyMap<string, LocalTask>;
  readonly #events: HistoryEvent[] = [];

  constructor(clock: VirtualClock, localTasks: ReadonlyMap<string, LocalTask>, description: ExecutionDescription) {
    this.#clock = clock;
    this.#localTasks = localTasks;
    this.description = description;
  }

  get running(): boolean {
    return this.description.status === 'RUNNING';
  }

  describe(): ExecutionDescription {
    return { ...this.description };
  }

  listItem(): ExecutionListItem {
    const { executionArn, stateMachineArn, name, status, startDate, stopDate } = this.description;
    return stopDate === undefined
      ? { executionArn, stateMachineArn, name, status, startDate }
      : { executionArn, stateMachineArn, name, status, startDate, stopDate };
  }

  events(): HistoryEvent[] {
    return this.#events.map((event) => ({ ...event }));
  }

  record(type: string, details: Partial<HistoryEvent>): void {
    const id = this.#events.length + 1;
    this.#events.push({ id, previousEventId: id - 1, timestamp: this.#clock.now(), type: type as HistoryEventType, ...details });
  }

  /** Records a task's event under its `<type>EventDetails` key; a task still settling after its execution closed records nothing. */
  recordTask(type: string, details: Record<string, unknown>): void {
    if (!this.running) return;
    const detailsKey = `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;
    this.record(type, { [detailsKey]: details });
  }

  /** Records the events AWS shows for a state's progress in the interpreter's log; other entries record nothing here. */
  recordStateEvent(event: InterpreterEvent): void {
    switch (event.type) {
      case 'StateEntered': {
        const type = this.#shownType(event.state);
        this.record(`${type}StateEntered`, {
          stateEnteredEventDetails: { name: event.state.name, input: toJson(event.state.input), inputDetails: { truncated: false } },
        });
        if (type === 'Parallel' || type === 'Map') this.record(`${type}StateStarted`, {});
        break;
      }
      case 'StateExited': {
        const type = this.#shownType(event.state);
        if (type === 'Parallel' || type === 'Map') this.record(`${type}StateSucceeded`, {});
        this.record(`${type}StateExited`, {
          stateExitedEventDetails: { name: event.state.name, output: toJson(event.state.output), outputDetails: { truncated: false } },
        });
        break;
      }
      case 'StateFailed':
        if (event.state.type === 'Parallel' || event.state.type === 'Map') this.record(`${event.state.type}StateFailed`, {});
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailsKey = `${event.type[0]?.toLowerCase()}${event.type.slice(1)}EventDetails`;
        this.record(event.type, { [detailsKey]: { name: event.parentState.name, index: event.index } });
        break;
      }
    }
  }

  /**
   * Records the closing event and sets the final status, stop date and result.
   * Returns false, recording nothing, if the execution had already closed.
   */
  close(status: Exclude<ExecutionStatus, 'RUNNING'>, result: { output?: string; error?: string; cause?: string }, eventDetails: Partial<HistoryEvent>): boolean {
    if (!this.running) return false;
    const eventType = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', TIMED_OUT: 'ExecutionTimedOut', ABORTED: 'ExecutionAborted' }[status];
    this.record(eventType, eventDetails);
    Object.assign(this.description, { status, stopDate: this.#clock.now() }, result);
    return true;
  }

  #shownType(state: { name: string; type: string }): string {
    return this.#localTasks.get(state.name)?.kind === 'wait' ? 'Wait' : state.type;
  }
}
