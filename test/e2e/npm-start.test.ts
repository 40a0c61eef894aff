import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingCalendar, SERVICE_ZONE } from '../../functions/domain/calendar';
import { freePort } from '../../local/ports';
import { completeReferral } from '../support/referrals';

/**
 * The README's first command, as a newcomer runs it: `npm start` brings up the
 * whole system, and a referral goes through it over HTTP alone; stopped and
 * started again mid-lifecycle, it still has every case and the clock, and a
 * deadline set before the restart fires on time after it. It keeps its data in a
 * folder of its own, never in a developer's .local-data.
 */
interface Started {
  child: ChildProcess;
  output: string;
  urls: { api: string; inbox: string; stepFunctions: string; stateMachineArn: string };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'lado-e2e-data-'));
let running: Started | undefined;
let output = '';
const urls = { api: '', inbox: '', stepFunctions: '', stateMachineArn: '' };

async function npmStart(extraEnv: Record<string, string> = {}, args: string[] = []): Promise<Started> {
  const [api, ses, dynamoDb, stepFunctions] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const child = spawn('npm', ['start', '--silent', ...(args.length ? ['--', ...args] : [])], {
    env: {
      ...process.env,
      LADO_API_PORT: String(api),
      LADO_SES_PORT: String(ses),
      LADO_DYNAMODB_PORT: String(dynamoDb),
      LADO_STEPFUNCTIONS_PORT: String(stepFunctions),
      LADO_DATA_DIR: dataDir,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const started: Started = { child, output: '', urls: { api: '', inbox: '', stepFunctions: '', stateMachineArn: '' } };
  running = started;
  child.stderr?.on('data', (chunk: Buffer) => (started.output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    // Alone, it is ready in about 10 s; this leaves room for the other test files sharing the machine.
    const timer = setTimeout(() => reject(new Error(`npm start was not ready within 120 s:\n${started.output}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      started.output += chunk.toString();
      if (started.output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${started.output}`)));
  });
  started.urls.api = /API\s+(http:\S+)/.exec(started.output)![1]!;
  started.urls.inbox = /Email inbox\s+(http:\S+?)\/?\s/.exec(started.output)![1]!;
  const [, stepFunctionsUrl, stateMachineArn] = /Step Functions\s+(http:\S+)\s+state machine\s+(\S+)/.exec(started.output)!;
  Object.assign(started.urls, { stepFunctions: stepFunctionsUrl, stateMachineArn });
  return started;
}

/** Ctrl+C, as a developer stops it, to the whole process group. */
async function stop(started: Started | undefined): Promise<void> {
  const { child } = started ?? {};
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGINT');
  await exited;
}

const OFFICER = { authorization: 'Bearer dev:lado.officer.7:lado-officer' };
const OPERATIONS = { authorization: 'Bearer dev:ops.1:operations' };
const DUTY_LADO = 'duty-lado@lado.example.gov.uk';

interface AuditEvent {
  type: string;
  actor: string;
  at: string;
  details?: Record<string, unknown>;
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { headers });
  expect(response.status, `GET ${url}`).toBe(200);
  return (await response.json()) as T;
}

/** Moves virtual time; an advance of nothing lets every piece of work in flight finish first. */
async function advanceClock(api: string, body: { advanceTo: string } | { advanceBy: string }): Promise<string> {
  const response = await fetch(`${api}/local/clock`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { now: string }).now;
}

async function historyOf(api: string, caseId: string): Promise<AuditEvent[]> {
  return (await getJson<{ events: AuditEvent[] }>(`${api}/cases/${caseId}/history`, OFFICER)).events;
}

async function emailsTo(inbox: string, address: string, caseId: string): Promise<Array<{ subject: string }>> {
  const { emails } = await getJson<{ emails: Array<{ subject: string; destination: { to: string[] } }> }>(`${inbox}/store`);
  return emails.filter((email) => email.destination.to.includes(address) && email.subject.includes(caseId));
}

/** The executions the local Step Functions engine knows of, as the AWS CLI would list them. */
async function executions(started: Started): Promise<Array<{ name: string; status: string }>> {
  const response = await fetch(started.urls.stepFunctions, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListExecutions' },
    body: JSON.stringify({ stateMachineArn: started.urls.stateMachineArn }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { executions: Array<{ name: string; status: string }> }).executions;
}

async function reconciliation(api: string): Promise<{ activeCases: number; runningExecutions: number; drift: unknown[] }> {
  const response = await fetch(`${api}/operations/reconciliation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...OPERATIONS },
    body: JSON.stringify({ repair: false }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { activeCases: number; runningExecutions: number; drift: unknown[] };
}

/** The first Monday after an instant whose Tuesday is a working day too: 09:30 that Monday, and 17:00 the Tuesday, in London. */
function nextOrdinaryMonday(after: string): { submitAt: string; chaseDueAt: string } {
  const calendar = createWorkingCalendar();
  let day = DateTime.fromISO(after, { zone: SERVICE_ZONE }).startOf('day').plus({ days: 1 });
  while (day.weekday !== 1 || !calendar.isWorkingDay(day.toISODate()!) || !calendar.isWorkingDay(day.plus({ days: 1 }).toISODate()!)) {
    day = day.plus({ days: 1 });
  }
  return {
    submitAt: day.set({ hour: 9, minute: 30 }).toJSDate().toISOString(),
    chaseDueAt: day.plus({ days: 1 }).set({ hour: 17 }).toJSDate().toISOString(),
  };
}

beforeAll(async () => {
  const started = await npmStart();
  output = started.output;
  Object.assign(urls, started.urls);
}, 150_000);

afterAll(async () => {
  await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('npm start', () => {
  it('prints its URLs on loopback with the configured ports, and the development tokens', () => {
    expect(urls.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain('Authorization: Bearer dev:portal');
    expect(output).toContain('Authorization: Bearer dev:<username>:<group>[,<group>…]');
    expect(output).toMatch(/OpenAPI\s+http:\/\/127\.0\.0\.1:\d+\/openapi\.json/);
    expect(output).toMatch(/ready in \d+\.\d s/);
  });

  it("prints the console's URL, and serves the console there", async () => {
    const consoleUrl = new RegExp(`Console\\s+(${urls.api.replace(/[.]/g, '\\.')}/console/)`).exec(output)?.[1];
    expect(consoleUrl).toBeDefined();
    const page = await fetch(consoleUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>');
  });

  it('takes a referral over HTTP, acknowledges it by email, and chases the duty LADO when virtual time passes', async () => {
    const openApi = await fetch(`${urls.api}/openapi.json`);
    expect(openApi.status).toBe(200);
    expect(((await openApi.json()) as { openapi: string }).openapi).toMatch(/^3\./);

    const clock = (await (await fetch(`${urls.api}/local/clock`)).json()) as { now: string };
    const referral = completeReferral();
    const portal = { authorization: 'Bearer dev:portal' };
    const unsigned = await fetch(`${urls.api}/referrals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(referral) });
    expect(unsigned.status).toBe(401);
    const submitted = await fetch(`${urls.api}/referrals`, { method: 'POST', headers: { 'content-type': 'application/json', ...portal }, body: JSON.stringify(referral) });
    expect(submitted.status).toBe(202);
    const { caseId } = (await submitted.json()) as { caseId: string };

    const advanced = await fetch(`${urls.api}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceBy: 'P8D' }) });
    expect(advanced.status).toBe(200);
    expect(Date.parse(((await advanced.json()) as { now: string }).now) - Date.parse(clock.now)).toBe(8 * 24 * 3600 * 1000);

    const { emails } = (await (await fetch(`${urls.inbox}/store`)).json()) as { emails: Array<{ subject: string }> };
    const subjects = emails.map((e) => e.subject).filter((s) => s.includes(caseId));
    expect(subjects).toEqual(expect.arrayContaining([`LADO referral received: ${caseId}`, `Overdue: threshold decision for ${caseId}`]));
    const officer = { authorization: 'Bearer dev:lado.officer.7:lado-officer' };
    const status = (await (await fetch(`${urls.api}/cases/${caseId}`, { headers: officer })).json()) as { status: string };
    expect(status.status).toBe('AWAITING_THRESHOLD_DECISION');

    const backwards = await fetch(`${urls.api}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceTo: '2000-01-01T00:00:00Z' }) });
    expect(backwards.status).toBe(400);
    restarted.caseId = caseId;
  });

  it('keeps every case, its audit trail and the clock across a restart mid-lifecycle, and a deadline set before it fires on time after it', async () => {
    expect(restarted.caseId).toBeTruthy();
    // A second case, complete on a Monday morning: the duty LADO is chased at the close of working day 1, on the Tuesday.
    const { submitAt, chaseDueAt } = nextOrdinaryMonday((await getJson<{ now: string }>(`${urls.api}/local/clock`)).now);
    await advanceClock(urls.api, { advanceTo: submitAt });
    const submitted = await fetch(`${urls.api}/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer dev:portal' },
      body: JSON.stringify(completeReferral()),
    });
    expect(submitted.status).toBe(202);
    const { caseId } = (await submitted.json()) as { caseId: string };
    expect(await advanceClock(urls.api, { advanceBy: 'PT0S' })).toBe(submitAt);
    const before = await getJson<{ status: string; pendingDeadlines: unknown[] }>(`${urls.api}/cases/${caseId}`, OFFICER);
    expect(before).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', awaiting: 'thresholdDecision' });
    expect(before.pendingDeadlines).toContainEqual({ kind: 'initialConsiderationChase', dueAt: chaseDueAt });
    const trailBefore = await historyOf(urls.api, caseId);
    const earlierTrailBefore = await historyOf(urls.api, restarted.caseId);
    const clockBefore = (await getJson<{ now: string }>(`${urls.api}/local/clock`)).now;
    await stop(running);

    const again = await npmStart();
    expect(again.output).toMatch(/Data\s+\S+\s+\(resumed/);
    const api = again.urls.api;
    expect((await getJson<{ now: string }>(`${api}/local/clock`)).now).toBe(clockBefore);
    // Every case is kept, where it stood, with its trail: the restart only adds that it took the workflow up again.
    for (const [id, trail] of [[restarted.caseId, earlierTrailBefore], [caseId, trailBefore]] as const) {
      expect((await getJson<{ status: string }>(`${api}/cases/${id}`, OFFICER)).status).toBe('AWAITING_THRESHOLD_DECISION');
      // Kept in order: the new process's events at the stopped clock's instant sort after them.
      const after = await historyOf(api, id);
      expect(after.slice(0, trail.length)).toEqual(trail);
      const added = after.slice(trail.length);
      expect(added.filter((e) => e.type === 'WorkflowRestarted')).toEqual([expect.objectContaining({ type: 'WorkflowRestarted', actor: 'local-start', at: clockBefore })]);
      // Nothing was due: the restarted workflow only waits again, and neither fires a deadline nor sends an email.
      expect(added.map((e) => [e.type, e.at])).toEqual(added.map(() => [expect.stringMatching(/^Workflow(Restarted|Waiting)$/), clockBefore]));
    }
    // Each case runs again, in the execution its record names, and the record agrees with the engine.
    const runsAgain = async () => {
      const listed = await executions(again);
      for (const id of [restarted.caseId, caseId]) {
        const { executionName } = await getJson<{ executionName: string }>(`${api}/cases/${id}`, OPERATIONS);
        expect(listed).toContainEqual(expect.objectContaining({ name: executionName, status: 'RUNNING' }));
      }
      expect(listed.filter((e) => e.status === 'FAILED' || e.status === 'TIMED_OUT')).toEqual([]);
      expect((await reconciliation(api)).drift).toEqual([]);
    };
    expect((await getJson<{ executionName: string }>(`${api}/cases/${caseId}`, OPERATIONS)).executionName).toBe(`${caseId}-first-days-2`);
    await runsAgain();

    // Not a second early, whatever the restart did.
    await advanceClock(api, { advanceTo: new Date(Date.parse(chaseDueAt) - 1000).toISOString() });
    expect(await emailsTo(again.urls.inbox, DUTY_LADO, caseId)).toEqual([]);
    expect((await historyOf(api, caseId)).filter((e) => e.type === 'DeadlineFired')).toEqual([]);
    await advanceClock(api, { advanceTo: chaseDueAt });
    expect((await emailsTo(again.urls.inbox, DUTY_LADO, caseId)).map((e) => e.subject)).toEqual([`Overdue: threshold decision for ${caseId}`]);
    const trail = await historyOf(api, caseId);
    const fired = trail.filter((e) => e.type === 'DeadlineFired');
    expect(fired.map((e) => e.details)).toEqual([{ deadline: 'initialConsiderationChase', dueAt: chaseDueAt }]);
    // At the deadline, to the second the wait is counted in; the email goes in the same wake, within its retries (EMAIL_RETRY, 35 s).
    const firedAt = Date.parse(fired[0]!.at);
    expect(firedAt - Date.parse(chaseDueAt)).toBeGreaterThanOrEqual(0);
    expect(firedAt - Date.parse(chaseDueAt)).toBeLessThan(1000);
    const chased = trail.filter((e) => e.type === 'EmailSent' && e.details?.['kind'] === 'initialConsiderationChase');
    expect(chased).toHaveLength(1);
    expect(Date.parse(chased[0]!.at) - firedAt).toBeGreaterThanOrEqual(0);
    expect(Date.parse(chased[0]!.at) - firedAt).toBeLessThanOrEqual(35_000);
    expect((await getJson<{ status: string }>(`${api}/cases/${caseId}`, OFFICER)).status).toBe('AWAITING_THRESHOLD_DECISION');

    // The case chased before the restart is not chased again: its trail still holds one chase, and the inbox none since.
    await advanceClock(api, { advanceBy: 'PT1H' });
    const earlierChases = (await historyOf(api, restarted.caseId)).filter((e) => e.type === 'EmailSent' && e.details?.['kind'] === 'initialConsiderationChase');
    expect(earlierChases).toHaveLength(1);
    expect(await emailsTo(again.urls.inbox, DUTY_LADO, restarted.caseId)).toEqual([]);
    await runsAgain();
  }, 300_000);

  it('starts empty with --fresh', async () => {
    expect(restarted.caseId).toBeTruthy();
    await stop(running);
    const fresh = await npmStart({}, ['--fresh']);
    expect(fresh.output).toMatch(/Data\s+\S+\s+\(new/);
    expect((await fetch(`${fresh.urls.api}/cases/${restarted.caseId}`, { headers: OFFICER })).status).toBe(404);
    const freshClock = (await (await fetch(`${fresh.urls.api}/local/clock`)).json()) as { now: string };
    expect(Math.abs(Date.parse(freshClock.now) - Date.now())).toBeLessThan(300_000);
  }, 300_000);
});

const restarted = { caseId: '' };
