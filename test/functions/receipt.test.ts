import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../functions/domain/case';
import { handler } from '../../functions/receipt/handler';
import type { StoredCase } from '../../functions/shared/case-store';
import { completeReferral } from '../support/referrals';
import { conditionFailedTransaction, lambdaContext, restoreEnvironment, savedRecord, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);

const CASE_ID = 'LADO-0123456789';
const NOW = new Date('2026-11-23T09:30:02Z');
const RECEIVED_AT = '2026-11-23T09:30:00.000Z';

function newCase(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  return storedCaseItem({ caseId: CASE_ID, receivedAt: RECEIVED_AT, version: 1, ...overrides });
}

const atRisk = () => {
  const referral = completeReferral();
  return { ...referral, allegation: { ...referral.allegation, immediateRisk: true } };
};

const receive = () => handler({ caseId: CASE_ID, step: 'RecordReceipt' }, lambdaContext);

const savedItems = (call = 0) => dynamo.commandCalls(TransactWriteCommand)[call]?.args[0].input.TransactItems ?? [];

beforeEach(() => {
  dynamo.reset();
  useServiceEnvironment(NOW);
  dynamo.on(GetCommand).resolves({ Item: newCase() });
  dynamo.on(TransactWriteCommand).resolves({});
});

afterEach(restoreEnvironment);

describe('a new referral', () => {
  it('is taken up at the completeness check', async () => {
    expect(await receive()).toEqual({ next: 'checkCompleteness' });
  });

  it('records its receipt, its first-days phase and the acknowledgement it owes, in one write conditioned on the version read', async () => {
    await receive();

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const casePut = savedItems()[0]?.Put;
    expect(casePut).toMatchObject({ TableName: SERVICE_ENV.TABLE_NAME, ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 1 } });
    const saved = savedRecord(casePut?.Item);
    expect(saved.version).toBe(2);
    expect(saved.status).toBe('RECEIVED');
    expect(saved.receiptRecordedAt).toBe(NOW.toISOString());
    expect(saved.phase).toEqual({ name: 'first-days', sequence: 1, startedAt: NOW.toISOString(), wakes: 0 });
    // Owed, not sent: the notifier sends it next, and it stays owed until it has gone.
    expect(saved.owedEmails).toEqual([{ key: 'acknowledgement', kind: 'acknowledgement', owedSince: NOW.toISOString() }]);
  });

  it('owes the duty LADO an alert too, beside the acknowledgement, when a child is at immediate risk', async () => {
    dynamo.on(GetCommand).resolves({ Item: newCase({ referral: atRisk() }) });

    expect(await receive()).toEqual({ next: 'checkCompleteness' });

    expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([
      { key: 'acknowledgement', kind: 'acknowledgement', owedSince: NOW.toISOString() },
      { key: 'immediateRiskAlert', kind: 'immediateRiskAlert', owedSince: NOW.toISOString() },
    ]);
    expect(savedItems()[1]?.Put?.Item).toMatchObject({ type: 'ReceiptRecorded', details: { immediateRisk: true } });
  });

  it('records the receipt in the audit trail, with what changed and without referral content', async () => {
    await receive();

    const eventPut = savedItems()[1]?.Put;
    expect(eventPut).toMatchObject({ TableName: SERVICE_ENV.AUDIT_TABLE_NAME, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(eventPut?.Item).toMatchObject({ caseId: CASE_ID, type: 'ReceiptRecorded', actor: 'system', at: NOW.toISOString(), details: { immediateRisk: false } });
    expect(Object.keys(eventPut?.Item?.['changes'] ?? {}).sort()).toEqual(['owedEmails', 'phase', 'receiptRecordedAt', 'version']);
    expect(savedItems()).toHaveLength(2);
  });

  it('marks the case as owing an email since now, for the reconciler to find', async () => {
    await receive();

    expect(savedItems()[0]?.Put?.Item).toMatchObject({ oldestOwedAt: NOW.toISOString(), activeShard: expect.stringMatching(/^ACTIVE#\d+$/) });
  });

  it('keeps the phase of an execution restarted before the receipt was recorded', async () => {
    const restarted = { name: 'first-days' as const, sequence: 2, startedAt: '2026-11-23T09:45:00.000Z', wakes: 0 };
    dynamo.on(GetCommand).resolves({ Item: newCase({ phase: restarted }) });

    await receive();

    expect(savedRecord(savedItems()[0]?.Put?.Item).phase).toEqual(restarted);
  });

  it('whose case changed while the receipt was being recorded is read again, and recorded once', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: newCase() })
      .resolves({ Item: newCase({ version: 2 }) });
    dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction()).resolves({});

    expect(await receive()).toEqual({ next: 'checkCompleteness' });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(savedItems(1)[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 2 });
  });
});

describe('a referral whose receipt is already recorded', () => {
  const recorded = '2026-11-23T09:30:01.000Z';

  it('on a retry of the receipt writes nothing and owes no second acknowledgement', async () => {
    dynamo.on(GetCommand).resolves({
      Item: newCase({
        receiptRecordedAt: recorded,
        phase: { name: 'first-days', sequence: 1, startedAt: recorded, wakes: 0 },
        owedEmails: [{ key: 'acknowledgement', kind: 'acknowledgement', owedSince: recorded }],
        version: 2,
      }),
    });

    expect(await receive()).toEqual({ next: 'checkCompleteness' });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('once the first attempt lost the race to save, takes the stored receipt and writes nothing more', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: newCase() })
      .resolves({ Item: newCase({ receiptRecordedAt: recorded, version: 2 }) });
    dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction()).resolves({});

    expect(await receive()).toEqual({ next: 'checkCompleteness' });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it.each([
    ['RECEIVED', 'checkCompleteness'],
    ['AWAITING_RESUBMISSION', 'awaitResubmission'],
    ['AWAITING_THRESHOLD_DECISION', 'awaitThresholdDecision'],
    ['REJECTED', 'closed'],
    ['ALLEGATION_MANAGEMENT', 'afterThresholdDecision'],
    ['CONSULTATION', 'afterThresholdDecision'],
    ['CLOSED', 'afterThresholdDecision'],
  ] as const)('at %s, resumed by a later execution, is taken up at %s, and nothing is written', async (status: CaseStatus, next) => {
    dynamo.on(GetCommand).resolves({
      Item: newCase({ status, receiptRecordedAt: recorded, phase: { name: 'first-days', sequence: 2, startedAt: '2026-12-01T10:00:00.000Z', wakes: 0 }, version: 9 }),
    });

    expect(await receive()).toEqual({ next });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

it('reads the case consistently', async () => {
  await receive();

  expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
    { TableName: SERVICE_ENV.TABLE_NAME, Key: { pk: `CASE#${CASE_ID}`, sk: 'CASE' }, ConsistentRead: true },
  ]);
});

it('fails the task for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  await expect(receive()).rejects.toThrow(`Case ${CASE_ID} does not exist`);
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
});

it('fails the task, before reading anything, for input without a valid case id', async () => {
  await expect(handler({ caseId: 'LADO-123' }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
  expect(dynamo.calls()).toHaveLength(0);
});
