import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * `lado`, run as `npx lado` runs it (node cli/lado.mjs), against a local test
 * stack: its output, its JSON and its exit codes.
 */
const LADO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cli/lado.mjs');

let stack: TestStack;
let caseId: string;

beforeAll(async () => {
  stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday
  const response = await stack.post('/referrals', completeReferral());
  expect(response.status).toBe(202);
  caseId = response.body.caseId as string;
  await stack.clock.settle();
});

afterAll(async () => {
  await stack?.stop();
});

function lado(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.LADO_API;
  delete env.LADO_TOKEN;
  return new Promise((resolve) => {
    execFile(process.execPath, [LADO, ...args, '--api', stack.apiUrl], { env, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('lado case show', () => {
  it('prints where the case stands', async () => {
    const { code, stdout, stderr } = await lado('case', 'show', caseId);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^case +${caseId}$`, 'm'));
    expect(stdout).toMatch(/^status +AWAITING_THRESHOLD_DECISION$/m);
    expect(stdout).toContain('Pending deadlines');
  });

  it('prints the API’s JSON with --json', async () => {
    const { code, stdout } = await lado('case', 'show', caseId, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual((await stack.get(`/cases/${caseId}`)).body);
  });

  it('exits 1 with the API’s status and message for a case that does not exist', async () => {
    const unknown = caseId === 'LADO-0000000000' ? 'LADO-0000000001' : 'LADO-0000000000';
    const { code, stdout, stderr } = await lado('case', 'show', unknown);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const direct = await stack.get(`/cases/${unknown}`);
    expect(direct.status).toBe(404);
    expect(stderr).toBe(`lado: the API answered 404: ${direct.body.message}\n`);
    expect(stderr).toContain(unknown);
  });
});

describe('lado case history', () => {
  it('prints the audit trail as JSON with --json', async () => {
    const { code, stdout } = await lado('--json', 'case', 'history', caseId);
    expect(code).toBe(0);
    const history = JSON.parse(stdout) as { caseId: string; events: Array<{ type: string }> };
    expect(history.caseId).toBe(caseId);
    expect(history.events.map((event) => event.type)).toContain('ReferralReceived');
  });
});

describe('lado reconcile', () => {
  it('exits 0 and says so when there is no drift', async () => {
    const { code, stdout, stderr } = await lado('reconcile');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/1 active cases, 1 running executions/);
    expect(stdout).toContain('No drift.');
  });
});

describe('lado cases list', () => {
  it('prints the cases a filter names, as a table', async () => {
    const { code, stdout, stderr } = await lado('cases', 'list', '--status', 'AWAITING_THRESHOLD_DECISION');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^caseId +status +receivedAt +channel +nextDeadline/m);
    expect(stdout).toMatch(new RegExp(`^${caseId} +AWAITING_THRESHOLD_DECISION +2026-11-23T10:00:00.000Z +portal +initialConsiderationChase`, 'm'));
  });

  it('prints the API’s pages as JSON with --json, following every cursor with --all', async () => {
    await stack.advanceTo('2026-11-23T10:05:00Z');
    const second = (await stack.post('/referrals', completeReferral())).body.caseId as string;
    await stack.clock.settle();
    const onePage = JSON.parse((await lado('cases', 'list', '--limit', '1', '--json')).stdout);
    expect(onePage.items).toHaveLength(1);
    expect(onePage.nextCursor).toEqual(expect.any(String));
    const { code, stdout } = await lado('cases', 'list', '--limit', '1', '--all', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ items: (await stack.get('/cases?limit=100')).body.items, nextCursor: null });
    expect(JSON.parse(stdout).items.map((item: { caseId: string }) => item.caseId)).toEqual([caseId, second]);
  });

  it('exits 1 with the fields the API refused', async () => {
    const { code, stdout, stderr } = await lado('cases', 'list', '--received-from', '23/11/2026');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('the API answered 400');
    expect(stderr).toContain('query.receivedFrom');
  });
});

describe('lado executions', () => {
  it('prints the executions of a status, each with its case', async () => {
    const { code, stdout, stderr } = await lado('executions', '--status', 'RUNNING');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^${caseId}-first-days +RUNNING +\\S+ +${caseId}$`, 'm'));
    const json = JSON.parse((await lado('executions', '--json')).stdout);
    expect(json.items.map((item: { caseId: string }) => item.caseId)).toContain(caseId);
  });
});

describe('lado report annual', () => {
  it('prints the annual report as the API answers it to a manager, with --json', async () => {
    const { code, stdout, stderr } = await lado('report', 'annual', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed.period).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(printed).toEqual((await stack.get('/reports/annual', { token: officerToken('lado.cli', 'lado-manager') })).body);
    expect(printed.tables['enquiries-and-referrals'].rows).toContainEqual({ label: 'referrals', count: expect.any(Number) });
    expect(printed.tables['enquiries-and-referrals'].rows.find((row: { label: string }) => row.label === 'referrals').count).toBeGreaterThan(0);
  });

  it('takes the period, and prints JSON with --format json', async () => {
    const { code, stdout } = await lado('report', 'annual', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).period).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('prints it as Markdown by default, and as one HTML page with --format html', async () => {
    const markdown = await lado('report', 'annual', '--from', '2026-11-01', '--to', '2026-11-30');
    expect(markdown.stderr).toBe('');
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^# LADO annual report$/m);
    expect(markdown.stdout).toContain('30 November 2026');
    const html = await lado('report', 'annual', '--format', 'html');
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/i);
    expect(html.stdout).toContain('</html>');
  });

  it('exits 1 with the field the API refused', async () => {
    const { code, stdout, stderr } = await lado('report', 'annual', '--from', '2026-13-01');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('the API answered 400');
    expect(stderr).toContain('query.from');
  });
});

describe('bad arguments', () => {
  it('exits 2 with a one-line message for an unknown command', async () => {
    const { code, stdout, stderr } = await lado('case', 'list');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // Commander's message; no stack trace.
    expect(stderr).toBe("error: unknown command 'list'\n");
  });

  it('exits 2 for a status executions cannot take, before asking the API', async () => {
    const { code, stderr } = await lado('executions', '--status', 'BROKEN');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: option '--status <status>' argument 'BROKEN' is invalid/);
  });
});

describe('lado enquiries', () => {
  const add = ['enquiries', 'add', '--sector', 'education', '--subsector', 'primary school', '--asked-by', 'employer', '--topic', 'allegation advice'];

  it('records an enquiry under the signed-in username and lists the period’s, as a table and as JSON', async () => {
    const added = await lado(...add, '--outcome', 'advised to refer', '--received-at', '2026-11-23T09:15:00Z');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const [, enquiryId] = /^Recorded (ENQ-20261123T091500Z-\w{10})$/m.exec(added.stdout) ?? [];
    expect(enquiryId).toBeDefined();
    const json = await lado(...add, '--outcome', 'managed by the agency', '--linked-case', caseId, '--json', '--as', 'lado.enquiries.2');
    expect(json.code).toBe(0);
    const second = JSON.parse(json.stdout).enquiryId as string;
    expect(second).toMatch(/^ENQ-/);

    const table = await lado('enquiries', 'list', '--from', '2026-11-23', '--to', '2026-11-23');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^enquiryId +receivedAt +sector +subsector +askedBy +topic +outcome +linkedCaseId +officerId$/m);
    expect(table.stdout).toMatch(new RegExp(`^${enquiryId} +2026-11-23T09:15:00.000Z +education +primary school +employer +allegation advice +advised to refer +lado.cli$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^${second} .* managed by the agency +${caseId} +lado.enquiries.2$`, 'm'));
    expect(table.stdout).toContain('2 enquiries.');

    const listed = await lado('enquiries', 'list', '--from', '2026-11-23', '--to', '2026-11-23', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual((await stack.get('/enquiries?from=2026-11-23&to=2026-11-23')).body);
    expect(JSON.parse(listed.stdout).items.map((item: { enquiryId: string }) => item.enquiryId)).toEqual([enquiryId, second]);
  });

  it('exits 2 for a choice outside the catalogue, or a choice left out, before asking the API', async () => {
    const outcome = await lado(...add, '--outcome', 'referred');
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/^error: option '--outcome <outcome>' argument 'referred' is invalid/);
    const missing = await lado('enquiries', 'add', '--sector', 'education');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: required option '--asked-by <who>' not specified/);
  });

  it('exits 1 with the fields the API refused', async () => {
    const future = await lado(...add, '--outcome', 'signposted', '--received-at', '2027-01-01T09:00:00Z');
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('the API answered 400');
    expect(future.stderr).toContain('receivedAt: receivedAt must not be in the future');
    const period = await lado('enquiries', 'list', '--from', '2025-01-01', '--to', '2026-11-23');
    expect(period.code).toBe(1);
    expect(period.stderr).toContain('query.to: The period must span at most 13 calendar months');
  });
});
