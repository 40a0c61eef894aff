import { createWriteStream, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DescribeTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HttpRequest } from '@smithy/core/transport';
import type { FunctionName } from '../functions/api-routes';
import { LocalLambdaRuntime } from '../local/lambda-runtime';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/local-aws';
import { bodyText } from '../local/request-body';

/**
 * Meters attached from outside the local stack: the handlers run in this
 * process, so wrapping the Lambda runtime's invoke and adding a middleware to
 * the DynamoDB client the handlers share sees every invocation and request.
 */

export interface InvocationFigures {
  invocations: number;
  /** Wall time of the handler in this process, the proxy for Lambda's billed duration. */
  totalMs: number;
  /** Each invocation rounded up to the next millisecond, as Lambda bills. */
  billedMs: number;
  maxMs: number;
}

export class LambdaMeter {
  readonly byFunction = new Map<string, InvocationFigures>();
  #restore: (() => void) | undefined;

  install(): void {
    // Metered once the invocation has its slot: queueing under the concurrency limit is not billed.
    const original = LocalLambdaRuntime.prototype.runInSlot;
    const byFunction = this.byFunction;
    LocalLambdaRuntime.prototype.runInSlot = async function runMetered(this: LocalLambdaRuntime, name: FunctionName, payload: unknown) {
      const started = performance.now();
      try {
        return await original.call(this, name, payload);
      } finally {
        const ms = performance.now() - started;
        const figures = byFunction.get(name) ?? { invocations: 0, totalMs: 0, billedMs: 0, maxMs: 0 };
        figures.invocations++;
        figures.totalMs += ms;
        figures.billedMs += Math.max(1, Math.ceil(ms));
        figures.maxMs = Math.max(figures.maxMs, ms);
        byFunction.set(name, figures);
      }
    };
    this.#restore = () => {
      LocalLambdaRuntime.prototype.runInSlot = original;
    };
  }

  uninstall(): void {
    this.#restore?.();
  }

  totals(): InvocationFigures {
    const total: InvocationFigures = { invocations: 0, totalMs: 0, billedMs: 0, maxMs: 0 };
    for (const figures of this.byFunction.values()) {
      total.invocations += figures.invocations;
      total.totalMs += figures.totalMs;
      total.billedMs += figures.billedMs;
      total.maxMs = Math.max(total.maxMs, figures.maxMs);
    }
    return total;
  }
}

export interface OperationFigures {
  requests: number;
  readRequestUnits: number;
  writeRequestUnits: number;
}

type Item = Record<string, unknown>;

/**
 * DynamoDB requests and the request units on-demand capacity would bill for
 * them. An item's size is taken as the length of its JSON, a slight
 * overestimate of DynamoDB's own measure (names plus values). Writes are
 * charged whether or not their condition held, as DynamoDB does.
 */
export class DynamoDbMeter {
  readonly byOperation = new Map<string, OperationFigures>();
  counting = true;

  install(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Item;
        try {
          const result = await next(args);
          if (this.counting) this.#account(String(context.commandName), input, result.output as Item);
          return result;
        } catch (error) {
          if (this.counting) this.#account(String(context.commandName), input, undefined);
          throw error;
        }
      },
      { step: 'initialize', name: 'countyYearRequestUnits', override: true },
    );
  }

  totals(): OperationFigures {
    const total: OperationFigures = { requests: 0, readRequestUnits: 0, writeRequestUnits: 0 };
    for (const figures of this.byOperation.values()) {
      total.requests += figures.requests;
      total.readRequestUnits += figures.readRequestUnits;
      total.writeRequestUnits += figures.writeRequestUnits;
    }
    return total;
  }

  #account(command: string, input: Item, output: Item | undefined): void {
    const operation = command.replace(/Command$/, '');
    const figures = this.byOperation.get(operation) ?? { requests: 0, readRequestUnits: 0, writeRequestUnits: 0 };
    figures.requests++;
    const consistent = input['ConsistentRead'] === true ? 1 : 0.5;
    switch (operation) {
      case 'GetItem':
        figures.readRequestUnits += consistent * readUnits(sizeOf(output?.['Item']));
        break;
      case 'Query':
      case 'Scan': {
        const bytes = ((output?.['Items'] as Item[] | undefined) ?? []).reduce((sum, item) => sum + sizeOf(item), 0);
        figures.readRequestUnits += consistent * readUnits(bytes);
        break;
      }
      case 'BatchGetItem':
        for (const items of Object.values((output?.['Responses'] as Record<string, Item[]> | undefined) ?? {})) {
          for (const item of items) figures.readRequestUnits += consistent * readUnits(sizeOf(item));
        }
        break;
      case 'PutItem':
        figures.writeRequestUnits += writeUnits(sizeOf(input['Item']));
        break;
      case 'DeleteItem':
      case 'UpdateItem':
        figures.writeRequestUnits += 1;
        break;
      case 'TransactWriteItems':
        // Transactional writes cost two units per 1 KB of each item.
        for (const entry of (input['TransactItems'] as Array<Record<string, { Item?: Item }>> | undefined) ?? []) {
          figures.writeRequestUnits += 2 * writeUnits(sizeOf(entry['Put']?.Item));
        }
        break;
    }
    this.byOperation.set(operation, figures);
  }
}

function sizeOf(item: unknown): number {
  return item === undefined ? 0 : Buffer.byteLength(JSON.stringify(item), 'utf8');
}

/** Strongly consistent reads: one unit per 4 KB, at least one. */
const readUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 4096));
/** Writes: one unit per 1 KB, at least one. */
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** One line of a DynamoDB request log: the operation's X-Amz-Target and the request's JSON body, as sent. */
export interface LoggedRequest {
  target: string;
  body: string;
}

/** The target the SDK sends for an operation of DynamoDB's JSON 1.0 protocol. */
export const dynamoDbTarget = (operation: string) => `DynamoDB_20120810.${operation}`;

/**
 * Every DynamoDB request the handlers send, written as JSON lines
 * (LoggedRequest) in the order they are sent, so that DynamoDB Local's share
 * of a run can be measured apart by replaying them (bench/dynamodb-replay.ts).
 * The log begins with the tables, as CreateTable requests made from what
 * DescribeTable says of them. Each attempt is a line: a retried request is
 * sent twice.
 */
export class DynamoDbRequestLog {
  readonly #out: WriteStream;

  constructor(file: string) {
    this.#out = createWriteStream(file);
  }

  /** Writes these tables as DynamoDB Local holds them now. */
  async writeTables(endpoint: string, names: readonly string[]): Promise<void> {
    const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      for (const name of names) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
        const create: CreateTableCommandInput = {
          TableName: name,
          KeySchema: Table!.KeySchema,
          AttributeDefinitions: Table!.AttributeDefinitions,
          BillingMode: 'PAY_PER_REQUEST',
          ...(Table!.GlobalSecondaryIndexes?.length
            ? { GlobalSecondaryIndexes: Table!.GlobalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection })) }
            : {}),
        };
        this.#write({ target: dynamoDbTarget('CreateTable'), body: JSON.stringify(create) });
      }
    } finally {
      client.destroy();
    }
  }

  /** Logs each request `client` sends while `recording()` holds, as it goes to the wire. */
  install(client: DynamoDBDocumentClient, recording: () => boolean): void {
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as HttpRequest;
        if (recording()) this.#write({ target: String(request.headers['x-amz-target']), body: bodyText(request.body) });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'countyYearRequestLog', override: true },
    );
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.#out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }

  #write(line: LoggedRequest): void {
    this.#out.write(`${JSON.stringify(line)}\n`);
  }
}

/** Peak and current resident memory of another process, from /proc (Linux); undefined where it cannot be read. */
export function processMemory(pid: number): { peakRssMb: number; rssMb: number; cpuSeconds: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    // utime and stime, the 14th and 15th fields after the command name, in clock ticks (100 a second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { peakRssMb: round(kb('VmHWM') / 1024), rssMb: round(kb('VmRSS') / 1024), cpuSeconds: round(ticks / 100) };
  } catch {
    return undefined;
  }
}

/** The DynamoDB Local process listening on a port: a java process whose command line names the jar and the port. */
export function dynamoDbLocalPid(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((arg) => arg.includes('DynamoDBLocal')) && args.includes(String(port))) return Number(entry);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return undefined;
}

export const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

/** p50, p95 and max of a list of counts (nearest rank). */
export function spread(values: number[]): { p50: number; p95: number; max: number } {
  if (values.length === 0) return { p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1]! };
}
