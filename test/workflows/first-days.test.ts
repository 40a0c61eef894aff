import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { completeReferral, referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { startTestStack, stopCheckingHistories, type TestStack } from '../support/test-stack';

/**
 * The first days of a referral, on the definition CDK synthesizes, with the real
 * handlers, DynamoDB Local and the local SES, under virtual time.
 */
const DUTY_LADO = 'duty-lado@lado.example.gov.uk';
const MANAGER = 'lado-manager@lado.example.gov.uk';

let stack: TestStack | undefined;

afterEach(async () => {
  // Every scenario here runs an execution, so the check of its histories is never vacuous.
  if (stack) expect(stack.allHistoryText().length).toBeGreaterThan(100);
  await stopCheckingHistories(stack);
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

    // It keeps waiting, the duty LADO chased once, the manager told again at the close of each working day
    // (test/workflows/initial-consideration.test.ts): 11 working days from 25 November to 9 December. A late decision is still taken.
    await stack.advanceTo('2026-12-10T10:00:00Z');
    expect(await emailsAbout(caseId, DUTY_LADO)).toHaveLength(1);
    expect(await emailsAbout(caseId, MANAGER)).toHaveLength(11);
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
    // The workflow parked at receipt and at the reminder only: once the reminder was sent, its wait ran to the cut-off.
    const trail = (await stack.get(`/cases/${caseId}/history`)).body.events as Array<{ type: string; at: string }>;
    expect(trail.filter((event) => event.type === 'WorkflowWaiting').map((event) => event.at)).toEqual(['2026-08-28T15:55:00.000Z', '2026-09-02T16:00:00.000Z']);

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

describe('a threshold decision that closes the case', () => {
  // What no email may carry: the subject's and the children's identities, and the allegation.
  const allegationDetails = (referral: ReturnType<typeof completeReferral>) => [
    'Eleanor',
    'Whitcombe',
    'Jonah',
    'Bramley',
    '1984-03-17',
    '2016-06-05',
    referral.allegation.description,
    referral.allegation.category,
  ];
  const everything = (emails: Array<{ subject: string; body: { text?: string; html?: string } }>) =>
    emails.map((email) => `${email.subject}\n${email.body.text ?? ''}\n${email.body.html ?? ''}`).join('\n');

  it("on a transfer, tells the receiving authority's designated officer once that the referral is coming, and the referrer once who leads", async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const referral = completeReferral();
    const { caseId } = (await stack.post('/referrals', referral)).body;
    await stack.advanceTo('2026-11-23T15:30:00Z');
    const receivingOfficer = `lado-${randomUUID().slice(0, 8)}@medway.example.gov.uk`;
    const transfer = {
      kind: 'threshold',
      officerId: 'lado.officer.7',
      outcome: 'transfer',
      rationale: 'The teacher works at a school in Medway, whose designated officer leads.',
      receivingAuthority: { name: 'Medway Council', designatedOfficerEmail: receivingOfficer },
    };
    const decided = await stack.post(`/cases/${caseId}/decisions`, transfer);
    expect(decided.status).toBe(202);
    // A week on, nothing has been sent twice.
    await stack.advanceTo('2026-11-30T12:00:00Z');

    const toReceiving = await emailsAbout(caseId, receivingOfficer);
    expect(toReceiving.map((e) => e.subject)).toEqual([`LADO referral being passed to you: ${caseId}`]);
    expect(toReceiving[0]?.body.text).toContain(`contact our duty LADO at ${DUTY_LADO}, quoting ${caseId}`);
    expect(toReceiving[0]?.body.text).toContain('This email carries no details of the allegation: they will reach you by the secure route between our authorities.');
    for (const detail of [...allegationDetails(referral), referral.referrer.name, referral.referrer.email]) expect(everything(toReceiving)).not.toContain(detail);

    const toReferrer = (await emailsAbout(caseId, referral.referrer.email)).filter((e) => !e.subject.startsWith('LADO referral received'));
    expect(toReferrer.map((e) => e.subject)).toEqual([`LADO referral ${caseId}: another authority leads`]);
    expect(toReferrer[0]?.body.text).toContain("that authority's designated officer leads on it: Medway Council.");
    expect(toReferrer[0]?.body.text).toContain(`contact their designated officer at ${receivingOfficer}`);
    for (const detail of allegationDetails(referral)) expect(everything(toReferrer)).not.toContain(detail);

    const closed = (await stack.get(`/cases/${caseId}`)).body;
    expect(closed).toMatchObject({ status: 'CLOSED', closure: { receivingAuthority: transfer.receivingAuthority } });
    const { events } = (await stack.get(`/cases/${caseId}/history`)).body as { events: Array<{ type: string; actor: string; rationale?: string; details?: Record<string, unknown> }> };
    expect(events.find((e) => e.type === 'ThresholdDecisionRecorded')).toMatchObject({
      actor: 'lado.officer.7',
      rationale: transfer.rationale,
      details: { outcome: 'transfer', receivingAuthority: 'Medway Council' },
    });
    expect(events.filter((e) => e.type === 'EmailSent').map((e) => e.details?.['recipient'])).toEqual(['referrer', 'receivingLado', 'referrer']);
    expect(executionOf(caseId).map((e) => e.status)).toEqual(['SUCCEEDED']);
  });

  it('on no further LADO action, needs its category, and tells the referrer once with that reason and no allegation details', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const referral = completeReferral();
    const { caseId } = (await stack.post('/referrals', referral)).body;
    await stack.advanceTo('2026-11-23T15:30:00Z');
    const noFurtherAction = {
      kind: 'threshold',
      officerId: 'lado.officer.7',
      outcome: 'no-further-action',
      rationale: 'A concern about a child at home, not about the conduct of the teacher: for the Front Door.',
    };
    const unsaid = await stack.post(`/cases/${caseId}/decisions`, noFurtherAction);
    expect(unsaid.status).toBe(400);
    expect(unsaid.body.errors.map((error: { path: string }) => error.path)).toEqual(['category']);

    expect((await stack.post(`/cases/${caseId}/decisions`, { ...noFurtherAction, category: 'another-service' })).status).toBe(202);
    await stack.advanceTo('2026-11-30T12:00:00Z');

    const notices = (await emailsAbout(caseId, referral.referrer.email)).filter((e) => !e.subject.startsWith('LADO referral received'));
    expect(notices.map((e) => e.subject)).toEqual([`LADO referral ${caseId}: no further LADO action`]);
    expect(notices[0]?.body.text).toContain("will take no further action on it: the concern is a matter for another service, such as the Front Door service for a child's welfare.");
    for (const detail of [...allegationDetails(referral), noFurtherAction.rationale]) expect(everything(notices)).not.toContain(detail);
    expect((await stack.get(`/cases/${caseId}`)).body).toMatchObject({ status: 'CLOSED', closure: { noFurtherAction: 'another-service' } });
  });
});
