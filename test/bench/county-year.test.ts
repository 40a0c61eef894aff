import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MONTHLY_REFERRALS } from '../../bench/assumptions';

/**
 * The county-year bench, one month of it, as CI runs it: a child process on
 * the run's DynamoDB Local and template, printing its figures as JSON.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

async function bench(args: string[], timeout: number) {
  const { stdout } = await run(
    'npx',
    ['tsx', 'bench/county-year.ts', ...args, '--dynamodb-endpoint', inject('dynamoDbEndpoint'), '--template', inject('templatePath')],
    { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024, timeout },
  );
  return JSON.parse(stdout);
}

/** April's DynamoDB requests as the bench logs them (--dynamodb-requests), and their count by operation as its figures give it. */
const requestLog = path.join(tmpdir(), `county-year-requests-${process.pid}.jsonl`);
let aprilRequests: Record<string, { requests: number }> | undefined;

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0);

describe('the county-year bench', () => {
  afterAll(() => rmSync(requestLog, { force: true }));

  it('replays April and accounts for every referral, execution, email and dollar', async () => {
    const report = await bench(['--months', '1', '--dynamodb-requests', requestLog], 110_000);
    aprilRequests = report.dynamoDb.byOperation;

    // April's share of the year, every one submitted, nearly all decided within the month.
    expect(report.months).toBe(1);
    expect(report.referrals.arrived).toBe(MONTHLY_REFERRALS[0]);
    expect(report.referrals.submitted).toBe(report.referrals.arrived + report.referrals.rejectedThenSentAgain);
    expect(report.referrals.casesCreated).toBe(report.referrals.submitted);
    expect(report.referrals.decided).toBeGreaterThan(0.85 * report.referrals.arrived);
    expect(report.referrals.decided).toBeLessThanOrEqual(report.referrals.arrived);
    expect(report.referrals.byDecision.allegation).toBeGreaterThan(report.referrals.byDecision.consultation);
    expect(report.referrals.unexpectedAnswers).toEqual({});

    // Every case has its first-days execution; every open case exactly one running execution; none failed.
    const { executions } = report;
    expect(executions.accountedFor).toBe(true);
    expect(executions.failed).toBe(0);
    expect(executions.firstDays).toBe(report.referrals.casesCreated);
    expect(executions.total).toBe(executions.firstDays + executions.management);
    expect(executions.running).toBe(executions.openCases);
    expect(report.phases.casesManaged).toBeGreaterThan(0);

    for (const figures of [report.stateTransitions.perReferral, report.historyEvents.perReferral]) {
      expect(figures.p50).toBeGreaterThan(0);
      expect(figures.p50).toBeLessThanOrEqual(figures.p95);
      expect(figures.p95).toBeLessThanOrEqual(figures.max);
    }
    expect(report.historyEvents.total).toBeGreaterThan(report.stateTransitions.total);

    // Every referral was acknowledged; every email is of a known kind.
    expect(report.emails.byKind.acknowledgement).toBe(report.referrals.submitted);
    expect(report.emails.byKind.returnRequest).toBeGreaterThan(0);
    expect(report.emails.byKind.unrecognised).toBeUndefined();
    expect(report.emails.recipients).toBeGreaterThanOrEqual(report.emails.sent);

    expect(report.deadlines.total.met).toBeGreaterThan(0);
    expect(report.deadlines.total.pendingPastDue).toBe(0);

    expect(report.lambda.invocations).toBeGreaterThan(report.referrals.submitted);
    expect(report.dynamoDb.requests).toBeGreaterThan(report.lambda.invocations);
    expect(report.dynamoDb.byOperation.TransactWriteItems.writeRequestUnits % 2).toBe(0);
    expect(report.cost.totalUsd).toBeGreaterThan(0);
    expect(report.cost.perReferralUsd).toBeGreaterThan(0);
    for (const dollars of Object.values(report.cost.byServiceUsd)) expect(dollars).toBeGreaterThan(0);

    expect(report.memory.nodePeakRssMb).toBeGreaterThan(0);
    expect(report.wallClockSeconds).toBeGreaterThan(0);

    // The annual report of April, asked for at its last moment, equals the generator's figures, one by one.
    const reconciled = report.report;
    expect(reconciled.period).toEqual({ from: '2023-04-01', to: '2023-04-30' });
    expect(reconciled.unequal).toEqual([]);
    expect(reconciled.allEqual).toBe(true);
    expect(reconciled.tablesChecked).toBeGreaterThanOrEqual(30);
    expect(reconciled.kpisChecked).toBeGreaterThanOrEqual(12);
    expect(reconciled.checksChecked).toBe(4);
    const figure = (id: string) => {
      const found = reconciled.reconciliation.find((candidate: { id: string }) => candidate.id === id);
      expect(found, id).toBeDefined();
      expect(found.equal, id).toBe(true);
      return found.reported;
    };
    expect(figure('table:referrals-by-month')).toEqual({ '2023-04': report.referrals.casesCreated });
    expect(figure('table:referrals-by-channel')).toEqual({ portal: report.referrals.casesCreated });
    expect(figure('table:referrals-by-setting')).toEqual(report.referrals.bySector);
    expect(figure('table:nature-of-concern')).toEqual(report.referrals.byCategory);
    expect(figure('table:referral-decisions')).toMatchObject({
      allegation: report.referrals.byDecision.allegation,
      consultation: report.referrals.byDecision.consultation,
    });
    // An escalated consultation stays a consultation among the decisions and opens an allegation.
    expect(sum(figure('table:allegations-by-abuse-type'))).toBe(report.referrals.byDecision.allegation + report.referrals.consultationsEscalated);
    expect(sum(figure('table:allegation-outcomes'))).toBe(sum(report.referrals.outcomes));
    expect(sum(figure('table:allegation-outcomes'))).toBeGreaterThan(0);
    expect(figure('table:final-conclusions')).toEqual(report.referrals.conclusions);
    expect(figure('kpi:referrals-returned')).toMatchObject({ numerator: report.referrals.returned, denominator: report.referrals.casesCreated });
    expect(report.referrals.returned).toBeGreaterThan(0);
    expect(sum(figure('table:open-cases-at-end'))).toBe(report.executions.openCases);
    // Not skipped: asked for at the period's last moment, the report sets the open cases against the workflows running.
    expect(figure('check:open-cases-match-workflows')).toMatchObject({ ok: true });
    for (const check of ['decisions-reconcile', 'outcomes-within-allegations', 'trails-readable']) expect(figure(`check:${check}`)).toMatchObject({ ok: true });

    // The staffing figures: 5.8 FTE by default (003 §11.1), five full-timers and one at 0.8, read from the figures above.
    expect(report.staffing.officers).toEqual({ fte: 5.8, people: 6, byOfficer: { 'lado.1': 1, 'lado.2': 1, 'lado.3': 1, 'lado.4': 1, 'lado.5': 1, 'lado.6': 0.8 } });
    expect(report.staffing.overdue.total).toBe(report.deadlines.total.missed);
    expect(report.staffing.caseload.maximum).toBe(figure('kpi:caseload-maximum').value);
    expect(report.staffing.resolution.withinOneMonth.within).toBe(figure('kpi:resolved-within-1-month').numerator);

    // The business results of April, pinned: what the service did with the month's workload, which no change to
    // the plumbing or the instruments may alter. Two runs of one seed give them exactly (and the same email ids,
    // `--email-ids`). Re-derive them only when the workload or the rules change on purpose:
    //   npx tsx bench/county-year.ts --months 1 > /tmp/month.json
    // and copy emails.byKind, deadlines.total (met, chased, missed), executions (total, firstDays, management,
    // running, failed) and referrals (decided, byDecision) from it.
    expect(report.emails.byKind).toEqual({
      acknowledgement: 106,
      deadlineDueSoon: 25,
      deadlineDueToday: 22,
      deadlineOverdue: 5,
      immediateRiskAlert: 1,
      initialConsiderationChase: 7,
      initialConsiderationEscalation: 8,
      morningList: 18,
      noFurtherActionNotice: 7,
      receivingAuthorityNotice: 1,
      returnCutoff: 1,
      returnReminder: 4,
      returnRequest: 15,
      transferNotice: 1,
    });
    expect(report.emails.sent).toBe(221);
    expect({ met: report.deadlines.total.met, chased: report.deadlines.total.chased, missed: report.deadlines.total.missed }).toEqual({ met: 179, chased: 24, missed: 9 });
    expect({ total: executions.total, firstDays: executions.firstDays, management: executions.management, running: executions.running, failed: executions.failed }).toEqual({
      total: 198,
      firstDays: 106,
      management: 92,
      running: 85,
      failed: 0,
    });
    expect(report.referrals.decided).toBe(100);
    expect(report.referrals.byDecision).toEqual({ allegation: 56, consultation: 36, 'no-further-action': 7, transfer: 1 });
  }, 120_000);

  it("logs April's DynamoDB requests, which a fresh DynamoDB Local answers again on their own", async () => {
    expect(aprilRequests, 'the April run above logs them').toBeDefined();
    const { stdout } = await run('npx', ['tsx', 'bench/dynamodb-replay.ts', '--requests', requestLog, '--in-flight', '4'], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
    const replay = JSON.parse(stdout);

    // The case table and the audit trail, made as DescribeTable gave them; then every request the figures count, once.
    expect(replay.tables).toBe(2);
    const counted = (byOperation: Record<string, { requests: number }>) => Object.fromEntries(Object.entries(byOperation).map(([operation, { requests }]) => [operation, requests]));
    expect(counted(replay.byOperation)).toEqual(counted(aprilRequests!));
    expect(replay.requests).toBe(sum(counted(aprilRequests!)));
    // Each answered; most as in the run (some conditional writes, sent out of their moment, meet another item and are refused).
    expect(sum(replay.answers)).toBe(replay.requests);
    expect(Object.keys(replay.answers).every((status) => status === '200' || status === '400')).toBe(true);
    expect(replay.answers['200']).toBeGreaterThan(0.8 * replay.requests);
    expect(replay.dynamoDbLocal.cpuSeconds).toBeGreaterThan(0);
    expect(replay.wallSeconds).toBeGreaterThan(0);
  }, 70_000);

  it('under SES failing 20% and DynamoDB throttling 10%, over a month of 200 referrals, loses nothing and sends nothing twice', async () => {
    const report = await bench(['--months', '1', '--scale', '2', '--faults', 'ses=0.2,dynamodb=0.1'], 290_000);

    expect(report.referrals.arrived).toBeGreaterThanOrEqual(200);
    expect(report.faults.injected.ses).toBeGreaterThan(20);
    expect(report.faults.injected.dynamodb).toBeGreaterThan(100);
    // Every case kept, every deadline fired within what the retries allow, no email lost or sent twice, no execution failed.
    expect(report.faults.lost).toEqual({ cases: 0, deadlines: 0, deadlinesFiredLate: 0, emails: 0, emailsSentTwice: 0, failedExecutions: 0 });
    expect(report.executions.accountedFor).toBe(true);
    expect(report.deadlines.firings.fired).toBeGreaterThan(20);
    // Each email SES took was one the trail records sent, and none is still owed once the month has settled.
    expect(report.emails.ledger).toMatchObject({ sentTwice: 0, recordedButNotDelivered: 0, deliveredButNotRecorded: 0, withoutId: 0, stillOwed: 0 });
    expect(report.emails.ledger.delivered).toBe(report.emails.sent);
    expect(report.emails.byKind.acknowledgement).toBe(report.referrals.submitted);
    expect(report.referrals.unexpectedAnswers).toEqual({});
    // The month's annual report, asked for without faults, still equals the generator's figures.
    expect(report.report.unequal).toEqual([]);
    expect(report.report.allEqual).toBe(true);
  }, 300_000);
});
