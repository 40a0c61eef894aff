import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { handler } from '../../functions/get-history/handler';
import { apiEvent, lambdaContext, officerClaims, responseBody, restoreEnvironment, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);

const CASE_ID = 'LADO-0123456789';

const eventItem = (sk: string, event: Record<string, unknown>) => ({ pk: `CASE#${CASE_ID}`, sk, caseId: CASE_ID, ...event });

const received = eventItem('EVENT#2026-11-23T09:30:00.000Z#000001abcd', {
  type: 'ReferralReceived',
  actor: 'referrer',
  at: '2026-11-23T09:30:00.000Z',
  details: { submissionId: 'portal-submission-0001' },
  changes: { caseId: CASE_ID, status: 'RECEIVED', referral: { subject: { firstName: 'Eleanor', lastName: 'Whitcombe' } }, version: 1 },
});
const decided = eventItem('EVENT#2026-11-24T14:15:00.000Z#000002efgh', {
  type: 'ThresholdDecisionRecorded',
  actor: 'duty.lado',
  at: '2026-11-24T14:15:00.000Z',
  rationale: 'The conduct may have harmed a child.',
  details: { outcome: 'allegation' },
  changes: { status: 'ALLEGATION_MANAGEMENT', version: 5 },
  removed: ['awaiting'],
});
const emailed = eventItem('EVENT#2026-11-24T14:15:06.000Z#000003ijkl', {
  type: 'EmailSent',
  actor: 'system',
  at: '2026-11-24T14:15:06.000Z',
  details: { kind: 'transferNotice', recipient: 'referrer' },
});

const history = (caseId = CASE_ID) => handler(apiEvent({ pathParameters: { caseId }, claims: officerClaims('lado.7') }), lambdaContext);

beforeEach(() => {
  dynamo.reset();
  useServiceEnvironment(new Date('2026-11-25T10:00:00Z'));
  dynamo.on(GetCommand).resolves({ Item: storedCaseItem({ caseId: CASE_ID }) });
  dynamo.on(QueryCommand).resolves({ Items: [received, decided, emailed] });
});

afterEach(restoreEnvironment);

it('answers 200 with every event, oldest first: its id, who, when and why', async () => {
  const response = await history();

  expect(response.statusCode).toBe(200);
  expect(responseBody(response)).toEqual({
    caseId: CASE_ID,
    events: [
      { eventId: '2026-11-23T09:30:00.000Z#000001abcd', type: 'ReferralReceived', actor: 'referrer', at: '2026-11-23T09:30:00.000Z', details: { submissionId: 'portal-submission-0001' } },
      {
        eventId: '2026-11-24T14:15:00.000Z#000002efgh',
        type: 'ThresholdDecisionRecorded',
        actor: 'duty.lado',
        at: '2026-11-24T14:15:00.000Z',
        rationale: 'The conduct may have harmed a child.',
        details: { outcome: 'allegation' },
      },
      { eventId: '2026-11-24T14:15:06.000Z#000003ijkl', type: 'EmailSent', actor: 'system', at: '2026-11-24T14:15:06.000Z', details: { kind: 'transferNotice', recipient: 'referrer' } },
    ],
  });
});

it('withholds what changed, which carries the referral itself', async () => {
  const response = await history();

  expect(response.body).not.toContain('changes');
  expect(response.body).not.toContain('removed');
  expect(response.body).not.toContain('Eleanor');
});

it('reads the events of that case only, consistently', async () => {
  await history();

  expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
    {
      TableName: SERVICE_ENV.AUDIT_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: { ':pk': `CASE#${CASE_ID}`, ':events': 'EVENT#' },
      ConsistentRead: true,
      ExclusiveStartKey: undefined,
    },
  ]);
});

it('joins a trail that spans several pages', async () => {
  const firstPageEnd = { pk: decided.pk, sk: decided.sk };
  dynamo
    .on(QueryCommand)
    .resolvesOnce({ Items: [received, decided], LastEvaluatedKey: firstPageEnd })
    .resolves({ Items: [emailed] });

  const response = await history();

  expect(responseBody(response).events.map((event: { type: string }) => event.type)).toEqual([
    'ReferralReceived',
    'ThresholdDecisionRecorded',
    'EmailSent',
  ]);
  expect(dynamo.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(firstPageEnd);
});

it('answers 404 for a case the table does not hold, without reading any trail', async () => {
  dynamo.on(GetCommand).resolves({});

  const response = await history('LADO-0000000000');

  expect(response.statusCode).toBe(404);
  expect(responseBody(response)).toEqual({ message: 'No case LADO-0000000000' });
  expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
});

it('answers 400 for a malformed case id, without reading the table', async () => {
  const response = await history('not-a-case');

  expect(response.statusCode).toBe(400);
  expect(responseBody(response).errors[0].path).toBe('pathParameters.caseId');
  expect(dynamo.calls()).toHaveLength(0);
});
