import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

/**
 * The intake burst bench at a small rate, as CI runs it so that it cannot rot:
 * its counts are checked, never its timings (those are the bench's to print).
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

describe('the intake burst bench', () => {
  it('sends every referral at its moment, times the intake and the bare route, and finds every first day done', async () => {
    const { stdout } = await run(
      'npx',
      ['tsx', 'bench/intake-burst.ts', '--rate', '5', '--seconds', '4', '--warm-up-seconds', '2', '--json', '--dynamodb-endpoint', inject('dynamoDbEndpoint'), '--template', inject('templatePath')],
      { cwd: projectRoot, maxBuffer: 4 * 1024 * 1024, timeout: 120_000 },
    );
    const report = JSON.parse(stdout);

    expect(report.intake.requests).toBe(20);
    expect(report.intake.byStatus).toEqual({ 202: 20 });
    expect(report.bareRoute.requests).toBe(20);
    expect(report.bareRoute.byStatus).toEqual({ 200: 20 });
    expect(report.errors).toBe(0);
    // The warm-up is timed apart: its referrals are sent at the same rate before the measured ones.
    expect(report.warmUp.seconds).toBe(2);
    expect(report.warmUp.intake.requests).toBe(10);
    expect(report.warmUp.intake.byStatus).toEqual({ 202: 10 });
    expect(report.warmUp.bareRoute.requests).toBe(10);
    for (const figures of [report.intake, report.bareRoute, report.warmUp.intake, report.warmUp.bareRoute]) {
      expect(figures.p50).toBeGreaterThan(0);
      expect(figures.p50).toBeLessThanOrEqual(figures.p95);
      expect(figures.p95).toBeLessThanOrEqual(figures.p99);
      expect(figures.p99).toBeLessThanOrEqual(figures.max);
    }
    expect(report.ratio.p99).toBeCloseTo(report.intake.p99 / report.bareRoute.p99, 1);

    // Every referral, the warm-up's with the rest, received, acknowledged, checked for completeness, and waiting for its threshold decision.
    const { firstDays } = report;
    expect(firstDays.accepted).toBe(30);
    expect(firstDays.acknowledged).toBe(30);
    expect(firstDays.incompleteSent).toBeGreaterThan(0);
    expect(firstDays.returnRequested).toBe(firstDays.incompleteSent);
    expect(firstDays.executionsWaiting).toBe(30);
    expect(firstDays.allDone).toBe(true);
  });
});
