import './quiet';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PORTAL_TOKEN } from '../local/dev-tokens';
import { startDynamoDb, type RunningDynamoDb } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { startLocalStack } from '../local/stack';
import type { CloudFormationTemplate } from '../local/synthesized-template';
import { sentEmails, startSes } from '../local/ses';
import { emailIdOf, emailKind } from './emails';
import { Random } from './random';
import { completeReferral, drawProfile, withoutMissing } from './referrals';
import { synthesizeApart } from './synthesize-apart';

/**
 * `npm run bench:intake`: a burst of portal referrals against the local stack,
 * open-loop: each request is sent at its appointed moment whether or not the
 * ones before it have been answered, so a slow answer cannot slow the load
 * that meets it. Latency is counted from the appointed moment. A bare route of
 * the same server (GET /local/clock, no function behind it) is called between
 * the referrals at the same rate: its latency is the server's and the event
 * loop's own, and the ratio shows what the intake adds. After the last
 * arrival, the bench waits for every referral's first-day steps (receipt,
 * acknowledgement, completeness and the first wait) to settle, and checks
 * each was done. Prints a table, or JSON with --json.
 */
export interface IntakeBurstOptions {
  /** Referrals a second. */
  rate: number;
  seconds: number;
  /**
   * Seconds of the same burst sent first and timed apart. The local stack runs
   * every function in one process, whose code V8 has yet to compile to
   * machine code when the burst meets it: for its first few seconds at 20 a
   * second the process needs more than its core (docs/bench.md). On AWS each
   * function has processes of its own.
   */
  warmUpSeconds: number;
  seed: number;
  /** Reuses a running DynamoDB Local (tables of its own) instead of starting one. */
  dynamoDbEndpoint?: string;
  /** A synthesized template, to skip synthesis. */
  templatePath?: string;
}

/** One request's answer: its status, its latency and when in the burst it was appointed. */
interface Timed {
  status: number;
  ms: number;
  second: number;
}

interface Latencies {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  byStatus: Record<string, number>;
}

/** The burst's first moment, virtual: a Tuesday morning, a working day, when the intake's timers are all ahead. */
const BURST_STARTS_AT = new Date('2026-11-10T10:00:00Z');
/** Requests of each kind sent one after another before the burst, so that it meets functions already loaded (a cold start is bench:lambda's measure). */
const FIRST_REQUESTS = 5;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Each WINDOW_SECONDS of the burst: the p99 of the requests appointed in it, to tell a tail that passes from one that lasts. */
const WINDOW_SECONDS = 10;
function p99ByWindow(samples: Timed[]): number[] {
  const windows: number[][] = [];
  for (const { second, ms } of samples) (windows[Math.floor(second / WINDOW_SECONDS)] ??= []).push(ms);
  return Array.from(windows, (window) => round(percentile((window ?? []).sort((a, b) => a - b), 99)));
}

function errorsOf(phase: { intake: Timed[]; bare: Timed[] }): number {
  return phase.intake.filter((answer) => answer.status !== 202).length + phase.bare.filter((answer) => answer.status !== 200).length;
}

function latencies(samples: Timed[]): Latencies {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const { status } of samples) byStatus[status] = (byStatus[status] ?? 0) + 1;
  return { requests: samples.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0), byStatus };
}

export async function runIntakeBurst(options: IntakeBurstOptions) {
  const ownDynamoDb: Promise<RunningDynamoDb | undefined> = options.dynamoDbEndpoint ? Promise.resolve(undefined) : freePort().then(startDynamoDb);
  const [dynamoDb, ses, templatePath] = await Promise.all([ownDynamoDb, startSes(0), options.templatePath ?? synthesizeApart()]);
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CloudFormationTemplate;
  if (!options.templatePath) rmSync(path.dirname(templatePath), { recursive: true, force: true });
  const stack = await startLocalStack({
    template,
    dynamoDbEndpoint: options.dynamoDbEndpoint ?? dynamoDb!.endpoint,
    sesUrl: ses.url,
    tableName: `intake-burst-${process.pid}-${Date.now()}`,
    startTime: BURST_STARTS_AT,
    logLevel: 'ERROR',
  });
  try {
    const random = new Random(options.seed);
    const referral = () => {
      const profile = drawProfile(random);
      const complete = completeReferral(profile, random, randomUUID(), '2026-11-09', `referrer.${random.int(1, 999)}@school.example`);
      return { incomplete: profile.missing !== undefined, body: profile.missing ? withoutMissing(complete, profile.missing).incomplete : complete };
    };
    const postReferral = async (body: unknown) => {
      const response = await fetch(`${stack.apiUrl}/referrals`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${PORTAL_TOKEN}` }, body: JSON.stringify(body) });
      const answer = (await response.json().catch(() => undefined)) as { caseId?: string } | undefined;
      return { status: response.status, caseId: answer?.caseId };
    };
    const getBare = async () => {
      const response = await fetch(`${stack.apiUrl}/local/clock`);
      await response.arrayBuffer();
      return { status: response.status };
    };

    for (let i = 0; i < FIRST_REQUESTS; i++) {
      await postReferral(referral().body);
      await getBare();
    }
    await stack.clock.settle();
    const runningBefore = stack.stepFunctions.listExecutions({ stateMachineArn: stack.stateMachineArn, statusFilter: 'RUNNING' }).length;

    /** Sends `seconds` of the burst open-loop, then waits for its work to settle. */
    const burst = async (seconds: number) => {
      // The bodies are drawn before the burst, so drawing them costs the burst nothing.
      const bodies = Array.from({ length: Math.round(options.rate * seconds) }, referral);
      const interval = 1000 / options.rate;
      const intake: Array<Timed & { caseId: string | undefined }> = [];
      const bare: Timed[] = [];
      const sent: Array<Promise<void>> = [];
      const startedAt = performance.now() + 50;
      const timed = <T extends { status: number }>(appointed: number, request: () => Promise<T>, into: Array<T & Timed>) =>
        request().then(
          (answer) => void into.push({ ...answer, ms: performance.now() - appointed, second: (appointed - startedAt) / 1000 }),
          () => void into.push({ status: 0, ms: performance.now() - appointed, second: (appointed - startedAt) / 1000 } as T & Timed),
        );
      for (let i = 0; i < bodies.length; i++) {
        for (const [offset, send] of [
          [0, (appointed: number) => timed(appointed, () => postReferral(bodies[i]!.body), intake)],
          [interval / 2, (appointed: number) => timed(appointed, getBare, bare)],
        ] as const) {
          const appointed = startedAt + i * interval + offset;
          const wait = appointed - performance.now();
          if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
          sent.push(send(appointed));
        }
      }
      const lastArrival = startedAt + (bodies.length - 1) * interval;
      await Promise.all(sent);
      await stack.clock.settle();
      return { bodies, intake, bare, settledSeconds: (performance.now() - lastArrival) / 1000 };
    };

    const warmUp = options.warmUpSeconds > 0 ? await burst(options.warmUpSeconds) : undefined;
    const measured = await burst(options.seconds);
    const { intake, bare, settledSeconds } = measured;
    const bodies = [...(warmUp?.bodies ?? []), ...measured.bodies];
    const count = bodies.length;
    // Every referral's first days are checked, the warm-up's with the rest.
    const everyIntake = [...(warmUp?.intake ?? []), ...intake];

    // The bursts' first-day emails: each carries its case's id (EMAIL_ID_HEADER), which sets them apart from the first requests'.
    const burstCases = new Set(everyIntake.map((answer) => answer.caseId));
    const burstEmailKinds = (await sentEmails(ses.url))
      .filter((email) => burstCases.has(emailIdOf(email)?.split('/')[0]))
      .map((email) => emailKind(email.subject));
    const emailsOfKind = (kind: string) => burstEmailKinds.filter((each) => each === kind).length;
    const running = stack.stepFunctions.listExecutions({ stateMachineArn: stack.stateMachineArn, statusFilter: 'RUNNING' }).length - runningBefore;
    const accepted = everyIntake.filter((answer) => answer.status === 202 && answer.caseId).length;
    const incomplete = bodies.filter((body) => body.incomplete).length;
    const firstDays = {
      settledSecondsAfterLastArrival: Math.round(settledSeconds * 10) / 10,
      accepted,
      acknowledged: emailsOfKind('acknowledgement'),
      returnRequested: emailsOfKind('returnRequest'),
      incompleteSent: incomplete,
      executionsWaiting: running,
    };
    const intakeFigures = latencies(intake);
    const bareFigures = latencies(bare);
    return {
      bench: 'intake-burst',
      rate: options.rate,
      seconds: options.seconds,
      seed: options.seed,
      intake: intakeFigures,
      bareRoute: { route: 'GET /local/clock', ...bareFigures },
      p99By10Seconds: { intake: p99ByWindow(intake), bareRoute: p99ByWindow(bare) },
      ratio: {
        p50: round(intakeFigures.p50 / bareFigures.p50),
        p95: round(intakeFigures.p95 / bareFigures.p95),
        p99: round(intakeFigures.p99 / bareFigures.p99),
      },
      // The warm-up's too: an error there is an error of the burst.
      errors: errorsOf(measured) + (warmUp ? errorsOf(warmUp) : 0),
      warmUp: warmUp ? { seconds: options.warmUpSeconds, intake: latencies(warmUp.intake), bareRoute: latencies(warmUp.bare) } : null,
      firstDays: {
        ...firstDays,
        allDone: firstDays.accepted === count && firstDays.acknowledged === count && firstDays.returnRequested === incomplete && firstDays.executionsWaiting === count,
      },
    };
  } finally {
    await stack.stop();
    await Promise.all([ses.stop(), dynamoDb?.stop()]);
  }
}

function parseOptions(argv: string[]): IntakeBurstOptions & { json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '60' },
      'warm-up-seconds': { type: 'string', default: '10' },
      seed: { type: 'string', default: '20261110' },
      'dynamodb-endpoint': { type: 'string' },
      template: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [rate, seconds, warmUpSeconds, seed] = [Number(values.rate), Number(values.seconds), Number(values['warm-up-seconds']), Number(values.seed)];
  if (!(rate > 0) || !(seconds > 0)) throw new Error('--rate and --seconds must be positive numbers');
  if (!(warmUpSeconds >= 0)) throw new Error('--warm-up-seconds must be a number from 0');
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  return {
    rate,
    seconds,
    warmUpSeconds,
    seed,
    json: values.json,
    ...(values['dynamodb-endpoint'] ? { dynamoDbEndpoint: values['dynamodb-endpoint'] } : {}),
    ...(values.template ? { templatePath: values.template } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('intake-burst.ts')) {
  const options = parseOptions(process.argv.slice(2));
  const report = await runIntakeBurst(options);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const row = (name: string, f: Latencies) => `${name.padEnd(26)}${String(f.requests).padStart(9)}${String(f.p50).padStart(9)}${String(f.p95).padStart(9)}${String(f.p99).padStart(9)}${String(f.max).padStart(9)}  ${JSON.stringify(f.byStatus)}`;
    const { firstDays } = report;
    process.stdout.write(
      [
        `Intake burst: ${report.rate} referrals a second for ${report.seconds} s, open-loop (latency from each request's appointed moment, ms)`,
        `${'route'.padEnd(26)}${'requests'.padStart(9)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}  statuses`,
        row('POST /referrals', report.intake),
        row(report.bareRoute.route, report.bareRoute),
        ...(report.warmUp ? [row(`warm-up (${report.warmUp.seconds} s): intake`, report.warmUp.intake), row('warm-up: bare route', report.warmUp.bareRoute)] : []),
        `${'intake / bare'.padEnd(35)}${String(report.ratio.p50).padStart(9)}${String(report.ratio.p95).padStart(9)}${String(report.ratio.p99).padStart(9)}`,
        `p99 by ${WINDOW_SECONDS} s of the burst: intake ${report.p99By10Seconds.intake.join(', ')}; bare route ${report.p99By10Seconds.bareRoute.join(', ')}`,
        `errors: ${report.errors}`,
        `first-day steps settled ${firstDays.settledSecondsAfterLastArrival} s after the last arrival: ${firstDays.accepted} accepted, ${firstDays.acknowledged} acknowledged, ${firstDays.returnRequested} of ${firstDays.incompleteSent} incomplete returned, ${firstDays.executionsWaiting} executions waiting; ${firstDays.allDone ? 'all done' : 'NOT all done'}`,
        '',
      ].join('\n'),
    );
  }
}
