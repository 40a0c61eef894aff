import { afterEach, describe, expect, it } from 'vitest';
import type { Referral } from '../../functions/domain/referral-schema';
import type { StoredEmail } from '../../local/ses';
import { completeReferral, PERSONAL_DATA, referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The duty LADO's morning list on the local stack: the template's schedule,
 * fired by the virtual clock at 09:00 London time, runs the real function
 * against DynamoDB Local and the local SES. Test files share one SES and one
 * duty address, so this stack's lists are told apart by the case ids in them.
 */
const DUTY_LADO = 'duty-lado@lado.example.gov.uk';
const CASE_ID = /LADO-[0-9A-Z]{10}/g;

let stack: TestStack | undefined;

afterEach(async () => {
  if (!stack) return;
  await stack.stop();
  stack = undefined;
});

const atRisk = (referral: Referral): Referral => ({ ...referral, allegation: { ...referral.allegation, immediateRisk: true } });

/** This stack's morning lists: each one's subject, and its lines as case ids, immediate risk marked with a "!". */
async function morningLists(ours: readonly string[]): Promise<Array<{ subject: string; listed: string[]; email: StoredEmail }>> {
  const lists = (await stack!.emailsTo(DUTY_LADO)).filter((email) => email.subject.startsWith('Morning list for '));
  return lists
    .map((email) => {
      const lines = (email.body.text ?? '').split('\n').filter((line) => line.startsWith('- '));
      const listed = lines.map((line) => `${line.startsWith('- IMMEDIATE RISK: ') ? '!' : ''}${line.match(CASE_ID)?.[0]}`);
      return { subject: email.subject, listed, email };
    })
    .filter((list) => list.listed.some((entry) => ours.includes(entry.replace('!', ''))));
}

describe('the morning list', () => {
  it('reaches the duty LADO at 09:00 on working days only, listing the referrals awaiting a decision oldest first, immediate risk marked', async () => {
    stack = await startTestStack('2026-11-20T10:00:00Z'); // Friday
    const ordinary = (await stack.post('/referrals', completeReferral())).body.caseId as string;
    await stack.advanceTo('2026-11-20T11:00:00Z');
    const urgent = (await stack.post('/referrals', atRisk(referralMissingDateOfBirthAndAddress()))).body.caseId as string;
    await stack.advanceTo('2026-11-20T12:00:00Z');
    const returned = (await stack.post('/referrals', referralMissingDateOfBirthAndAddress())).body.caseId as string;
    const ours = [ordinary, urgent, returned];

    // Nothing on the weekend, and nothing before nine on Monday.
    await stack.advanceTo('2026-11-23T08:59:59Z');
    expect(await morningLists(ours)).toEqual([]);
    await stack.advanceTo('2026-11-23T09:00:00Z');
    const [monday, ...others] = await morningLists(ours);
    expect(others).toEqual([]);
    expect(monday?.subject).toBe('Morning list for Monday, 23 November 2026: 2 referrals awaiting a threshold decision');
    // The referral returned without immediate risk awaits its details, not a decision.
    expect(monday?.listed).toEqual([ordinary, `!${urgent}`]);
    expect(monday?.email.body.text).toContain(`${ordinary}, decision due Monday, 23 November 2026 at 5:00 pm: `);
    expect(monday?.email.headers?.find((header) => header.name.toLowerCase() === 'x-lado-email-id')?.value).toBe('morningList/2026-11-23');
    const content = `${monday?.email.subject}\n${monday?.email.body.text}\n${monday?.email.body.html}`;
    for (const personal of [...PERSONAL_DATA, completeReferral().allegation.description]) expect(content).not.toContain(personal);

    // The ordinary referral is decided on Monday; another arrives. Tuesday's list follows.
    await stack.advanceTo('2026-11-23T10:00:00Z');
    const decision = {
      kind: 'threshold',
      officerId: 'lado.officer.7',
      outcome: 'consultation',
      allocatedTo: { officerId: 'lado.officer.7', email: 'lado7@lado.example.gov.uk' },
      rationale: 'Advice to the employer; kept under review.',
    };
    expect((await stack.post(`/cases/${ordinary}/decisions`, decision)).status).toBe(202);
    const later = (await stack.post('/referrals', completeReferral())).body.caseId as string;
    ours.push(later);
    await stack.advanceTo('2026-11-24T09:00:00Z');
    expect((await morningLists(ours)).map((list) => [list.subject, list.listed])).toEqual([
      ['Morning list for Monday, 23 November 2026: 2 referrals awaiting a threshold decision', [ordinary, `!${urgent}`]],
      ['Morning list for Tuesday, 24 November 2026: 2 referrals awaiting a threshold decision', [`!${urgent}`, later]],
    ]);

    // Over Christmas: a list on Thursday 24 December, none on the bank holidays of the 25th and 28th nor the weekend.
    await stack.advanceTo('2026-12-29T09:00:00Z');
    const days = (await morningLists(ours)).map((list) => list.subject.replace(/^Morning list for (.+?): .*$/, '$1'));
    expect(days.slice(-3)).toEqual(['Wednesday, 23 December 2026', 'Thursday, 24 December 2026', 'Tuesday, 29 December 2026']);
    // One a working day: 23 November to 29 December holds 25 working days, each listed once.
    expect(days).toHaveLength(25);
    expect(new Set(days).size).toBe(25);
  });

  it('sends nothing when no referral awaits a decision', async () => {
    stack = await startTestStack('2026-11-23T08:00:00Z'); // Monday
    const decided = (await stack.post('/referrals', completeReferral())).body.caseId as string;
    await stack.clock.settle();
    const decision = { kind: 'threshold', officerId: 'lado.officer.7', outcome: 'no-further-action', category: 'employer-procedures', rationale: 'A matter for the employer alone.' };
    expect((await stack.post(`/cases/${decided}/decisions`, decision)).status).toBe(202);
    await stack.advanceTo('2026-11-23T09:00:01Z');
    expect(await morningLists([decided])).toEqual([]);
  });
});
