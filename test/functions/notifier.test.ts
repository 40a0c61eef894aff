import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredCase } from '../../functions/shared/case-store';
import { handler } from '../../functions/notifier/handler';
import { completeReferral } from '../support/referrals';
import { lambdaContext, restoreEnvironment, SERVICE_ENV, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const CASE_ID = 'LADO-0123456789';
const NOW = new Date('2026-11-25T17:00:05Z');
const referral = completeReferral();

/** What no email may carry: the subject's and children's identities and the allegation itself. */
const NEVER_EMAILED = ['Eleanor', 'Whitcombe', 'Jonah', 'Bramley', '1984-03-17', '2016-06-05', referral.allegation.description];

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
    ...overrides,
  });
}

const CLAIM = { ConditionExpression: 'attribute_not_exists(pk)' };

const notify = (kind: string, key = `${kind}-1`) => handler({ caseId: CASE_ID, kind, key }, lambdaContext);

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

beforeEach(() => {
  dynamo.reset();
  ses.reset();
  useServiceEnvironment(NOW);
  dynamo.on(GetCommand).resolves({ Item: caseItem() });
  dynamo.on(PutCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
});

afterEach(restoreEnvironment);

describe('each kind of email', () => {
  const recipients: Array<[string, string]> = [
    ['acknowledgement', referral.referrer.email],
    ['immediateRiskAlert', SERVICE_ENV.DUTY_LADO_EMAIL],
    ['returnRequest', referral.referrer.email],
    ['returnReminder', referral.referrer.email],
    ['returnCutoff', referral.referrer.email],
    ['initialConsiderationChase', SERVICE_ENV.DUTY_LADO_EMAIL],
    ['initialConsiderationEscalation', SERVICE_ENV.LADO_MANAGER_EMAIL],
  ];

  it.each(recipients)('%s goes once, as text and HTML, to %s, quoting the case reference', async (kind, recipient) => {
    const result = await notify(kind);

    expect(result).toEqual({ sent: true });
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
    await notify(kind);

    const [email] = sentEmails();
    const everything = `${email?.subject}\n${email?.text}\n${email?.html}`;
    for (const personal of NEVER_EMAILED) expect(everything).not.toContain(personal);
  });

  it.each(recipients)('%s is recorded as sent, with the recipient role and without content', async (kind) => {
    await notify(kind);

    const events = dynamo.commandCalls(PutCommand).filter((call) => call.args[0].input.Item?.type === 'EmailSent');
    expect(events).toHaveLength(1);
    expect(events[0]!.args[0].input.Item).toMatchObject({ caseId: CASE_ID, actor: 'system', at: NOW.toISOString(), details: { kind } });
  });
});

it('the return request lists each missing item by its label, and the cut-off', async () => {
  await notify('returnRequest');

  const [email] = sentEmails();
  expect(email?.text).toContain("- The subject's date of birth\n- The employer's or setting's address");
  expect(email?.html).toContain("<ul><li>The subject&#39;s date of birth</li><li>The employer&#39;s or setting&#39;s address</li></ul>");
  expect(email?.text).toMatch(/Thursday,? 26 November 2026.*5:00\s?pm/);
});

it('the chase links the officer to the case', async () => {
  await notify('initialConsiderationChase');

  const [email] = sentEmails();
  expect(email?.text).toContain(`Record it: https://officers.council.example.gov.uk/cases/${CASE_ID}`);
});

it('the acknowledgement of a referral at immediate risk opens with the emergency routes', async () => {
  const atRisk = { ...referral, allegation: { ...referral.allegation, immediateRisk: true } };
  dynamo.on(GetCommand).resolves({ Item: caseItem({ referral: atRisk }) });

  await notify('acknowledgement');

  const [email] = sentEmails();
  expect(email?.text).toMatch(/^A child is flagged at immediate risk\. If a child is in immediate danger, call 999 now\./);
  expect(email?.text).toContain(SERVICE_ENV.FRONT_DOOR_PHONE);
  expect(email?.text).toContain(SERVICE_ENV.OUT_OF_HOURS_PHONE);
});

it('the acknowledgement of a referral not at immediate risk has no emergency banner', async () => {
  await notify('acknowledgement');

  const [email] = sentEmails();
  expect(email?.text).not.toContain('flagged at immediate risk');
});

it('claims the email under its key before sending it', async () => {
  await notify('returnCutoff', 'returnCutoff-2026-11-26T17:00:00.000Z');

  const claims = dynamo.commandCalls(PutCommand, CLAIM);
  expect(claims).toHaveLength(1);
  expect(claims[0]!.args[0].input.Item).toEqual({
    pk: `CASE#${CASE_ID}`,
    sk: 'EMAIL#returnCutoff-2026-11-26T17:00:00.000Z',
    claimedAt: NOW.toISOString(),
    // The table's TTL removes an idempotency record once no retry can need it.
    expiresAt: Math.floor(NOW.getTime() / 1000) + 366 * 24 * 3600,
  });
});

it('sends nothing when the email was already claimed under its key', async () => {
  dynamo.on(PutCommand, CLAIM).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

  const result = await notify('returnReminder');

  expect(result).toEqual({ sent: false });
  expect(ses.calls()).toHaveLength(0);
  expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
});

it('releases the claim and fails when SES refuses the email, so that a retry can send it', async () => {
  const refused = Object.assign(new Error('Sending paused for this account'), { name: 'SendingPausedException' });
  ses.on(SendEmailCommand).rejects(refused);

  await expect(notify('returnRequest', 'returnRequest-1')).rejects.toThrow('Sending paused for this account');

  expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([
    { TableName: SERVICE_ENV.TABLE_NAME, Key: { pk: `CASE#${CASE_ID}`, sk: 'EMAIL#returnRequest-1' } },
  ]);
  expect(dynamo.commandCalls(PutCommand).filter((call) => call.args[0].input.Item?.type === 'EmailSent')).toHaveLength(0);
});

it('fails the task for a kind it does not know, without sending', async () => {
  await expect(notify('birthdayGreeting')).rejects.toThrow(/Invalid task input: kind/);
  expect(ses.calls()).toHaveLength(0);
});

describe('emails of a case under management', () => {
  const LADO = { officerId: 'lado.7', email: 'lado7@council.example.gov.uk' };
  const REVIEW_DUE = '2026-12-21T17:00:00.000Z';
  const ONE_MONTH_DUE = '2026-12-23T17:00:00.000Z';

  function managedCase(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
    return caseItem({
      status: 'ALLEGATION_MANAGEMENT',
      missing: [],
      allocation: LADO,
      deadlines: [
        { kind: 'ladoReview', dueAt: REVIEW_DUE, state: 'pending' },
        { kind: 'resolutionOneMonth', dueAt: ONE_MONTH_DUE, state: 'fired', settledAt: ONE_MONTH_DUE },
      ],
      ...overrides,
    });
  }

  const closedOnTransfer = () =>
    caseItem({
      status: 'CLOSED',
      missing: [],
      closedAt: '2026-11-24T14:15:00.000Z',
      closure: {
        reason: 'Transferred to the authority where the person works',
        leadAuthority: 'Medway Council',
        employerRecordsUntil: '2051-03-17',
        ladoRecordUntil: '2036-11-24',
      },
      deadlines: [],
    });

  const notifyAbout = (kind: string, deadline: string, key = `${deadline}-${kind}`) =>
    handler({ caseId: CASE_ID, kind, key, deadline }, lambdaContext);

  const recordedEmails = () =>
    dynamo
      .commandCalls(PutCommand)
      .map((call) => call.args[0].input.Item)
      .filter((item) => item?.['type'] === 'EmailSent');

  // Separators vary between ICU versions ("Monday 21" or "Monday, 21"; a narrow space before "pm").
  const spoken = (text: string | undefined) => (text ?? '').replace(/,/g, '').replace(/\s+/g, ' ');

  it('the transfer notice tells the referrer which authority leads, and is recorded as sent to the referrer', async () => {
    dynamo.on(GetCommand).resolves({ Item: closedOnTransfer() });

    expect(await notify('transferNotice', 'transferNotice')).toEqual({ sent: true });

    const [email] = sentEmails();
    expect(email?.to).toEqual([referral.referrer.email]);
    expect(email?.subject).toContain(CASE_ID);
    expect(email?.text).toContain("another local authority's area, whose designated officer leads on it: Medway Council.");
    expect(recordedEmails()).toEqual([expect.objectContaining({ details: { kind: 'transferNotice', recipient: 'referrer' } })]);
  });

  it('the transfer notice is not sent, nor claimed, for a case that names no lead authority', async () => {
    dynamo.on(GetCommand).resolves({ Item: caseItem({ status: 'CLOSED', missing: [] }) });

    await expect(notify('transferNotice', 'transferNotice')).rejects.toThrow('The lead authority is needed for this email');
    expect(ses.calls()).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('the due-today email goes to the allocated LADO alone, naming the deadline and when it falls due', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase() });

    await notifyAbout('deadlineDueSoon', 'ladoReview');

    const [email] = sentEmails();
    expect(email?.to).toEqual([LADO.email]);
    expect(email?.subject).toBe(`Due today: review the open allegation (${CASE_ID})`);
    expect(spoken(email?.text)).toMatch(/"Review the open allegation" falls due at Monday 21 December 2026 (at )?5:00 pm\./);
    expect(email?.text).toContain(`Record it when done: https://officers.council.example.gov.uk/cases/${CASE_ID}`);
    expect(recordedEmails()).toEqual([
      expect.objectContaining({ details: { kind: 'deadlineDueSoon', recipient: 'allocatedLado', deadline: 'ladoReview' } }),
    ]);
  });

  it('the due-today email names the latest deadline of its kind: a review rescheduled since', async () => {
    dynamo.on(GetCommand).resolves({
      Item: managedCase({
        deadlines: [
          { kind: 'ladoReview', dueAt: '2026-11-20T17:00:00.000Z', state: 'met', settledAt: '2026-11-20T10:00:00.000Z' },
          { kind: 'ladoReview', dueAt: REVIEW_DUE, state: 'pending' },
        ],
      }),
    });

    await notifyAbout('deadlineDueSoon', 'ladoReview');

    expect(spoken(sentEmails()[0]?.text)).toMatch(/falls due at Monday 21 December 2026/);
  });

  it('the overdue email of a deadline that is the LADO\'s own goes to the allocated LADO alone', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase() });

    await notifyAbout('deadlineOverdue', 'ladoReview');

    const [email] = sentEmails();
    expect(email?.to).toEqual([LADO.email]);
    expect(email?.subject).toBe(`Overdue: review the open allegation (${CASE_ID})`);
    expect(spoken(email?.text)).toMatch(/"Review the open allegation" fell due at Monday 21 December 2026 (at )?5:00 pm and has not been recorded as done\./);
    expect(email?.text).not.toContain('manager');
  });

  it('the overdue email of a resolution target also goes to the LADO manager, and says so', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase() });

    await notifyAbout('deadlineOverdue', 'resolutionOneMonth');

    const [email] = sentEmails();
    expect(email?.to).toEqual([LADO.email, SERVICE_ENV.LADO_MANAGER_EMAIL]);
    expect(email?.subject).toBe(`Overdue: target: resolve the allegation within one month (${CASE_ID})`);
    expect(email?.text).toContain('The LADO manager is copied on this escalation.');
    expect(recordedEmails()).toEqual([
      expect.objectContaining({ details: { kind: 'deadlineOverdue', recipient: 'allocatedLado', deadline: 'resolutionOneMonth' } }),
    ]);
  });

  it('the overdue email of a repeated duty names the due time that passed, not the next chase', async () => {
    // The deadlines task re-schedules the DBS chase in the same save that fires it.
    dynamo.on(GetCommand).resolves({
      Item: managedCase({
        status: 'OUTCOME_DUTIES',
        deadlines: [
          { kind: 'dbsReferral', dueAt: '2027-02-01T17:00:00.000Z', state: 'fired' },
          { kind: 'dbsReferral', dueAt: '2027-02-08T17:00:00.000Z', state: 'pending' },
        ],
      }),
    });

    await handler({ caseId: CASE_ID, kind: 'deadlineOverdue', key: 'dbs-1', deadline: 'dbsReferral', dueAt: '2027-02-01T17:00:00.000Z' }, lambdaContext);

    const [email] = sentEmails();
    expect(spoken(email?.text)).toMatch(/fell due at Monday 1 February 2027 (at )?5:00 pm/);
  });

  const managementEmails: Array<[string, string | undefined, () => Record<string, unknown>]> = [
    ['transferNotice', undefined, closedOnTransfer],
    ['deadlineDueSoon', 'ladoReview', managedCase],
    ['deadlineOverdue', 'ladoReview', managedCase],
    ['deadlineOverdue', 'resolutionOneMonth', managedCase],
  ];

  it.each(managementEmails)('%s (%s) never carries the subject, the children or the allegation', async (kind, deadline, item) => {
    dynamo.on(GetCommand).resolves({ Item: item() });

    await (deadline ? notifyAbout(kind, deadline) : notify(kind));

    const [email] = sentEmails();
    expect(email).toBeDefined();
    const everything = `${email?.subject}\n${email?.text}\n${email?.html}`;
    for (const personal of NEVER_EMAILED) expect(everything).not.toContain(personal);
  });

  it('a due-today or overdue email without the deadline it is about fails before claiming or sending', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase() });

    await expect(notify('deadlineDueSoon')).rejects.toThrow('The deadline is needed for this email');
    await expect(notify('deadlineOverdue')).rejects.toThrow('The deadline is needed for this email');
    expect(ses.calls()).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('a deadline email for a case allocated to nobody fails before claiming or sending', async () => {
    dynamo.on(GetCommand).resolves({ Item: managedCase({ allocation: undefined }) });

    await expect(notifyAbout('deadlineOverdue', 'ladoReview')).rejects.toThrow("The allocated LADO's email is needed for this email");
    expect(ses.calls()).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('fails the task for a deadline it does not know, without sending', async () => {
    await expect(notifyAbout('deadlineOverdue', 'birthday')).rejects.toThrow(/Invalid task input: deadline/);
    expect(ses.calls()).toHaveLength(0);
  });
});
