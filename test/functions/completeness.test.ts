import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStatus, Deadline } from '../../functions/domain/case';
import { handler } from '../../functions/completeness/handler';
import type { StoredCase } from '../../functions/shared/case-store';
import { useClock } from '../../functions/shared/clock';
import { referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { conditionFailedTransaction, lambdaContext, restoreEnvironment, savedRecord, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);

const CASE_ID = 'LADO-0123456789';
/** A Monday. */
const NOW = new Date('2026-11-23T09:31:00Z');
const RECEIPT = '2026-11-23T09:30:01.000Z';
const ACKNOWLEDGEMENT = { key: 'acknowledgement', kind: 'acknowledgement' as const, owedSince: RECEIPT };

const MISSING = [
  { field: 'subject.dateOfBirth', label: "The subject's date of birth" },
  { field: 'subject.address', label: "The subject's home address" },
];

function receivedCase(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  return storedCaseItem({
    caseId: CASE_ID,
    receiptRecordedAt: RECEIPT,
    phase: { name: 'first-days', sequence: 1, startedAt: RECEIPT, wakes: 0 },
    version: 2,
    ...overrides,
  });
}

const incomplete = (overrides: Partial<StoredCase> = {}) => receivedCase({ referral: referralMissingDateOfBirthAndAddress(), ...overrides });

const check = () => handler({ caseId: CASE_ID, step: 'CheckCompleteness' }, lambdaContext);

const savedItems = (call = 0) => dynamo.commandCalls(TransactWriteCommand)[call]?.args[0].input.TransactItems ?? [];
const saved = (call = 0) => savedRecord(savedItems(call)[0]?.Put?.Item);

beforeEach(() => {
  dynamo.reset();
  useServiceEnvironment(NOW);
  dynamo.on(GetCommand).resolves({ Item: receivedCase() });
  dynamo.on(TransactWriteCommand).resolves({});
});

afterEach(restoreEnvironment);

describe('a complete referral', () => {
  it('answers complete, and nothing else', async () => {
    expect(await check()).toEqual({ complete: true });
  });

  it('moves to initial consideration and waits for the threshold decision, due within a working day, conditioned on the version read', async () => {
    await check();

    expect(savedItems()[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 2 });
    const record = saved();
    expect(record.status).toBe('AWAITING_THRESHOLD_DECISION');
    expect(record.missing).toEqual([]);
    expect(record.completenessChecks).toBe(1);
    expect(record.awaiting).toEqual({ kind: 'thresholdDecision', since: NOW.toISOString() });
    expect(record.deadlines).toEqual([
      { kind: 'initialConsiderationChase', dueAt: '2026-11-24T17:00:00.000Z', state: 'pending' },
      { kind: 'initialConsiderationEscalation', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' },
    ]);
    expect(savedItems()[1]?.Put?.Item).toMatchObject({ type: 'ReferralComplete', actor: 'system', at: NOW.toISOString() });
  });

  it('owes no email, leaving the acknowledgement still owed as it was', async () => {
    dynamo.on(GetCommand).resolves({ Item: receivedCase({ owedEmails: [ACKNOWLEDGEMENT] }) });

    await check();

    expect(saved().owedEmails).toEqual([ACKNOWLEDGEMENT]);
  });

  it('once resubmitted complete, meets the return window still pending', async () => {
    const reminder: Deadline = { kind: 'returnReminder', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' };
    const cutoff: Deadline = { kind: 'returnCutoff', dueAt: '2026-11-26T17:00:00.000Z', state: 'pending' };
    dynamo.on(GetCommand).resolves({ Item: receivedCase({ returnedAt: '2026-11-20T09:31:00.000Z', completenessChecks: 1, deadlines: [reminder, cutoff] }) });

    expect(await check()).toEqual({ complete: true });

    expect(saved().completenessChecks).toBe(2);
    expect(saved().deadlines.slice(0, 2)).toEqual([
      { ...reminder, state: 'met', settledAt: NOW.toISOString() },
      { ...cutoff, state: 'met', settledAt: NOW.toISOString() },
    ]);
  });
});

describe('an incomplete referral', () => {
  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: incomplete() });
  });

  it('answers not complete, and nothing else', async () => {
    expect(await check()).toEqual({ complete: false });
  });

  it('is returned for what it lacks, with the three-working-day window opened, and waits for a resubmission', async () => {
    await check();

    const record = saved();
    expect(record.status).toBe('AWAITING_RESUBMISSION');
    expect(record.missing).toEqual(MISSING);
    expect(record.returnedAt).toBe(NOW.toISOString());
    expect(record.completenessChecks).toBe(1);
    expect(record.awaiting).toEqual({ kind: 'resubmission', since: NOW.toISOString() });
    expect(record.deadlines).toEqual([
      { kind: 'returnReminder', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' },
      { kind: 'returnCutoff', dueAt: '2026-11-26T17:00:00.000Z', state: 'pending' },
    ]);
  });

  it('owes the return email in the same write as the return, numbered by the check', async () => {
    dynamo.on(GetCommand).resolves({ Item: incomplete({ owedEmails: [ACKNOWLEDGEMENT] }) });

    await check();

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(saved().owedEmails).toEqual([ACKNOWLEDGEMENT, { key: 'returnRequest-1', kind: 'returnRequest', owedSince: NOW.toISOString() }]);
    expect(savedItems()[0]?.Put?.Item).toMatchObject({ oldestOwedAt: RECEIPT });
  });

  it('records the return in the audit trail, naming the missing fields only', async () => {
    await check();

    const event = savedItems()[1]?.Put?.Item;
    expect(event).toMatchObject({
      type: 'ReferralReturned',
      actor: 'system',
      at: NOW.toISOString(),
      details: { missing: ['subject.dateOfBirth', 'subject.address'], firstReturn: true },
    });
    expect(Object.keys(event?.['changes'] ?? {})).toContain('owedEmails');
  });

  it('resubmitted still incomplete, is returned again under the original cut-off, owing a second return email', async () => {
    const window: Deadline[] = [
      { kind: 'returnReminder', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' },
      { kind: 'returnCutoff', dueAt: '2026-11-26T17:00:00.000Z', state: 'pending' },
    ];
    const firstReturned = '2026-11-23T09:31:00.000Z';
    dynamo.on(GetCommand).resolves({ Item: incomplete({ returnedAt: firstReturned, completenessChecks: 1, deadlines: window, version: 5 }) });
    useClock(() => new Date('2026-11-24T11:00:00.000Z'));

    expect(await check()).toEqual({ complete: false });

    const record = saved();
    expect(record.returnedAt).toBe(firstReturned);
    expect(record.deadlines).toEqual(window);
    expect(record.completenessChecks).toBe(2);
    expect(record.owedEmails).toEqual([{ key: 'returnRequest-2', kind: 'returnRequest', owedSince: '2026-11-24T11:00:00.000Z' }]);
    expect(savedItems()[1]?.Put?.Item).toMatchObject({ details: { firstReturn: false } });
  });
});

describe('a retry after the check was saved', () => {
  it('of a return writes nothing more, owes no second return email, and answers not complete', async () => {
    dynamo.on(GetCommand).resolves({
      Item: incomplete({
        status: 'AWAITING_RESUBMISSION',
        missing: MISSING,
        completenessChecks: 1,
        returnedAt: NOW.toISOString(),
        awaiting: { kind: 'resubmission', since: NOW.toISOString() },
        owedEmails: [{ key: 'returnRequest-1', kind: 'returnRequest', owedSince: NOW.toISOString() }],
        version: 3,
      }),
    });

    expect(await check()).toEqual({ complete: false });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each(['AWAITING_THRESHOLD_DECISION', 'ALLEGATION_MANAGEMENT', 'CONSULTATION', 'CLOSED'] as const)(
    'of a complete referral, now at %s, writes nothing and answers complete',
    async (status: CaseStatus) => {
      dynamo.on(GetCommand).resolves({ Item: receivedCase({ status, completenessChecks: 1, version: 3 }) });

      expect(await check()).toEqual({ complete: true });

      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    },
  );

  it('answers from the stored status, not from the referral, which a resubmission may have completed since', async () => {
    // Returned, and the referral as stored is now complete: only a check of a RECEIVED case may look at it.
    dynamo.on(GetCommand).resolves({ Item: receivedCase({ status: 'AWAITING_RESUBMISSION', awaiting: { kind: 'resubmission', since: NOW.toISOString() }, version: 3 }) });

    expect(await check()).toEqual({ complete: false });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('that lost the race to its own first attempt takes the saved check, and writes once in all', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: incomplete() })
      .resolves({
        Item: incomplete({ status: 'AWAITING_RESUBMISSION', missing: MISSING, completenessChecks: 1, awaiting: { kind: 'resubmission', since: NOW.toISOString() }, version: 3 }),
      });
    dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction()).resolves({});

    expect(await check()).toEqual({ complete: false });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

it('fails the task for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  await expect(check()).rejects.toThrow(`Case ${CASE_ID} does not exist`);
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
});
