import { afterEach, describe, expect, it } from 'vitest';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral, referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Nothing lost, nothing silent: the lifecycle under injected faults, on the
 * synthesized definition with the real handlers, DynamoDB Local and the local
 * SES, under virtual time.
 */
const DUTY_LADO = 'duty-lado@lado.example.gov.uk';
const OPERATIONS_TOKEN = officerToken('ops.on.call', 'operations');

let stack: TestStack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function emailsAbout(caseId: string, to: string) {
  return (await stack!.emailsTo(to)).filter((email) => email.subject.includes(caseId));
}

function executions() {
  return stack!.stepFunctions.listExecutions({ stateMachineArn: stack!.stateMachineArn });
}

async function reconcile(repair = false) {
  const response = await stack!.post('/operations/reconciliation', { repair }, { token: OPERATIONS_TOKEN });
  expect(response.status).toBe(200);
  return response.body as { drift: Array<{ kind: string; caseId?: string }>; repairs?: Array<{ action: string; caseId?: string }> };
}

describe('with SES down for two working days', () => {
  it('rejects on time, sends the rejection and the chaser once SES is back, each exactly once, and fails no execution', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday
    const incomplete = referralMissingDateOfBirthAndAddress();
    const complete = completeReferral();
    const returned = (await stack.post('/referrals', incomplete)).body.caseId as string;
    const waiting = (await stack.post('/referrals', complete)).body.caseId as string;
    await stack.clock.settle();
    expect(await emailsAbout(returned, incomplete.referrer.email)).toHaveLength(2); // acknowledgement, return

    // SES fails every send from Tuesday morning until Thursday evening: across the duty LADO's chase
    // (Tuesday 17:00), the return reminder (Wednesday 17:00) and the return cut-off (Thursday 17:00).
    expect((await stack.post('/local/faults', { ses: { failureRate: 1 } })).status).toBe(200);
    await stack.advanceTo('2026-11-26T17:30:00Z');
    const rejected = (await stack.get(`/cases/${returned}`)).body;
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectedAt: '2026-11-26T17:00:00.000Z' });
    // The timer fires at most the in-flow email retries (35 s) late, when it woke to retry the reminder just before.
    const trail = (await stack.get(`/cases/${returned}/history`)).body.events as Array<{ type: string; at: string }>;
    const rejection = trail.find((e) => e.type === 'ReferralRejected')!;
    expect(Date.parse(rejection.at) - Date.parse('2026-11-26T17:00:00Z')).toBeLessThanOrEqual(35_000);
    expect(rejected.owedEmails.map((e: { kind: string }) => e.kind)).toEqual(['returnCutoff']);
    const chased = (await stack.get(`/cases/${waiting}`)).body;
    // The chase (Tuesday), and the escalation of Wednesday and its repeat of Thursday.
    expect(chased.owedEmails.map((e: { kind: string }) => e.kind)).toEqual(['initialConsiderationChase', 'initialConsiderationEscalation', 'initialConsiderationEscalation']);
    expect(await emailsAbout(waiting, DUTY_LADO)).toHaveLength(0);
    expect((await reconcile()).drift.map((d) => d.kind)).toContain('emailOwedTooLong');

    expect((await stack.request('DELETE', '/local/faults')).status).toBe(200);
    await stack.advanceTo('2026-11-27T12:00:00Z');
    const toReferrer = (await emailsAbout(returned, incomplete.referrer.email)).map((e) => e.subject);
    expect(toReferrer.filter((s) => /rejected/i.test(s))).toHaveLength(1);
    // The reminder fell due during the outage and was overtaken by the rejection: it is not sent after it.
    expect(toReferrer).toHaveLength(3);
    expect((await emailsAbout(waiting, DUTY_LADO)).map((e) => e.subject)).toEqual([`Overdue: threshold decision for ${waiting}`]);
    expect((await stack.get(`/cases/${returned}`)).body.owedEmails).toEqual([]);
    expect((await stack.get(`/cases/${waiting}`)).body.owedEmails).toEqual([]);

    expect(executions().filter((e) => e.status === 'FAILED')).toEqual([]);
    expect((await reconcile()).drift).toEqual([]);
  });
});

describe('with every task crashing after its work, before it answers', () => {
  it('records no event twice, sends no email twice and starts no execution twice', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const crashAfter = { crashRate: 0.5, when: 'after' };
    const lambda = Object.fromEntries(['receipt', 'completeness', 'park', 'deadlines', 'notifier', 'handover'].map((name) => [name, crashAfter]));
    expect((await stack.post('/local/faults', { lambda })).status).toBe(200);
    const referral = completeReferral();
    const caseId = (await stack.post('/referrals', referral)).body.caseId as string;
    await stack.advanceTo('2026-11-26T10:00:00Z');
    const decision = {
      kind: 'threshold',
      officerId: 'lado.officer.7',
      outcome: 'allegation',
      harmCriteria: ['harmed-child'],
      allocatedTo: { officerId: 'lado.officer.7', email: 'lado7@lado.example.gov.uk' },
      rationale: 'Pupil account is consistent and the behaviour may have harmed a child.',
    };
    expect((await stack.post(`/cases/${caseId}/decisions`, decision)).status).toBe(202);
    await stack.advanceTo('2026-12-10T10:00:00Z');

    const history = (await stack.get(`/cases/${caseId}/history`)).body.events as Array<{ type: string; details?: Record<string, unknown> }>;
    const once = ['ReferralReceived', 'ReceiptRecorded', 'ReferralComplete', 'ThresholdDecisionRecorded'];
    for (const type of once) expect(history.filter((e) => e.type === type), type).toHaveLength(1);
    const sent = history.filter((e) => e.type === 'EmailSent').map((e) => JSON.stringify(e.details));
    expect(new Set(sent).size).toBe(sent.length);
    expect(await emailsAbout(caseId, referral.referrer.email)).toHaveLength(1);
    expect(await emailsAbout(caseId, DUTY_LADO)).toHaveLength(1); // the chase, once
    expect(await emailsAbout(caseId, 'lado-manager@lado.example.gov.uk')).toHaveLength(1); // the escalation, once
    const fired = history.filter((e) => e.type === 'DeadlineFired').map((e) => JSON.stringify(e.details));
    expect(new Set(fired).size).toBe(fired.length);
    const names = executions().map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith(caseId))).toEqual(expect.arrayContaining([`${caseId}-first-days`, `${caseId}-management-1`]));
    expect(executions().filter((e) => e.status === 'FAILED')).toEqual([]);
    expect(stack.faults.injected.lambda).toBeGreaterThan(0);
  });
});

describe('the reconciler', () => {
  it('finds a case whose workflow stopped, and repairs it from the stored case, recording who did', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const caseId = (await stack.post('/referrals', completeReferral())).body.caseId as string;
    await stack.clock.settle();
    expect((await reconcile()).drift).toEqual([]);
    const [running] = executions().filter((e) => e.name.startsWith(caseId) && e.status === 'RUNNING');
    stack.stepFunctions.stopExecution(running!.executionArn, 'Test', 'Seeded drift');
    await stack.advanceTo('2026-11-23T11:00:00Z');
    expect((await reconcile()).drift).toEqual([{ kind: 'caseWithoutExecution', caseId, expectedExecution: `${caseId}-first-days` }]);

    const repaired = await reconcile(true);
    expect(repaired.repairs).toEqual([expect.objectContaining({ caseId, action: 'restarted', execution: `${caseId}-first-days-2` })]);
    await stack.clock.settle();
    expect((await reconcile()).drift).toEqual([]);
    const history = (await stack.get(`/cases/${caseId}/history`)).body.events as Array<{ type: string; actor: string }>;
    expect(history.filter((e) => e.type === 'WorkflowRestarted')).toEqual([expect.objectContaining({ actor: 'ops.on.call' })]);
    // The restarted execution keeps the clock: the chase still fires on time.
    await stack.advanceTo('2026-11-24T17:00:01Z');
    expect(await emailsAbout(caseId, DUTY_LADO)).toHaveLength(1);
  });

});
