import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_NAMES, type FunctionName } from '../functions/api-routes';
import { handlerEntry } from '../infra/handler-entry';
import { LAMBDA_BUNDLE } from '../infra/lambda-functions';

/**
 * `npm run bench:lambda`: each function's bundle as CDK builds it for Lambda
 * (esbuild: ESM, node22, minified, the AWS SDK left to the runtime), its
 * size, its largest inputs, and how long Node 22 takes to import it, SDK
 * clients included: min, median and max over several runs, each in a fresh
 * process, as a cold start loads it. Prints a table, or JSON with --json.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project, so that the bundles find the SDK in node_modules as Lambda's runtime provides it.
const OUT_DIR = path.join(projectRoot, 'node_modules', '.cache', 'lambda-bundles');

export interface BundleFigures {
  function: FunctionName;
  bundleKb: number;
  sourceMapKb: number;
  largestInputs: Array<{ input: string; kb: number }>;
  /** The SDK packages the bundle imports, which the runtime loads with it. */
  sdkPackages: string[];
  importMs: { min: number; median: number; max: number };
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** Bundles one function with the options of infra/lambda-functions.ts. */
async function bundle(name: FunctionName): Promise<{ file: string; metafile: Metafile }> {
  const file = path.join(OUT_DIR, name, 'index.mjs');
  const result = await build({
    entryPoints: [handlerEntry(name)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLE.target,
    minify: true,
    sourcemap: true,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    external: ['@aws-sdk/*'],
    banner: { js: LAMBDA_BUNDLE.banner },
    metafile: true,
    logLevel: 'silent',
  });
  return { file, metafile: result.metafile };
}

/** The inputs that weigh most in the bundle, folded by package (node_modules/<package>) or kept as project files. */
function largestInputs(metafile: Metafile, count: number): Array<{ input: string; kb: number }> {
  const byInput = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = match ? match[1]! : input;
      byInput.set(key, (byInput.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byInput.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([input, bytes]) => ({ input, kb: kb(bytes) }));
}

/** The SDK packages a bundle leaves to the runtime. */
function sdkPackages(metafile: Metafile): string[] {
  const packages = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) if (imported.external && imported.path.startsWith('@aws-sdk/')) packages.add(imported.path.replace('@aws-sdk/', ''));
  }
  return [...packages].sort();
}

/** Milliseconds to import the bundle in a fresh Node process, with the options Lambda gives Node. */
function importMs(file: string): number {
  const script = 'const started = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - started));';
  const output = execFileSync(process.execPath, [LAMBDA_BUNDLE.nodeOptions, '--input-type=module', '-e', script, file], {
    cwd: projectRoot,
    // What a handler may read at load; nothing is called.
    env: { ...process.env, AWS_REGION: 'eu-west-2', TABLE_NAME: 'bench', AUDIT_TABLE_NAME: 'bench-audit', POWERTOOLS_DEV: 'true' },
    encoding: 'utf8',
  });
  return Number(output);
}

function summary(values: number[]): BundleFigures['importMs'] {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { min: round(sorted[0]!), median: round(sorted[Math.floor(sorted.length / 2)]!), max: round(sorted.at(-1)!) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false }, only: { type: 'string' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
  const names = values.only ? FUNCTION_NAMES.filter((name) => values.only!.split(',').includes(name)) : FUNCTION_NAMES;
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const figures: BundleFigures[] = [];
  for (const name of names) {
    const { file, metafile } = await bundle(name);
    const times = Array.from({ length: runs }, () => importMs(file));
    figures.push({ function: name, bundleKb: kb(statSync(file).size), sourceMapKb: kb(statSync(`${file}.map`).size), largestInputs: largestInputs(metafile, 3), sdkPackages: sdkPackages(metafile), importMs: summary(times) });
    if (!values.json) process.stderr.write(`[bench:lambda] ${name}\n`);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, runs, functions: figures }, null, 2)}\n`);
    return;
  }
  const rows = figures.map((f) => [f.function, `${f.bundleKb}`, `${f.sourceMapKb}`, `${f.importMs.min} / ${f.importMs.median} / ${f.importMs.max}`, f.largestInputs.map((i) => `${i.input} ${i.kb}`).join(', '), f.sdkPackages.join(', ')]);
  const header = ['function', 'bundle KB', 'map KB', `import ms (min / median / max of ${runs})`, 'largest inputs (KB in the bundle)', 'SDK packages loaded'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`Node ${process.version}, the AWS SDK external (Lambda's runtime provides it; the packages a function imports are loaded and timed), Node run with ${LAMBDA_BUNDLE.nodeOptions}\n${line(header)}\n${rows.map(line).join('\n')}\n`);
}

await main();
