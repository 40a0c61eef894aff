import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { completeReferral, PERSONAL_DATA, referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The first days of a referral, on the definition CDK synthesizes, with the real
 * handlers, DynamoDB Local and the local SES, under virtual time.
 */
const DUTY_LADO = 'duty-lado@lado.example.gov.uk';
const MANAGER = 'lado-manager@lado.example.gov.uk';

let stack: TestStack | undefined;

afterEach(async () => {
  if (!stack) return;
  // Whatever the scenario, its execution histories must hold identifiers only.
  const history = stack.allHistoryText();
  expect(history.length).toBeGreaterThan(100);
  for (const personal of PERSONAL_DATA) expect(history).not.toContain(personal);
  await stack.stop();
  stack = undefined;
});

async function emailsAbout(caseId: string, to: string) {
  return (await stack!.emailsTo(to)).filter((email) => email.subject.includes(caseId));
}

function executionOf(caseId: string) {
  const executions = stack!.stepFunctions.listExecutions({ stateMachineArn: stack!.stateMachineArn });
  return executions.filter((execution) => execution.name.startsWith(caseId));
}

const decision = {
  kind: 'threshold',
  officerId: 'lado.officer.7',
  outcome: 'allegation',
  harmCriteria: ['harmed-child'],
  allocatedTo: { officerId: 'lado.officer.7', email: 'lado7@lado.example.gov.uk' },
  rationale: 'Pupil account is consistent and the behaviour may have harmed a child.',
};

describe('a complete referral', () => {
  it('is acknowledged, awaits initial consideration, and a prompt decision sends no chaser', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday, GMT
    const referral = completeReferral();
    const submitted = await stack.post('/referrals', referral);
    expect(submitted.status).toBe(202);
    const { caseId } = submitted.body;
    await stack.clock.settle();

    const acknowledgements = await emailsAbout(caseId, referral.referrer.email);
    expect(acknowledgements.map((e) => e.subject)).toEqual([`LADO referral received: ${caseId}`]);
    const waiting = await stack.get(`/cases/${caseId}`);
    expect(waiting.body).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', stage: 'initial-consideration', awaiting: 'thresholdDecision' });
    expect(waiting.body.pendingDeadlines).toEqual([
      { kind: 'initialConsiderationChase', dueAt: '2026-11-24T17:00:00.000Z' },
      { kind: 'initialConsiderationEscalation', dueAt: '2026-11-25T17:00:00.000Z' },
    ]);

    await stack.advanceTo('2026-11-23T15:30:00Z');
    const decided = await stack.post(`/cases/${caseId}/decisions`, decision);
    expect(decided.status).toBe(202);
    await stack.advanceTo('2026-12-04T12:00:00Z');

    const recorded = await stack.get(`/cases/${caseId}`);
    expect(recorded.body.status).toBe('ALLEGATION_MANAGEMENT');
    expect(recorded.body.pendingDeadlines.map((d: { kind: string }) => d.kind)).not.toContain('initialConsiderationChase');
    expect(recorded.body.decisions).toEqual([
      { decision, decidedBy: 'lado.officer.7', decidedAt: '2026-11-23T15:30:00.000Z' },
    ]);
    expect(await emailsAbout(caseId, DUTY_LADO)).toEqual([]);
    expect(await emailsAbout(caseId, MANAGER)).toEqual([]);
    // The first days have ended and handed the case to its management execution.
    expect(executionOf(caseId).map((e) => [e.name, e.status])).toEqual([
      [`${caseId}-management-1`, 'RUNNING'],
      [`${caseId}-first-days`, 'SUCCEEDED'],
    ]);

    const again = await stack.post(`/cases/${caseId}/decisions`, decision);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/not awaiting a threshold decision/);
  });

  it('chases the duty LADO after one working day without a decision, then the manager a working day later, never earlier', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const referral = completeReferral();
    const { caseId } = (await stack.post('/referrals', referral)).body;

    await stack.advanceTo('2026-11-24T16:59:59Z');
    expect(await emailsAbout(caseId, DUTY_LADO)).toEqual([]);
    await stack.advanceTo('2026-11-24T17:00:00Z');
    const chasers = await emailsAbout(caseId, DUTY_LADO);
    expect(chasers.map((e) => e.subject)).toEqual([`Overdue: threshold decision for ${caseId}`]);
    expect(await emailsAbout(caseId, MANAGER)).toEqual([]);

    await stack.advanceTo('2026-11-25T16:59:59Z');
    expect(await emailsAbout(caseId, MANAGER)).toEqual([]);
    await stack.advanceTo('2026-11-25T17:00:00Z');
    expect((await emailsAbout(caseId, MANAGER)).map((e) => e.subject)).toEqual([`Escalation: threshold decision for ${caseId} overdue`]);

    // It keeps waiting: nothing more is sent, and a late decision is still taken.
    await stack.advanceTo('2026-12-10T10:00:00Z');
    expect(await emailsAbout(caseId, DUTY_LADO)).toHaveLength(1);
    expect(await emailsAbout(caseId, MANAGER)).toHaveLength(1);
    expect((await stack.post(`/cases/${caseId}/decisions`, { ...decision, outcome: 'consultation', harmCriteria: undefined })).status).toBe(202);
    await stack.clock.settle();
    expect(executionOf(caseId).map((e) => e.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect((await stack.get(`/cases/${caseId}`)).body.status).toBe('CONSULTATION');
  });
});

describe('an incomplete referral', () => {
  it('sent late on the Friday before a bank-holiday Monday is returned, reminded and rejected on the third working day', async () => {
    // Friday 28 August 2026, 16:55 in London (BST); Monday 31 August is the summer bank holiday.
    stack = await startTestStack('2026-08-28T15:55:00Z');
    const referral = referralMissingDateOfBirthAndAddress();
    const { caseId } = (await stack.post('/referrals', referral)).body;
    await stack.clock.settle();

    const returned = (await emailsAbout(caseId, referral.referrer.email)).find((e) => e.subject.includes('returned'));
    expect(returned?.body.text).toContain("The subject's date of birth");
    expect(returned?.body.text).toContain("The subject's home address");
    expect(returned?.body.text).toContain('Thursday, 3 September 2026 at 5:00 pm');
    const status = await stack.get(`/cases/${caseId}`);
    expect(status.body).toMatchObject({ status: 'AWAITING_RESUBMISSION', missing: ["The subject's date of birth", "The subject's home address"] });

    // Day 1 is Tuesday 1 September, day 3 Thursday 3 September; the reminder closes day 2.
    await stack.advanceTo('2026-09-02T15:59:59Z');
    expect((await emailsAbout(caseId, referral.referrer.email)).map((e) => e.subject)).toHaveLength(2);
    await stack.advanceTo('2026-09-02T16:00:00Z');
    const reminder = (await emailsAbout(caseId, referral.referrer.email)).find((e) => e.subject.startsWith('Reminder'));
    expect(reminder?.body.text).toContain("The subject's date of birth");

    await stack.advanceTo('2026-09-03T15:59:59Z');
    expect((await stack.get(`/cases/${caseId}`)).body.status).toBe('AWAITING_RESUBMISSION');
    await stack.advanceTo('2026-09-03T16:00:00Z');
    const rejected = await stack.get(`/cases/${caseId}`);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', stage: 'closed', rejectedAt: '2026-09-03T16:00:00.000Z' });
    const rejection = (await emailsAbout(caseId, referral.referrer.email)).find((e) => e.subject.endsWith('rejected'));
    expect(rejection?.body.text).toContain('please submit a new referral');
    expect(executionOf(caseId).map((e) => e.status)).toEqual(['SUCCEEDED']);

    const late = await stack.post(`/referrals/${caseId}/resubmission`, { subject: { dateOfBirth: '1984-03-17' } });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/rejected .* Please submit a new referral/);
  });

  it('resubmitted with the missing data on the second working day moves on to initial consideration', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday
    const referral = referralMissingDateOfBirthAndAddress();
    const { caseId } = (await stack.post('/referrals', referral)).body;
    await stack.advanceTo('2026-11-25T11:00:00Z'); // Wednesday: working day 2

    const missingDetails = { subject: { dateOfBirth: '1984-03-17', address: { line1: '12 Larkspur Lane', town: 'Maidstone', postcode: 'ME14 1AA' } } };
    const key = randomUUID();
    const resubmitted = await stack.post(`/referrals/${caseId}/resubmission`, missingDetails, { idempotencyKey: key });
    expect(resubmitted.status).toBe(202);
    await stack.clock.settle();
    // The portal, having lost the answer, sends it again: the same answer, and one resubmission on record.
    const retried = await stack.post(`/referrals/${caseId}/resubmission`, missingDetails, { idempotencyKey: key });
    expect(retried).toEqual(resubmitted);
    const { events } = (await stack.get(`/cases/${caseId}/history`)).body;
    expect(events.filter((e: { type: string }) => e.type === 'ResubmissionReceived')).toHaveLength(1);
    const moved = await stack.get(`/cases/${caseId}`);
    expect(moved.body).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', missing: [] });
    expect(moved.body.pendingDeadlines).toEqual([
      { kind: 'initialConsiderationChase', dueAt: '2026-11-26T17:00:00.000Z' },
      { kind: 'initialConsiderationEscalation', dueAt: '2026-11-27T17:00:00.000Z' },
    ]);

    // The old cut-off passes without effect.
    await stack.advanceTo('2026-11-26T16:59:00Z');
    expect((await stack.get(`/cases/${caseId}`)).body.status).toBe('AWAITING_THRESHOLD_DECISION');
    expect((await emailsAbout(caseId, referral.referrer.email)).some((e) => e.subject.endsWith('rejected'))).toBe(false);

    const again = await stack.post(`/referrals/${caseId}/resubmission`, { subject: { dateOfBirth: '1984-03-17' } });
    expect(again.status).toBe(409);
  });
});
