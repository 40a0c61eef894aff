import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/email-events/handler';
import { lambdaContext, restoreEnvironment, savedRecord, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:lado-operations';
const REFERRER = 'dsl@larkspur.example.sch.uk';

const sesEvent = (eventType: string, tags: Record<string, string[]> = { caseId: ['LADO-0123456789'], kind: ['returnCutoff'] }) => ({
  'detail-type': 'Email Bounced',
  source: 'aws.ses',
  detail: { eventType, mail: { messageId: 'm-1', destination: [REFERRER], tags } },
});

beforeEach(() => {
  dynamo.reset();
  sns.reset();
  useServiceEnvironment(new Date('2026-11-26T17:00:05Z'));
  vi.stubEnv('OPERATIONS_TOPIC_ARN', TOPIC);
  dynamo.on(GetCommand).resolves({ Item: storedCaseItem({ status: 'REJECTED' }) });
  dynamo.on(TransactWriteCommand).resolves({});
  sns.on(PublishCommand).resolves({});
});

afterEach(restoreEnvironment);

describe('an SES delivery problem', () => {
  it.each(['Bounce', 'Complaint', 'Reject', 'DeliveryDelay'])('%s flags the address on the case, with an audit event, and alerts operations', async (eventType) => {
    expect(await handler(sesEvent(eventType), lambdaContext)).toEqual({ flagged: 1 });
    const [casePut, eventPut] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(savedRecord(casePut!.Put!.Item).deliveryProblems).toEqual([
      { address: REFERRER, problem: eventType, emailKind: 'returnCutoff', at: '2026-11-26T17:00:05.000Z' },
    ]);
    expect(eventPut!.Put!.Item).toMatchObject({ type: 'EmailDeliveryProblem', actor: 'system', details: { problem: eventType, emailKind: 'returnCutoff' } });

    const [alert] = sns.commandCalls(PublishCommand);
    expect(alert!.args[0].input).toMatchObject({ TopicArn: TOPIC, Subject: `LADO email delivery problem: ${eventType}` });
    expect(alert!.args[0].input.Message).toContain('LADO-0123456789');
    // The alert names the case, never the address or anything from the referral.
    expect(alert!.args[0].input.Message).not.toContain(REFERRER);
    expect(alert!.args[0].input.Message).not.toContain('Larkspur');
  });

  it('without the case tags fails loudly, so the event is kept in the dead-letter queue, and changes nothing', async () => {
    await expect(handler(sesEvent('Bounce', { kind: ['returnCutoff'] }), lambdaContext)).rejects.toThrow(/Invalid task input/);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("of the duty LADO's morning list, which names no case, alerts operations alone", async () => {
    expect(await handler(sesEvent('Bounce', { kind: ['morningList'] }), lambdaContext)).toEqual({ flagged: 1 });
    expect(dynamo.calls()).toHaveLength(0);
    const [alert] = sns.commandCalls(PublishCommand);
    expect(alert!.args[0].input.Message).toMatch(/^An email of kind "morningList" was not delivered \(Bounce\)/);
    expect(alert!.args[0].input.Message).not.toContain(REFERRER);
  });
});
