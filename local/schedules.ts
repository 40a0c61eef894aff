import { DateTime } from 'luxon';
import type { CloudFormationTemplate } from './synthesized-template';
import type { VirtualClock } from './virtual-clock';

/**
 * EventBridge Scheduler, locally: each daily schedule of the template
 * (`cron(M H * * ? *)` in its time zone: the retention job's, the morning list's) fires on
 * the virtual clock at its time of day, invoking its function with the
 * schedule's input, as the scheduler does. A run that fails is reported, and
 * the next day's run takes up what it left, as a deployed job's next run
 * would after the scheduler's retries.
 *
 * Rate schedules are not run here: the one there is, the reconciler's hourly
 * check, reports to an operations topic the local stack does not have, and
 * is run on demand (`npm run reconcile`); `npm start` runs its repairs once
 * at start (local/restart.ts).
 */
export interface DailySchedule {
  /** The schedule's logical id in the template. */
  id: string;
  /** The function it invokes: its logical id, which the local Lambda runtime resolves. */
  functionRef: string;
  hour: number;
  minute: number;
  timeZone: string;
  input: unknown;
}

const DAILY_CRON = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/;

export function dailySchedules(template: CloudFormationTemplate): DailySchedule[] {
  const schedules: DailySchedule[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Scheduler::Schedule') continue;
    const properties = resource.Properties ?? {};
    const expression = String(properties['ScheduleExpression']);
    if (expression.startsWith('rate(')) continue;
    const daily = DAILY_CRON.exec(expression);
    if (!daily) throw new Error(`The local stack runs daily cron schedules and rate schedules' work on demand; ${id} has ${expression}`);
    const target = properties['Target'] as { Arn?: { 'Fn::GetAtt'?: [string, string] }; Input?: string };
    const functionRef = target.Arn?.['Fn::GetAtt']?.[0];
    if (functionRef === undefined) throw new Error(`Schedule ${id} does not target a function of the template`);
    schedules.push({
      id,
      functionRef,
      minute: Number(daily[1]),
      hour: Number(daily[2]),
      timeZone: String(properties['ScheduleExpressionTimezone'] ?? 'UTC'),
      input: target.Input === undefined ? {} : JSON.parse(target.Input),
    });
  }
  return schedules;
}

/** The schedule's first run after `after`: its time of day in its zone, on the same day or the next (clock changes included). */
export function nextRun(schedule: Pick<DailySchedule, 'hour' | 'minute' | 'timeZone'>, after: Date): Date {
  const local = DateTime.fromJSDate(after, { zone: schedule.timeZone });
  const at = (day: DateTime) => day.set({ hour: schedule.hour, minute: schedule.minute, second: 0, millisecond: 0 });
  const today = at(local);
  return (today.toMillis() > after.getTime() ? today : at(local.plus({ days: 1 }))).toJSDate();
}

/** Fires each schedule on the clock until stopped; a failed run is reported to `onFailure`. */
export function runDailySchedules(
  schedules: readonly DailySchedule[],
  options: {
    clock: VirtualClock;
    invoke: (functionRef: string, input: unknown) => Promise<unknown>;
    onFailure: (schedule: DailySchedule, error: unknown) => void;
  },
): { stop(): void } {
  const stopped = new AbortController();
  for (const schedule of schedules) {
    void (async () => {
      for (;;) {
        try {
          await options.clock.sleepUntil(nextRun(schedule, options.clock.now()), stopped.signal, schedule.id);
        } catch {
          return;
        }
        await options.clock.track(options.invoke(schedule.functionRef, schedule.input).catch((error: unknown) => options.onFailure(schedule, error)));
      }
    })();
  }
  return { stop: () => stopped.abort() };
}
