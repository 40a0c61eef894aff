import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/** The portal boundary: duplicates, retries and hostile input, against the local stack. */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('2026-11-23T09:30:00Z');
});

afterAll(async () => {
  const history = stack.allHistoryText();
  for (const personal of PERSONAL_DATA) expect(history).not.toContain(personal);
  await stack.stop();
});

/** Items in the case table and the audit trail together. */
async function itemsInTables(): Promise<number> {
  const client = new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let items = 0;
  for (const TableName of [stack.tableName, stack.auditTableName]) {
    const { Count } = await client.send(new ScanCommand({ TableName, Select: 'COUNT', ConsistentRead: true }));
    items += Count ?? 0;
  }
  client.destroy();
  return items;
}

const executions = () => stack.stepFunctions.listExecutions({ stateMachineArn: stack.stateMachineArn });

describe('hostile input', () => {
  const valid = completeReferral();
  const cases: Array<[string, unknown, number, string[]]> = [
    ['no body', undefined, 400, ['body']],
    ['a body that is not JSON', '{"submissionId": ', 400, ['body']],
    ['an array', [valid], 400, ['body']],
    ['wrong types', { ...valid, allegation: { ...valid.allegation, immediateRisk: 'yes' }, subject: { ...valid.subject, dateOfBirth: 17 } }, 400, ['subject.dateOfBirth', 'allegation.immediateRisk']],
    ['markup in names', { ...valid, referrer: { ...valid.referrer, name: '<script>alert(1)</script>' }, subject: { ...valid.subject, lastName: 'Smith<b>' } }, 400, ['referrer.name', 'subject.lastName']],
    ['an unknown field', { ...valid, notes: 'x' }, 400, ['body']],
    ['a bad submission id', { ...valid, submissionId: 'a b' }, 400, ['submissionId']],
    ['an oversized body', { ...valid, allegation: { ...valid.allegation, description: 'x'.repeat(70_000) } }, 413, ['body']],
  ];

  it.each(cases)('%s gets a 4xx naming the fields at fault, and changes nothing', async (_what, body, status, paths) => {
    const response = await stack.post('/referrals', body);
    expect(response.status).toBe(status);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(paths));
    for (const error of response.body.errors) expect(error.message).toEqual(expect.any(String));
    expect(await itemsInTables()).toBe(0);
    expect(executions()).toEqual([]);
  });

  it('an unknown case gets a 404 and a malformed case id a 400', async () => {
    expect((await stack.get('/cases/LADO-0000000000')).status).toBe(404);
    const malformed = await stack.get('/cases/not-a-case');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('pathParameters.caseId');
  });
});

describe('duplicate submissions', () => {
  it('20 concurrent identical submissions make one case, one execution and one acknowledgement', async () => {
    const referral = completeReferral();
    const responses = await Promise.all(Array.from({ length: 20 }, () => stack.post('/referrals', referral)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    const caseIds = new Set(responses.map((r) => r.body.caseId));
    expect(caseIds.size).toBe(1);
    await stack.clock.settle();

    const [caseId] = caseIds;
    expect(executions().filter((e) => e.name.startsWith(String(caseId)))).toHaveLength(1);
    const acknowledgements = (await stack.emailsTo(referral.referrer.email)).filter((e) => e.subject.startsWith('LADO referral received'));
    expect(acknowledgements).toHaveLength(1);

    // A retry later still answers with the same case and starts nothing new.
    const retry = await stack.post('/referrals', referral);
    expect(retry).toEqual({ status: 202, body: { caseId, status: 'AWAITING_THRESHOLD_DECISION' } });
    await stack.clock.settle();
    expect(executions().filter((e) => e.name.startsWith(String(caseId)))).toHaveLength(1);
  });

  it('the same submission id with different content is refused with a 409', async () => {
    const referral = completeReferral();
    expect((await stack.post('/referrals', referral)).status).toBe(202);
    const altered = { ...referral, allegation: { ...referral.allegation, category: 'neglect' } };
    const response = await stack.post('/referrals', altered);
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/submission id was already used/);
  });
});

describe('emails', () => {
  it('carry no allegation details or subject and child names, and escape what they interpolate', async () => {
    const referral = completeReferral({ allegation: { ...completeReferral().allegation, immediateRisk: true } });
    referral.referrer.name = "Siobhán O'Neill-Price";
    const { caseId } = (await stack.post('/referrals', referral)).body;
    await stack.clock.settle();
    const [acknowledgement] = await stack.emailsTo(referral.referrer.email);
    expect(acknowledgement?.body.html).toContain('Siobhán O&#39;Neill-Price');
    expect(acknowledgement?.body.text).toContain('call 999');
    const alerts = (await stack.emailsTo('duty-lado@lado.example.gov.uk')).filter((e) => e.subject.includes(caseId));
    expect(alerts.map((e) => e.subject)).toEqual([`IMMEDIATE RISK: new LADO referral ${caseId}`]);
    for (const email of [acknowledgement!, ...alerts]) {
      const content = `${email.subject}\n${email.body.text}\n${email.body.html}`;
      for (const personal of [...PERSONAL_DATA, referral.allegation.description]) expect(content).not.toContain(personal);
    }
  });
});
