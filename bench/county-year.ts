import './quiet';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { matchRoute } from '../functions/api-routes';
import type { CaseRecord } from '../functions/domain/case';
import type { AnnualReport } from '../functions/domain/report/output';
import { SERVICE_ZONE } from '../functions/domain/calendar';
import { workingCalendarFromEnv } from '../functions/shared/config';
import { documentClient } from '../functions/shared/clients/document-client';
import { queryAll } from '../functions/shared/case-store';
import { officerToken, PORTAL_TOKEN } from '../local/dev-tokens';
import { freePort } from '../local/ports';
import { startDynamoDb, type RunningDynamoDb } from '../local/dynamodb';
import { CRASH_MOMENTS, LocalFaults, parseFaultSettings, seededRandom, type FaultSettings } from '../local/faults';
import { startSes } from '../local/ses';
import { startLocalStack } from '../local/stack';
import type { CloudFormationTemplate } from '../local/synthesized-template';
import { ARRIVALS, MONTHLY_REFERRALS, OFFICER_CASELOAD, OFFICER_FTE_PER_COUNTY, YEAR } from './assumptions';
import { officerTeam, ReferralScript, WorkloadTally, type ApiAnswer, type Replay } from './case-scripts';
import { EmailTally } from './emails';
import { deadlineFigures, deliveryFigures, executionFigures, retryWaitBoundSeconds, staffingFigures, staffingSummary, type TrailEvent } from './figures';
import { DynamoDbMeter, dynamoDbLocalPid, DynamoDbRequestLog, LambdaMeter, processMemory, round } from './instruments';
import { costOf, PRICES } from './pricing';
import { expectedFigures, reconcileReport, reconciliationSummary } from './report-reconciliation';
import { synthesizeApart } from './synthesize-apart';
import { Random } from './random';
import { Timeline } from './timeline';
import { WorkingTime } from './working-time';

/**
 * `npm run bench`: one county's year of LADO referrals replayed in virtual
 * time through the local stack (the synthesized definition, the real
 * handlers, DynamoDB Local and the local SES), driven over the HTTP API.
 * Prints one JSON document on stdout; progress goes to stderr.
 */
export interface CountyYearOptions {
  /** Multiplies the volume: referrals, and officers unless `officers` is given. */
  scale: number;
  /** Allocated officers as full-time equivalents (5.8 a county by default, times the scale); a fraction is one part-timer. */
  officers?: number;
  /** Replays the first months of the year only. */
  months: number;
  seed: number;
  /** Reuses a running DynamoDB Local (its own table) instead of starting one. */
  dynamoDbEndpoint?: string;
  /** A synthesized template, to skip synthesis. */
  templatePath?: string;
  /** Writes the id of every email sent, one per line, sorted: two runs of one seed compare by diff. */
  emailIdsPath?: string;
  /** Called with progress lines; stderr by default. */
  progress?: (line: string) => void;
  /** Faults injected during the replay (not while the figures are read), drawn from the seed. */
  faults?: FaultSettings;
  /** Writes the annual report of the replayed period here, as JSON. */
  reportPath?: string;
  /** Writes the annual report of the replayed period into this folder as Markdown (report.md), with its SVG charts. */
  reportMarkdownDir?: string;
  /** Writes every DynamoDB request of the replay to this file, for bench/dynamodb-replay.ts (instruments.ts, DynamoDbRequestLog). */
  dynamoDbRequestsPath?: string;
}

export async function runCountyYear(options: CountyYearOptions) {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();

  const lambdaMeter = new LambdaMeter();
  lambdaMeter.install();
  const ownDynamoDb: Promise<RunningDynamoDb | undefined> = options.dynamoDbEndpoint ? Promise.resolve(undefined) : freePort().then(startDynamoDb);
  const sesStarting = startSes(0);
  const [dynamoDb, ses, templatePath] = await Promise.all([ownDynamoDb, sesStarting, options.templatePath ?? synthesizeApart()]);
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CloudFormationTemplate;
  if (!options.templatePath) rmSync(path.dirname(templatePath), { recursive: true, force: true });
  const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamoDb!.endpoint;
  const yearStart = DateTime.fromISO(YEAR.startsAt, { zone: SERVICE_ZONE });
  const endsAt = yearStart.plus({ months: options.months }).toMillis();
  const faults = new LocalFaults(seededRandom(options.seed ^ 0xfa175));
  if (options.faults) faults.set(options.faults);
  const stack = await startLocalStack({
    template,
    dynamoDbEndpoint,
    sesUrl: ses.url,
    tableName: `county-year-${process.pid}-${Date.now()}`,
    startTime: yearStart.toJSDate(),
    logLevel: 'ERROR',
    faults,
  });
  const dynamoDbMeter = new DynamoDbMeter();
  dynamoDbMeter.install(documentClient());
  const requestLog = options.dynamoDbRequestsPath ? new DynamoDbRequestLog(options.dynamoDbRequestsPath) : undefined;
  if (requestLog) {
    await requestLog.writeTables(dynamoDbEndpoint, [stack.tableName, stack.auditTableName]);
    // The requests the figures count: the replay's, not the bench's own reads.
    requestLog.install(documentClient(), () => dynamoDbMeter.counting);
  }
  const javaPid = dynamoDbLocalPid(Number(new URL(dynamoDbEndpoint).port));
  const javaAtStart = javaPid === undefined ? undefined : processMemory(javaPid);
  const setupSeconds = (performance.now() - startedAt) / 1000;
  progress(`[county-year] stack ready in ${setupSeconds.toFixed(1)} s; replaying ${options.months} month(s) at scale ${options.scale}`);

  const timeline = new Timeline();
  const tally = new WorkloadTally();
  const emails = new EmailTally(ses.url);
  const caseIds = new Set<string>();
  const apiRequests: Record<string, number> = {};
  const time = new WorkingTime(workingCalendarFromEnv(process.env));
  const officerFte = options.officers ?? Math.round(OFFICER_FTE_PER_COUNTY * options.scale * 1000) / 1000;
  const officers = officerTeam(officerFte);
  progress(`[county-year] ${officerFte} FTE allocated officers: ${officers.map((officer) => `${officer.id} ${officer.fte}`).join(', ')}`);
  const replay: Replay = {
    time,
    endsAt,
    seed: options.seed,
    officers,
    tally,
    schedule: (at, owner, action) => timeline.add(at, owner, action),
    post: async (path, body): Promise<ApiAnswer> => {
      const route = matchRoute('POST', path)?.route;
      if (!route) throw new Error(`The bench posts only to the API's routes, not ${path}`);
      apiRequests[route.path] = (apiRequests[route.path] ?? 0) + 1;
      // The local stack's development tokens: the portal's, or the officer's whose id the decision carries.
      const token = route.access.kind === 'portal' ? PORTAL_TOKEN : officerToken((body as { officerId: string }).officerId, 'lado-officer');
      // Each request that needs a key is a new one, under a key of its own.
      const keyed = route.headers?.includes('Idempotency-Key');
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(keyed ? { 'idempotency-key': randomUUID() } : {}) };
      let response = await fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      // A 503 changed nothing: the caller sends the same request again, under the same key (at once: the clock is virtual).
      for (let retries = 0; response.status === 503 && retries < 5; retries++) {
        tally.retriedAfterUnavailable++;
        await response.text();
        response = await fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      }
      const text = await response.text();
      const answer: ApiAnswer = { status: response.status, body: text ? JSON.parse(text) : undefined };
      if (path === '/referrals' && answer.body?.caseId) caseIds.add(answer.body.caseId);
      return answer;
    },
  };

  // Arrivals: each month's referrals spread over its days, working days weighted above closed ones.
  const arrivals = new Random(options.seed ^ 0x5eed);
  let arrived = 0;
  for (let month = 0; month < options.months; month++) {
    const first = yearStart.plus({ months: month });
    const days = Array.from({ length: first.daysInMonth! }, (_, i) => first.plus({ days: i }).toISODate()!).map((date) => ({
      date,
      weight: time.isWorkingDay(date) ? 1 : ARRIVALS.closedDayWeight,
    }));
    const count = Math.round(MONTHLY_REFERRALS[month % 12]! * options.scale);
    for (let i = 0; i < count; i++) {
      const { date } = arrivals.weightedItem(days);
      const evening = !time.isWorkingDay(date) || arrivals.chance(ARRIVALS.eveningShare);
      const slots = time.isWorkingDay(date) ? (evening ? time.eveningSlotsOn(date) : time.slotsOn(date)) : [...time.slotsOn(date), ...time.eveningSlotsOn(date)];
      new ReferralScript(replay, arrived++, undefined).submitAt(arrivals.pick(slots));
    }
  }

  /** Runs work outside the figures: no fault injected, no DynamoDB request or Lambda invocation counted. */
  const unmetered = async <T>(work: () => Promise<T>): Promise<T> => {
    const faultsBefore = faults.settings;
    const lambdaBefore = new Map([...lambdaMeter.byFunction].map(([name, figures]) => [name, { ...figures }]));
    faults.clear();
    dynamoDbMeter.counting = false;
    try {
      return await work();
    } finally {
      dynamoDbMeter.counting = true;
      faults.set(faultsBefore);
      lambdaMeter.byFunction.clear();
      for (const [name, figures] of lambdaBefore) lambdaMeter.byFunction.set(name, figures);
    }
  };

  const loopUtilisationAtStart = performance.eventLoopUtilization();
  const replayStartedAt = performance.now();
  let instants = 0;
  let nextMonth = 1;
  const monthStart = (n: number) => yearStart.plus({ months: n }).toMillis();
  // Each month's share of the CPU: Node's, and DynamoDB Local's per request, to tell a warming JVM from a growing table.
  const usage = () => ({ at: performance.now(), nodeCpuSeconds: cpuSecondsOf(process.cpuUsage()), javaCpuSeconds: javaPid === undefined ? NaN : (processMemory(javaPid)?.cpuSeconds ?? NaN) });
  let monthBegan = { ...usage(), requests: 0 };
  /** What the annual report's request took, left out of its month's figures as its requests are. */
  let reportUsage = { seconds: 0, nodeCpuSeconds: 0, javaCpuSeconds: 0 };
  const endOfMonth = async (): Promise<void> => {
    await stack.clock.advanceTo(new Date(monthStart(nextMonth)));
    await emails.harvest();
    const rss = process.memoryUsage().rss / 2 ** 20;
    const ended = { ...usage(), requests: dynamoDbMeter.totals().requests };
    const seconds = (ended.at - monthBegan.at) / 1000 - reportUsage.seconds;
    const nodeCpuSeconds = ended.nodeCpuSeconds - monthBegan.nodeCpuSeconds - reportUsage.nodeCpuSeconds;
    const requests = ended.requests - monthBegan.requests;
    const javaMsPerRequest = ((ended.javaCpuSeconds - monthBegan.javaCpuSeconds - reportUsage.javaCpuSeconds) * 1000) / Math.max(1, requests);
    progress(
      `[county-year] ${yearStart.plus({ months: nextMonth - 1 }).toFormat('yyyy-MM')}: ${tally.submissions} submissions, ${tally.decidedReferrals} decided, ` +
        `${emails.messages} emails, ${((performance.now() - startedAt) / 1000).toFixed(1)} s, rss ${rss.toFixed(0)} MB; ` +
        `this month ${seconds.toFixed(1)} s, Node ${nodeCpuSeconds.toFixed(1)} CPU-s, ${requests} DynamoDB requests at ${javaMsPerRequest.toFixed(2)} JVM ms each`,
    );
    monthBegan = ended;
    reportUsage = { seconds: 0, nodeCpuSeconds: 0, javaCpuSeconds: 0 };
    nextMonth++;
  };
  for (let at = timeline.nextAt(); at !== undefined && at < endsAt; at = timeline.nextAt()) {
    while (at >= monthStart(nextMonth)) await endOfMonth();
    await stack.clock.advanceTo(new Date(at));
    instants++;
    // Actions due together run concurrently, except that one case's actions run in order.
    const byOwner = new Map<string, Array<() => Promise<void>>>();
    for (const action of timeline.takeAt(at)) {
      const queue = byOwner.get(action.owner) ?? [];
      queue.push(action.run);
      byOwner.set(action.owner, queue);
    }
    await Promise.all([...byOwner.values()].map(async (queue) => {
      for (const run of queue) await run();
    }));
  }
  while (nextMonth < options.months) await endOfMonth();
  // The period's last moment (23:59:59.999 on its last day, London): the manager asks for the report of the period
  // then, so that the report also sets the open cases against the workflows running.
  const reportPeriod = { from: yearStart.toISODate()!, to: DateTime.fromMillis(endsAt - 1, { zone: SERVICE_ZONE }).toISODate()! };
  await stack.clock.advanceTo(new Date(endsAt - 1));
  await stack.clock.settle();
  const beforeReport = usage();
  const annual = await unmetered(() => askForAnnualReport(stack.apiUrl, reportPeriod));
  const afterReport = usage();
  const reportSeconds = (afterReport.at - beforeReport.at) / 1000;
  reportUsage = {
    seconds: reportSeconds,
    nodeCpuSeconds: afterReport.nodeCpuSeconds - beforeReport.nodeCpuSeconds,
    javaCpuSeconds: afterReport.javaCpuSeconds - beforeReport.javaCpuSeconds,
  };
  while (nextMonth <= options.months) await endOfMonth();
  await stack.clock.settle();
  // What the last moments sent, so that every recorded send can be found among the messages.
  await emails.harvest();
  // The figures are read through the same proxies; faults are for the replay only.
  const faultSettings = faults.settings;
  faults.clear();
  const replaySeconds = (performance.now() - replayStartedAt) / 1000 - reportSeconds;
  const loopUtilisation = performance.eventLoopUtilization(loopUtilisationAtStart).utilization;
  dynamoDbMeter.counting = false;
  await requestLog?.close();
  lambdaMeter.uninstall();
  const javaAtEnd = javaPid === undefined ? undefined : processMemory(javaPid);

  const collectStartedAt = performance.now();
  const cases = await readCases(stack.tableName, [...caseIds]);
  const fromExecutions = executionFigures(stack.stepFunctions, stack.stateMachineArn, cases);
  const deadlines = deadlineFigures(cases.values(), endsAt);
  const trails = await readTrails(stack.auditTableName, [...caseIds]);
  if (options.emailIdsPath) writeFileSync(options.emailIdsPath, [...emails.byEmailId.keys()].sort().map((id) => `${id}\n`).join(''));
  const delivery = deliveryFigures(trails, cases, emails, retryWaitBoundSeconds(JSON.parse(stack.stepFunctions.describeStateMachine(stack.stateMachineArn).definition)));
  const casesAtYearEnd: Record<string, number> = {};
  for (const record of cases.values()) casesAtYearEnd[record.status] = (casesAtYearEnd[record.status] ?? 0) + 1;

  // The annual report of the replayed period, figure by figure against what the generator did. The staffing
  // figures are the generator's own, so they stand even when the report cannot be read.
  const expected = expectedFigures({ ...tally, cases: tally.cases.values(), period: reportPeriod });
  const reconciliation = 'error' in annual ? [] : reconcileReport(annual, reportPeriod, expected);
  const staffing = staffingFigures(deadlines, expected.kpis);
  const responses = tally.responses;
  const responded = Math.max(1, responses.early + responses.onTheDay + responses.late);
  for (const line of staffingSummary(staffing)) progress(`[county-year] ${line}`);
  if (!('error' in annual)) {
    if (options.reportPath) writeFileSync(options.reportPath, `${JSON.stringify(annual, null, 2)}\n`);
    if (options.reportMarkdownDir) {
      mkdirSync(options.reportMarkdownDir, { recursive: true });
      // Loaded only when asked for: the charts' libraries are large, and the replay never needs them.
      const { renderReportMarkdown } = await import('../reports/render-markdown');
      const markdown = await renderReportMarkdown(annual, { chartsDir: options.reportMarkdownDir, chartsHref: '.' });
      writeFileSync(path.join(options.reportMarkdownDir, 'report.md'), markdown);
    }
  }

  const lambdaTotals = lambdaMeter.totals();
  const dynamoTotals = dynamoDbMeter.totals();
  const apiTotal = Object.values(apiRequests).reduce((sum, n) => sum + n, 0);
  const cost = costOf({
    stateTransitions: fromExecutions.stateTransitions.total,
    lambdaInvocations: lambdaTotals.invocations,
    lambdaBilledMs: lambdaTotals.billedMs,
    readRequestUnits: dynamoTotals.readRequestUnits,
    writeRequestUnits: dynamoTotals.writeRequestUnits,
    emailRecipients: emails.recipients,
    apiRequests: apiTotal,
  });
  const collectSeconds = (performance.now() - collectStartedAt) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);

  await stack.stop();
  await ses.stop();
  await dynamoDb?.stop();
  const wallClockSeconds = (performance.now() - startedAt) / 1000;
  const money = (dollars: number) => Math.round(dollars * 1e6) / 1e6;
  const byFunction = Object.fromEntries(
    [...lambdaMeter.byFunction.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, figures]) => [name, { invocations: figures.invocations, meanMs: round(figures.totalMs / figures.invocations, 2), maxMs: round(figures.maxMs), billedMs: figures.billedMs }]),
  );

  return {
    bench: 'county-year',
    scale: options.scale,
    months: options.months,
    seed: options.seed,
    period: { from: yearStart.toISO(), to: DateTime.fromMillis(endsAt, { zone: SERVICE_ZONE }).toISO() },
    wallClockSeconds: round(wallClockSeconds),
    referrals: {
      /** Referrals of the replayed months (the monthly pattern times the scale). */
      arrived,
      /** Portal submissions: the referrals, plus those sent again after a rejection. */
      submitted: tally.submissions,
      casesCreated: caseIds.size,
      resubmissions: tally.resubmissions,
      rejectedThenSentAgain: tally.rejectedThenSentAgain,
      decided: tally.decidedReferrals,
      byDecision: tally.decisions,
      consultationsEscalated: tally.consultationsEscalated,
      consultationOutcomes: tally.consultationOutcomes,
      byMonth: tally.referralsByMonth,
      bySector: tally.referralsBySector,
      byCategory: tally.referralsByCategory,
      /** Cases returned at receipt for missing details, and those of them rejected at the cut-off within the replay. */
      returned: tally.returned,
      rejected: tally.rejected,
      outcomes: tally.outcomes,
      conclusions: tally.conclusions,
      officerRecords: tally.officerRecords,
      casesAtYearEnd,
      retriedAfterUnavailable: tally.retriedAfterUnavailable,
      unexpectedAnswers: tally.unexpectedAnswers,
      unexpectedSamples: tally.unexpectedSamples,
    },
    /** The annual report (GET /reports/annual) of the replayed period, asked for at its last moment, reconciled with the generator's tallies. */
    report: {
      period: reportPeriod,
      ...('error' in annual ? { error: annual.error, allEqual: false } : reconciliationSummary(reconciliation)),
      reconciliation,
    },
    ...fromExecutions,
    lambda: {
      invocations: lambdaTotals.invocations,
      billedSeconds: round(lambdaTotals.billedMs / 1000),
      gbSeconds: round((lambdaTotals.billedMs / 1000) * PRICES.lambdaMemoryGb, 2),
      byFunction,
    },
    dynamoDb: {
      requests: dynamoTotals.requests,
      readRequestUnits: round(dynamoTotals.readRequestUnits),
      writeRequestUnits: dynamoTotals.writeRequestUnits,
      byOperation: Object.fromEntries(dynamoDbMeter.byOperation),
    },
    apiRequests: { total: apiTotal, byRoute: apiRequests },
    emails: { sent: emails.messages, recipients: emails.recipients, byKind: emails.byKind, byDeadline: emails.byDeadline, ledger: delivery.emails },
    deadlines: { ...deadlines, firings: delivery.deadlineFirings },
    /** What the staffing gave: the officers, how they responded to their deadlines under their caseloads, and the business figures that follow. */
    staffing: {
      officers: { fte: officerFte, people: officers.length, byOfficer: Object.fromEntries(officers.map((officer) => [officer.id, officer.fte])) },
      caseloadModel: { sustainablePerFte: round(OFFICER_CASELOAD.sustainablePerFte, 1), highPerFte: round(OFFICER_CASELOAD.highPerFte, 1) },
      responses: {
        early: responses.early,
        onTheDay: responses.onTheDay,
        late: responses.late,
        lateShare: round(responses.late / responded, 3),
        meanPressure: round(responses.pressureSum / responded, 3),
      },
      ...staffing,
    },
    faults: {
      settings: faultSettings,
      injected: faults.injected,
      /** What the faults cost, from the figures above: every one should be 0. */
      lost: {
        cases: caseIds.size - cases.size,
        deadlines: deadlines.total.pendingPastDue,
        deadlinesFiredLate: delivery.deadlineFirings.lateBeyondRetries,
        emails: delivery.emails.recordedButNotDelivered,
        emailsSentTwice: delivery.emails.sentTwice,
        /** Executions that ended FAILED, TIMED_OUT or ABORTED. */
        failedExecutions: fromExecutions.executions.failed,
      },
    },
    memory: {
      nodePeakRssMb: round(process.resourceUsage().maxRSS / 1024),
      dynamoDbLocal: javaAtEnd
        ? { peakRssMb: javaAtEnd.peakRssMb, rssAtYearEndMb: javaAtEnd.rssMb, note: 'DynamoDB Local is a separate JVM process, read from /proc; not in the Node figure' }
        : { note: 'DynamoDB Local runs in a separate JVM process whose memory could not be read here; it is excluded' },
    },
    cost: {
      region: PRICES.region,
      basis: 'AWS list prices as published (no free tier); Lambda duration is each handler\'s wall time in this process, a proxy',
      totalUsd: money(cost.total!),
      perReferralUsd: money(cost.total! / Math.max(1, arrived)),
      byServiceUsd: Object.fromEntries(Object.entries(cost).filter(([key]) => key !== 'total').map(([key, value]) => [key, money(value)])),
      prices: PRICES,
    },
    time: {
      setupSeconds: round(setupSeconds),
      replaySeconds: round(replaySeconds),
      /** Asking for the annual report at the period's end (not in replaySeconds). */
      reportSeconds: round(reportSeconds),
      collectSeconds: round(collectSeconds),
      instants,
      nodeCpuSeconds: round((cpu.user + cpu.system) / 1e6),
      replayEventLoopUtilisation: round(loopUtilisation, 2),
      dynamoDbLocalCpuSeconds: javaAtStart && javaAtEnd ? round(javaAtEnd.cpuSeconds - javaAtStart.cpuSeconds) : null,
      lambdaHandlerSeconds: round(lambdaTotals.totalMs / 1000),
      dynamoDbLocalCpuMsPerRequest: javaAtStart && javaAtEnd ? round(((javaAtEnd.cpuSeconds - javaAtStart.cpuSeconds) * 1000) / Math.max(1, dynamoTotals.requests), 2) : null,
      /** Other work on the machine slows the replay: its one-minute load average at the end, on this many cores. */
      loadAverage: round(loadavg()[0]!, 2),
      cores: availableParallelism(),
    },
  };
}

/** Reads the cases (not their audit events) in batches of 100 keys, outside the metered requests. */
async function readCases(tableName: string, caseIds: string[]): Promise<Map<string, CaseRecord>> {
  const cases = new Map<string, CaseRecord>();
  for (let i = 0; i < caseIds.length; i += 100) {
    let keys: Array<Record<string, unknown>> = caseIds.slice(i, i + 100).map((caseId) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }));
    while (keys.length) {
      const answer = await documentClient().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of answer.Responses?.[tableName] ?? []) cases.set(String(item['caseId']), item as unknown as CaseRecord);
      keys = (answer.UnprocessedKeys?.[tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  return cases;
}

/** Reads each case's audit trail, outside the metered requests. */
async function readTrails(auditTableName: string, caseIds: string[]): Promise<Map<string, TrailEvent[]>> {
  const trails = new Map<string, TrailEvent[]>();
  for (const caseId of caseIds) {
    const events = await queryAll<TrailEvent>({ TableName: auditTableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` } });
    trails.set(caseId, events);
  }
  return trails;
}

/** GET /reports/annual as a LADO manager; the report, or why there is none. */
async function askForAnnualReport(apiUrl: string, period: { from: string; to: string }): Promise<AnnualReport | { error: string }> {
  const response = await fetch(`${apiUrl}/reports/annual?from=${period.from}&to=${period.to}`, {
    headers: { authorization: `Bearer ${officerToken('lado.manager', 'lado-manager')}` },
  });
  const text = await response.text();
  if (response.status !== 200) return { error: `GET /reports/annual answered ${response.status}: ${text.slice(0, 500)}` };
  return JSON.parse(text) as AnnualReport;
}

function parseOptions(argv: string[]): CountyYearOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: '1' },
      officers: { type: 'string' },
      months: { type: 'string', default: String(YEAR.months) },
      seed: { type: 'string', default: '20230401' },
      'dynamodb-endpoint': { type: 'string' },
      template: { type: 'string' },
      faults: { type: 'string' },
      'email-ids': { type: 'string' },
      report: { type: 'string' },
      'report-markdown': { type: 'string' },
      'dynamodb-requests': { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  const months = Number(values.months);
  const seed = Number(values.seed);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const officers = values.officers === undefined ? undefined : Number(values.officers);
  if (officers !== undefined && !(officers > 0 && officers <= 1000)) throw new Error('--officers must be a positive number of full-time equivalents, such as 5.8 or 9');
  if (!Number.isInteger(months) || months < 1 || months > YEAR.months) throw new Error(`--months must be a whole number from 1 to ${YEAR.months}`);
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  return {
    scale,
    ...(officers !== undefined ? { officers } : {}),
    months,
    seed,
    ...(values['dynamodb-endpoint'] ? { dynamoDbEndpoint: values['dynamodb-endpoint'] } : {}),
    ...(values.template ? { templatePath: values.template } : {}),
    ...(values.faults ? { faults: parseFaultsFlag(values.faults) } : {}),
    ...(values['email-ids'] ? { emailIdsPath: values['email-ids'] } : {}),
    ...(values.report ? { reportPath: values.report } : {}),
    ...(values['report-markdown'] ? { reportMarkdownDir: values['report-markdown'] } : {}),
    ...(values['dynamodb-requests'] ? { dynamoDbRequestsPath: values['dynamodb-requests'] } : {}),
  };
}

/** --faults ses=0.2,dynamodb=0.1,lambda:notifier=0.05,lambda:deadlines=0.1@after: the settings of /local/faults, in one word. */
function parseFaultsFlag(text: string): FaultSettings {
  const settings: { ses?: unknown; dynamodb?: unknown; lambda?: Record<string, unknown> } = {};
  for (const part of text.split(',').filter(Boolean)) {
    const match = /^(ses|dynamodb|lambda:([\w-]+))=([\d.]+)(?:@(\w+))?$/.exec(part.trim());
    if (!match) throw new Error(`--faults: cannot read "${part}"; write ses=<rate>, dynamodb=<rate> or lambda:<function>=<rate>[@${CRASH_MOMENTS.join('|')}]`);
    const [, kind, name, rate, when] = match;
    if (kind === 'ses') settings.ses = { failureRate: Number(rate) };
    else if (kind === 'dynamodb') settings.dynamodb = { throttleRate: Number(rate) };
    else settings.lambda = { ...settings.lambda, [name!]: { crashRate: Number(rate), ...(when ? { when } : {}) } };
    if (when && !kind!.startsWith('lambda:')) throw new Error(`--faults: only Lambda crashes take @${CRASH_MOMENTS.join('|')}, not "${part}"`);
  }
  const parsed = parseFaultSettings(settings);
  if ('errors' in parsed) throw new Error(`--faults: ${parsed.errors.map((error) => `${error.path} ${error.message}`).join('; ')}`);
  return parsed.settings;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('county-year.ts')) {
  // Stdout carries the JSON alone: anything else written there meanwhile (a handler's error log) goes to stderr.
  const writeStdout = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  runCountyYear(parseOptions(process.argv.slice(2))).then(
    (report) => {
      writeStdout(`${JSON.stringify(report, null, 2)}\n`, () => process.exit(0));
    },
    (error: unknown) => {
      process.stderr.write(`[county-year] failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

/** A process.cpuUsage() reading in seconds, user and system together. */
function cpuSecondsOf(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}
