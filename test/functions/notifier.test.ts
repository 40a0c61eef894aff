import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OwedEmail } from '../../functions/domain/case';
import type { CaseNotificationKind } from '../../functions/domain/lifecycle-contract';
import { STALE_CLAIM_SECONDS, type StoredCase } from '../../functions/shared/case-store';
import { handler } from '../../functions/notifier/handler';
import { logger } from '../../functions/shared/observability';
import { completeReferral } from '../support/referrals';
import { conditionFailedTransaction, lambdaContext, restoreEnvironment, savedRecord, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);

const CASE_ID = 'LADO-0123456789';
const NOW = new Date('2026-11-25T17:00:05Z');
const OWED_SINCE = '2026-11-25T17:00:00.000Z';
const referral = completeReferral();

/** What no email may carry: the subject's and children's identities and the allegation itself. */
const NEVER_EMAILED = ['Eleanor', 'Whitcombe', 'Jonah', 'Bramley', '1984-03-17', '2016-06-05', referral.allegation.description];

/** An email the case owes, under the key `<kind>-1` unless told otherwise. */
function owed(kind: CaseNotificationKind, overrides: Partial<OwedEmail> = {}): OwedEmail {
  return { key: `${kind}-1`, kind, owedSince: OWED_SINCE, ...overrides };
}

function caseItem(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  return storedCaseItem({
    caseId: CASE_ID,
    referral,
    missing: [
      { field: 'subject.dateOfBirth', label: "The subject's date of birth" },
      { field: 'employer.address', label: "The employer's or setting's address" },
    ],
    deadlines: [
      { kind: 'returnCutoff', dueAt: '2026-11-26T17:00:00.000Z', state: 'pending' },
      { kind: 'initialConsiderationChase', dueAt: '2026-11-24T17:00:00.000Z', state: 'fired' },
    ],
    version: 4,
    ...overrides,
  });
}

const owing = (...emails: OwedEmail[]) => dynamo.on(GetCommand).resolves({ Item: caseItem({ owedEmails: emails }) });

/** The claim: created, or taken over from an attempt that died mid-send. */
const CLAIM = {
  TableName: SERVICE_ENV.TABLE_NAME,
  ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :stale)',
};

const notify = (step = 'SendAcknowledgement') => handler({ caseId: CASE_ID, step }, lambdaContext);

function sentEmails() {
  return ses.commandCalls(SendEmailCommand).map((call) => {
    const { FromEmailAddress, Destination, Content } = call.args[0].input;
    return {
      from: FromEmailAddress,
      to: Destination?.ToAddresses,
      subject: Content?.Simple?.Subject?.Data ?? '',
      text: Content?.Simple?.Body?.Text?.Data ?? '',
      html: Content?.Simple?.Body?.Html?.Data ?? '',
    };
  });
}

const transactions = () => dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);
const recordedEvents = (type: string) =>
  transactions()
    .flat()
    .map((item) => item.Put?.Item)
    .filter((item) => item?.['type'] === type);
const claims = () => dynamo.commandCalls(PutCommand, CLAIM).map((call) => call.args[0].input);
/** Claims put as sent, outside a transaction. */
const sentClaims = () =>
  dynamo
    .commandCalls(PutCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.Item?.['state'] === 'sent');
const released = () => dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key?.['sk']);

/** How DynamoDB refuses a claim, handing back (untranslated) the claim that stands. */
function claimStands(state: 'sending' | 'sent'): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
    Item: { pk: { S: `CASE#${CASE_ID}` }, sk: { S: 'EMAIL#x' }, state: { S: state }, claimedAt: { S: '2026-11-25T16:59:00.000Z' } },
  });
}

function sesError(name: string, message: string, fault: 'client' | 'server' = 'client', status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

beforeEach(() => {
  dynamo.reset();
  ses.reset();
  sns.reset();
  useServiceEnvironment(NOW);
  owing();
  dynamo.on(PutCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
  sns.on(PublishCommand).resolves({ MessageId: 'alert-1' });
});

afterEach(restoreEnvironment);

describe('each kind of email', () => {
  const recipients: Array<[CaseNotificationKind, string, string]> = [
    ['acknowledgement', referral.referrer.email, 'referrer'],
    ['immediateRiskAlert', SERVICE_ENV.DUTY_LADO_EMAIL, 'dutyLado'],
    ['returnRequest', referral.referrer.email, 'referrer'],
    ['returnReminder', referral.referrer.email, 'referrer'],
    ['returnCutoff', referral.referrer.email, 'referrer'],
    ['initialConsiderationChase', SERVICE_ENV.DUTY_LADO_EMAIL, 'dutyLado'],
    ['initialConsiderationEscalation', SERVICE_ENV.LADO_MANAGER_EMAIL, 'ladoManager'],
  ];

  it.each(recipients)('%s goes once, as text and HTML, to %s, quoting the case reference', async (kind, recipient) => {
    owing(owed(kind));

    const result = await notify();

    expect(result).toEqual({ sent: 1, owed: 0 });
    const emails = sentEmails();
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email?.from).toBe(SERVICE_ENV.EMAIL_FROM);
    expect(email?.to).toEqual([recipient]);
    expect(email?.subject).toContain(CASE_ID);
    expect(email?.text).toContain(CASE_ID);
    expect(email?.html).toMatch(/^<!doctype html>/);
    expect(email?.html).toContain(CASE_ID);
  });

  it.each(recipients)('%s never carries the subject, the children or the allegation', async (kind) => {
    owing(owed(kind));

    await notify();

    const [email] = sentEmails();
    expect(email).toBeDefined();
    const everything = `${email?.subject}\n${email?.text}\n${email?.html}`;
    for (const personal of NEVER_EMAILED) expect(everything).not.toContain(personal);
  });

  it.each(recipients)('%s is tagged with the case and its kind only, for delivery problems to come back by', async (kind) => {
    owing(owed(kind));

    await notify();

    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.EmailTags).toEqual([
      { Name: 'caseId', Value: CASE_ID },
      { Name: 'kind', Value: kind },
    ]);
    // The email's id rides in a header: the same owed email always carries the same id.
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Headers).toEqual([{ Name: 'X-Lado-Email-Id', Value: `${CASE_ID}/${kind}-1` }]);
  });

  it.each(recipients)('%s is recorded as sent, with its recipient role and without content, in the transaction that stops owing it', async (kind, _recipient, role) => {
    owing(owed(kind), owed('returnRequest', { key: 'returnRequest-7', owedSince: '2026-11-23T09:31:00.000Z' }));
    // Only the first is sent here: another attempt holds the second.
    dynamo.on(PutCommand, { ...CLAIM, Item: { sk: 'EMAIL#returnRequest-7' } }).rejects(claimStands('sending'));

    await notify();

    expect(transactions()).toHaveLength(1);
    const [casePut, eventPut, claimPut, ...more] = transactions()[0]!;
    expect(more).toEqual([]);
    // Conditioned on the version read, and still owing the email it did not send.
    expect(casePut?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 4 });
    expect(savedRecord(casePut?.Put?.Item).owedEmails).toEqual([owed('returnRequest', { key: 'returnRequest-7', owedSince: '2026-11-23T09:31:00.000Z' })]);
    // Appended to the audit trail, never over an event already there.
    expect(eventPut?.Put).toMatchObject({ TableName: SERVICE_ENV.AUDIT_TABLE_NAME, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(eventPut?.Put?.Item).toMatchObject({ caseId: CASE_ID, type: 'EmailSent', actor: 'system', at: NOW.toISOString(), details: { kind, recipient: role } });
    expect(JSON.stringify(eventPut?.Put?.Item)).not.toContain(referral.referrer.email);
    // The claim, marked sent in the same transaction.
    expect(claimPut?.Put).toMatchObject({ TableName: SERVICE_ENV.TABLE_NAME, Item: { pk: `CASE#${CASE_ID}`, sk: `EMAIL#${kind}-1`, state: 'sent', sentAt: NOW.toISOString() } });
  });
});

it('the return request lists each missing item by its label, and the cut-off', async () => {
  owing(owed('returnRequest'));

  await notify();

  const [email] = sentEmails();
  expect(email?.text).toContain("- The subject's date of birth\n- The employer's or setting's address");
  expect(email?.html).toContain("<ul><li>The subject&#39;s date of birth</li><li>The employer&#39;s or setting&#39;s address</li></ul>");
  expect(email?.text).toMatch(/Thursday,? 26 November 2026.*5:00\s?pm/);
});

it('the chase links the officer to the case', async () => {
  owing(owed('initialConsiderationChase'));

  await notify();

  const [email] = sentEmails();
  expect(email?.text).toContain(`Record it: https://officers.council.example.gov.uk/cases/${CASE_ID}`);
});

it('the acknowledgement of a referral at immediate risk opens with the emergency routes', async () => {
  const atRisk = { ...referral, allegation: { ...referral.allegation, immediateRisk: true } };
  dynamo.on(GetCommand).resolves({ Item: caseItem({ referral: atRisk, owedEmails: [owed('acknowledgement')] }) });

  await notify();

  const [email] = sentEmails();
  expect(email?.text).toMatch(/^A child is flagged at immediate risk\. If a child is in immediate danger, call 999 now\./);
  expect(email?.text).toContain(SERVICE_ENV.FRONT_DOOR_PHONE);
  expect(email?.text).toContain(SERVICE_ENV.OUT_OF_HOURS_PHONE);
});

it('the acknowledgement of a referral not at immediate risk has no emergency banner', async () => {
  owing(owed('acknowledgement'));

  await notify();

  const [email] = sentEmails();
  expect(email?.text).not.toContain('flagged at immediate risk');
});

describe('every email the case owes', () => {
  it('is sent, each once, in the order owed, and each recorded in a transaction of its own', async () => {
    owing(owed('acknowledgement', { key: 'acknowledgement' }), owed('immediateRiskAlert', { key: 'immediateRiskAlert' }));

    expect(await notify()).toEqual({ sent: 2, owed: 0 });

    expect(sentEmails().map((email) => email.to)).toEqual([[referral.referrer.email], [SERVICE_ENV.DUTY_LADO_EMAIL]]);
    expect(recordedEvents('EmailSent').map((event) => event?.['details'])).toEqual([
      { kind: 'acknowledgement', recipient: 'referrer', emailId: `${CASE_ID}/acknowledgement` },
      { kind: 'immediateRiskAlert', recipient: 'dutyLado', emailId: `${CASE_ID}/immediateRiskAlert` },
    ]);
  });

  it('none owed: nothing is claimed, sent or written', async () => {
    owing();

    expect(await notify()).toEqual({ sent: 0, owed: 0 });

    expect(ses.calls()).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('reads the case consistently, once: each record of a send is saved from the case as last read or saved', async () => {
    owing(owed('acknowledgement'), owed('returnRequest'));

    await notify();

    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: SERVICE_ENV.TABLE_NAME, Key: { pk: `CASE#${CASE_ID}`, sk: 'CASE' }, ConsistentRead: true },
    ]);
    const versions = transactions().map((items) => items[0]?.Put?.ExpressionAttributeValues?.[':expected']);
    const saved = transactions().map((items) => savedRecord(items[0]?.Put?.Item).version);
    expect(saved).toEqual([versions[0] + 1, versions[0] + 2]);
    expect(versions).toEqual([versions[0], versions[0] + 1]);
  });
});

describe('in a wait, after a firing that owed emails', () => {
  const waiting = { status: 'AWAITING_RESUBMISSION' as const, awaiting: { kind: 'resubmission' as const, since: '2026-11-24T10:00:00.000Z' } };
  const notifyInWait = () => handler({ caseId: CASE_ID, step: 'SendResubmissionDeadlineEmails', awaiting: 'resubmission' }, lambdaContext);

  it('plans the wait again from the case its sends left: to the next deadline, from the version it saved last', async () => {
    dynamo.on(GetCommand).resolves({ Item: caseItem({ ...waiting, owedEmails: [owed('returnReminder')] }) });

    // The firing planned within the hour, the email being owed; sent, the wait runs to the cut-off.
    expect(await notifyInWait()).toEqual({ sent: 1, owed: 0, next: 'wait', seconds: 24 * 60 * 60 - 5, planVersion: 5 });
  });

  it('with an email still owed (another attempt is sending it) plans to wake within the hour, from the case as read', async () => {
    dynamo.on(GetCommand).resolves({ Item: caseItem({ ...waiting, owedEmails: [owed('returnReminder')] }) });
    dynamo.on(PutCommand, CLAIM).rejects(Object.assign(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }), { Item: { state: { S: 'sending' } } }));

    expect(await notifyInWait()).toEqual({ sent: 0, owed: 1, next: 'wait', seconds: 60 * 60, planVersion: 4 });
  });
});

describe('the claim', () => {
  const KEY = 'returnCutoff-2026-11-26T17:00:00.000Z';

  beforeEach(() => {
    owing(owed('returnCutoff', { key: KEY }));
  });

  it('is put under the email key before sending, taking over only a claim left sending for fifteen minutes', async () => {
    let claimedBeforeSending = 0;
    ses.on(SendEmailCommand).callsFake(() => {
      claimedBeforeSending = claims().length;
      return { MessageId: 'message-1' };
    });

    await notify();

    expect(claimedBeforeSending).toBe(1);
    expect(STALE_CLAIM_SECONDS).toBe(15 * 60);
    expect(claims()).toEqual([
      {
        ...CLAIM,
        Item: {
          pk: `CASE#${CASE_ID}`,
          sk: `EMAIL#${KEY}`,
          state: 'sending',
          claimedAt: NOW.toISOString(),
          // The table's TTL removes an idempotency record once no retry can need it.
          expiresAt: Math.floor(NOW.getTime() / 1000) + 366 * 24 * 3600,
        },
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':stale': new Date(NOW.getTime() - 15 * 60 * 1000).toISOString() },
        // So that a refused claim says whether the email went or is still being sent.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ]);
  });

  it('is marked sent as soon as SES took the email, before the send is recorded', async () => {
    let markedBeforeRecording = 0;
    dynamo.on(TransactWriteCommand).callsFake(() => {
      markedBeforeRecording = sentClaims().length;
      return {};
    });

    await notify();

    expect(markedBeforeRecording).toBe(1);
    expect(sentClaims()).toEqual([
      {
        TableName: SERVICE_ENV.TABLE_NAME,
        Item: {
          pk: `CASE#${CASE_ID}`,
          sk: `EMAIL#${KEY}`,
          state: 'sent',
          claimedAt: NOW.toISOString(),
          sentAt: NOW.toISOString(),
          expiresAt: Math.floor(NOW.getTime() / 1000) + 366 * 24 * 3600,
        },
      },
    ]);
  });

  it('left unmarked (DynamoDB refused the mark) is still marked sent, by the transaction that records the send', async () => {
    dynamo.on(PutCommand, { Item: { state: 'sent' } }).rejects(Object.assign(new Error('Throttled'), { name: 'ThrottlingException' }));

    expect(await notify()).toEqual({ sent: 1, owed: 0 });

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const [, , claimPut] = transactions()[0]!;
    expect(claimPut?.Put?.Item).toMatchObject({ sk: `EMAIL#${KEY}`, state: 'sent' });
  });

  it('found sent already (a retry after SES took it) sends nothing again, and only records it sent', async () => {
    dynamo.on(PutCommand, CLAIM).rejects(claimStands('sent'));

    expect(await notify()).toEqual({ sent: 0, owed: 0 });

    expect(ses.calls()).toHaveLength(0);
    expect(released()).toEqual([]);
    expect(recordedEvents('EmailSent')).toEqual([expect.objectContaining({ details: { kind: 'returnCutoff', recipient: 'referrer', emailId: `${CASE_ID}/returnCutoff-2026-11-26T17:00:00.000Z` } })]);
    expect(savedRecord(transactions()[0]?.[0]?.Put?.Item)).not.toHaveProperty('owedEmails');
  });

  it('found sending by another attempt leaves the email to it: not sent, not recorded, still owed', async () => {
    dynamo.on(PutCommand, CLAIM).rejects(claimStands('sending'));

    expect(await notify()).toEqual({ sent: 0, owed: 1 });

    expect(ses.calls()).toHaveLength(0);
    expect(released()).toEqual([]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('read back as a plain value is understood too', async () => {
    dynamo.on(PutCommand, CLAIM).rejects(Object.assign(claimStands('sending'), { Item: { state: 'sending' } }));

    expect(await notify()).toEqual({ sent: 0, owed: 1 });
    expect(ses.calls()).toHaveLength(0);
  });

  it('that DynamoDB cannot take now fails the task as transient, before anything is sent', async () => {
    dynamo.on(PutCommand, CLAIM).rejects(new ProvisionedThroughputExceededException({ message: 'Throughput exceeded', $metadata: { httpStatusCode: 400 } }));

    await expect(notify()).rejects.toMatchObject({ name: 'TransientError', originalClass: 'ProvisionedThroughputExceededException' });
    expect(ses.calls()).toHaveLength(0);
  });
});

describe('a retry', () => {
  it('after the send was recorded by another attempt records nothing twice', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: caseItem({ owedEmails: [owed('acknowledgement')] }) })
      .resolves({ Item: caseItem({ version: 5 }) });
    // The record made from the case as first read finds it changed, and reads it again.
    dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction());

    expect(await notify()).toEqual({ sent: 1, owed: 0 });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('is what a failure to record the send calls for: the claim is already marked sent, so the email does not go twice', async () => {
    owing(owed('acknowledgement'));
    dynamo.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Throughput exceeded', $metadata: { httpStatusCode: 400 } }));

    await expect(notify()).rejects.toMatchObject({ name: 'TransientError' });

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(sentClaims()).toHaveLength(1);
    expect(released()).toEqual([]);
  });
});

describe('SES failing', () => {
  it('briefly (throttled or unavailable) gives the claim back, keeps the email owed, and fails the task as transient', async () => {
    owing(owed('returnRequest'));
    ses.on(SendEmailCommand).rejects(sesError('TooManyRequestsException', 'Maximum sending rate exceeded.', 'client', 429));

    await expect(notify()).rejects.toMatchObject({ name: 'TransientError', originalClass: 'TooManyRequestsException' });

    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: SERVICE_ENV.TABLE_NAME, Key: { pk: `CASE#${CASE_ID}`, sk: 'EMAIL#returnRequest-1' } },
    ]);
    expect(sentClaims()).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('for one email still sends the others, then fails the task so that the one left is tried again', async () => {
    owing(owed('acknowledgement'), owed('immediateRiskAlert'));
    ses.on(SendEmailCommand).rejectsOnce(sesError('ServiceUnavailable', 'Service unavailable', 'server', 503)).resolves({ MessageId: 'message-2' });

    await expect(notify()).rejects.toMatchObject({ name: 'TransientError', originalClass: 'ServiceUnavailable' });

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect(released()).toEqual(['EMAIL#acknowledgement-1']);
    expect(recordedEvents('EmailSent').map((event) => event?.['details'])).toEqual([{ kind: 'immediateRiskAlert', recipient: 'dutyLado', emailId: `${CASE_ID}/immediateRiskAlert-1` }]);
    expect(savedRecord(transactions()[0]?.[0]?.Put?.Item).owedEmails).toEqual([owed('acknowledgement')]);
  });

  it('with a fault a retry cannot mend gives the claim back, keeps the email owed, and fails the task with that fault', async () => {
    owing(owed('returnRequest'));
    ses.on(SendEmailCommand).rejects(sesError('SendingPausedException', 'Sending paused for this account'));

    await expect(notify()).rejects.toMatchObject({ name: 'SendingPausedException' });

    expect(released()).toEqual(['EMAIL#returnRequest-1']);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  describe.each(['MessageRejected', 'BadRequestException'])('refusing the email outright (%s)', (problem) => {
    let loggedErrors: ReturnType<typeof vi.spyOn>;

    beforeEach(() => {
      loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
      owing(owed('returnCutoff'), owed('acknowledgement', { key: 'acknowledgement', owedSince: '2026-11-23T09:30:01.000Z' }));
      ses.on(SendEmailCommand, { EmailTags: [{ Name: 'caseId', Value: CASE_ID }, { Name: 'kind', Value: 'returnCutoff' }] }).rejects(sesError(problem, 'Email address is not verified: dsl@larkspur'));
    });

    it('stops owing it, flags it on the case for operations, and does not fail the task', async () => {
      expect(await notify()).toEqual({ sent: 1, owed: 0 });

      const [undeliverable] = transactions();
      const saved = savedRecord(undeliverable?.[0]?.Put?.Item);
      expect(saved.owedEmails).toEqual([owed('acknowledgement', { key: 'acknowledgement', owedSince: '2026-11-23T09:30:01.000Z' })]);
      expect(saved.deliveryProblems).toEqual([{ address: 'referrer', problem, emailKind: 'returnCutoff', at: NOW.toISOString() }]);
      expect(undeliverable?.[1]?.Put?.Item).toMatchObject({ type: 'EmailDeliveryProblem', actor: 'system', at: NOW.toISOString(), details: { problem, emailKind: 'returnCutoff' } });
      // Nothing marks it sent; the claim is given back.
      expect(undeliverable).toHaveLength(2);
      expect(released()).toEqual(['EMAIL#returnCutoff-1']);
      expect(recordedEvents('EmailSent').map((event) => event?.['details'])).toEqual([{ kind: 'acknowledgement', recipient: 'referrer', emailId: `${CASE_ID}/acknowledgement` }]);
    });

    it('alerts operations with identifiers only', async () => {
      await notify();

      expect(loggedErrors).toHaveBeenCalledWith('LADO email undeliverable', { alert: true, caseId: CASE_ID, emailKind: 'returnCutoff', problem });
      // No topic is configured here: the ERROR line is the alert.
      expect(sns.calls()).toHaveLength(0);
      expect(JSON.stringify(loggedErrors.mock.calls)).not.toContain('larkspur');
    });

    it('alerts on the operations topic where one is configured', async () => {
      vi.stubEnv('OPERATIONS_TOPIC_ARN', 'arn:aws:sns:eu-west-2:123456789012:lado-operations');

      await notify();

      const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
      expect(published).toEqual([
        { TopicArn: 'arn:aws:sns:eu-west-2:123456789012:lado-operations', Subject: 'LADO email undeliverable', Message: expect.stringContaining(CASE_ID) },
      ]);
      expect(published[0]?.Message).toContain('returnCutoff');
      expect(published[0]?.Message).not.toContain('larkspur');
    });
  });

  it('flags an undeliverable email once: another attempt that settled it first leaves the case as it is', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: caseItem({ owedEmails: [owed('returnCutoff')] }) })
      .resolves({ Item: caseItem({ deliveryProblems: [{ address: 'referrer', problem: 'MessageRejected', emailKind: 'returnCutoff', at: NOW.toISOString() }], version: 5 }) });
    ses.on(SendEmailCommand).rejects(sesError('MessageRejected', 'Email address is not verified'));
    // The flag made from the case as first read finds it changed, and reads it again.
    dynamo.on(TransactWriteCommand).rejectsOnce(conditionFailedTransaction());

    expect(await notify()).toEqual({ sent: 0, owed: 0 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
  });
});

it('fails the task for input without the step it runs as', async () => {
  await expect(handler({ caseId: CASE_ID }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidTaskInput', message: expect.stringMatching(/step/) });
  expect(dynamo.calls()).toHaveLength(0);
});

it('fails the task for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  await expect(notify()).rejects.toThrow(`Case ${CASE_ID} does not exist`);
  expect(ses.calls()).toHaveLength(0);
});

describe('emails of a case under management', () => {
  const LADO = { officerId: 'lado.7', email: 'lado7@council.example.gov.uk' };
  const REVIEW_DUE = '2026-12-21T17:00:00.000Z';
  const ONE_MONTH_DUE = '2026-12-23T17:00:00.000Z';

  function managedCase(owedEmails: OwedEmail[], overrides: Partial<StoredCase> = {}): Record<string, unknown> {
    return caseItem({
      status: 'ALLEGATION_MANAGEMENT',
      missing: [],
      allocation: LADO,
      deadlines: [
        { kind: 'ladoReview', dueAt: REVIEW_DUE, state: 'pending' },
        { kind: 'resolutionOneMonth', dueAt: ONE_MONTH_DUE, state: 'fired', settledAt: ONE_MONTH_DUE },
      ],
      owedEmails,
      ...overrides,
    });
  }

  const MEDWAY = { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' };
  const closedOnTransfer = (receivingAuthority: typeof MEDWAY | null = MEDWAY) =>
    caseItem({
      status: 'CLOSED',
      missing: [],
      closedAt: '2026-11-24T14:15:00.000Z',
      closure: {
        reason: "Another authority leads, where the person works: the referral is to pass to its designated officer by the authorities' secure route",
        ...(receivingAuthority ? { receivingAuthority } : {}),
        employerRecordsUntil: '2051-03-17',
        ladoRecordUntil: '2036-11-24',
      },
      deadlines: [],
      owedEmails: [owed('receivingAuthorityNotice', { key: 'receivingAuthorityNotice' }), owed('transferNotice', { key: 'transferNotice' })],
    });

  const closedWithNoFurtherAction = () =>
    caseItem({
      status: 'CLOSED',
      missing: [],
      closedAt: '2026-11-24T14:15:00.000Z',
      closure: { reason: 'No further LADO action', noFurtherAction: 'employer-procedures', employerRecordsUntil: '2051-03-17', ladoRecordUntil: '2036-11-24' },
      deadlines: [],
      owedEmails: [owed('noFurtherActionNotice', { key: 'noFurtherActionNotice' })],
    });

  const dueSoon = (deadline: string, dueAt?: string) =>
    owed('deadlineDueSoon', { key: `${deadline}-${dueAt}-due-soon`, deadline: deadline as OwedEmail['deadline'], ...(dueAt ? { dueAt } : {}) });
  const dueToday = (deadline: string, dueAt?: string) =>
    owed('deadlineDueToday', { key: `${deadline}-${dueAt}-due-today`, deadline: deadline as OwedEmail['deadline'], ...(dueAt ? { dueAt } : {}) });
  const overdue = (deadline: string, dueAt?: string) =>
    owed('deadlineOverdue', { key: `${deadline}-${dueAt}`, deadline: deadline as OwedEmail['deadline'], ...(dueAt ? { dueAt } : {}) });

  // Separators vary between ICU versions ("Monday 21" or "Monday, 21"; a narrow space before "pm").
  const spoken = (text: string | undefined) => (text ?? '').replace(/,/g, '').replace(/\s+/g, ' ');

  it("a transfer tells the receiving authority's designated officer that the referral is coming, and the referrer which authority leads, each recorded with its recipient", async () => {
    dynamo.on(GetCommand).resolves({ Item: closedOnTransfer() });

    expect(await notify('SendFinalEmails')).toEqual({ sent: 2, owed: 0 });

    const [toReceiving, toReferrer] = sentEmails();
    expect(toReceiving?.to).toEqual([MEDWAY.designatedOfficerEmail]);
    expect(toReceiving?.text).toContain(CASE_ID);
    expect(toReceiving?.text).toContain('no details of the allegation');
    expect(toReferrer?.to).toEqual([referral.referrer.email]);
    expect(toReferrer?.subject).toContain(CASE_ID);
    expect(toReferrer?.text).toContain("that authority's designated officer leads on it: Medway Council.");
    expect(recordedEvents('EmailSent')).toEqual([
      expect.objectContaining({ details: { kind: 'receivingAuthorityNotice', recipient: 'receivingLado', emailId: `${CASE_ID}/receivingAuthorityNotice` } }),
      expect.objectContaining({ details: { kind: 'transferNotice', recipient: 'referrer', emailId: `${CASE_ID}/transferNotice` } }),
    ]);
  });

  it('the transfer emails of a case that names no receiving authority are not sent: their claims are given back and they stay owed', async () => {
    dynamo.on(GetCommand).resolves({ Item: closedOnTransfer(null) });

    await expect(notify('SendFinalEmails')).rejects.toThrow('The receiving authority is needed for this email');
    expect(ses.calls()).toHaveLength(0);
    expect(released()).toEqual(['EMAIL#receivingAuthorityNotice', 'EMAIL#transferNotice']);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('no further LADO action tells the referrer its reason, and is recorded as sent to the referrer', async () => {
    dynamo.on(GetCommand).resolves({ Item: closedWithNoFurtherAction() });

    expect(await notify('SendFinalEmails')).toEqual({ sent: 1, owed: 0 });

    const [email] = sentEmails();
    expect(email?.to).toEqual([referral.referrer.email]);
    expect(email?.text).toContain('will take no further action on it: the matter is for the employer to manage under its own concerns or complaints procedures.');
    expect(recordedEvents('EmailSent')).toEqual([expect.objectContaining({ details: { kind: 'noFurtherActionNotice', recipient: 'referrer', emailId: `${CASE_ID}/noFurtherActionNotice` } })]);
  });

  it('the due-soon email goes to the allocated LADO alone, naming the deadline and when it falls due', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase([dueSoon('ladoReview', REVIEW_DUE)]) });

    await notify();

    const [email] = sentEmails();
    expect(email?.to).toEqual([LADO.email]);
    expect(email?.subject).toBe(`Due soon: review the open allegation (${CASE_ID})`);
    expect(spoken(email?.text)).toMatch(/"Review the open allegation" falls due at Monday 21 December 2026 (at )?5:00 pm\./);
    expect(recordedEvents('EmailSent')).toEqual([
      expect.objectContaining({ details: { kind: 'deadlineDueSoon', recipient: 'allocatedLado', deadline: 'ladoReview', emailId: `${CASE_ID}/ladoReview-2026-12-21T17:00:00.000Z-due-soon` } }),
    ]);
  });

  it('the due-today email goes to the allocated LADO alone, naming the deadline and when it falls due', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase([dueToday('ladoReview', REVIEW_DUE)]) });

    await notify();

    const [email] = sentEmails();
    expect(email?.to).toEqual([LADO.email]);
    expect(email?.subject).toBe(`Due today: review the open allegation (${CASE_ID})`);
    expect(spoken(email?.text)).toMatch(/"Review the open allegation" falls due at Monday 21 December 2026 (at )?5:00 pm\./);
    expect(email?.text).toContain(`Record it when done: https://officers.council.example.gov.uk/cases/${CASE_ID}`);
    expect(recordedEvents('EmailSent')).toEqual([
      expect.objectContaining({ details: { kind: 'deadlineDueToday', recipient: 'allocatedLado', deadline: 'ladoReview', emailId: `${CASE_ID}/ladoReview-2026-12-21T17:00:00.000Z-due-today` } }),
    ]);
  });

  it('the due-today email names the occurrence it is about, not an earlier one of its kind', async () => {
    const deadlines = [
      { kind: 'ladoReview' as const, dueAt: '2026-11-20T17:00:00.000Z', state: 'met' as const, settledAt: '2026-11-20T10:00:00.000Z' },
      { kind: 'ladoReview' as const, dueAt: REVIEW_DUE, state: 'pending' as const },
    ];
    dynamo.on(GetCommand).resolves({ Item: managedCase([dueToday('ladoReview', REVIEW_DUE)], { deadlines }) });

    await notify();

    expect(spoken(sentEmails()[0]?.text)).toMatch(/falls due at Monday 21 December 2026/);
  });

  it('an email that names no occurrence is about the latest deadline of its kind: a review rescheduled since', async () => {
    const deadlines = [
      { kind: 'ladoReview' as const, dueAt: '2026-11-20T17:00:00.000Z', state: 'met' as const, settledAt: '2026-11-20T10:00:00.000Z' },
      { kind: 'ladoReview' as const, dueAt: REVIEW_DUE, state: 'pending' as const },
    ];
    dynamo.on(GetCommand).resolves({ Item: managedCase([dueToday('ladoReview')], { deadlines }) });

    await notify();

    expect(spoken(sentEmails()[0]?.text)).toMatch(/falls due at Monday 21 December 2026/);
  });

  it("the overdue email of a deadline that is the LADO's own goes to the allocated LADO alone", async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase([overdue('ladoReview', REVIEW_DUE)]) });

    await notify();

    const [email] = sentEmails();
    expect(email?.to).toEqual([LADO.email]);
    expect(email?.subject).toBe(`Overdue: review the open allegation (${CASE_ID})`);
    expect(spoken(email?.text)).toMatch(/"Review the open allegation" fell due at Monday 21 December 2026 (at )?5:00 pm and has not been recorded as done\./);
    expect(email?.text).not.toContain('manager');
  });

  it('the overdue email of a resolution target also goes to the LADO manager, and says so', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase([overdue('resolutionOneMonth', ONE_MONTH_DUE)]) });

    await notify();

    const [email] = sentEmails();
    expect(email?.to).toEqual([LADO.email, SERVICE_ENV.LADO_MANAGER_EMAIL]);
    expect(email?.subject).toBe(`Overdue: target: resolve the allegation within one month (${CASE_ID})`);
    expect(email?.text).toContain('The LADO manager is copied on this escalation.');
    expect(recordedEvents('EmailSent')).toEqual([
      expect.objectContaining({ details: { kind: 'deadlineOverdue', recipient: 'allocatedLado', deadline: 'resolutionOneMonth', emailId: `${CASE_ID}/resolutionOneMonth-2026-12-23T17:00:00.000Z` } }),
    ]);
  });

  it('the overdue email of a repeated duty names the due time that passed, not the next chase', async () => {
    // The deadlines task re-schedules the DBS chase in the same save that fires it.
    dynamo.on(GetCommand).resolves({
      Item: managedCase([overdue('dbsReferral', '2027-02-01T17:00:00.000Z')], {
        status: 'OUTCOME_DUTIES',
        deadlines: [
          { kind: 'dbsReferral', dueAt: '2027-02-01T17:00:00.000Z', state: 'fired' },
          { kind: 'dbsReferral', dueAt: '2027-02-08T17:00:00.000Z', state: 'pending' },
        ],
      }),
    });

    await notify();

    const [email] = sentEmails();
    expect(spoken(email?.text)).toMatch(/fell due at Monday 1 February 2027 (at )?5:00 pm/);
  });

  const managementEmails: Array<[string, () => Record<string, unknown>]> = [
    ['receivingAuthorityNotice and transferNotice', () => closedOnTransfer()],
    ['noFurtherActionNotice', () => closedWithNoFurtherAction()],
    ['deadlineDueSoon (ladoReview)', () => managedCase([dueSoon('ladoReview', REVIEW_DUE)])],
    ['deadlineDueToday (ladoReview)', () => managedCase([dueToday('ladoReview', REVIEW_DUE)])],
    ['deadlineOverdue (ladoReview)', () => managedCase([overdue('ladoReview', REVIEW_DUE)])],
    ['deadlineOverdue (resolutionOneMonth)', () => managedCase([overdue('resolutionOneMonth', ONE_MONTH_DUE)])],
  ];

  it.each(managementEmails)('%s never carries the subject, the children or the allegation', async (_kind, item) => {
    dynamo.on(GetCommand).resolves({ Item: item() });

    await notify();

    const emails = sentEmails();
    expect(emails.length).toBeGreaterThan(0);
    const everything = emails.map((email) => `${email.subject}\n${email.text}\n${email.html}`).join('\n');
    for (const personal of NEVER_EMAILED) expect(everything).not.toContain(personal);
  });

  it('a due-today or overdue email without the deadline it is about is not sent, and stays owed', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase([owed('deadlineDueToday')]) });
    await expect(notify()).rejects.toThrow('The deadline is needed for this email');

    dynamo.on(GetCommand).resolves({ Item: managedCase([owed('deadlineOverdue')]) });
    await expect(notify()).rejects.toThrow('The deadline is needed for this email');

    expect(ses.calls()).toHaveLength(0);
    expect(released()).toEqual(['EMAIL#deadlineDueToday-1', 'EMAIL#deadlineOverdue-1']);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a deadline email for a case allocated to nobody is not sent, and stays owed', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase([overdue('ladoReview', REVIEW_DUE)], { allocation: undefined }) });

    await expect(notify()).rejects.toThrow("The allocated LADO's email is needed for this email");
    expect(ses.calls()).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
