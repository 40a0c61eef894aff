import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DeleteCommand, GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deadline } from '../../functions/domain/case';
import type { Drift } from '../../functions/domain/reconciliation';
import { documentClient } from '../../functions/shared/clients/document-client';
import type { ReconciliationReport } from '../../functions/shared/reconciliation';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The reconciler against each kind of drift, seeded on the local stack under
 * virtual time: what the table says against what the engine runs. Each test
 * checks the exact finding, what a repair does about it, and that the record
 * is then clean. Drift is seeded by writing the case item directly, as a lost
 * or partial write would leave it: no version, no audit event.
 */
const OPERATOR = 'ops.on.call';
const OPERATIONS_TOKEN = officerToken(OPERATOR, 'operations');
const DUTY_LADO = 'duty-lado@lado.example.gov.uk';
const MONDAY = '2026-11-23T10:00:00.000Z';

let stack: TestStack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function reconcile(repair = false): Promise<ReconciliationReport> {
  const response = await stack!.post('/operations/reconciliation', { repair }, { token: OPERATIONS_TOKEN });
  expect(response.status).toBe(200);
  return response.body as ReconciliationReport;
}

/** A complete referral, received, acknowledged and parked on its threshold decision. */
async function caseAwaitingThresholdDecision(): Promise<string> {
  const caseId = (await stack!.post('/referrals', completeReferral())).body.caseId as string;
  await stack!.clock.settle();
  expect(runningExecutions()).toEqual([`${caseId}-first-days`]);
  return caseId;
}

const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });

/** Changes the stored case behind the store's back; the update keeps the ActiveCases attributes (activeShard, nextWakeAt…) as a save would. */
async function seedCase(caseId: string, update: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<void> {
  await documentClient().send(new UpdateCommand({ TableName: stack!.tableName, Key: caseKey(caseId), ConditionExpression: 'attribute_exists(pk)', ...update }));
}

function executionArn(name: string): string {
  return stack!.stateMachineArn.replace(':stateMachine:', ':execution:') + `:${name}`;
}

function runningExecutions(): string[] {
  return stack!.stepFunctions.listExecutions({ stateMachineArn: stack!.stateMachineArn, statusFilter: 'RUNNING' }).map((e) => e.name);
}

const statusOf = (name: string) => stack!.stepFunctions.describeExecution(executionArn(name)).status;

async function historyOf(caseId: string): Promise<Array<{ type: string; actor: string; rationale?: string; details?: Record<string, unknown> }>> {
  return (await stack!.get(`/cases/${caseId}/history`)).body.events;
}

async function emailsAbout(caseId: string, to: string) {
  return (await stack!.emailsTo(to)).filter((email) => email.subject.includes(caseId));
}

/** Runs `npm run reconcile` against this stack's API, as on-call would: its exit code and the report it prints. */
async function reconcileScript(...args: string[]): Promise<{ code: number; report: ReconciliationReport }> {
  const file = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
  // Asynchronously: the API it calls runs in this process.
  const run = promisify(execFile)(file('../../node_modules/.bin/tsx'), [file('../../scripts/reconcile.ts'), '--api', stack!.apiUrl, ...args]);
  const { stdout, code } = await run.then(
    ({ stdout }) => ({ stdout, code: 0 }),
    (error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }),
  );
  return { code, report: JSON.parse(stdout) };
}

describe('the reconciler, for each kind of drift', () => {
  it('caseWithoutExecution: gives a handover its grace period, then restarts the case it left without an execution', async () => {
    stack = await startTestStack(MONDAY);
    const caseId = await caseAwaitingThresholdDecision();
    // A handover that moved the case to its next execution and died before starting it: the old one ended, the new one never began.
    stack.stepFunctions.stopExecution(executionArn(`${caseId}-first-days`), 'HandedOver', 'Seeded drift');
    await seedCase(caseId, { UpdateExpression: 'SET phase = :phase', ExpressionAttributeValues: { ':phase': { name: 'first-days', sequence: 2, startedAt: MONDAY, wakes: 0 } } });

    await stack.advanceTo('2026-11-23T10:29:00Z');
    expect(await reconcile()).toMatchObject({ activeCases: 1, runningExecutions: 0, drift: [] });
    await stack.advanceTo('2026-11-23T10:31:00Z');
    const expected: Drift = { kind: 'caseWithoutExecution', caseId, expectedExecution: `${caseId}-first-days-2` };
    expect((await reconcile()).drift).toEqual([expected]);

    const { drift, repairs } = await reconcile(true);
    expect(drift).toEqual([expected]);
    expect(repairs).toEqual([{ drift: 'caseWithoutExecution', caseId, action: 'restarted', execution: `${caseId}-first-days-3` }]);
    await stack.clock.settle();
    expect(runningExecutions()).toEqual([`${caseId}-first-days-3`]);
    expect(await reconcile()).toMatchObject({ activeCases: 1, runningExecutions: 1, drift: [] });
    expect((await historyOf(caseId)).filter((e) => e.type === 'WorkflowRestarted')).toEqual([
      expect.objectContaining({ actor: OPERATOR, rationale: 'Repaired by the reconciler: caseWithoutExecution' }),
    ]);
  });

  it('executionForClosedCase: stops the workflow of a case closed without calling it back, and records it on the case', async () => {
    stack = await startTestStack(MONDAY);
    const caseId = await caseAwaitingThresholdDecision();
    // Closed as the store leaves a closed case: off the sparse ActiveCases index. Its parked workflow was never woken.
    await seedCase(caseId, {
      UpdateExpression: 'SET #status = :closed, closedAt = :at REMOVE activeShard, nextWakeAt, oldestOwedAt, awaiting',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':closed': 'CLOSED', ':at': MONDAY },
    });
    // A case that has just closed leaves its workflow a moment to finish.
    expect((await reconcile()).drift).toEqual([]);
    await stack.advanceTo('2026-11-23T10:31:00Z');

    const found = await reconcile();
    expect(found).toMatchObject({ activeCases: 0, runningExecutions: 1 });
    expect(found.drift).toEqual([{ kind: 'executionForClosedCase', caseId, execution: `${caseId}-first-days` }]);

    const { repairs } = await reconcile(true);
    expect(repairs).toEqual([{ drift: 'executionForClosedCase', caseId, execution: `${caseId}-first-days`, action: 'stopped' }]);
    expect(statusOf(`${caseId}-first-days`)).toBe('ABORTED');
    expect((await historyOf(caseId)).filter((e) => e.type === 'ExecutionStopped')).toEqual([
      expect.objectContaining({ actor: OPERATOR, details: { execution: `${caseId}-first-days` } }),
    ]);
    expect(await reconcile()).toMatchObject({ activeCases: 0, runningExecutions: 0, drift: [] });
  });

  it('executionForUnknownCase: stops a workflow whose case the table lacks, and one under a name this service never gives', async () => {
    stack = await startTestStack(MONDAY);
    const caseId = await caseAwaitingThresholdDecision();
    // As a table restored from a backup older than the referral leaves it: the workflow runs on for a case no longer stored.
    await documentClient().send(new DeleteCommand({ TableName: stack.tableName, Key: caseKey(caseId) }));
    // Started by hand; the crash holds it in its first step's retries, so it is still running when the reconciler looks.
    expect((await stack.post('/local/faults', { lambda: { receipt: { crashRate: 1 } } })).status).toBe(200);
    await stack.stepFunctions.startExecution({ stateMachineArn: stack.stateMachineArn, name: 'console-test-run', input: JSON.stringify({ caseId: 'LADO-0000000000' }) });
    await stack.clock.settle();
    expect(stack.faults.injected.lambda).toBeGreaterThan(0);

    const found = await reconcile();
    expect(found).toMatchObject({ activeCases: 0, runningExecutions: 2 });
    expect(found.drift).toHaveLength(2);
    expect(found.drift).toEqual(
      expect.arrayContaining([
        { kind: 'executionForUnknownCase', execution: `${caseId}-first-days` },
        { kind: 'executionForUnknownCase', execution: 'console-test-run' },
      ]),
    );

    const { repairs } = await reconcile(true);
    expect(repairs).toHaveLength(2);
    expect(repairs).toEqual(
      expect.arrayContaining([
        { drift: 'executionForUnknownCase', execution: `${caseId}-first-days`, action: 'stopped' },
        { drift: 'executionForUnknownCase', execution: 'console-test-run', action: 'stopped' },
      ]),
    );
    expect([statusOf(`${caseId}-first-days`), statusOf('console-test-run')]).toEqual(['ABORTED', 'ABORTED']);
    expect(await reconcile()).toMatchObject({ activeCases: 0, runningExecutions: 0, drift: [] });
  });

  it('deadlinePastDue: past the grace period, replaces the execution that did not fire a deadline with one that does', async () => {
    stack = await startTestStack(MONDAY);
    const caseId = await caseAwaitingThresholdDecision();
    // The chase falls due at 10:05, but the parked workflow's timer still waits for Tuesday's: as if its timer were lost.
    const dueAt = '2026-11-23T10:05:00.000Z';
    const { Item } = await documentClient().send(new GetCommand({ TableName: stack.tableName, Key: caseKey(caseId), ConsistentRead: true }));
    const deadlines = (Item!['deadlines'] as Deadline[]).map((d) => (d.kind === 'initialConsiderationChase' ? { ...d, dueAt } : d));
    expect(deadlines.filter((d) => d.dueAt === dueAt)).toHaveLength(1);
    await seedCase(caseId, { UpdateExpression: 'SET deadlines = :deadlines, nextWakeAt = :dueAt', ExpressionAttributeValues: { ':deadlines': deadlines, ':dueAt': dueAt } });

    await stack.advanceTo('2026-11-23T10:34:00Z');
    expect((await reconcile()).drift).toEqual([]);
    await stack.advanceTo('2026-11-23T10:36:00Z');
    const expected: Drift = { kind: 'deadlinePastDue', caseId, dueAt, execution: `${caseId}-first-days` };
    expect((await reconcile()).drift).toEqual([expected]);
    expect(await emailsAbout(caseId, DUTY_LADO)).toHaveLength(0);

    const { repairs } = await reconcile(true);
    expect(repairs).toEqual([{ drift: 'deadlinePastDue', caseId, action: 'restarted', execution: `${caseId}-first-days-2` }]);
    expect(statusOf(`${caseId}-first-days`)).toBe('ABORTED');
    // The new execution finds the chase due and fires it at its first wake.
    await stack.advanceTo('2026-11-23T10:37:00Z');
    expect((await emailsAbout(caseId, DUTY_LADO)).map((e) => e.subject)).toEqual([`Overdue: threshold decision for ${caseId}`]);
    expect(runningExecutions()).toEqual([`${caseId}-first-days-2`]);
    expect((await reconcile()).drift).toEqual([]);
    const history = await historyOf(caseId);
    expect(history.filter((e) => e.type === 'WorkflowRestarted')).toEqual([expect.objectContaining({ actor: OPERATOR })]);
    expect(history.filter((e) => e.type === 'DeadlineFired')).toEqual([expect.objectContaining({ details: { deadline: 'initialConsiderationChase', dueAt } })]);
  });

  it('emailOwedTooLong: reports an email owed past the hour, repairs nothing as its workflow keeps trying, and clears once SES takes it', async () => {
    stack = await startTestStack(MONDAY);
    expect((await stack.post('/local/faults', { ses: { failureRate: 1 } })).status).toBe(200);
    const referral = completeReferral();
    const caseId = (await stack.post('/referrals', referral)).body.caseId as string;
    await stack.clock.settle();
    expect((await stack.get(`/cases/${caseId}`)).body.owedEmails).toEqual([{ kind: 'acknowledgement', owedSince: MONDAY }]);

    await stack.advanceTo('2026-11-23T10:59:00Z');
    expect(await reconcile()).toMatchObject({ activeCases: 1, runningExecutions: 1, drift: [] });
    await stack.advanceTo('2026-11-23T11:01:00Z');
    const expected: Drift = { kind: 'emailOwedTooLong', caseId, owedSince: MONDAY };
    expect((await reconcile()).drift).toEqual([expected]);

    const { drift, repairs } = await reconcile(true);
    expect(drift).toEqual([expected]);
    expect(repairs).toEqual([{ drift: 'emailOwedTooLong', caseId, action: 'none', detail: 'The running workflow sends it again every hour until SES takes it' }]);
    expect(runningExecutions()).toEqual([`${caseId}-first-days`]);
    // npm run reconcile -- --repair exits 1 when drift is left unrepaired, so that on-call knows to act.
    expect(await reconcileScript('--repair')).toMatchObject({ code: 1, report: { repairs: [expect.objectContaining({ action: 'none' })] } });

    // SES back: the workflow's next hourly wake sends it, as the repair said.
    expect((await stack.request('DELETE', '/local/faults')).status).toBe(200);
    await stack.advanceTo('2026-11-23T12:05:00Z');
    expect(await emailsAbout(caseId, referral.referrer.email)).toHaveLength(1);
    expect((await reconcile()).drift).toEqual([]);
    expect(await reconcileScript()).toMatchObject({ code: 0, report: { drift: [] } });
  });

  it('needsAttention: restarts, once the fault has gone, a case whose first step failed past its retries', async () => {
    stack = await startTestStack(MONDAY);
    expect((await stack.post('/local/faults', { lambda: { receipt: { crashRate: 1 } } })).status).toBe(200);
    const referral = completeReferral();
    const caseId = (await stack.post('/referrals', referral)).body.caseId as string;
    // The step's retries last at most about 24 minutes; then the case is flagged and its execution ends.
    await stack.advanceTo('2026-11-23T10:30:00Z');
    const flagged = (await stack.get(`/cases/${caseId}`)).body.needsAttention;
    expect(flagged).toMatchObject({ step: 'RecordReceipt', errorClass: 'Runtime.ExitError', execution: `${caseId}-first-days` });
    expect(runningExecutions()).toEqual([]);
    const expected: Drift = { kind: 'needsAttention', caseId, step: 'RecordReceipt', errorClass: 'Runtime.ExitError', since: flagged.since };
    expect(await reconcile()).toMatchObject({ activeCases: 1, runningExecutions: 0, drift: [expected] });

    expect((await stack.request('DELETE', '/local/faults')).status).toBe(200);
    const { repairs } = await reconcile(true);
    expect(repairs).toEqual([{ drift: 'needsAttention', caseId, action: 'restarted', execution: `${caseId}-first-days-2` }]);
    await stack.clock.settle();
    const repaired = (await stack.get(`/cases/${caseId}`)).body;
    expect(repaired).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', needsAttention: null, owedEmails: [] });
    expect(await emailsAbout(caseId, referral.referrer.email)).toHaveLength(1); // the acknowledgement, late but sent
    expect(runningExecutions()).toEqual([`${caseId}-first-days-2`]);
    expect((await reconcile()).drift).toEqual([]);
    expect((await historyOf(caseId)).filter((e) => e.type === 'WorkflowRestarted')).toEqual([
      expect.objectContaining({ actor: OPERATOR, rationale: 'Repaired by the reconciler: needsAttention' }),
    ]);
  });
});
