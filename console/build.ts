import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The console's build: its page, its stylesheet, its TypeScript bundled by
 * esbuild, Mermaid from node_modules for the case page's diagram, and Vega
 * for the annual report's charts. The
 * local API serves the files from memory (local/console-files.ts); for AWS
 * they are written out (buildConsoleSite) and served from S3 behind
 * CloudFront (infra/console-hosting.ts).
 */
const CONSOLE_DIR = path.dirname(fileURLToPath(import.meta.url));
const MERMAID = path.join(CONSOLE_DIR, '..', 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const VEGA = path.join(CONSOLE_DIR, '..', 'node_modules', 'vega', 'build', 'vega.min.js');
const VEGA_LITE = path.join(CONSOLE_DIR, '..', 'node_modules', 'vega-lite', 'build', 'vega-lite.min.js');

export interface ConsoleFile {
  contentType: string;
  body: string;
  cacheControl: string;
}

/** Content types by file extension. */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

/** The console's files by their path under /console/. */
export async function buildConsoleFiles(options: { minify?: boolean } = {}): Promise<Map<string, ConsoleFile>> {
  const bundle = await build({
    entryPoints: [path.join(CONSOLE_DIR, 'src', 'main.ts')],
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
    platform: 'browser',
    tsconfig: path.join(CONSOLE_DIR, 'tsconfig.json'),
    write: false,
    minify: options.minify ?? false,
    sourcemap: options.minify ? false : 'inline',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const appFiles = 'no-cache';
  return new Map<string, ConsoleFile>([
    ['index.html', { contentType: CONTENT_TYPES['.html']!, body: await readFile(path.join(CONSOLE_DIR, 'index.html'), 'utf8'), cacheControl: appFiles }],
    ['styles.css', { contentType: CONTENT_TYPES['.css']!, body: await readFile(path.join(CONSOLE_DIR, 'styles.css'), 'utf8'), cacheControl: appFiles }],
    ['app.js', { contentType: CONTENT_TYPES['.js']!, body: bundle.outputFiles[0]!.text, cacheControl: appFiles }],
    ['vendor/mermaid.min.js', { contentType: CONTENT_TYPES['.js']!, body: await readFile(MERMAID, 'utf8'), cacheControl: 'max-age=3600' }],
    ['vendor/vega.min.js', { contentType: CONTENT_TYPES['.js']!, body: await vegaBundle(), cacheControl: 'max-age=3600' }],
  ]);
}

/**
 * The annual report page's charts (console/src/charts.ts): Vega and Vega-Lite
 * as their packages build them, then Vega's expression interpreter, which
 * the package ships only as a module, bundled here. One file, three globals:
 * vega, vegaLite and vegaInterpreter.
 */
async function vegaBundle(): Promise<string> {
  const interpreter = await build({
    stdin: { contents: "export { expressionInterpreter } from 'vega-interpreter';", resolveDir: CONSOLE_DIR, loader: 'js' },
    bundle: true,
    format: 'iife',
    globalName: 'vegaInterpreter',
    target: ['es2022'],
    platform: 'browser',
    write: false,
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [vega, vegaLite] = await Promise.all([readFile(VEGA, 'utf8'), readFile(VEGA_LITE, 'utf8')]);
  // Their source maps are not served: the references go.
  const unmapped = (code: string) => code.replace(/^\/\/# sourceMappingURL=.*$/gm, '');
  return `${unmapped(vega)}\n;${unmapped(vegaLite)}\n;${interpreter.outputFiles[0]!.text}`;
}

/**
 * Writes the console's static files into `outDir` for hosting (S3 and
 * CloudFront on AWS), minified. config.json is the host's to write beside
 * them: {"apiUrl": …, "auth": {"kind": "cognito", "domain", "clientId", "redirectUri"}}.
 */
export async function buildConsoleSite(outDir: string): Promise<string[]> {
  const files = await buildConsoleFiles({ minify: true });
  for (const [name, file] of files) {
    const target = path.join(outDir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.body);
  }
  return [...files.keys()];
}

