import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRecord, RecordedDecision } from '../../functions/domain/case';
import { receiveReferral } from '../../functions/domain/lifecycle-rules';
import { subjectMatchKeys } from '../../functions/domain/subject-match';
import { resolvePreviouslyKnown } from '../../functions/shared/previously-known';
import { clearedSubjectItems, subjectItems, SUBJECT_SLOTS } from '../../functions/shared/subject-items';
import { matchedAtIntake, withRematch } from '../../functions/shared/subject-matching';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import { restoreEnvironment, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

/**
 * "Previously known" (seeds/000, reason 1 of "Important information about
 * making a referral"), its store side: the index read at intake, the items of
 * a subject's keys, and the earlier cases resolved for the officer's view.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const AT = new Date('2027-03-01T10:00:00Z');

beforeEach(() => {
  dynamo.reset();
  useServiceEnvironment(AT);
});

afterEach(restoreEnvironment);

const decided = (decision: RecordedDecision['decision'], decidedAt = '2026-11-23T11:00:00.000Z'): RecordedDecision => ({ decision, decidedBy: decision.officerId, decidedAt });
const why = 'The reasons, at some length, for the record.';
const allocatedTo = { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' };

describe('resolvePreviouslyKnown', () => {
  it('reads nothing for a case that names no earlier case', async () => {
    expect(await resolvePreviouslyKnown([])).toEqual({ count: 0, cases: [] });
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('gives each earlier case its route and how it ended, newest first, and leaves out a case disposed of', async () => {
    const cases: Array<Partial<CaseRecord>> = [
      { caseId: 'LADO-0000000001', receivedAt: '2025-01-10T09:00:00.000Z', decisions: [decided({ kind: 'threshold', officerId: 'lado.7', rationale: why, outcome: 'allegation', harmCriteria: ['harmed-child'], allocatedTo })], outcome: { outcome: 'substantiated', conclusions: ['dismissed'], investigationCompleted: true, recordedAt: '2025-06-01T09:00:00.000Z', recordedBy: 'lado.7' } },
      {
        caseId: 'LADO-0000000002',
        receivedAt: '2026-02-10T09:00:00.000Z',
        decisions: [
          decided({ kind: 'threshold', officerId: 'lado.7', rationale: why, outcome: 'consultation', allocatedTo }),
          decided({ kind: 'escalate-to-allegation', officerId: 'lado.7', rationale: why, harmCriteria: ['risk-of-harm'] }, '2026-02-20T09:00:00.000Z'),
        ],
      },
      { caseId: 'LADO-0000000003', receivedAt: '2026-05-10T09:00:00.000Z', decisions: [decided({ kind: 'threshold', officerId: 'lado.7', rationale: why, outcome: 'consultation', allocatedTo })], consultationOutcome: 'advice or signposting' },
      { caseId: 'LADO-0000000004', receivedAt: '2026-08-10T09:00:00.000Z', decisions: [] },
      { caseId: 'LADO-0000000005', receivedAt: '2026-09-10T09:00:00.000Z', decisions: [], disposedAt: '2026-10-01T02:00:00.000Z' },
    ];
    const items = cases.map((overrides) => storedCaseItem(overrides));
    const keyOf = (item: Record<string, unknown>) => ({ pk: item['pk'], sk: item['sk'] });
    // The table answers some keys later: they are asked for again.
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [SERVICE_ENV.TABLE_NAME]: items.slice(0, 3) }, UnprocessedKeys: { [SERVICE_ENV.TABLE_NAME]: { Keys: items.slice(3).map(keyOf) } } })
      .resolves({ Responses: { [SERVICE_ENV.TABLE_NAME]: items.slice(3) } });

    const known = await resolvePreviouslyKnown(cases.map((c) => c.caseId!));

    expect(known).toEqual({
      count: 4,
      cases: [
        { caseId: 'LADO-0000000004', receivedAt: '2026-08-10T09:00:00.000Z', decision: null, outcome: null },
        { caseId: 'LADO-0000000003', receivedAt: '2026-05-10T09:00:00.000Z', decision: 'consultation', outcome: 'advice or signposting' },
        { caseId: 'LADO-0000000002', receivedAt: '2026-02-10T09:00:00.000Z', decision: 'allegation', outcome: null },
        { caseId: 'LADO-0000000001', receivedAt: '2025-01-10T09:00:00.000Z', decision: 'allegation', outcome: 'substantiated' },
      ],
    });
    const calls = dynamo.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input.RequestItems?.[SERVICE_ENV.TABLE_NAME]?.Keys).toHaveLength(5);
    expect(calls[1]!.args[0].input.RequestItems?.[SERVICE_ENV.TABLE_NAME]?.Keys).toEqual(items.slice(3).map(keyOf));
    // What the officer is shown holds no name, rationale or other referral content.
    for (const personal of [...PERSONAL_DATA, why]) expect(JSON.stringify(known)).not.toContain(personal);
  });
});

describe('matching at intake', () => {
  it("queries the index by each of the subject's keys, and keeps the earlier cases and the key items to create with the case", async () => {
    const referral = completeReferral({ subject: { ...completeReferral().subject, knownAs: ['Ellie Whitcombe'] } });
    const { next: received } = receiveReferral(referral, AT);
    dynamo.on(QueryCommand).resolves({ Items: [{ caseId: 'LADO-0000000001', receivedAt: '2026-01-01T09:00:00.000Z' }, { caseId: received.caseId, receivedAt: received.receivedAt }] });

    const { record, alsoWrite } = await matchedAtIntake(received, AT);

    const keys = subjectMatchKeys(referral.subject, SERVICE_ENV.SUBJECT_MATCH_KEY);
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual(
      keys.map((key) =>
        expect.objectContaining({ IndexName: 'SubjectMatch', KeyConditionExpression: '#key = :key AND receivedAt <= :receivedAt', ExpressionAttributeValues: { ':key': key, ':receivedAt': received.receivedAt } }),
      ),
    );
    expect(record.previouslyKnownCaseIds).toEqual(['LADO-0000000001']);
    expect(alsoWrite).toEqual(keys.map((key, slot) => ({ pk: `CASE#${received.caseId}`, sk: `SUBJECT#0${slot}`, subjectKey: key, caseId: received.caseId, receivedAt: received.receivedAt })));
  });

  it('reads nothing and writes nothing for a subject without a date of birth', async () => {
    const { dateOfBirth: _dateOfBirth, ...subject } = completeReferral().subject;
    const { next: received } = receiveReferral(completeReferral({ subject }), AT);

    const { record, alsoWrite } = await matchedAtIntake(received, AT);

    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
    expect(alsoWrite).toEqual([]);
    expect(record).not.toHaveProperty('previouslyKnownCaseIds');
  });
});

describe('the items of a subject\'s keys', () => {
  it('clear the slots a subject held that its new keys do not fill, leaving them to expire', () => {
    const items = subjectItems('LADO-0123456789', '2026-11-23T09:30:00.000Z', ['key-a'], AT, 3);
    expect(items).toEqual([
      { pk: 'CASE#LADO-0123456789', sk: 'SUBJECT#00', subjectKey: 'key-a', caseId: 'LADO-0123456789', receivedAt: '2026-11-23T09:30:00.000Z' },
      { pk: 'CASE#LADO-0123456789', sk: 'SUBJECT#01', expiresAt: AT.getTime() / 1000 },
      { pk: 'CASE#LADO-0123456789', sk: 'SUBJECT#02', expiresAt: AT.getTime() / 1000 },
    ]);
  });

  it('are all cleared when the personal data is disposed of', () => {
    const cleared = clearedSubjectItems('LADO-0123456789', AT);
    expect(cleared).toHaveLength(SUBJECT_SLOTS);
    for (const item of cleared) expect(Object.keys(item).sort()).toEqual(['expiresAt', 'pk', 'sk']);
  });

  it('refuse to save a resubmission with the match of another subject than the one saved', () => {
    const current = { ...receiveReferral(completeReferral(), AT).next };
    const next = { ...current, referral: { ...current.referral, subject: { ...current.referral.subject, dateOfBirth: '1990-01-01' } } };
    const rematch = { matchedOn: JSON.stringify([['eleanor whitcombe'], '1984-03-17']), keys: ['key-a'], caseIds: [] };
    expect(() => withRematch(rematch, current, { next, events: [], emails: [] }, AT)).toThrow(/changed while it was being matched/);
    const kept = withRematch(rematch, current, { next: current, events: [], emails: [] }, AT);
    expect(kept).toMatchObject({ next: { previouslyKnownCaseIds: [] }, alsoWrite: [expect.objectContaining({ sk: 'SUBJECT#00', subjectKey: 'key-a' })] });
  });
});
