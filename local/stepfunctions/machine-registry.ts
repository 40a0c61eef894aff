import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { VirtualClock } from '../virtual-clock';
import { assertValidName, StepFunctionsError } from './errors';
import { assertRunnableLocally } from './guard';
import { rewriteForLocalRun } from './local-definition';
import type { LocalTask } from './local-definition';

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  status: 'ACTIVE';
  type: 'STANDARD';
  definition: string;
  roleArn: string;
  creationDate: Date;
}

/** A registered state machine: its definition as given, and the interpreter that runs its local rewrite. */
export interface MachineRecord {
  arn: string;
  name: string;
  definition: object;
  roleArn: string;
  creationDate: Date;
  interpreter: StateMachine;
  localTasks: Map<string, LocalTask>;
  retryableStates: string[];
  timeoutSeconds?: number;
}

/** The state machines of one account and region: CreateStateMachine, ListStateMachines, DescribeStateMachine. */
export class MachineRegistry {
  readonly #clock: VirtualClock;
  readonly #region: string;
  readonly #accountId: string;
  readonly #machines = new Map<string, MachineRecord>();

  constructor(options: { clock: VirtualClock; region: string; accountId: string }) {
    this.#clock = options.clock;
    this.#region = options.region;
    this.#accountId = options.accountId;
  }

  create(input: { name: string; definition: object; roleArn?: string }): { stateMachineArn: string } {
    assertValidName(input.name);
    const arn = `arn:aws:states:${this.#region}:${this.#accountId}:stateMachine:${input.name}`;
    const existing = this.#machines.get(arn);
    if (existing) {
      if (JSON.stringify(existing.definition) === JSON.stringify(input.definition)) return { stateMachineArn: arn };
      throw new StepFunctionsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    assertRunnableLocally(input.definition);
    validateDefinition(input.definition);

    const localTasks = new Map<string, LocalTask>();
    const retryableStates: string[] = [];
    const localDefinition = rewriteForLocalRun(structuredClone(input.definition) as Record<string, unknown>, localTasks, retryableStates);
    const timeoutSeconds = (input.definition as { TimeoutSeconds?: number }).TimeoutSeconds;
    const machine: MachineRecord = {
      arn,
      name: input.name,
      definition: structuredClone(input.definition),
      roleArn: input.roleArn ?? `arn:aws:iam::${this.#accountId}:role/${input.name}-role`,
      creationDate: this.#clock.now(),
      interpreter: new StateMachine(localDefinition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } }),
      localTasks,
      retryableStates,
    };
    if (timeoutSeconds !== undefined) machine.timeoutSeconds = timeoutSeconds;
    this.#machines.set(arn, machine);
    return { stateMachineArn: arn };
  }

  list(): Array<{ stateMachineArn: string; name: string; type: 'STANDARD'; creationDate: Date }> {
    return [...this.#machines.values()].map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: machine.creationDate,
    }));
  }

  describe(stateMachineArn: string): StateMachineDescription {
    const machine = this.get(stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: JSON.stringify(machine.definition),
      roleArn: machine.roleArn,
      creationDate: machine.creationDate,
    };
  }

  get(stateMachineArn: string): MachineRecord {
    // Locally a machine has one version: an ARN qualified by an alias or version number runs it.
    const unqualified = stateMachineArn.split(':').slice(0, 7).join(':');
    const machine = this.#machines.get(stateMachineArn) ?? this.#machines.get(unqualified);
    if (!machine) throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return machine;
  }
}

/** Definition texts already validated; validation compiles JSON schemas and takes a noticeable fraction of a second. */
const validDefinitions = new Set<string>();

/** Validates the definition as written; the interpreter's own copy carries local-only fields and skips validation. */
function validateDefinition(definition: object): void {
  const text = JSON.stringify(definition);
  if (validDefinitions.has(text)) return;
  try {
    new StateMachine(JSON.parse(text) as StateMachineDefinition);
  } catch (error) {
    throw new StepFunctionsError('InvalidDefinition', (error as Error).message);
  }
  validDefinitions.add(text);
}
