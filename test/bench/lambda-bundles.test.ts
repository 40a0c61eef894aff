import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { BundleFigures } from '../../bench/lambda-bundles';
import { FUNCTION_NAMES } from '../../functions/api-routes';

/**
 * The bundle bench once over, as CI runs it so that it cannot rot: every
 * function bundled with infra's own options. Sizes are the build's, the same
 * on every machine, so the 200 KB budget is held here; import times are the
 * bench's to print, never asserted.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
/** The most a function's bundle may weigh, minified. */
const BUNDLE_BUDGET_KB = 200;

describe('the bundle bench', () => {
  it('bundles every function within the budget, lists what each loads, and times its import', async () => {
    const { stdout } = await run('npx', ['tsx', 'bench/lambda-bundles.ts', '--runs', '1', '--json'], { cwd: projectRoot, maxBuffer: 4 * 1024 * 1024, timeout: 120_000 });
    const report = JSON.parse(stdout) as { runs: number; functions: BundleFigures[] };

    expect(report.runs).toBe(1);
    expect(report.functions.map((figures) => figures.function).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const figures of report.functions) {
      expect(figures.bundleKb, figures.function).toBeGreaterThan(0);
      expect(figures.bundleKb, figures.function).toBeLessThanOrEqual(BUNDLE_BUDGET_KB);
      expect(figures.largestInputs.length, figures.function).toBeGreaterThan(0);
      expect(figures.importMs.min, figures.function).toBeGreaterThan(0);
      expect(figures.importMs.min).toBeLessThanOrEqual(figures.importMs.median);
      expect(figures.importMs.median).toBeLessThanOrEqual(figures.importMs.max);
      // Each bundle leaves the SDK to the runtime, and its source map beside it holds mappings, no copy of the sources.
      expect(figures.sdkPackages.every((name) => /^(client|lib)-[a-z0-9-]+$/.test(name)), figures.function).toBe(true);
      const map = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', '.cache', 'lambda-bundles', figures.function, 'index.mjs.map'), 'utf8')) as Record<string, unknown>;
      expect(map['mappings'], figures.function).toBeTruthy();
      expect(map['sourcesContent'], figures.function).toBeUndefined();
    }

    // A function loads only the clients it calls: the executions view reads Step Functions alone, a case view DynamoDB alone.
    const loads = (name: string) => report.functions.find((figures) => figures.function === name)?.sdkPackages;
    expect(loads('executions')).toEqual(['client-sfn']);
    expect(loads('get-case')).toEqual(['client-dynamodb', 'lib-dynamodb']);
    expect(loads('notifier')).toContain('client-sesv2');
  });
});
