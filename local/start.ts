import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { OFFICER_GROUPS } from '../functions/api-routes';
import { officerToken, PORTAL_TOKEN } from './dev-tokens';
import { DYNAMODB_DATA_FILE, startDynamoDb } from './dynamodb';
import { restartWorkflowsAfterStart } from './restart';
import { startSes } from './ses';
import { startLocalStack } from './stack';
import { synthesizeTemplate } from './synthesized-template';

/**
 * `npm start`: the whole system on this machine, on embedded defaults, with no
 * AWS account and no Docker. Ports come from the environment. The tables and
 * the virtual clock's time are kept in a data folder, so a restart loses
 * nothing; `npm start -- --fresh` (or LADO_FRESH=1) starts empty.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const ports = z
  .object({
    LADO_API_PORT: port(3000),
    LADO_SES_PORT: port(8005),
    LADO_DYNAMODB_PORT: port(8000),
    LADO_STEPFUNCTIONS_PORT: port(8083),
  })
  .parse(process.env);

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({ args: process.argv.slice(2), options: { fresh: { type: 'boolean', default: false } } });
const dataDir = path.resolve(process.env['LADO_DATA_DIR'] || path.join(projectRoot, '.local-data'));
const fresh = flags.fresh || process.env['LADO_FRESH'] === '1';
const clockFile = path.join(dataDir, 'clock.json');
mkdirSync(dataDir, { recursive: true });
// Only the files this stack writes: the folder may be one the developer chose and keeps other things in.
if (fresh) for (const file of [DYNAMODB_DATA_FILE, 'clock.json']) rmSync(path.join(dataDir, file), { force: true });
const savedNow = readSavedClock();

const startedAt = Date.now();
// DynamoDB Local boots in its own process while this one synthesizes the CDK app.
const servers = Promise.all([startDynamoDb(ports.LADO_DYNAMODB_PORT, { dbPath: dataDir }), startSes(ports.LADO_SES_PORT)]);
const template = synthesizeTemplate();
const [dynamoDb, ses] = await servers;
const stack = await startLocalStack({
  template,
  dynamoDbEndpoint: dynamoDb.endpoint,
  sesUrl: ses.url,
  apiPort: ports.LADO_API_PORT,
  stepFunctionsPort: ports.LADO_STEPFUNCTIONS_PORT,
  // The clock resumes where it stood, never earlier: the stored cases were written at that time.
  ...(savedNow ? { startTime: savedNow } : {}),
});
persistClock();

// ── Restart the workflows of open cases: the engine forgot its executions with the last process. ──
await restartWorkflowsAfterStart(stack);

console.log(`LADO referrals running locally (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)

  API              ${stack.apiUrl}
  Console          ${stack.apiUrl}/console/    (officers and operations; sign in as a development user)
  OpenAPI          ${stack.apiUrl}/openapi.json
  Virtual clock    ${stack.apiUrl}/local/clock        (now ${stack.clock.now().toISOString()})
  Email inbox      ${ses.url}/
  Step Functions   ${stack.stepFunctionsUrl}    state machine ${stack.stateMachineArn}
  DynamoDB         ${dynamoDb.endpoint}    tables ${stack.tableName} (cases), ${stack.auditTableName} (audit trail)
  Faults           ${stack.apiUrl}/local/faults       (none until set)
  Data             ${dataDir}    (${savedNow ? 'resumed' : 'new'}; npm start -- --fresh starts empty)

The API wants a development token in place of SigV4 and Cognito (anyone may write one, locally only):
  portal routes    Authorization: Bearer ${PORTAL_TOKEN}
  officer routes   Authorization: Bearer ${officerToken('<username>', '<group>[,<group>…]')}    groups ${OFFICER_GROUPS.join(', ')}

AWS CLI and SDKs reach these with --endpoint-url, region eu-west-2 and any dummy credentials.
Press Ctrl+C to stop.`);

async function shutdown(): Promise<void> {
  await stack.stop();
  saveClock();
  await Promise.all([ses.stop(), dynamoDb.stop()]);
  process.exit(0);
}

function readSavedClock(): Date | undefined {
  if (!existsSync(clockFile)) {
    if (existsSync(path.join(dataDir, DYNAMODB_DATA_FILE))) console.warn(`No saved clock in ${dataDir}: the clock starts at the real time, which may be before the stored cases.`);
    return undefined;
  }
  let text: unknown;
  try {
    text = JSON.parse(readFileSync(clockFile, 'utf8'));
  } catch {
    text = undefined;
  }
  const saved = z.object({ now: z.iso.datetime({ offset: true }) }).safeParse(text);
  if (!saved.success) throw new Error(`${clockFile} does not hold the clock's time; fix it, or start empty with npm start -- --fresh`);
  return new Date(saved.data.now);
}

/** Written whole or not at all, so a stop mid-write never leaves half a time. */
function saveClock(): void {
  writeFileSync(`${clockFile}.tmp`, `${JSON.stringify({ now: stack.clock.now().toISOString() })}\n`);
  renameSync(`${clockFile}.tmp`, clockFile);
}

/** Saves the clock now and after every advance; /local/clock is the only thing that advances it here. */
function persistClock(): void {
  saveClock();
  const { clock } = stack;
  const advanceTo = clock.advanceTo.bind(clock);
  const advanceBy = clock.advanceBy.bind(clock);
  clock.advanceTo = (target) => advanceTo(target).finally(saveClock);
  clock.advanceBy = (ms) => advanceBy(ms).finally(saveClock);
}

// npm and tsx pass a Ctrl+C on as well, so the signal can arrive more than once: stop once, ignore the rest.
let stopping = false;
const onSignal = () => {
  if (stopping) return;
  stopping = true;
  void shutdown();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
