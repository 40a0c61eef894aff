import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports';
import { completeReferral } from '../support/referrals';

/**
 * The README's first command, as a newcomer runs it: `npm start` brings up the
 * whole system, and a referral goes through it over HTTP alone; stopped and
 * started again, it still has the case and the clock. It keeps its data in a
 * folder of its own, never in a developer's .local-data.
 */
interface Started {
  child: ChildProcess;
  output: string;
  urls: { api: string; inbox: string };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'lado-e2e-data-'));
let running: Started | undefined;
let output = '';
const urls = { api: '', inbox: '' };

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
  const started: Started = { child, output: '', urls: { api: '', inbox: '' } };
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
    restarted.clockBefore = ((await (await fetch(`${urls.api}/local/clock`)).json()) as { now: string }).now;
  });

  it('keeps the cases, their audit trails and the clock across a restart, and starts empty with --fresh', async () => {
    expect(restarted.caseId).toBeTruthy();
    const officer = { authorization: 'Bearer dev:lado.officer.7:lado-officer' };
    await stop(running);

    const again = await npmStart();
    expect(again.output).toMatch(/Data\s+\S+\s+\(resumed/);
    const clock = (await (await fetch(`${again.urls.api}/local/clock`)).json()) as { now: string };
    expect(clock.now).toBe(restarted.clockBefore);
    const kept = await fetch(`${again.urls.api}/cases/${restarted.caseId}`, { headers: officer });
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as { status: string }).status).toBe('AWAITING_THRESHOLD_DECISION');
    const history = await fetch(`${again.urls.api}/cases/${restarted.caseId}/history`, { headers: officer });
    expect(history.status).toBe(200);
    expect(((await history.json()) as { events: unknown[] }).events.length).toBeGreaterThan(0);
    await stop(again);

    const fresh = await npmStart({}, ['--fresh']);
    expect(fresh.output).toMatch(/Data\s+\S+\s+\(new/);
    expect((await fetch(`${fresh.urls.api}/cases/${restarted.caseId}`, { headers: officer })).status).toBe(404);
    const freshClock = (await (await fetch(`${fresh.urls.api}/local/clock`)).json()) as { now: string };
    expect(Math.abs(Date.parse(freshClock.now) - Date.now())).toBeLessThan(300_000);
  }, 300_000);
});

const restarted = { caseId: '', clockBefore: '' };
