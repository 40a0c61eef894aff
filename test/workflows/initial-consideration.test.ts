import { afterEach, describe, expect, it } from 'vitest';
import type { PortalReferral } from '../../functions/domain/referral-schema';
import { completeReferral, referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { startTestStack, stopCheckingHistories, type TestStack } from '../support/test-stack';

/**
 * Initial consideration on the definition CDK synthesizes, with the real
 * handlers, DynamoDB Local and the local SES, under virtual time: an urgent
 * referral decided while its missing details are awaited (seeds/004 paras
 * 16, 22), and an undecided referral escalated every working day.
 */
const DUTY_LADO = 'duty-lado@lado.example.gov.uk';
const MANAGER = 'lado-manager@lado.example.gov.uk';
const EMAIL_ID_HEADER = 'x-lado-email-id';

let stack: TestStack | undefined;

afterEach(async () => {
  await stopCheckingHistories(stack);
  stack = undefined;
});

async function emailsAbout(caseId: string, to: string) {
  return (await stack!.emailsTo(to)).filter((email) => email.subject.includes(caseId));
}

function executionsOf(caseId: string) {
  return stack!.stepFunctions.listExecutions({ stateMachineArn: stack!.stateMachineArn }).filter((execution) => execution.name.startsWith(caseId));
}

const atRisk = (referral: PortalReferral): PortalReferral => ({ ...referral, allegation: { ...referral.allegation, immediateRisk: true } });
const rationale = 'A child is at immediate risk: strategy discussion with police arranged.';
const allegation = {
  kind: 'threshold',
  officerId: 'lado.officer.7',
  outcome: 'allegation',
  harmCriteria: ['harmed-child'],
  allocatedTo: { officerId: 'lado.officer.7', email: 'lado7@lado.example.gov.uk' },
  rationale,
};

describe('an urgent referral awaiting its missing details', () => {
  it('is decided at once; no reminder and no rejection follow, and the details stay listed as still wanted', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday
    const referral = atRisk(referralMissingDateOfBirthAndAddress());
    const { caseId } = (await stack.post('/referrals', referral)).body;
    await stack.clock.settle();
    const returned = (await stack.get(`/cases/${caseId}`)).body;
    expect(returned).toMatchObject({ status: 'AWAITING_RESUBMISSION', awaiting: 'resubmission' });
    // The decision is due a working day after receipt, beside the referrer's three working days.
    expect(returned.pendingDeadlines.map((d: { kind: string; dueAt: string }) => [d.kind, d.dueAt])).toEqual(
      expect.arrayContaining([
        ['initialConsiderationChase', '2026-11-24T17:00:00.000Z'],
        ['returnCutoff', '2026-11-26T17:00:00.000Z'],
      ]),
    );

    await stack.advanceTo('2026-11-23T10:45:00Z');
    const decided = await stack.post(`/cases/${caseId}/decisions`, allegation);
    expect(decided).toEqual({ status: 202, body: { caseId, status: 'ALLEGATION_MANAGEMENT' } });
    await stack.clock.settle();
    // The first days ended with the decision, not a rejection, and handed the case to management.
    expect(executionsOf(caseId).map((e) => [e.name, e.status])).toEqual([
      [`${caseId}-management-1`, 'RUNNING'],
      [`${caseId}-first-days`, 'SUCCEEDED'],
    ]);
    const firstDays = stack.stepFunctions.describeExecution(executionsOf(caseId)[1]!.executionArn);
    expect(JSON.parse(firstDays.output!)).toEqual({ caseId, outcome: 'thresholdDecided' });

    // Past the reminder and the cut-off: the case is managed, and the referrer has had the acknowledgement and the return only.
    await stack.advanceTo('2026-11-27T12:00:00Z');
    const managed = (await stack.get(`/cases/${caseId}`)).body;
    expect(managed).toMatchObject({ status: 'ALLEGATION_MANAGEMENT', missing: ["The subject's date of birth", "The subject's home address"] });
    expect(managed.pendingDeadlines.map((d: { kind: string }) => d.kind).filter((kind: string) => /^(return|initialConsideration)/.test(kind))).toEqual([]);
    const toReferrer = (await emailsAbout(caseId, referral.referrer.email)).map((e) => e.subject);
    expect(toReferrer).toEqual([`LADO referral received: ${caseId}`, `Action needed: LADO referral ${caseId} returned for missing details`]);
    expect((await emailsAbout(caseId, DUTY_LADO)).map((e) => e.subject)).toEqual([`IMMEDIATE RISK: new LADO referral ${caseId}`]);
    expect(await emailsAbout(caseId, MANAGER)).toEqual([]);
    const { events } = (await stack.get(`/cases/${caseId}/history`)).body;
    expect(events.filter((e: { type: string }) => e.type === 'ReferralRejected')).toEqual([]);
    expect(events.filter((e: { type: string }) => e.type === 'ThresholdDecisionRecorded')).toEqual([
      expect.objectContaining({ actor: 'lado.officer.7', at: '2026-11-23T10:45:00.000Z', rationale }),
    ]);

    // The portal's resubmission comes after the decision: refused, the case having moved on.
    const late = await stack.post(`/referrals/${caseId}/resubmission`, { subject: { dateOfBirth: '1984-03-17' } });
    expect(late.status).toBe(409);
  });

  it('closed by its decision, ends its first days as decided and owes the referrer the notice, never the rejection', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const referral = atRisk(referralMissingDateOfBirthAndAddress());
    const { caseId } = (await stack.post('/referrals', referral)).body;
    await stack.clock.settle();
    const closing = { kind: 'threshold', officerId: 'lado.officer.7', outcome: 'no-further-action', category: 'employer-procedures', rationale };
    expect((await stack.post(`/cases/${caseId}/decisions`, closing)).body).toEqual({ caseId, status: 'CLOSED' });
    await stack.advanceTo('2026-11-27T12:00:00Z');

    const [firstDays] = executionsOf(caseId);
    expect(firstDays?.status).toBe('SUCCEEDED');
    expect(JSON.parse(stack.stepFunctions.describeExecution(firstDays!.executionArn).output!)).toEqual({ caseId, outcome: 'thresholdDecided' });
    expect((await stack.get(`/cases/${caseId}`)).body.status).toBe('CLOSED');
    const toReferrer = (await emailsAbout(caseId, referral.referrer.email)).map((e) => e.subject);
    expect(toReferrer.filter((subject) => /rejected|Reminder/.test(subject))).toEqual([]);
    expect(toReferrer).toHaveLength(3); // acknowledgement, return, and the decision's notice
  });

  it('without immediate risk, still waits for its details before any decision', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const { caseId } = (await stack.post('/referrals', referralMissingDateOfBirthAndAddress())).body;
    await stack.clock.settle();
    const refused = await stack.post(`/cases/${caseId}/decisions`, allegation);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('This case is not awaiting a threshold decision: its status is AWAITING_RESUBMISSION.');
  });
});

describe('an undecided referral', () => {
  it('is escalated to the LADO manager at the close of every working day until decided, over Christmas and New Year, each escalation once', async () => {
    stack = await startTestStack('2026-12-22T10:00:00Z'); // Tuesday; Friday 25 December, Monday 28 (Boxing Day's substitute) and Friday 1 January are bank holidays
    const { caseId } = (await stack.post('/referrals', completeReferral())).body;
    const escalated = async () => (await emailsAbout(caseId, MANAGER)).length;

    await stack.advanceTo('2026-12-23T17:00:00Z');
    expect((await emailsAbout(caseId, DUTY_LADO)).map((e) => e.subject)).toEqual([`Overdue: threshold decision for ${caseId}`]);
    const dueAts = ['2026-12-24T17:00:00.000Z', '2026-12-29T17:00:00.000Z', '2026-12-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '2027-01-04T17:00:00.000Z'];
    for (const [count, dueAt] of dueAts.entries()) {
      await stack.advanceTo(new Date(Date.parse(dueAt) - 1000).toISOString());
      expect(await escalated(), `before ${dueAt}`).toBe(count);
      await stack.advanceTo(dueAt);
      expect(await escalated(), `at ${dueAt}`).toBe(count + 1);
    }

    // Each escalation its own email, sent once, under its own id.
    const escalations = await emailsAbout(caseId, MANAGER);
    expect(new Set(escalations.map((e) => e.subject))).toEqual(new Set([`Escalation: threshold decision for ${caseId} overdue`]));
    const ids = escalations.map((e) => e.headers?.find((header) => header.name.toLowerCase() === EMAIL_ID_HEADER)?.value);
    expect(ids).toEqual(dueAts.map((dueAt) => `${caseId}/initialConsiderationEscalation-${dueAt}`));
    expect(escalations[0]?.body.text).toContain('was due by Wednesday, 23 December 2026 at 5:00 pm and has still not been recorded');
    const { events } = (await stack.get(`/cases/${caseId}/history`)).body;
    const sent = events.filter((e: { type: string; details?: { kind?: string } }) => e.type === 'EmailSent' && e.details?.kind === 'initialConsiderationEscalation');
    expect(sent).toHaveLength(5);

    // Decided on Tuesday 5 January: nothing more is sent.
    await stack.advanceTo('2027-01-05T10:00:00Z');
    expect((await stack.post(`/cases/${caseId}/decisions`, allegation)).status).toBe(202);
    await stack.advanceTo('2027-01-08T18:00:00Z');
    expect(await escalated()).toBe(5);
    expect(await emailsAbout(caseId, DUTY_LADO)).toHaveLength(1);
    expect((await stack.get(`/cases/${caseId}`)).body.status).toBe('ALLEGATION_MANAGEMENT');
  });
});
