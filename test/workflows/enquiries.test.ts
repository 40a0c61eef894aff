import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/shared/clients/document-client';
import { listEnquiries } from '../../functions/shared/enquiry-store';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The enquiries register on the local stack: an officer records enquiries,
 * lists a period's, retries safely, links the referral one led to; what is
 * refused, and who may do what. No request reads the table with a Scan (the
 * DynamoDB client is spied on).
 */
const OFFICER_ID = 'lado.enquiries.1';
const OFFICER = officerToken(OFFICER_ID, 'lado-officer');
const MANAGER = officerToken('lado.manager.1', 'lado-manager');
const OPERATIONS = officerToken('ops.1', 'operations');

const enquiry = (fields: Record<string, unknown> = {}) => ({
  sector: 'education',
  subsector: 'primary school',
  askedBy: 'employer',
  topic: 'allegation advice',
  outcome: 'advised to refer',
  officerId: OFFICER_ID,
  ...fields,
});

let stack: TestStack;
const commands: string[] = [];

const record = (body: unknown, options: { token?: string | null; idempotencyKey?: string } = {}) => stack.post('/enquiries', body, { token: OFFICER, ...options });
const list = (query: string, token = OFFICER) => stack.get(`/enquiries?${query}`, { token });

/** Every enquiry of a period, page after page. */
async function listAll(query: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const response: { status: number; body: any } = await list(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  stack = await startTestStack('2026-11-24T10:00:00Z'); // Tuesday
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordEnquiryCommandNames' },
  );
});

afterAll(async () => {
  await stack?.stop();
});

describe('recording and listing enquiries', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Across three London months: the last of October, 00:30 on 1 November in London, and this morning.
    for (const [name, fields] of [
      ['october', { receivedAt: '2026-10-31T16:20:00Z', askedBy: 'Ofsted', topic: 'agency check', outcome: 'managed by the agency', sector: 'early years', subsector: 'childminder' }],
      ['firstOfNovember', { receivedAt: '2026-11-01T00:30:00Z', askedBy: 'parent or carer', topic: 'conduct concern', outcome: 'signposted', subsector: undefined, sector: 'unknown' }],
      ['september', { receivedAt: '2026-09-15T11:00:00+01:00', askedBy: 'police', topic: 'historical allegation', outcome: 'sent to the Front Door', sector: 'wider workforce', subsector: 'sports club' }],
    ] as const) {
      const response = await record(enquiry(fields));
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      ids[name] = response.body.enquiryId;
    }
    // Left without a receipt: the moment it is recorded.
    const now = await record(enquiry({ askedBy: 'fostering service', sector: 'fostering', subsector: 'in-house fostering' }), { token: MANAGER });
    expect(now.status).toBe(403); // the body names the officer, not the manager
    const recorded = await record(enquiry({ askedBy: 'fostering service', sector: 'fostering', subsector: 'in-house fostering', officerId: 'lado.manager.1' }), { token: MANAGER });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    ids.now = recorded.body.enquiryId;
  });

  it('answers 201 with an id that holds the receipt', () => {
    expect(ids.october).toMatch(/^ENQ-20261031T162000Z-[0-9A-Z]{10}$/);
    expect(ids.september).toMatch(/^ENQ-20260915T100000Z-/);
    expect(ids.now).toMatch(/^ENQ-20261124T100000Z-/);
  });

  it("lists a period's enquiries in order of receipt, as recorded, by London dates", async () => {
    const { status, body } = await list('from=2026-09-01&to=2026-11-30');
    expect(status).toBe(200);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((item: { enquiryId: string }) => item.enquiryId)).toEqual([ids.september, ids.october, ids.firstOfNovember, ids.now]);
    expect(body.items[1]).toEqual({
      enquiryId: ids.october,
      receivedAt: '2026-10-31T16:20:00.000Z',
      sector: 'early years',
      subsector: 'childminder',
      askedBy: 'Ofsted',
      topic: 'agency check',
      outcome: 'managed by the agency',
      officerId: OFFICER_ID,
    });
    expect(body.items[2]).toEqual(expect.not.objectContaining({ subsector: expect.anything() }));
    expect(body.items[3]).toMatchObject({ receivedAt: '2026-11-24T10:00:00.000Z', officerId: 'lado.manager.1' });
    // 00:30 on 1 November in London is November's; the day before is October's.
    expect((await list('from=2026-11-01&to=2026-11-01')).body.items.map((item: { enquiryId: string }) => item.enquiryId)).toEqual([ids.firstOfNovember]);
    expect((await list('from=2026-10-31&to=2026-10-31')).body.items.map((item: { enquiryId: string }) => item.enquiryId)).toEqual([ids.october]);
    expect((await list('from=2026-10-01&to=2026-10-30')).body.items).toEqual([]);
    // Managers read the register too.
    expect((await list('from=2026-09-01&to=2026-11-30', MANAGER)).body.items).toHaveLength(4);
  });

  it('pages through the months with the cursor, and refuses a cursor with another period', async () => {
    const paged = await listAll('from=2026-09-01&to=2026-11-30&limit=1');
    expect(paged.map((item) => item.enquiryId)).toEqual([ids.september, ids.october, ids.firstOfNovember, ids.now]);
    const first = await list('from=2026-09-01&to=2026-11-30&limit=2');
    const other = await list(`from=2026-09-01&to=2026-11-29&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([{ path: 'query.cursor', message: 'cursor is not one this list gave: send back nextCursor as it came, with the same period' }]);
    expect((await list('from=2026-09-01&to=2026-11-30&cursor=garbage')).status).toBe(400);
  });

  it('is read for the report as every enquiry of the period', async () => {
    expect((await listEnquiries('2026-10-31', '2026-11-30')).map((item) => item.enquiryId)).toEqual([ids.october, ids.firstOfNovember, ids.now]);
  });

  it('reads the table by key and Query only: never a Scan', () => {
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.filter((name) => /Scan/.test(name))).toEqual([]);
    expect(new Set(commands)).toEqual(new Set(['TransactWriteItemsCommand', 'QueryCommand']));
  });
});

describe('a retry', () => {
  it('under the same Idempotency-Key is answered with the same enquiry, recorded once', async () => {
    const idempotencyKey = randomUUID();
    const body = enquiry({ receivedAt: '2026-11-20T09:00:00Z', topic: 'safer recruitment' });
    const first = await record(body, { idempotencyKey });
    const again = await record(body, { idempotencyKey });
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    const listed = (await list('from=2026-11-20&to=2026-11-20')).body.items;
    expect(listed.map((item: { enquiryId: string }) => item.enquiryId)).toEqual([first.body.enquiryId]);
  });

  it('of an enquiry recorded at the moment of recording finds it, even in the next month', async () => {
    await stack.advanceTo('2026-11-30T23:59:30Z');
    const idempotencyKey = randomUUID();
    const body = enquiry({ topic: 'online safety', outcome: 'signposted' });
    const first = await record(body, { idempotencyKey });
    await stack.advanceTo('2026-12-01T00:10:00Z');
    const again = await record(body, { idempotencyKey });
    expect(again).toEqual(first);
    expect(first.body.enquiryId).toMatch(/^ENQ-20261130T235930Z-/);
    const december = (await list('from=2026-12-01&to=2026-12-31')).body.items;
    expect(december).toEqual([]);
  });

  it('with the same key for another enquiry is refused with 422', async () => {
    const idempotencyKey = randomUUID();
    expect((await record(enquiry({ receivedAt: '2026-11-21T09:00:00Z' }), { idempotencyKey })).status).toBe(201);
    const reused = await record(enquiry({ receivedAt: '2026-11-21T09:00:00Z', outcome: 'signposted' }), { idempotencyKey });
    expect(reused.status).toBe(422);
    expect(reused.body.message).toMatch(/already used for a different enquiry/);
  });

  it("under one officer's key is not another officer's", async () => {
    const idempotencyKey = randomUUID();
    const mine = await record(enquiry({ receivedAt: '2026-11-22T09:00:00Z' }), { idempotencyKey });
    const theirs = await record(enquiry({ receivedAt: '2026-11-22T09:00:00Z', officerId: 'lado.manager.1' }), { idempotencyKey, token: MANAGER });
    expect(theirs.status).toBe(201);
    expect(theirs.body.enquiryId).not.toBe(mine.body.enquiryId);
  });
});

describe('what is refused', () => {
  it('free text: a field the register does not have, or a topic outside its catalogue, naming the field', async () => {
    const notes = await record(enquiry({ notes: 'Mr J. Smith, Year 4 teacher, grabbed a pupil' }));
    expect(notes.status).toBe(400);
    // The refusal names the field, and quotes nothing of what it held.
    expect(notes.body.errors).toEqual([{ path: 'body', message: 'Unrecognized key: "notes"' }]);
    const topic = await record(enquiry({ topic: 'Mr Smith grabbed a pupil' }));
    expect(topic.status).toBe(400);
    expect(topic.body.errors.map((error: { path: string }) => error.path)).toEqual(['topic']);
    expect(JSON.stringify(topic.body)).not.toContain('Smith');
  });

  it('an unknown outcome, a subsector of another sector, a receipt in the future, each by its field', async () => {
    const outcome = await record(enquiry({ outcome: 'referred to the police' }));
    expect(outcome.status).toBe(400);
    expect(outcome.body.errors).toEqual([{ path: 'outcome', message: 'outcome must be one of: advised to refer, signposted, managed by the agency, sent to the Front Door' }]);
    const subsector = await record(enquiry({ sector: 'fostering', subsector: 'primary school' }));
    expect(subsector.body.errors.map((error: { path: string }) => error.path)).toEqual(['subsector']);
    const future = await record(enquiry({ receivedAt: '2027-01-01T09:00:00Z' }));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ path: 'receivedAt', message: expect.stringMatching(/^receivedAt must not be in the future/) }]);
  });

  it('a period over 13 months, or backwards, or not dates', async () => {
    const long = await list('from=2025-04-01&to=2026-05-01');
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([{ path: 'query.to', message: 'The period must span at most 13 calendar months: from 2025-04-01 to 2026-05-01 spans 14' }]);
    expect((await list('from=2025-04-01&to=2026-04-30')).status).toBe(200);
    expect((await list('from=2026-11-02&to=2026-11-01')).body.errors.map((error: { path: string }) => error.path)).toEqual(['query.to']);
    expect((await list('from=24/11/2026&to=2026-11-30')).body.errors.map((error: { path: string }) => error.path)).toEqual(['query.from']);
    expect((await list('')).status).toBe(400);
  });

  it('a request without its Idempotency-Key', async () => {
    const response = await stack.request('POST', '/enquiries', undefined, { token: OFFICER });
    expect(response.status).toBe(400);
    const unkeyed = await fetch(`${stack.apiUrl}/enquiries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OFFICER}`, 'content-type': 'application/json' },
      body: JSON.stringify(enquiry()),
    });
    expect(unkeyed.status).toBe(400);
    expect(((await unkeyed.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toEqual(['headers.Idempotency-Key']);
  });
});

describe('who may', () => {
  it('nobody signed out: 401', async () => {
    expect((await record(enquiry(), { token: null })).status).toBe(401);
    expect((await stack.get('/enquiries?from=2026-11-01&to=2026-11-30', { token: null })).status).toBe(401);
  });

  it('not operations: 403 on every route of the register', async () => {
    expect((await record(enquiry({ officerId: 'ops.1' }), { token: OPERATIONS })).status).toBe(403);
    expect((await list('from=2026-11-01&to=2026-11-30', OPERATIONS)).status).toBe(403);
    const recorded = await record(enquiry({ receivedAt: '2026-11-23T09:00:00Z' }));
    expect((await stack.post(`/enquiries/${recorded.body.enquiryId}/link`, { caseId: 'LADO-0000000000', officerId: 'ops.1' }, { token: OPERATIONS })).status).toBe(403);
  });

  it("not under another officer's name: 403", async () => {
    const response = await record(enquiry({ officerId: 'lado.someone.else' }));
    expect(response.status).toBe(403);
    expect(response.body.message).toMatch(/your own officer id/);
  });
});

describe('linking the referral an enquiry led to', () => {
  let caseId: string;
  let otherCaseId: string;
  let enquiryId: string;

  beforeAll(async () => {
    caseId = (await stack.post('/referrals', completeReferral())).body.caseId;
    otherCaseId = (await stack.post('/referrals', completeReferral())).body.caseId;
    await stack.clock.settle();
    enquiryId = (await record(enquiry({ receivedAt: '2026-11-25T09:30:00Z' }))).body.enquiryId;
  });

  it('links it by a keyed update, once, and lists it linked', async () => {
    const linked = await stack.post(`/enquiries/${enquiryId}/link`, { caseId, officerId: OFFICER_ID }, { token: OFFICER });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toEqual({ enquiryId, linkedCaseId: caseId });
    // Again, to the same case: the same answer, nothing changed.
    const again = await stack.post(`/enquiries/${enquiryId}/link`, { caseId, officerId: 'lado.manager.1' }, { token: MANAGER });
    expect(again).toEqual(linked);
    const listed = (await list('from=2026-11-25&to=2026-11-25')).body.items;
    expect(listed).toEqual([expect.objectContaining({ enquiryId, linkedCaseId: caseId, officerId: OFFICER_ID })]);
  });

  it('refuses another case (409), a case that does not exist (400), an enquiry that does not exist (404)', async () => {
    const other = await stack.post(`/enquiries/${enquiryId}/link`, { caseId: otherCaseId, officerId: OFFICER_ID }, { token: OFFICER });
    expect(other.status).toBe(409);
    expect(other.body.message).toContain(caseId);
    const fresh = (await record(enquiry({ receivedAt: '2026-11-25T10:30:00Z' }))).body.enquiryId;
    const unknown = caseId === 'LADO-0000000000' ? 'LADO-0000000001' : 'LADO-0000000000';
    const noCase = await stack.post(`/enquiries/${fresh}/link`, { caseId: unknown, officerId: OFFICER_ID }, { token: OFFICER });
    expect(noCase.status).toBe(400);
    expect(noCase.body.errors).toEqual([{ path: 'caseId', message: `No case has the id ${unknown}` }]);
    const noEnquiry = await stack.post(`/enquiries/ENQ-20261125T093000Z-0000000000/link`, { caseId, officerId: OFFICER_ID }, { token: OFFICER });
    expect(noEnquiry.status).toBe(404);
    const garbled = await stack.post('/enquiries/not-an-id/link', { caseId, officerId: OFFICER_ID }, { token: OFFICER });
    expect(garbled.status).toBe(400);
    expect(garbled.body.errors.map((error: { path: string }) => error.path)).toEqual(['pathParameters.enquiryId']);
  });

  it('takes the case at once when it is known, only a case that exists', async () => {
    const known = await record(enquiry({ receivedAt: '2026-11-25T11:00:00Z', linkedCaseId: otherCaseId }));
    expect(known.status).toBe(201);
    expect((await list('from=2026-11-25&to=2026-11-25')).body.items).toContainEqual(expect.objectContaining({ enquiryId: known.body.enquiryId, linkedCaseId: otherCaseId }));
    const unknown = await record(enquiry({ receivedAt: '2026-11-25T11:05:00Z', linkedCaseId: 'LADO-ZZZZZZZZZZ' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'linkedCaseId', message: 'No case has the id LADO-ZZZZZZZZZZ' }]);
  });
});
