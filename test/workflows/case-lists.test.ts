import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/shared/clients/document-client';
import { updateCase } from '../../functions/shared/case-store';
import { officerToken, PORTAL_TOKEN } from '../../local/dev-tokens';
import { completeReferral, PERSONAL_DATA, referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The case lists and views officers and operations read, on the local stack
 * with a seeded table: every filter of GET /cases returns exactly its cases,
 * pages follow one another without loss or repeat, who sees what, and no
 * list or lookup reads the table with a Scan (the DynamoDB client is spied on).
 */
const why = 'Account is consistent and the behaviour may have harmed a child.';
const DUTY = officerToken('duty.1', 'lado-officer');
const MANAGER = officerToken('manager.1', 'lado-manager');
const OPERATIONS = officerToken('ops.1', 'operations');
const KEYING_OFFICER = { officerId: 'duty.1', email: 'duty1@lado.example.gov.uk' };

let stack: TestStack;
const commands: string[] = [];
const seeded: Record<'awaiting' | 'urgent' | 'returned' | 'allegation' | 'consultation' | 'phone' | 'nfa', string> = {} as never;

function allocate(caseId: string, outcome: 'allegation' | 'consultation', officerId: string) {
  return stack.post(
    `/cases/${caseId}/decisions`,
    {
      kind: 'threshold',
      officerId: 'duty.1',
      rationale: why,
      outcome,
      ...(outcome === 'allegation' ? { harmCriteria: ['harmed-child'] } : {}),
      allocatedTo: { officerId, email: `${officerId}@lado.example.gov.uk` },
    },
    { token: DUTY },
  );
}

async function list(query: string, token = DUTY): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response: { status: number; body: any } = await stack.get(`/cases?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    ids.push(...response.body.items.map((item: { caseId: string }) => item.caseId));
    cursor = response.body.nextCursor;
  } while (cursor);
  return ids;
}

const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday
  // Every command any handler sends to DynamoDB, by name: the client's middleware sees them all.
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommandNames' },
  );

  seeded.awaiting = (await stack.post('/referrals', completeReferral())).body.caseId;
  await stack.advanceTo('2026-11-23T10:30:00Z');
  seeded.urgent = (await stack.post('/referrals', { ...completeReferral(), allegation: { ...completeReferral().allegation, immediateRisk: true } })).body.caseId;
  seeded.returned = (await stack.post('/referrals', referralMissingDateOfBirthAndAddress())).body.caseId;
  // A parent's telephone call, keyed in by the duty LADO: no organisation, no email.
  const { referrer: _portalReferrer, submissionId: _id, ...sections } = completeReferral();
  const keyed = await stack.post(
    '/cases',
    { channel: 'phone', keyedBy: KEYING_OFFICER, referral: { ...sections, referrer: { kind: 'parent or carer', name: 'Sam Parent', phone: '01632 960 555' } } },
    { token: DUTY },
  );
  expect(keyed.status, JSON.stringify(keyed.body)).toBe(202);
  seeded.phone = keyed.body.caseId;
  await stack.advanceTo('2026-11-24T10:00:00Z');
  seeded.allegation = (await stack.post('/referrals', completeReferral())).body.caseId;
  seeded.consultation = (await stack.post('/referrals', completeReferral())).body.caseId;
  seeded.nfa = (await stack.post('/referrals', completeReferral())).body.caseId;
  await stack.advanceTo('2026-11-24T11:00:00Z');
  expect((await allocate(seeded.allegation, 'allegation', 'lado.7')).status).toBe(202);
  expect((await allocate(seeded.consultation, 'consultation', 'lado.8')).status).toBe(202);
  const closed = await stack.post(
    `/cases/${seeded.nfa}/decisions`,
    { kind: 'threshold', officerId: 'duty.1', outcome: 'no-further-action', category: 'employer-procedures', rationale: why },
    { token: DUTY },
  );
  expect(closed.status).toBe(202);
  await stack.advanceTo('2026-11-24T12:00:00Z');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GET /cases', () => {
  it('lists every case, oldest receipt first, a page at a time without loss or repeat', async () => {
    const all = await list('limit=2');
    expect(new Set(all).size).toBe(all.length);
    expect(sorted(all)).toEqual(sorted(Object.values(seeded)));
    expect(all[0]).toBe(seeded.awaiting);
    const first = await stack.get('/cases?limit=3', { token: DUTY });
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
  });

  it('filters by status, stage, officer and channel', async () => {
    expect(sorted(await list('status=AWAITING_THRESHOLD_DECISION'))).toEqual(sorted([seeded.awaiting, seeded.urgent, seeded.phone]));
    expect(await list('stage=completeness')).toEqual([seeded.returned]);
    expect(sorted(await list('stage=closed'))).toEqual([seeded.nfa]);
    expect(await list('officer=lado.7')).toEqual([seeded.allegation]);
    expect(await list('officer=lado.8&status=CONSULTATION')).toEqual([seeded.consultation]);
    expect(await list('officer=lado.8&status=ALLEGATION_MANAGEMENT')).toEqual([]);
    expect(await list('channel=phone')).toEqual([seeded.phone]);
    expect(sorted(await list('channel=portal&stage=initial-consideration'))).toEqual(sorted([seeded.awaiting, seeded.urgent]));
  });

  it('filters by London date of receipt', async () => {
    expect(sorted(await list('receivedFrom=2026-11-24'))).toEqual(sorted([seeded.allegation, seeded.consultation, seeded.nfa]));
    expect(sorted(await list('receivedTo=2026-11-23'))).toEqual(sorted([seeded.awaiting, seeded.urgent, seeded.returned, seeded.phone]));
    expect(await list('receivedFrom=2026-11-25')).toEqual([]);
  });

  it('filters by deadline: overdue now, and due before a moment', async () => {
    // Monday's referrals were due a decision by Tuesday's close; the clock is at Tuesday noon: none is overdue yet.
    // The returned referral's next deadline is its return reminder, later in the week.
    expect(await list('overdue=true')).toEqual([]);
    const dueByTuesdayClose = sorted(await list('dueBefore=2026-11-24T17:00:01Z'));
    expect(dueByTuesdayClose).toEqual(sorted([seeded.awaiting, seeded.urgent, seeded.phone]));
    await stack.advanceTo('2026-11-25T09:30:00Z');
    expect(sorted(await list('overdue=true'))).toEqual(sorted([seeded.awaiting, seeded.urgent, seeded.phone]));
    expect(sorted(await list('overdue=true&channel=portal'))).toEqual(sorted([seeded.awaiting, seeded.urgent]));
  });

  it('lists the cases needing attention', async () => {
    expect(await list('needsAttention=true', OPERATIONS)).toEqual([]);
    await updateCase(seeded.consultation, (current) => ({
      next: { ...current, needsAttention: { step: 'Notify', errorClass: 'Error', since: '2026-11-25T09:30:00.000Z', execution: `${seeded.consultation}-management-1` } },
      events: [{ type: 'NeedsAttention', actor: 'system', at: '2026-11-25T09:30:00.000Z' }],
      result: undefined,
    }));
    const stuck = await stack.get('/cases?needsAttention=true', { token: OPERATIONS });
    expect(stuck.body.items).toEqual([
      { caseId: seeded.consultation, status: 'CONSULTATION', stage: 'consultation', receivedAt: expect.any(String), channel: 'portal', nextDeadline: expect.any(Object), needsAttention: true },
    ]);
  });

  it('shows operations ids, stages and workflow state only; officers also the officer and the risk flag', async () => {
    const asOperations = await stack.get(`/cases?officer=lado.7`, { token: OPERATIONS });
    expect(Object.keys(asOperations.body.items[0]).sort()).toEqual(['caseId', 'channel', 'needsAttention', 'nextDeadline', 'receivedAt', 'stage', 'status']);
    const asOfficer = await stack.get(`/cases?officer=lado.7`, { token: DUTY });
    expect(asOfficer.body.items[0]).toMatchObject({ caseId: seeded.allegation, allocatedTo: 'lado.7', immediateRisk: false, status: 'ALLEGATION_MANAGEMENT' });
    const text = JSON.stringify((await stack.get('/cases?limit=100', { token: DUTY })).body);
    for (const personal of [...PERSONAL_DATA, 'Sam Parent']) expect(text).not.toContain(personal);
  });

  it('refuses what it cannot serve with a 400 naming the field, a stranger with 401 and the portal with 403', async () => {
    const bad = await stack.get('/cases?status=OPEN&limit=1000&overdue=yes&receivedFrom=24/11/2026&colour=red', { token: DUTY });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query', 'query.limit', 'query.overdue', 'query.receivedFrom', 'query.status']);
    const mismatch = await stack.get('/cases?status=CLOSED&stage=consultation', { token: DUTY });
    expect(mismatch.body.errors).toEqual([{ path: 'query.stage', message: 'status CLOSED is not in stage consultation' }]);
    const first = await stack.get('/cases?limit=1', { token: DUTY });
    const otherList = await stack.get(`/cases?limit=1&channel=phone&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: DUTY });
    expect(otherList.status).toBe(400);
    expect(otherList.body.errors[0].path).toBe('query.cursor');
    expect((await stack.get('/cases?cursor=not-a-cursor', { token: DUTY })).status).toBe(400);
    expect((await stack.get('/cases', { token: null })).status).toBe(401);
    expect((await stack.get('/cases', { token: PORTAL_TOKEN })).status).toBe(403);
  });
});

describe('a referral keyed in by staff', () => {
  it('follows the same lifecycle, acknowledged to the officer who keyed it when the referrer gave no email', async () => {
    const view = (await stack.get(`/cases/${seeded.phone}`, { token: DUTY })).body;
    expect(view).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', missing: [] });
    const acknowledgement = (await stack.emailsTo(KEYING_OFFICER.email)).find((email) => email.subject === `LADO referral received: ${seeded.phone}`);
    expect(acknowledgement?.body.text).toContain('please pass it on to them');
    const trail = (await stack.get(`/cases/${seeded.phone}/history`, { token: DUTY })).body;
    expect(trail.events[0]).toMatchObject({ type: 'ReferralReceived', actor: 'duty.1', details: { channel: 'phone' } });
  });

  it('is idempotent on its key, refuses another officer id and names the fields at fault', async () => {
    const { referrer: _r, submissionId: _s, ...sections } = completeReferral();
    const body = { channel: 'email-form', keyedBy: KEYING_OFFICER, referral: { ...sections, referrer: { kind: 'member of the public', name: 'Alex Neighbour', email: 'alex@example.org' } } };
    const key = randomUUID();
    const first = await stack.post('/cases', body, { token: DUTY, idempotencyKey: key });
    const again = await stack.post('/cases', body, { token: DUTY, idempotencyKey: key });
    expect(first.status).toBe(202);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect((await stack.post('/cases', { ...body, referral: { ...body.referral, allegation: { ...body.referral.allegation, immediateRisk: true } } }, { token: DUTY, idempotencyKey: key })).status).toBe(409);
    expect((await stack.post('/cases', { ...body, keyedBy: { ...KEYING_OFFICER, officerId: 'someone.else' } }, { token: DUTY })).status).toBe(403);
    const bad = await stack.post('/cases', { ...body, channel: 'portal', referral: { ...body.referral, referrer: { kind: 'neighbour', name: 'Alex' } } }, { token: DUTY });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'referral.referrer.kind']);
    expect((await stack.post('/cases', body, { token: OPERATIONS })).status).toBe(403);
    expect(await list('channel=email-form')).toEqual([first.body.caseId]);
  });

  it('has the details it was returned for keyed in by staff, as its referrer gives them; a portal referral has them from the portal only', async () => {
    const [returned] = await list('channel=email-form');
    expect((await stack.get(`/cases/${returned}`, { token: DUTY })).body).toMatchObject({ status: 'AWAITING_RESUBMISSION', missing: ['Your telephone number'] });
    const someoneElse = await stack.post(`/cases/${returned}/resubmission`, { officerId: 'lado.9', details: { referrer: { phone: '01632 960 777' } } }, { token: DUTY });
    expect(someoneElse.status).toBe(403);
    const keyedIn = await stack.post(`/cases/${returned}/resubmission`, { officerId: 'duty.1', details: { referrer: { phone: '01632 960 777' } } }, { token: DUTY });
    expect(keyedIn.status, JSON.stringify(keyedIn.body)).toBe(202);
    await stack.clock.settle();
    expect((await stack.get(`/cases/${returned}`, { token: DUTY })).body).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', missing: [] });
    const trail = (await stack.get(`/cases/${returned}/history`, { token: DUTY })).body.events as Array<{ type: string; actor: string }>;
    expect(trail.find((event) => event.type === 'ResubmissionReceived')?.actor).toBe('duty.1');

    const portal = await stack.post(`/cases/${seeded.returned}/resubmission`, { officerId: 'duty.1', details: { subject: { dateOfBirth: '1984-03-17' } } }, { token: DUTY });
    expect(portal).toEqual({ status: 409, body: { message: 'This referral came through the portal: its referrer supplies the missing details there' } });
  });
});

describe("the duty LADO's, the manager's and operations' views", () => {
  it('lists the referrals awaiting a decision, immediate risk first', async () => {
    const duty = await stack.get('/duty/referrals', { token: DUTY });
    expect(duty.status).toBe(200);
    const ids = duty.body.items.map((item: { caseId: string }) => item.caseId);
    expect(ids[0]).toBe(seeded.urgent);
    // The emailed form, returned for its telephone number and keyed in since, is due its decision last.
    expect(ids).toEqual([seeded.urgent, seeded.awaiting, seeded.phone, ...(await list('channel=email-form'))]);
    expect((await stack.get('/duty/referrals', { token: OPERATIONS })).status).toBe(403);
  });

  it("gives the manager each officer's caseload and the overdue cases", async () => {
    const loads = await stack.get('/caseloads', { token: MANAGER });
    expect(loads.status).toBe(200);
    expect(loads.body.threshold).toBe(85);
    expect(loads.body.officers).toEqual([
      { officerId: 'lado.7', openCases: 1, overdue: 0, aboveThreshold: false },
      { officerId: 'lado.8', openCases: 1, overdue: 0, aboveThreshold: false },
    ]);
    expect((await stack.get('/caseloads', { token: DUTY })).status).toBe(403);
  });

  it('gives operations the executions by status, each with its case, and the latest findings', async () => {
    const running = await stack.get('/operations/executions?status=RUNNING&limit=100', { token: OPERATIONS });
    expect(running.status).toBe(200);
    const cases = running.body.items.map((item: { caseId: string }) => item.caseId);
    expect(cases).toContain(seeded.allegation);
    expect(running.body.items.every((item: { status: string }) => item.status === 'RUNNING')).toBe(true);
    const succeeded = await stack.get('/operations/executions?status=SUCCEEDED&limit=1', { token: OPERATIONS });
    expect(succeeded.body.nextCursor).toEqual(expect.any(String));
    expect((await stack.get('/operations/executions?status=BROKEN', { token: OPERATIONS })).status).toBe(400);
    expect((await stack.get('/operations/executions', { token: DUTY })).status).toBe(403);

    const before = await stack.get('/operations/findings', { token: OPERATIONS });
    expect(before.body.checkedAt === null || typeof before.body.checkedAt === 'string').toBe(true);
    await stack.post('/operations/reconciliation', { repair: false }, { token: OPERATIONS });
    const findings = await stack.get('/operations/findings', { token: OPERATIONS });
    expect(findings.body).toMatchObject({ checkedBy: 'ops.1', checkedAt: expect.any(String) });
    expect(findings.body.drift).toContainEqual(expect.objectContaining({ kind: 'needsAttention', caseId: seeded.consultation }));
  });

  it("draws the lifecycle from the deployed definition with the case's state", async () => {
    const workflow = await stack.get(`/cases/${seeded.allegation}/workflow`, { token: OPERATIONS });
    expect(workflow.status, JSON.stringify(workflow.body)).toBe(200);
    expect(workflow.body.mermaid).toMatch(/^flowchart TD/);
    expect(workflow.body.execution).toBe(`${seeded.allegation}-management-1`);
    expect(workflow.body.mermaid).toContain(workflow.body.currentState);
    expect((await stack.get('/cases/LADO-0000000000/workflow', { token: OPERATIONS })).status).toBe(404);
  });

  it('served every list and lookup by a key or an index: no Scan', () => {
    expect(commands).toContain('QueryCommand');
    expect(commands.filter((name) => /Scan/.test(name))).toEqual([]);
  });
});
