import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { completeReferral } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * A burst: 2,000 complete referrals arrive at one virtual instant, and a day
 * later all their chasers fall due at one instant. The local runtime queues
 * the invocations under its concurrency limit, as Lambda throttles, instead of
 * starting thousands at once; nothing may fail or time out on the way.
 */
const REFERRALS = 2_000;
const AT_ONCE = 50;
const DUTY_LADO = 'duty-lado@lado.example.gov.uk';

let stack: TestStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

async function inBatches<T, R>(items: T[], size: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(each))));
  return results;
}

describe('a burst of referrals', () => {
  it('takes 2,000 referrals at one instant and chases all 2,000 at one instant, with no execution failed', async () => {
    const startedAt = performance.now();
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday, GMT
    const submitted = await inBatches(Array.from({ length: REFERRALS }, () => completeReferral()), AT_ONCE, (referral) => stack!.post('/referrals', referral));
    expect(submitted.filter((answer) => answer.status !== 202)).toEqual([]);
    const caseIds = submitted.map((answer) => answer.body.caseId as string);
    expect(new Set(caseIds).size).toBe(REFERRALS);
    await stack.clock.settle();
    expect(stack.clock.now().toISOString()).toBe('2026-11-23T10:00:00.000Z');
    const takenIn = performance.now() - startedAt;

    // Every chaser is due at 17:00 on working day 1; the escalations a day later.
    await stack.advanceTo('2026-11-24T18:00:00Z');
    const chasedIn = performance.now() - startedAt - takenIn;

    const executions = stack.stepFunctions.listExecutions({ stateMachineArn: stack.stateMachineArn });
    expect(executions).toHaveLength(REFERRALS);
    expect(executions.filter((execution) => execution.status !== 'RUNNING')).toEqual([]);
    expect(stack.lambdas.occupancy.peakRunning).toBeLessThanOrEqual(stack.lambdas.concurrency);

    const cases = await inBatches(caseIds, AT_ONCE, (caseId) => stack!.get(`/cases/${caseId}`));
    expect(cases.filter((answer) => answer.status !== 200 || answer.body.status !== 'AWAITING_THRESHOLD_DECISION')).toEqual([]);
    const pending = cases.map((answer) => answer.body.pendingDeadlines.map((deadline: { kind: string }) => deadline.kind).join(','));
    expect(new Set(pending)).toEqual(new Set(['initialConsiderationEscalation']));

    const chasers = new Map<string, number>();
    for (const email of await stack.emailsTo(DUTY_LADO)) {
      const caseId = /^Overdue: threshold decision for (LADO-\w+)$/.exec(email.subject)?.[1];
      if (caseId) chasers.set(caseId, (chasers.get(caseId) ?? 0) + 1);
    }
    expect(caseIds.filter((caseId) => chasers.get(caseId) !== 1)).toEqual([]);

    console.info(
      `[burst] ${REFERRALS} referrals taken in ${(takenIn / 1000).toFixed(1)} s, chased in ${(chasedIn / 1000).toFixed(1)} s; ` +
        `at most ${stack.lambdas.occupancy.peakRunning} invocations at once`,
    );
  }, 600_000);
});
