import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The officers' and operations' web console (console/), served by the local
 * API server at /console/: its page, its stylesheet, its TypeScript bundled
 * by esbuild on the first request (and again when a source file changes),
 * Mermaid from node_modules for the case page's diagram, and a config.json
 * that points it at this API with the development sign-in. On AWS the same
 * files (buildConsoleSite) are served from S3 behind CloudFront, with a
 * config.json for the Cognito hosted UI.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONSOLE_DIR = path.join(projectRoot, 'console');
const MERMAID = path.join(projectRoot, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

export const CONSOLE_PREFIX = '/console';

interface ConsoleFile {
  contentType: string;
  body: string;
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

/** The newest modification time under the console's folder: a change rebuilds the bundle. */
async function latestChange(dir: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? await latestChange(full) : (await stat(full)).mtimeMs);
  }
  return latest;
}

/** The console's files by their path under /console/. */
export async function buildConsole(options: { minify?: boolean } = {}): Promise<Map<string, ConsoleFile>> {
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
    ['index.html', { contentType: TYPES['.html']!, body: await readFile(path.join(CONSOLE_DIR, 'index.html'), 'utf8'), cacheControl: appFiles }],
    ['styles.css', { contentType: TYPES['.css']!, body: await readFile(path.join(CONSOLE_DIR, 'styles.css'), 'utf8'), cacheControl: appFiles }],
    ['app.js', { contentType: TYPES['.js']!, body: bundle.outputFiles[0]!.text, cacheControl: appFiles }],
    ['vendor/mermaid.min.js', { contentType: TYPES['.js']!, body: await readFile(MERMAID, 'utf8'), cacheControl: 'max-age=3600' }],
  ]);
}

/**
 * Writes the console's static files into `outDir` for hosting (S3 and
 * CloudFront on AWS), minified. config.json is the host's to write beside
 * them: {"apiUrl": …, "auth": {"kind": "cognito", "domain", "clientId", "redirectUri"}}.
 */
export async function buildConsoleSite(outDir: string): Promise<string[]> {
  const files = await buildConsole({ minify: true });
  for (const [name, file] of files) {
    const target = path.join(outDir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.body);
  }
  return [...files.keys()];
}

let cached: { stamp: number; files: Promise<Map<string, ConsoleFile>> } | undefined;

async function consoleFiles(): Promise<Map<string, ConsoleFile>> {
  const stamp = await latestChange(CONSOLE_DIR);
  if (!cached || cached.stamp !== stamp) {
    const files = buildConsole();
    cached = { stamp, files };
    // A failed build is not kept: the next request tries again.
    files.catch(() => {
      if (cached?.files === files) cached = undefined;
    });
  }
  return cached.files;
}

export const isConsolePath = (pathname: string) => pathname === CONSOLE_PREFIX || pathname.startsWith(`${CONSOLE_PREFIX}/`);

export interface StaticResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The answer to GET /console/…: `origin` is where the browser reached this
 * server (its Host), so the console calls the API on the same origin.
 */
export async function serveConsole(method: string, pathname: string, origin: string): Promise<StaticResponse> {
  const text = (statusCode: number, body: string, headers: Record<string, string> = {}): StaticResponse => ({
    statusCode,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body,
  });
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed', { allow: 'GET, HEAD' });
  if (pathname === CONSOLE_PREFIX) return text(301, 'Moved to /console/', { location: `${CONSOLE_PREFIX}/` });
  const name = pathname.slice(CONSOLE_PREFIX.length + 1) || 'index.html';
  if (name === 'config.json') {
    return { statusCode: 200, headers: { 'content-type': TYPES['.json']!, 'cache-control': 'no-store' }, body: JSON.stringify({ apiUrl: origin, auth: { kind: 'dev' } }) };
  }
  let files: Map<string, ConsoleFile>;
  try {
    files = await consoleFiles();
  } catch (error) {
    return text(500, `The console could not be built: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = files.get(name);
  if (!file) return text(404, `No console file ${name}`);
  return {
    statusCode: 200,
    headers: {
      'content-type': file.contentType,
      'cache-control': file.cacheControl,
      // Scripts and data only from this origin; Mermaid styles its drawing inline.
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      'referrer-policy': 'no-referrer',
    },
    body: method === 'HEAD' ? '' : file.body,
  };
}
