import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/retention/handler';
import { DISPOSED_RATIONALE } from '../../functions/domain/retention';
import { lambdaContext, restoreEnvironment, savedRecord, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

/**
 * The retention job, with DynamoDB mocked: it finds due cases in the
 * RetentionDue index (never a Scan), rewrites only the personal data of each
 * event of their trails, and then saves each case anonymised with the
 * disposal recorded, in one transaction.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const NOW = new Date('2051-11-25T02:00:00Z');
const DUE = 'LADO-0123456789';
const OTHER = 'LADO-ABCDEFGHJK';
const why = 'The pupil described the teacher grabbing her arm.';

const closedItem = (caseId: string) =>
  storedCaseItem({
    caseId,
    status: 'CLOSED',
    closedAt: '2026-11-24T12:00:00.000Z',
    closure: { reason: 'Consultation closed: the harm threshold was not met', employerRecordsUntil: '2051-03-17', ladoRecordUntil: '2051-11-24' },
    version: 9,
  });

const eventItem = (caseId: string, sk: string, event: Record<string, unknown>) => ({ pk: `CASE#${caseId}`, sk, caseId, ...event });
const trail = (caseId: string) => [
  eventItem(caseId, 'EVENT#2026-11-23T09:30:00.000Z#00000001.00ab', {
    type: 'ReferralReceived',
    actor: 'referrer',
    at: '2026-11-23T09:30:00.000Z',
    changes: { ...savedRecord(closedItem(caseId)), status: 'RECEIVED', version: 1 },
  }),
  eventItem(caseId, 'EVENT#2026-11-24T12:00:00.000Z#00000009.00cd', {
    type: 'Officer:close-consultation',
    actor: 'lado.7',
    at: '2026-11-24T12:00:00.000Z',
    rationale: why,
    changes: { status: 'CLOSED', version: 9 },
  }),
  eventItem(caseId, 'EVENT#2026-11-24T12:00:05.000Z#00000010.00ef', { type: 'EmailSent', actor: 'system', at: '2026-11-24T12:00:05.000Z', details: { kind: 'acknowledgement' } }),
];

beforeEach(() => {
  dynamo.reset();
  useServiceEnvironment(NOW);
  dynamo.on(QueryCommand, { IndexName: 'RetentionDue' }).resolves({ Items: [] });
  dynamo.on(QueryCommand, { IndexName: 'RetentionDue', ExpressionAttributeValues: { ':shard': 'RETAIN#1', ':today': '2051-11-25' } }).resolves({ Items: [{ pk: `CASE#${DUE}`, sk: 'CASE' }] });
  dynamo.on(GetCommand, { Key: { pk: `CASE#${DUE}`, sk: 'CASE' } }).resolves({ Item: closedItem(DUE) });
  dynamo.on(QueryCommand, { TableName: SERVICE_ENV.AUDIT_TABLE_NAME }).resolves({ Items: trail(DUE) });
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
});

afterEach(restoreEnvironment);

const run = () => handler({}, lambdaContext) as Promise<Record<string, number>>;

describe('a run', () => {
  it("queries each of the index's four shards for the dates before today in London, never scanning", async () => {
    await run();
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input).filter((input) => input.IndexName === 'RetentionDue');
    expect(queries.map((input) => input.ExpressionAttributeValues)).toEqual(['RETAIN#0', 'RETAIN#1', 'RETAIN#2', 'RETAIN#3'].map((shard) => ({ ':shard': shard, ':today': '2051-11-25' })));
    for (const input of queries) expect(input).toMatchObject({ TableName: SERVICE_ENV.TABLE_NAME, KeyConditionExpression: 'retentionShard = :shard AND keptUntil < :today' });
  });

  it('rewrites only the changes and rationale of the events holding personal data, each an update of an existing event', async () => {
    await run();
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates.map((input) => input.Key)).toEqual([
      { pk: `CASE#${DUE}`, sk: 'EVENT#2026-11-23T09:30:00.000Z#00000001.00ab' },
      { pk: `CASE#${DUE}`, sk: 'EVENT#2026-11-24T12:00:00.000Z#00000009.00cd' },
    ]);
    for (const input of updates) {
      expect(input).toMatchObject({ TableName: SERVICE_ENV.AUDIT_TABLE_NAME, ConditionExpression: 'attribute_exists(pk)' });
      expect(Object.values(input.ExpressionAttributeNames ?? {}).every((name) => ['changes', 'rationale'].includes(name))).toBe(true);
      expect(input.ReturnValues).toBeUndefined();
    }
    expect(updates[0]!.ExpressionAttributeValues![':changes'].referral).toEqual({
      submissionId: expect.stringMatching(/^portal-/),
      subject: { employmentBasis: 'paid' },
      employer: { sector: 'education', subsector: 'primary' },
      children: { identified: true, children: [{ status: 'universal services' }] },
      allegation: expect.not.objectContaining({ description: expect.anything() }),
    });
    expect(updates[1]!.ExpressionAttributeValues).toEqual({ ':rationale': DISPOSED_RATIONALE });
  });

  it('then saves the case anonymised, out of the index, with the disposal recorded, conditioned on the version read', async () => {
    expect(await run()).toEqual({ due: 1, disposed: 1, alreadyDisposed: 0, kept: 0, failed: 0 });
    const [casePut, eventPut] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(casePut!.Put).toMatchObject({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 9 } });
    const saved = casePut!.Put!.Item!;
    expect(saved).toMatchObject({ status: 'CLOSED', disposedAt: NOW.toISOString(), version: 10 });
    expect(saved).not.toHaveProperty('retentionShard');
    expect(saved).not.toHaveProperty('keptUntil');
    expect(JSON.stringify(saved)).not.toMatch(/Eleanor|Whitcombe|Larkspur Lane|grabbed/);
    expect(eventPut!.Put!.Item).toMatchObject({ type: 'RecordsDisposed', actor: 'system:retention-job', at: NOW.toISOString(), rationale: 'The LADO retention date 2051-11-24 has passed' });
    // The trail is rewritten before the case leaves the index: a run cut short is finished by the next.
    const order = dynamo.calls().map((call) => call.args[0].constructor.name);
    expect(order.lastIndexOf('UpdateCommand')).toBeLessThan(order.indexOf('TransactWriteCommand'));
  });

  it('leaves a case that was reopened meanwhile, and fails the run after trying every case when one fails', async () => {
    dynamo.on(QueryCommand, { IndexName: 'RetentionDue', ExpressionAttributeValues: { ':shard': 'RETAIN#2', ':today': '2051-11-25' } }).resolves({ Items: [{ pk: `CASE#${OTHER}`, sk: 'CASE' }] });
    dynamo.on(GetCommand, { Key: { pk: `CASE#${DUE}`, sk: 'CASE' } }).resolves({ Item: { ...closedItem(DUE), status: 'ALLEGATION_MANAGEMENT' } });
    dynamo.on(GetCommand, { Key: { pk: `CASE#${OTHER}`, sk: 'CASE' } }).rejects(new Error('boom'));
    await expect(run()).rejects.toThrow('1 of 2 disposals failed');
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
