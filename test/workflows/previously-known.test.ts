import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Referral } from '../../functions/domain/referral-schema';
import { documentClient } from '../../functions/shared/clients/document-client';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import { startTestStack, stopCheckingHistories, type TestStack } from '../support/test-stack';

/**
 * "Previously known" (seeds/000, "Important information about making a
 * referral", reason 1: key demographics let the LADO "check if the member of
 * staff has previously been known to the service"), on the local stack: a
 * referral's subject is matched at intake, and again at a resubmission that
 * supplies the date of birth, against earlier referrals about the same
 * person, by normalised name or known-as name and date of birth; officers see
 * the earlier cases, operations never do; and once an earlier case's personal
 * data is disposed of, its match keys are gone and it is listed no more.
 */
const OPERATIONS_TOKEN = officerToken('ops.on.call', 'operations');
const rationale = 'A pupil reported being grabbed: the harm threshold is met.';
const allegation = {
  kind: 'threshold',
  officerId: 'lado.officer.7',
  outcome: 'allegation',
  harmCriteria: ['harmed-child'],
  allocatedTo: { officerId: 'lado.officer.7', email: 'lado7@lado.example.gov.uk' },
  rationale,
};

let stack: TestStack | undefined;

afterEach(async () => {
  await stopCheckingHistories(stack);
  stack = undefined;
});

/** A referral about the subject, as the portal sends it. */
function about(subject: Partial<Referral['subject']>, drop: Array<keyof Referral['subject']> = []): Referral {
  const referral = completeReferral();
  const merged: Record<string, unknown> = { ...referral.subject, ...subject };
  for (const field of drop) delete merged[field];
  return { ...referral, subject: merged as Referral['subject'] };
}

async function refer(referral: Referral): Promise<string> {
  const answer = await stack!.post('/referrals', referral);
  expect(answer.status).toBe(202);
  return answer.body.caseId;
}

const officerView = async (caseId: string) => (await stack!.get(`/cases/${caseId}`)).body;

/** The items beside a case that index its subject's match keys. */
async function subjectItemsOf(caseId: string): Promise<Array<Record<string, unknown>>> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: stack!.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :subject)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':subject': 'SUBJECT#' },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

/** Stops the stack and starts it again on its tables at a later virtual time. */
async function resumeAt(instant: string): Promise<TestStack> {
  const { tableName } = stack!;
  await stack!.stop();
  stack = await startTestStack(instant, { tableName });
  return stack;
}

describe('previously known', () => {
  it('shows officers the earlier case about the same person, by a known-as name written in another case, with its decision; operations never see it', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday
    const first = await refer(about({ firstName: 'Eleanor', lastName: 'Whitcombe', knownAs: ['Ellie Whitcombe'], dateOfBirth: '1984-03-17' }));
    await stack.clock.settle();
    const firstView = await officerView(first);
    expect(firstView.previouslyKnown).toEqual({ count: 0, cases: [] });
    await stack.advanceTo('2026-11-23T11:00:00Z');
    expect((await stack.post(`/cases/${first}/decisions`, allegation)).body).toEqual({ caseId: first, status: 'ALLEGATION_MANAGEMENT' });

    // Months later, another referral: the first's known-as name, in capitals and with stray spaces, and the same date of birth.
    await stack.advanceTo('2027-03-01T10:00:00Z');
    const second = await refer(about({ firstName: ' ELLIE ', lastName: 'whitcombe  ', knownAs: undefined, dateOfBirth: '1984-03-17' }, ['knownAs']));
    // Another person: the same name, born on another day.
    const namesake = await refer(about({ firstName: 'Eleanor', lastName: 'Whitcombe', dateOfBirth: '1991-07-30' }, ['knownAs']));
    await stack.clock.settle();

    const secondView = await officerView(second);
    expect(secondView.previouslyKnown).toEqual({
      count: 1,
      cases: [{ caseId: first, receivedAt: '2026-11-23T10:00:00.000Z', decision: 'allegation', outcome: null }],
    });
    expect((await officerView(namesake)).previouslyKnown).toEqual({ count: 0, cases: [] });
    // The earlier case does not list the later one: it was not known before it.
    expect((await officerView(first)).previouslyKnown).toEqual({ count: 0, cases: [] });

    const forOperations = await stack.get(`/cases/${second}`, { token: OPERATIONS_TOKEN });
    expect(forOperations.status).toBe(200);
    expect(forOperations.body).not.toHaveProperty('previouslyKnown');
    expect(JSON.stringify(forOperations.body)).not.toContain(first);

    // The index holds keyed hashes, one a distinct name: never a name or a date.
    const items = [...(await subjectItemsOf(first)), ...(await subjectItemsOf(second))];
    expect(items.map((item) => [item['caseId'], item['sk']])).toEqual([
      [first, 'SUBJECT#00'],
      [first, 'SUBJECT#01'],
      [second, 'SUBJECT#00'],
    ]);
    for (const personal of PERSONAL_DATA) expect(JSON.stringify(items)).not.toContain(personal);
    expect(JSON.stringify(items).toLowerCase()).not.toMatch(/ellie|eleanor|whitcombe/);
  });

  it('matches a referral again when its resubmission supplies the date of birth', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const earlier = await refer(about({ firstName: 'Eleanor', lastName: 'Whitcombe', dateOfBirth: '1984-03-17' }, ['knownAs']));
    await stack.advanceTo('2026-11-24T10:00:00Z');
    // Without a date of birth nothing is matched: a name alone is shared by too many people.
    const returned = await refer(about({ firstName: 'Eléanor', lastName: 'Whitcombe' }, ['dateOfBirth', 'knownAs']));
    await stack.clock.settle();
    expect(await officerView(returned)).toMatchObject({ status: 'AWAITING_RESUBMISSION', previouslyKnown: { count: 0, cases: [] } });
    expect(await subjectItemsOf(returned)).toEqual([]);

    await stack.advanceTo('2026-11-24T14:00:00Z');
    expect((await stack.post(`/referrals/${returned}/resubmission`, { subject: { dateOfBirth: '1984-03-17' } })).status).toBe(202);
    await stack.clock.settle();
    expect((await officerView(returned)).previouslyKnown).toEqual({
      count: 1,
      cases: [{ caseId: earlier, receivedAt: '2026-11-23T10:00:00.000Z', decision: null, outcome: null }],
    });
    expect((await subjectItemsOf(returned)).map((item) => item['sk'])).toEqual(['SUBJECT#00']);
  });

  it("lists an earlier case no more once its personal data is disposed of, and clears that case's match keys", async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday
    // Returned for its missing address and never resubmitted: rejected on the third working day, kept six years.
    const rejected = await refer(about({ firstName: 'Eleanor', lastName: 'Whitcombe', dateOfBirth: '1984-03-17' }, ['address', 'knownAs']));
    await stack.advanceTo('2026-11-28T03:00:00Z');
    expect((await officerView(rejected)).status).toBe('REJECTED');

    await stack.advanceTo('2026-12-01T10:00:00Z');
    const later = await refer(about({ firstName: 'Eleanor', lastName: 'Whitcombe', dateOfBirth: '1984-03-17' }, ['knownAs']));
    await stack.clock.settle();
    expect((await officerView(later)).previouslyKnown).toEqual({
      count: 1,
      cases: [{ caseId: rejected, receivedAt: '2026-11-23T10:00:00.000Z', decision: null, outcome: null }],
    });

    // Past the rejected referral's retention date, the nightly job disposes of it.
    await resumeAt('2032-11-26T12:00:00Z');
    await stack!.advanceTo('2032-11-27T03:00:00Z');
    expect((await officerView(rejected)).disposedAt).toBe('2032-11-27T02:00:00.000Z');
    expect((await subjectItemsOf(rejected)).filter((item) => 'subjectKey' in item)).toEqual([]);
    expect((await officerView(later)).previouslyKnown).toEqual({ count: 0, cases: [] });

    // A new referral about the same person finds the case still held, not the one disposed of.
    const newest = await refer(about({ firstName: 'Eleanor', lastName: 'Whitcombe', dateOfBirth: '1984-03-17' }, ['knownAs']));
    await stack!.clock.settle();
    expect((await officerView(newest)).previouslyKnown).toEqual({
      count: 1,
      cases: [{ caseId: later, receivedAt: '2026-12-01T10:00:00.000Z', decision: null, outcome: null }],
    });
  });
});
