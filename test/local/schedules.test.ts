import { describe, expect, it } from 'vitest';
import { dailySchedules, nextRun, runDailySchedules } from '../../local/schedules';
import type { CloudFormationTemplate } from '../../local/synthesized-template';
import { VirtualClock } from '../../local/virtual-clock';

/** EventBridge Scheduler's daily schedules, run locally on the virtual clock. */
const schedule = (expression: string, functionId = 'Fn1', timeZone?: string) => ({
  Type: 'AWS::Scheduler::Schedule',
  Properties: {
    ScheduleExpression: expression,
    ...(timeZone ? { ScheduleExpressionTimezone: timeZone } : {}),
    Target: { Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, Input: '{"from":"scheduler"}' },
  },
});

describe('the daily schedules of a template', () => {
  it('are read with their function, time of day, zone and input; rate schedules are left to be run on demand', () => {
    const template: CloudFormationTemplate = {
      Resources: {
        Nightly: schedule('cron(0 2 * * ? *)', 'Retention', 'Europe/London'),
        Hourly: schedule('rate(1 hour)', 'Reconciler'),
        Other: { Type: 'AWS::Lambda::Function' },
      },
    };
    expect(dailySchedules(template)).toEqual([{ id: 'Nightly', functionRef: 'Retention', hour: 2, minute: 0, timeZone: 'Europe/London', input: { from: 'scheduler' } }]);
  });

  it('refuse a schedule the local stack cannot keep, rather than skip it', () => {
    expect(() => dailySchedules({ Resources: { Weekly: schedule('cron(0 2 ? * MON *)') } })).toThrow(/Weekly has cron\(0 2 \? \* MON \*\)/);
  });
});

describe('the next run', () => {
  const nightly = { hour: 2, minute: 0, timeZone: 'Europe/London' };

  it('is at the time of day in the zone: later today, or tomorrow once it has passed', () => {
    expect(nextRun(nightly, new Date('2026-11-23T01:59:59Z'))).toEqual(new Date('2026-11-23T02:00:00Z'));
    expect(nextRun(nightly, new Date('2026-11-23T02:00:00Z'))).toEqual(new Date('2026-11-24T02:00:00Z'));
    // In British Summer Time, 02:00 London is 01:00 UTC.
    expect(nextRun(nightly, new Date('2026-07-01T12:00:00Z'))).toEqual(new Date('2026-07-02T01:00:00Z'));
  });

  it('keeps the local time across both clock changes', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST, so 02:00 London is 01:00 UTC that day.
    expect(nextRun(nightly, new Date('2026-03-28T03:00:00Z'))).toEqual(new Date('2026-03-29T01:00:00Z'));
    // 25 October 2026: back to GMT.
    expect(nextRun(nightly, new Date('2026-10-24T03:00:00Z'))).toEqual(new Date('2026-10-25T02:00:00Z'));
  });
});

describe('running the schedules', () => {
  it('invokes the function with its input once a day at its time, reports a failed run and carries on, until stopped', async () => {
    const clock = new VirtualClock(new Date('2026-11-23T12:00:00Z'));
    const runs: string[] = [];
    const failures: string[] = [];
    const running = runDailySchedules([{ id: 'Nightly', functionRef: 'Retention', hour: 2, minute: 0, timeZone: 'Europe/London', input: { from: 'scheduler' } }], {
      clock,
      invoke: async (functionRef, input) => {
        runs.push(`${functionRef} ${JSON.stringify(input)} ${clock.now().toISOString()}`);
        if (runs.length === 1) throw new Error('the first run fails');
      },
      onFailure: (failed, error) => failures.push(`${failed.id}: ${(error as Error).message}`),
    });
    await clock.advanceTo(new Date('2026-11-25T12:00:00Z'));
    expect(runs).toEqual(['Retention {"from":"scheduler"} 2026-11-24T02:00:00.000Z', 'Retention {"from":"scheduler"} 2026-11-25T02:00:00.000Z']);
    expect(failures).toEqual(['Nightly: the first run fails']);
    running.stop();
    await clock.advanceTo(new Date('2026-11-27T12:00:00Z'));
    expect(runs).toHaveLength(2);
    expect(clock.pendingTimers()).toEqual([]);
  });
});
