import { londonDayBounds, londonMonthOf, monthsFromTo } from '../domain/calendar';
import { IDLE_RECHECK_SECONDS } from '../domain/phases';
import type { CaseTrail, ReportInput } from '../domain/report/annual-report';
import { rollingYearTo } from '../domain/report/period';
import { listEventItems, queryAll } from './case-store';
import { now } from './clock';
import { serviceConfig } from './config';
import { listEnquiries } from './enquiry-store';
import { listActiveCases, listRunningExecutions } from './reconciliation';
import { eventMonthPartition, EVENTS_BY_MONTH_INDEX, EVENTS_BY_MONTH_KEY, EVENTS_BY_MONTH_SHARDS } from './table-layout';

/**
 * What the annual report is computed from (functions/domain/report), read
 * without a Scan:
 *
 * 1. The cases with any event in the period, and in the rolling 12 months to
 *    its end (the settings the report flags count the referrals received
 *    then): a Query of the audit trail's EventsByMonth index per London month
 *    and shard (table-layout.ts), keys only, on the range of moments the
 *    window covers, de-duplicated.
 * 2. The cases open at some time in the period that had no event in it. A
 *    case whose workflow runs has an event at least every IDLE_RECHECK_SECONDS
 *    (30 days): each wait is capped at that, and each wake parks the workflow
 *    again with a `WorkflowWaiting` event (functions/domain/phases.ts,
 *    lifecycle-rules.ts, parkWait); an allegation's review falls every 10 or
 *    20 working days and a consultation's every 10 on top of that
 *    (deadline-policy.ts). So such a case's last event before the period lies
 *    within QUIET_CASE_DAYS of the period's end, inside the window read (a
 *    year at least). What escapes: a case whose workflow stopped (needing
 *    attention, when no event is written) for longer than the window,
 *    repaired and closed since; and a closed case whose events were all
 *    written before the index was (docs/deploy.md, its backfill). Those still
 *    stopped, and every case open now, are added from the case table's
 *    ActiveCases index.
 * 3. Each of those cases' trails, whole, oldest first (listEventItems), a few
 *    at a time: the core decides what of each falls in the period.
 * 4. The enquiries of the period (enquiry-store.ts), and, for a period that
 *    reaches today, how many workflows are running (ListExecutions).
 */

/** The longest a running workflow goes without writing an event, with a margin for a late timer. */
export const QUIET_CASE_DAYS = Math.ceil(IDLE_RECHECK_SECONDS / 86_400) + 2;

/** Trails read at once: enough to hide each Query's round trip, few enough to stay far below the table's limits. */
export const TRAIL_READS_AT_ONCE = 16;

/** Index Queries at once: a year is 12 months of 8 shards. */
const INDEX_READS_AT_ONCE = 16;

/** The London months (YYYY-MM) from the month of `start` to the month of `end`, in order. */
export function londonMonths(start: Date, end: Date): string[] {
  return monthsFromTo(londonMonthOf(start), londonMonthOf(end));
}

/**
 * The moments whose events find every case the report on `from`..`to` (London
 * dates, inclusive) needs: the period, the rolling 12 months to its end, and
 * the QUIET_CASE_DAYS before its end (see 1 and 2 above).
 */
export function eventWindow(from: string, to: string): { start: Date; end: Date } {
  const { end } = londonDayBounds(to);
  const starts = [londonDayBounds(from).start, londonDayBounds(rollingYearTo(to).from).start, new Date(end.getTime() - QUIET_CASE_DAYS * 86_400_000)];
  return { start: new Date(Math.min(...starts.map((start) => start.getTime()))), end };
}

/** Runs `work` on every item, at most `limit` at once; the answers in the items' order. */
export async function mapAtMost<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The cases with an event between two moments, from EventsByMonth: one Query a month and shard, keys only. */
export async function casesWithEventsBetween(start: Date, end: Date): Promise<string[]> {
  const reads = londonMonths(start, end).flatMap((month) => Array.from({ length: EVENTS_BY_MONTH_SHARDS }, (_, shard) => eventMonthPartition(month, shard)));
  const found = await mapAtMost(reads, INDEX_READS_AT_ONCE, (partition) =>
    queryAll<{ pk: string }>({
      TableName: serviceConfig().AUDIT_TABLE_NAME,
      IndexName: EVENTS_BY_MONTH_INDEX,
      KeyConditionExpression: '#month = :month AND sk BETWEEN :start AND :end',
      ProjectionExpression: 'pk',
      ExpressionAttributeNames: { '#month': EVENTS_BY_MONTH_KEY },
      // An event's key begins EVENT#<its moment>#: every key of the last moment sorts below `#~`.
      ExpressionAttributeValues: { ':month': partition, ':start': `EVENT#${start.toISOString()}`, ':end': `EVENT#${end.toISOString()}#~` },
    }),
  );
  return [...new Set(found.flat().map((item) => item.pk.slice('CASE#'.length)))];
}

/** Today's date in London. */
function londonToday(): string {
  return serviceConfig().calendar.localDateOf(now());
}

/**
 * Everything the annual report for `from`..`to` (London dates, inclusive) is
 * computed from, but the report's own settings, which the caller adds.
 */
export async function readReportInput(from: string, to: string): Promise<Omit<ReportInput, 'settingsThreshold'>> {
  const computedAt = now();
  const window = eventWindow(from, to);
  const periodEnd = window.end.toISOString();
  const [withEvents, active, enquiries, runningWorkflows] = await Promise.all([
    casesWithEventsBetween(window.start, window.end),
    listActiveCases(),
    listEnquiries(from, to),
    to >= londonToday() ? listRunningExecutions().then((names) => names.length) : Promise.resolve(null),
  ]);
  // Open now and received by the period's end: open throughout from then, or stopped.
  const openNow = active.filter((entry) => entry.receivedAt <= periodEnd).map((entry) => entry.caseId);
  const caseIds = [...new Set([...withEvents, ...openNow])].sort();
  const trails = await mapAtMost(caseIds, TRAIL_READS_AT_ONCE, async (caseId): Promise<CaseTrail> => ({
    caseId,
    events: (await listEventItems(caseId)).map(({ sk: _sk, ...event }) => event),
  }));
  return { from, to, computedAt, trails, enquiries, runningWorkflows, calendar: serviceConfig().calendar };
}
