import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDLE_RECHECK_SECONDS } from '../../functions/domain/phases';
import { documentClient } from '../../functions/shared/clients/document-client';
import { eventMonthOf, listEventItems } from '../../functions/shared/case-store';
import { QUIET_CASE_DAYS } from '../../functions/shared/report-store';
import { EVENTS_BY_MONTH_INDEX, EVENTS_BY_MONTH_SHARDS } from '../../functions/shared/table-layout';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * GET /reports/annual on the local stack with a small seeded period: who may
 * ask, what it refuses, what it counts, and that it finds the period's cases
 * through the audit trail's month index and the active cases, never a Scan
 * (the DynamoDB client is spied on). Referrals arrive on Monday 30 March 2026
 * (one) and Wednesday 1 April 2026 (three); two are decided that day.
 */
const why = 'Account is consistent and the behaviour may have harmed a child.';
const DUTY = officerToken('duty.1', 'lado-officer');
const MANAGER = officerToken('manager.1', 'lado-manager');
const OPERATIONS = officerToken('ops.1', 'operations');

let stack: TestStack;
const commands: Array<{ name: string; table?: string; index?: string }> = [];
const seeded = {} as Record<'march' | 'allegation' | 'noFurtherAction' | 'awaiting', string>;

/** A referral about something that arose before the spring the tests run in. */
const referral = () => {
  const base = completeReferral();
  return { ...base, allegation: { ...base.allegation, arose: '2026-03-20' } };
};

const DAY = 24 * 60 * 60 * 1000;
const report = (query: string, token: string | null = MANAGER) => stack.get(`/reports/annual${query}`, { token });
const rowsOf = (table: { rows: Array<{ label: string; count: number }> }) => Object.fromEntries(table.rows.map((row) => [row.label, row.count]));

beforeAll(async () => {
  stack = await startTestStack('2026-03-30T10:00:00Z'); // Monday
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string; IndexName?: string };
      commands.push({ name: String(context.commandName), table: input.TableName, index: input.IndexName });
      return next(args);
    },
    { step: 'initialize', name: 'recordReportCommands' },
  );
  seeded.march = (await stack.post('/referrals', referral())).body.caseId;
  await stack.advanceTo('2026-04-01T10:00:00Z'); // Wednesday
  seeded.allegation = (await stack.post('/referrals', referral())).body.caseId;
  seeded.noFurtherAction = (await stack.post('/referrals', referral())).body.caseId;
  seeded.awaiting = (await stack.post('/referrals', referral())).body.caseId;
  await stack.advanceTo('2026-04-01T11:00:00Z');
  const allegation = await stack.post(
    `/cases/${seeded.allegation}/decisions`,
    { kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'allegation', harmCriteria: ['harmed-child'], allocatedTo: { officerId: 'lado.7', email: 'lado.7@lado.example.gov.uk' } },
    { token: DUTY },
  );
  expect(allegation.status, JSON.stringify(allegation.body)).toBe(202);
  const closed = await stack.post(
    `/cases/${seeded.noFurtherAction}/decisions`,
    { kind: 'threshold', officerId: 'duty.1', outcome: 'no-further-action', category: 'employer-procedures', rationale: why },
    { token: DUTY },
  );
  expect(closed.status, JSON.stringify(closed.body)).toBe(202);
  await stack.advanceTo('2026-04-02T12:00:00Z');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('who may ask for the annual report', () => {
  it('answers 401 without a token, 403 to officers and operations, 200 to managers', async () => {
    expect(await report('', null)).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    for (const token of [DUTY, OPERATIONS]) {
      const refused = await report('', token);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain('lado-manager');
    }
    expect((await report('')).status).toBe(200);
  });
});

describe('what it refuses', () => {
  const refusal = async (query: string) => {
    const response = await report(query);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    return response.body.errors as Array<{ path: string; message: string }>;
  };

  it('refuses a period that ends before it starts, naming query.to', async () => {
    expect(await refusal('?from=2026-04-30&to=2026-04-01')).toEqual([{ path: 'query.to', message: 'to must not be before from' }]);
  });

  it('refuses a day that is not a date, naming the parameter', async () => {
    expect(await refusal('?from=01/04/2026')).toEqual([{ path: 'query.from', message: 'from must be a date written YYYY-MM-DD' }]);
    expect(await refusal('?from=2026-04-01&to=2026-02-30')).toEqual([{ path: 'query.to', message: 'to must be a date written YYYY-MM-DD' }]);
  });

  it('refuses a period over five years, naming query.to', async () => {
    expect(await refusal('?from=2021-04-01&to=2026-04-01')).toEqual([{ path: 'query.to', message: 'A period covers at most 5 years: to must be before 2026-04-01' }]);
    expect((await report('?from=2021-04-02&to=2026-04-01')).status).toBe(200);
  });
});

describe('the report on a seeded period', () => {
  it('defaults to the current financial year', async () => {
    const { status, body } = await report('');
    expect(status).toBe(200);
    expect(body.period).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(body.computedAt).toBe('2026-04-02T12:00:00.000Z');
    expect((await report('?from=2025-06-01')).body.period).toEqual({ from: '2025-06-01', to: '2026-03-31' });
    expect((await report('?to=2026-03-31')).body.period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });

  it('counts the referrals received in the period and the decisions made in it, and its checks hold', async () => {
    const { status, body } = await report('?from=2026-04-01&to=2026-04-30');
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.period).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(rowsOf(body.tables['enquiries-and-referrals'])).toMatchObject({ referrals: 3, enquiries: 0 });
    expect(rowsOf(body.tables['referral-decisions'])).toMatchObject({ allegation: 1, consultation: 0, 'no further action': 1, transfer: 0 });
    // Open at the period's end as read (now): March's referral too, found though received before the period.
    expect(rowsOf(body.tables['open-cases-at-end'])).toMatchObject({ AWAITING_THRESHOLD_DECISION: 2, ALLEGATION_MANAGEMENT: 1 });
    // The period reaches today: the open cases are checked against the running workflows.
    for (const [id, check] of Object.entries(body.checks as Record<string, { ok: boolean | null; detail: string }>)) {
      expect(check.ok, `${id}: ${check.detail}`).toBe(true);
    }
  });

  it('counts the earlier period on its own, and checks no running workflows for a period that has ended', async () => {
    const { body } = await report('?from=2026-03-01&to=2026-03-31');
    expect(rowsOf(body.tables['enquiries-and-referrals'])).toMatchObject({ referrals: 1 });
    expect(rowsOf(body.tables['referral-decisions'])).toMatchObject({ allegation: 0, 'no further action': 0 });
    expect(body.checks['open-cases-match-workflows'].ok).toBeNull();
    expect(body.checks['decisions-reconcile'].ok).toBe(true);
  });

  it('finds the period’s cases through the month index and the active cases: one keys-only Query a month and shard, then each trail, never a Scan', async () => {
    commands.length = 0;
    expect((await report('?from=2026-04-01&to=2026-04-30')).status).toBe(200);
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.filter((command) => command.name !== 'QueryCommand')).toEqual([]);
    const byMonth = commands.filter((command) => command.index === EVENTS_BY_MONTH_INDEX);
    // The period and the rolling 12 months to its end, whose referrals the settings count: May 2025 to April 2026.
    expect(byMonth).toHaveLength(12 * EVENTS_BY_MONTH_SHARDS);
    expect(new Set(byMonth.map((command) => command.table))).toEqual(new Set([stack.auditTableName]));
    expect(commands.filter((command) => command.index === 'ActiveCases')).toHaveLength(16);
    // Each case's trail once, from the audit trail itself: the four cases.
    expect(commands.filter((command) => command.table === stack.auditTableName && command.index === undefined)).toHaveLength(4);
  });
});

describe('the month index', () => {
  it('files each event under its London month and a shard of its case', async () => {
    const caseId = seeded.march;
    expect(eventMonthOf(caseId, '2026-03-31T22:59:59.999Z')).toMatch(/^2026-03#[0-7]$/);
    // 23:00 GMT on 31 March is midnight in London (BST): April.
    expect(eventMonthOf(caseId, '2026-03-31T23:00:00.000Z')).toMatch(/^2026-04#[0-7]$/);
    expect(eventMonthOf(caseId, '2026-12-31T23:30:00.000Z')).toMatch(/^2026-12#/);
    expect(eventMonthOf(caseId, '2026-04-01T00:00:00.000Z').slice(-1)).toBe(eventMonthOf(caseId, '2026-06-01T00:00:00.000Z').slice(-1));
    // Read back, the trail does not carry the index's attribute.
    const trail = await listEventItems(caseId);
    expect(trail.length).toBeGreaterThan(0);
    for (const event of trail) expect(event).not.toHaveProperty('eventMonth');
  });

  it('finds an open allegation left alone for months: its workflow writes an event at least every 30 days', async () => {
    for (const caseId of [seeded.march, seeded.awaiting]) {
      const closed = await stack.post(
        `/cases/${caseId}/decisions`,
        { kind: 'threshold', officerId: 'duty.1', outcome: 'no-further-action', category: 'employer-procedures', rationale: why },
        { token: DUTY },
      );
      expect(closed.status).toBe(202);
    }
    // No record on the allegation from its threshold decision on 1 April until mid-July.
    await stack.advanceTo('2026-07-15T12:00:00Z');
    const moments = (await listEventItems(seeded.allegation)).map((event) => Date.parse(event.at));
    const gaps = moments.slice(1).map((moment, i) => moment - moments[i]!);
    // The longest gap is the idle wait itself, 30 days to the minute; the reader allows QUIET_CASE_DAYS.
    expect(Math.max(...gaps)).toBeGreaterThan(25 * DAY);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(IDLE_RECHECK_SECONDS * 1000 + 60_000);
    expect(Date.parse('2026-07-15T12:00:00Z') - moments.at(-1)!).toBeLessThanOrEqual(IDLE_RECHECK_SECONDS * 1000 + 60_000);
    expect(QUIET_CASE_DAYS * DAY).toBeGreaterThan(IDLE_RECHECK_SECONDS * 1000 + 60_000);
    // So a month with no record still finds it, as open at the month's end.
    const june = (await report('?from=2026-06-01&to=2026-06-30')).body;
    expect(rowsOf(june.tables['open-cases-at-end'])).toMatchObject({ ALLEGATION_MANAGEMENT: 1 });
  }, 120_000);
});
