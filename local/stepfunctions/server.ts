import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepFunctionsError } from './engine';
import type { LocalStepFunctions } from './engine';

type Body = Record<string, unknown>;
type Operation = (engine: LocalStepFunctions, body: Body) => unknown;

const PAGE_SIZE_LIMIT = 1000;

/** Pages a list the way the List and Get APIs do, with the offset as the opaque next token. */
function page<T>(items: T[], body: Body): { items: T[]; nextToken?: string } {
  const start = body['nextToken'] === undefined ? 0 : Number(body['nextToken']);
  if (!Number.isInteger(start) || start < 0) throw new StepFunctionsError('InvalidToken', 'Invalid pagination token');
  const size = typeof body['maxResults'] === 'number' && body['maxResults'] > 0 ? body['maxResults'] : PAGE_SIZE_LIMIT;
  const end = start + size;
  return end < items.length ? { items: items.slice(start, end), nextToken: String(end) } : { items: items.slice(start) };
}

function text(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new StepFunctionsError('ValidationException', `${field} must be a string`);
  return value;
}

function optionalText(body: Body, field: string): string | undefined {
  return body[field] === undefined ? undefined : text(body, field);
}

const operations: Record<string, Operation> = {
  StartExecution: (engine, body) => {
    const input: { stateMachineArn: string; name?: string; input?: string } = { stateMachineArn: text(body, 'stateMachineArn') };
    const name = optionalText(body, 'name');
    const executionInput = optionalText(body, 'input');
    if (name !== undefined) input.name = name;
    if (executionInput !== undefined) input.input = executionInput;
    return engine.startExecution(input);
  },
  DescribeExecution: (engine, body) => engine.describeExecution(text(body, 'executionArn')),
  ListExecutions: (engine, body) => {
    const filter: { stateMachineArn: string; statusFilter?: string } = { stateMachineArn: text(body, 'stateMachineArn') };
    const statusFilter = optionalText(body, 'statusFilter');
    if (statusFilter !== undefined) filter.statusFilter = statusFilter;
    const { items, nextToken } = page(engine.listExecutions(filter), body);
    return { executions: items, nextToken };
  },
  GetExecutionHistory: (engine, body) => {
    const { events } = engine.getExecutionHistory(text(body, 'executionArn'));
    const { items, nextToken } = page(body['reverseOrder'] === true ? events.reverse() : events, body);
    return { events: items, nextToken };
  },
  SendTaskSuccess: (engine, body) => engine.sendTaskSuccess(text(body, 'taskToken'), text(body, 'output')),
  SendTaskFailure: (engine, body) => engine.sendTaskFailure(text(body, 'taskToken'), optionalText(body, 'error'), optionalText(body, 'cause')),
  SendTaskHeartbeat: (engine, body) => engine.sendTaskHeartbeat(text(body, 'taskToken')),
  StopExecution: (engine, body) => engine.stopExecution(text(body, 'executionArn'), optionalText(body, 'error'), optionalText(body, 'cause')),
  ListStateMachines: (engine, body) => {
    const { items, nextToken } = page(engine.listStateMachines(), body);
    return { stateMachines: items, nextToken };
  },
  DescribeStateMachine: (engine, body) => engine.describeStateMachine(text(body, 'stateMachineArn')),
};

/** The AWS JSON protocol sends timestamps as epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined).map(([key, inner]) => [key, toWire(inner)]));
  }
  return value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An answer of the Step Functions API: its HTTP status and its JSON body. */
export interface StepFunctionsAnswer {
  status: number;
  body: unknown;
}

/**
 * One call of the Step Functions API (AWS JSON 1.0) on the engine, from its
 * X-Amz-Target header and body, answered as AWS answers it, errors included:
 * what the HTTP server below serves, and what the local stack's handlers call
 * in process (sdk-handlers.ts).
 */
export async function callStepFunctions(engine: LocalStepFunctions, method: string, target: string, raw: string): Promise<StepFunctionsAnswer> {
  try {
    const operation = target.startsWith('AWSStepFunctions.') ? operations[target.slice('AWSStepFunctions.'.length)] : undefined;
    if (method !== 'POST' || operation === undefined) {
      throw new StepFunctionsError('UnknownOperationException', `Unsupported operation: ${method} ${target}`);
    }
    let body: Body;
    try {
      body = raw === '' ? {} : (JSON.parse(raw) as Body);
    } catch {
      throw new StepFunctionsError('SerializationException', 'Request body is not valid JSON');
    }
    return { status: 200, body: toWire((await operation(engine, body)) ?? {}) };
  } catch (error) {
    if (error instanceof StepFunctionsError) return { status: 400, body: { __type: error.name, message: error.message } };
    return { status: 500, body: { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) } };
  }
}

async function handle(engine: LocalStepFunctions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { status, body } = await callStepFunctions(engine, request.method ?? '', String(request.headers['x-amz-target'] ?? ''), await readBody(request));
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  response.end(payload);
}

/** Serves the Step Functions API (AWS JSON 1.0, as `@aws-sdk/client-sfn` speaks it) over a local engine. */
export async function startStepFunctionsServer(
  engine: LocalStepFunctions,
  opts: { port: number; host?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    void engine.clock.track(handle(engine, request, response));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
