import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports';
import { completeReferral } from '../support/referrals';

/**
 * The README's first command, as a newcomer runs it: `npm start` brings up the
 * whole system, and a referral goes through it over HTTP alone.
 */
let child: ChildProcess;
let output = '';
const urls = { api: '', inbox: '' };

beforeAll(async () => {
  const [api, ses, dynamoDb, stepFunctions] = [await freePort(), await freePort(), await freePort(), await freePort()];
  child = spawn('npm', ['start', '--silent'], {
    env: {
      ...process.env,
      LADO_API_PORT: String(api),
      LADO_SES_PORT: String(ses),
      LADO_DYNAMODB_PORT: String(dynamoDb),
      LADO_STEPFUNCTIONS_PORT: String(stepFunctions),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    // Alone, it is ready in about 10 s; this leaves room for the other test files sharing the machine.
    const timer = setTimeout(() => reject(new Error(`npm start was not ready within 120 s:\n${output}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  urls.api = /API\s+(http:\S+)/.exec(output)![1]!;
  urls.inbox = /Email inbox\s+(http:\S+?)\/?\s/.exec(output)![1]!;
}, 150_000);

afterAll(async () => {
  if (child?.pid) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
});

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
  });
});
