import { createReadStream } from 'node:fs';
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import { startDynamoDb } from '../local/dynamodb';
import { LOCAL_REGION } from '../local/local-aws';
import { freePort } from '../local/ports';
import { dynamoDbLocalPid, dynamoDbTarget, processMemory, round, type LoggedRequest } from './instruments';

/**
 * `npm run bench:dynamodb -- --requests FILE`: DynamoDB Local's share of a
 * county-year run, measured apart. The run's requests, logged by
 * `npm run bench -- --dynamodb-requests FILE`, are sent again in their order
 * to a fresh DynamoDB Local, as fast as it answers them with `--in-flight`
 * outstanding, over plain kept-alive HTTP: no handler, engine or SDK work
 * around them. So the wall time and the JVM's CPU printed are what DynamoDB
 * Local alone needs for that run's requests on this machine, a floor under
 * the run's own time. Prints one JSON document on stdout.
 *
 * Sent out of their moment, some conditional writes meet a different item
 * than they did in the run and are refused (400); the JVM does the work of
 * checking them all the same, so the floor stands.
 */
export interface ReplayOptions {
  requestsPath: string;
  /** Requests outstanding at once. */
  inFlight: number;
  /** Replays only these operations (the tables are always made). */
  operations?: string[];
  /** Replays at most this many requests. */
  limit?: number;
}

// DynamoDB Local reads the credential's scope but checks no signature.
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=local/20230401/${LOCAL_REGION}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0`;

export async function replayDynamoDbRequests(options: ReplayOptions) {
  const wanted = options.operations ? new Set(options.operations.map(dynamoDbTarget)) : undefined;
  const tables: LoggedRequest[] = [];
  const requests: LoggedRequest[] = [];
  for await (const text of readline.createInterface({ input: createReadStream(options.requestsPath), crlfDelay: Infinity })) {
    if (!text) continue;
    const line = JSON.parse(text) as LoggedRequest;
    if (line.target === dynamoDbTarget('CreateTable')) tables.push(line);
    else if (!wanted || wanted.has(line.target)) requests.push(line);
    if (options.limit !== undefined && requests.length >= options.limit) break;
  }
  const byOperation: Record<string, { requests: number; meanBodyBytes: number }> = {};
  for (const { target, body } of requests) {
    const operation = target.slice(target.indexOf('.') + 1);
    const figures = (byOperation[operation] ??= { requests: 0, meanBodyBytes: 0 });
    figures.meanBodyBytes += (Buffer.byteLength(body) - figures.meanBodyBytes) / ++figures.requests;
  }

  const port = await freePort();
  const dynamoDb = await startDynamoDb(port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.inFlight });
  try {
    const send = (line: LoggedRequest) => post(port, agent, line);
    for (const table of tables) {
      const status = await send(table);
      if (status !== 200) throw new Error(`CreateTable answered ${status}`);
    }
    const javaPid = dynamoDbLocalPid(port);
    const javaCpu = () => (javaPid === undefined ? NaN : (processMemory(javaPid)?.cpuSeconds ?? NaN));
    const javaAtStart = javaCpu();
    const nodeAtStart = process.cpuUsage();
    const startedAt = performance.now();
    const answers: Record<string, number> = {};
    let next = 0;
    await Promise.all(
      Array.from({ length: options.inFlight }, async () => {
        while (next < requests.length) {
          const status = await send(requests[next++]!);
          answers[status] = (answers[status] ?? 0) + 1;
        }
      }),
    );
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const javaCpuSeconds = javaCpu() - javaAtStart;
    const nodeUsage = process.cpuUsage(nodeAtStart);
    return {
      requestsPath: options.requestsPath,
      inFlight: options.inFlight,
      ...(options.operations ? { operations: options.operations } : {}),
      tables: tables.length,
      requests: requests.length,
      byOperation: Object.fromEntries(Object.entries(byOperation).map(([operation, figures]) => [operation, { requests: figures.requests, meanBodyBytes: Math.round(figures.meanBodyBytes) }])),
      answers,
      wallSeconds: round(wallSeconds),
      requestsPerSecond: Math.round(requests.length / wallSeconds),
      dynamoDbLocal: {
        cpuSeconds: round(javaCpuSeconds),
        cpuMsPerRequest: round((javaCpuSeconds * 1000) / Math.max(1, requests.length), 3),
        peakRssMb: javaPid === undefined ? NaN : (processMemory(javaPid)?.peakRssMb ?? NaN),
      },
      replayerCpuSeconds: round((nodeUsage.user + nodeUsage.system) / 1e6),
    };
  } finally {
    agent.destroy();
    await dynamoDb.stop();
  }
}

/** Sends one logged request as it was sent; its answer's status. */
function post(port: number, agent: http.Agent, { target, body }: LoggedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'content-length': Buffer.byteLength(body),
          'x-amz-target': target,
          'x-amz-date': '20230401T000000Z',
          authorization: AUTHORIZATION,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function parseOptions(argv: string[]): ReplayOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      requests: { type: 'string' },
      'in-flight': { type: 'string', default: '16' },
      operations: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  if (!values.requests) throw new Error('--requests FILE is required: the log of `npm run bench -- --dynamodb-requests FILE`');
  const inFlight = Number(values['in-flight']);
  if (!Number.isInteger(inFlight) || inFlight < 1 || inFlight > 256) throw new Error('--in-flight must be a whole number from 1 to 256');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error('--limit must be a positive whole number');
  return {
    requestsPath: values.requests,
    inFlight,
    ...(values.operations ? { operations: values.operations.split(',').map((name) => name.trim()).filter(Boolean) } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('dynamodb-replay.ts')) {
  replayDynamoDbRequests(parseOptions(process.argv.slice(2))).then(
    (figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`[dynamodb-replay] failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
