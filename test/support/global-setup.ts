import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDb } from '../../local/dynamodb';
import { freePort } from '../../local/ports';
import { startSes } from '../../local/ses';
import { synthesizeTemplate } from '../../local/synthesized-template';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sesUrl: string;
    templatePath: string;
  }
}

export default async function setup(project: TestProject) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'lado-test-'));
  const templatePath = path.join(scratch, 'template.json');
  writeFileSync(templatePath, JSON.stringify(synthesizeTemplate()));
  const [dynamoDb, ses] = await Promise.all([startDynamoDb(await freePort()), startSes(0)]);
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  project.provide('sesUrl', ses.url);
  project.provide('templatePath', templatePath);
  return async () => {
    await Promise.all([dynamoDb.stop(), ses.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  };
}
