import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/morning-list/handler';
import { lambdaContext, restoreEnvironment, SERVICE_ENV, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

/** Tuesday 24 November 2026, 09:00 in London. */
const TUESDAY = new Date('2026-11-24T09:00:00Z');

const INDEX_ITEMS = [
  { caseId: 'LADO-BBBBBBBBBB', receivedAt: '2026-11-23T14:00:00.000Z', immediateRisk: true, decisionDueAt: '2026-11-23T17:00:00.000Z' },
  { caseId: 'LADO-AAAAAAAAAA', receivedAt: '2026-11-20T10:00:00.000Z', immediateRisk: false, decisionDueAt: '2026-11-23T17:00:00.000Z' },
  { caseId: 'LADO-CCCCCCCCCC', receivedAt: '2026-11-24T08:00:00.000Z', immediateRisk: false, decisionDueAt: '2026-11-25T17:00:00.000Z' },
];

const run = () => handler({}, lambdaContext);
const CLAIM_CONDITION = 'attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :stale)';
const puts = () => dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);

function claimStands(state: 'sending' | 'sent'): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 }, Item: { state: { S: state } } as never });
}

beforeEach(() => {
  dynamo.reset();
  ses.reset();
  useServiceEnvironment(TUESDAY);
  vi.stubEnv('SES_CONFIGURATION_SET', 'LadoReferrals-email');
  dynamo.on(PutCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
  dynamo.on(QueryCommand).resolvesOnce({ Items: INDEX_ITEMS.slice(0, 2), LastEvaluatedKey: { pk: 'x' } }).resolves({ Items: INDEX_ITEMS.slice(2) });
  ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
});

afterEach(restoreEnvironment);

describe('the morning list', () => {
  it('claims the day, reads the awaiting-decision index page by page, and emails the duty LADO the list, oldest first', async () => {
    expect(await run()).toEqual({ date: '2026-11-24', sent: true, referrals: 3 });

    expect(puts()[0]).toMatchObject({ Item: { pk: 'MORNING-LIST', sk: 'DATE#2026-11-24', state: 'sending' }, ConditionExpression: CLAIM_CONDITION });
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({ TableName: SERVICE_ENV.TABLE_NAME, IndexName: 'AwaitingDecision', ExpressionAttributeValues: { ':awaiting': 'AWAITING' } });
    expect(queries[1]?.ExclusiveStartKey).toEqual({ pk: 'x' });

    const [call] = ses.commandCalls(SendEmailCommand);
    const input = call!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: SERVICE_ENV.EMAIL_FROM,
      Destination: { ToAddresses: [SERVICE_ENV.DUTY_LADO_EMAIL] },
      ConfigurationSetName: 'LadoReferrals-email',
      EmailTags: [{ Name: 'kind', Value: 'morningList' }],
    });
    expect(input.Content?.Simple?.Headers).toEqual([{ Name: 'X-Lado-Email-Id', Value: 'morningList/2026-11-24' }]);
    expect(input.Content?.Simple?.Subject?.Data).toBe('Morning list for Tuesday, 24 November 2026: 3 referrals awaiting a threshold decision');
    const text = input.Content?.Simple?.Body?.Text?.Data ?? '';
    expect(text.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- LADO-AAAAAAAAAA, decision due Monday, 23 November 2026 at 5:00 pm (overdue): https://officers.council.example.gov.uk/cases/LADO-AAAAAAAAAA',
      '- IMMEDIATE RISK: LADO-BBBBBBBBBB, decision due Monday, 23 November 2026 at 5:00 pm (overdue): https://officers.council.example.gov.uk/cases/LADO-BBBBBBBBBB',
      '- LADO-CCCCCCCCCC, decision due Wednesday, 25 November 2026 at 5:00 pm: https://officers.council.example.gov.uk/cases/LADO-CCCCCCCCCC',
    ]);
    expect(text).toContain('1 flagged as a child at immediate risk');
    // Marked sent with the count, and nothing else about the cases.
    expect(puts()[1]?.Item).toEqual(expect.objectContaining({ pk: 'MORNING-LIST', sk: 'DATE#2026-11-24', state: 'sent', referrals: 3 }));
    expect(JSON.stringify(puts()[1]?.Item)).not.toContain('LADO-');
  });

  it('sends nothing on a weekend or a bank holiday, touching no table', async () => {
    for (const day of ['2026-11-28T09:00:00Z', '2026-12-28T09:00:00Z']) {
      useServiceEnvironment(new Date(day));
      expect(await run()).toMatchObject({ sent: false, reason: 'notAWorkingDay' });
    }
    expect(dynamo.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });

  it('sends the day’s list once: a second run finds the day claimed and reads nothing', async () => {
    dynamo.on(PutCommand, { ConditionExpression: CLAIM_CONDITION }).rejects(claimStands('sent'));
    expect(await run()).toEqual({ date: '2026-11-24', sent: false, reason: 'sent' });
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });

  it('gives the day back when SES fails, so that the scheduler’s retry sends it', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Throttled'), { name: 'TooManyRequestsException', $fault: 'client', $metadata: { httpStatusCode: 429 } }));
    await expect(run()).rejects.toThrow();
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([{ pk: 'MORNING-LIST', sk: 'DATE#2026-11-24' }]);
    expect(puts().filter((put) => put.Item?.['state'] === 'sent')).toEqual([]);
  });

  it('sends no email when nothing awaits a decision, recording the day with none', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect(await run()).toEqual({ date: '2026-11-24', sent: false, referrals: 0 });
    expect(ses.calls()).toHaveLength(0);
    expect(puts()[1]?.Item).toMatchObject({ state: 'sent', referrals: 0 });
  });
});
