import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/correction/handler';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import type { CaseEvent, CaseRecord } from '../../functions/domain/case';
import { fingerprint } from '../../functions/domain/case-id';
import { correctionSchema } from '../../functions/domain/corrections';
import { checkCompleteness, decideThreshold, handOver, isRefusal, receiveReferral, recordOfficerEvent, recordReceipt, type Refusal, type Transition } from '../../functions/domain/lifecycle-rules';
import { officerDecisionSchema, type OfficerEvent } from '../../functions/domain/officer-records';
import type { ThresholdDecision } from '../../functions/domain/threshold-decision';
import { completeReferral } from '../support/referrals';
import { apiEvent, lambdaContext, officerClaims, recordedRequestKey, responseBody, restoreEnvironment, savedRecord, SERVICE_ENV, useServiceEnvironment } from './support';

/**
 * POST /cases/{caseId}/corrections with the SDK mocked: who may correct, what
 * is saved in one transaction (the rebuilt case, the RecordCorrected event,
 * the request), what is refused, and a retry under the same key.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const stepFunctions = mockClient(SFNClient);
const calendar = createWorkingCalendar();
const NOW = new Date('2026-11-26T12:00:00Z');
const REQUEST_KEY = '4b1d2f0e-6a3c-4e9b-8f21-7c5d9e0a1b23';
const why = 'Recorded after discussion with the case manager.';
const LADO = { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' };

function applied(outcome: Transition | Refusal): Transition {
  if (isRefusal(outcome)) throw new Error(`Refused: ${outcome.message}`);
  return outcome;
}

/** An allegation under management with its tracks recorded, and its trail as the store keeps it. */
function managed(): { record: CaseRecord & { version: number }; trail: Array<Record<string, unknown>> } {
  const trail: Array<Record<string, unknown>> = [];
  let record = receiveReferral(completeReferral(), new Date('2026-11-23T09:30:00Z')).next;
  const keep = (events: CaseEvent[], next: CaseRecord) => {
    const version = trail.filter((event) => event['changes']).length + 1;
    events.forEach((event, place) =>
      trail.push({ pk: `CASE#${next.caseId}`, sk: `EVENT#${event.at}#${String(version).padStart(8, '0')}.0${place}ab12`, caseId: next.caseId, ...event, ...(place === 0 ? { changes: { ...next, version } } : {}) }),
    );
  };
  keep([{ type: 'ReferralReceived', actor: 'referrer', at: record.receivedAt }], record);
  const steps: Array<(c: CaseRecord) => Transition | Refusal> = [
    (c) => recordReceipt(c, new Date('2026-11-23T09:30:00Z')),
    (c) => checkCompleteness(c, new Date('2026-11-23T09:31:00Z'), calendar),
    (c) =>
      decideThreshold(
        c,
        officerDecisionSchema.parse({ kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'allegation', harmCriteria: ['harmed-child'], allocatedTo: LADO }) as ThresholdDecision,
        new Date('2026-11-23T15:00:00Z'),
        calendar,
      ),
    (c) => handOver(c, { target: { phase: 'management', sequence: 1 }, cause: { type: 'PhaseStarted', actor: 'system' } }, new Date('2026-11-23T15:00:01Z')),
    (c) => recordOfficerEvent(c, tracks('investigation'), new Date('2026-11-24T10:00:00Z'), calendar),
  ];
  for (const step of steps) {
    const next = applied(step(record));
    keep(next.events, next.next);
    record = next.next;
  }
  return { record: { ...record, version: trail.filter((event) => event['changes']).length }, trail };
}

const tracks = (employer: string) => officerDecisionSchema.parse({ kind: 'tracks', officerId: LADO.officerId, rationale: why, police: false, section47: false, employer }) as OfficerEvent;
const eventIdOf = (trail: Array<Record<string, unknown>>, type: string) => String(trail.find((event) => event['type'] === type)!['sk']).slice('EVENT#'.length);

let story: ReturnType<typeof managed>;
const body = (overrides: Record<string, unknown> = {}) => ({
  officerId: 'lado.9',
  rationale: 'The employer track was entered wrongly.',
  eventId: eventIdOf(story.trail, 'Officer:tracks'),
  record: tracks('action-without-disciplinary'),
  ...overrides,
});
const send = (sent: unknown, { caller = 'lado.9', group = 'lado-officer', key = REQUEST_KEY as string | null, claims = true } = {}) =>
  handler(
    apiEvent({ body: sent, pathParameters: { caseId: story.record.caseId }, ...(claims ? { claims: officerClaims(caller, group) } : {}), headers: key === null ? {} : { 'Idempotency-Key': key } }),
    lambdaContext,
  );

beforeEach(() => {
  dynamo.reset();
  stepFunctions.reset();
  useServiceEnvironment(NOW);
  story = managed();
  dynamo.on(GetCommand).resolves({ Item: { pk: `CASE#${story.record.caseId}`, sk: 'CASE', ...story.record } });
  dynamo.on(GetCommand, { Key: recordedRequestKey(story.record.caseId, REQUEST_KEY) }).resolves({});
  dynamo.on(GetCommand, { Key: { pk: `CASE#${story.record.caseId}`, sk: 'TOKEN' } }).resolves({});
  dynamo.on(QueryCommand).resolves({ Items: story.trail });
  dynamo.on(TransactWriteCommand).resolves({});
  stepFunctions.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
});

afterEach(restoreEnvironment);

describe('a correction', () => {
  it('is answered 202 with the status, and saves the rebuilt case, its RecordCorrected event and the request in one transaction', async () => {
    const response = await send(body());

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: story.record.caseId, status: 'ALLEGATION_MANAGEMENT' });
    const [casePut, eventPut, requestPut] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(casePut!.Put).toMatchObject({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': story.record.version } });
    const saved = savedRecord(casePut!.Put!.Item);
    expect(saved.tracks).toEqual({ police: false, section47: false, employer: 'action-without-disciplinary' });
    expect(saved.deadlines.some((d) => d.kind === 'employerAction' && d.state === 'pending')).toBe(true);
    expect(saved.decisions.at(-1)).toMatchObject({ decidedBy: LADO.officerId, corrected: { by: 'lado.9', at: NOW.toISOString() } });
    expect(eventPut!.Put).toMatchObject({ TableName: SERVICE_ENV.AUDIT_TABLE_NAME, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(eventPut!.Put!.Item).toMatchObject({
      type: 'RecordCorrected',
      actor: 'lado.9',
      at: NOW.toISOString(),
      rationale: 'The employer track was entered wrongly.',
      details: { eventId: eventIdOf(story.trail, 'Officer:tracks'), kind: 'tracks', recordedAt: '2026-11-24T10:00:00.000Z' },
    });
    expect(requestPut!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { key: REQUEST_KEY, status: 'ALLEGATION_MANAGEMENT', fingerprint: fingerprint(correctionSchema.parse(body())) } });
    // It reads the case's trail, consistently.
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ TableName: SERVICE_ENV.AUDIT_TABLE_NAME, ConsistentRead: true });
  });

  it('checks that the workflow runs, and starts none when it does', async () => {
    await send(body());
    expect(stepFunctions.commandCalls(DescribeExecutionCommand)).toHaveLength(1);
    expect(stepFunctions.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe('who may correct', () => {
  it('must be signed in (401) and a LADO officer or manager (403)', async () => {
    expect((await send(body(), { claims: false })).statusCode).toBe(401);
    const operations = await send(body(), { group: 'operations' });
    expect(operations.statusCode).toBe(403);
    expect(responseBody(operations).message).toMatch(/lado-officer, lado-manager/);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('must correct under their own id (403), and nothing is read or written', async () => {
    const response = await send(body(), { caller: 'lado.8' });
    expect(response.statusCode).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('what is refused', () => {
  it('a body without the event, or with an unknown record, with 400 naming the fields', async () => {
    const response = await send(body({ eventId: undefined, record: { kind: 'tracks' } }));
    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors.map((error: { path: string }) => error.path)).toEqual(expect.arrayContaining(['eventId', 'record.officerId']));
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('a request without its Idempotency-Key, with 400', async () => {
    const response = await send(body(), { key: null });
    expect(response.statusCode).toBe(400);
    expect(responseBody(response).errors[0].path).toBe('headers.Idempotency-Key');
  });

  it('a correction the rules refuse, with 409 saying why, and nothing written', async () => {
    const threshold = { kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'allegation', harmCriteria: ['harmed-child', 'risk-of-harm'], allocatedTo: LADO };
    const response = await send(body({ eventId: eventIdOf(story.trail, 'ThresholdDecisionRecorded'), record: threshold }));
    expect(response.statusCode).toBe(409);
    expect(responseBody(response).message).toMatch(/cannot be corrected once management has started/);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a case the table does not hold, with 404', async () => {
    dynamo.on(GetCommand, { Key: { pk: `CASE#${story.record.caseId}`, sk: 'CASE' } }).resolves({});
    expect((await send(body())).statusCode).toBe(404);
  });
});

describe('a retried correction', () => {
  it('is answered as the first was, and records nothing twice', async () => {
    // The first attempt was saved: the correction is now the record held, so it would be refused as a repeat.
    const first = correctionSchema.parse(body());
    const corrected = { ...story.record, decisions: story.record.decisions.map((d, i, all) => (i === all.length - 1 ? { ...d, decision: first.record } : d)) };
    dynamo.on(GetCommand, { Key: { pk: `CASE#${story.record.caseId}`, sk: 'CASE' } }).resolves({ Item: { pk: `CASE#${story.record.caseId}`, sk: 'CASE', ...corrected, version: story.record.version + 1 } });
    dynamo.on(GetCommand, { Key: recordedRequestKey(story.record.caseId, REQUEST_KEY) }).resolves({
      Item: { key: REQUEST_KEY, fingerprint: fingerprint(first), status: 'ALLEGATION_MANAGEMENT', caseVersion: story.record.version + 1, recordedAt: NOW.toISOString() },
    });

    const response = await send(body());

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ caseId: story.record.caseId, status: 'ALLEGATION_MANAGEMENT' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(stepFunctions.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });
});
