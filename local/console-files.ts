import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConsoleFiles, CONTENT_TYPES, type ConsoleFile } from '../console/build';

/**
 * The officers' and operations' web console (console/), served by the local
 * API server at /console/: built (console/build.ts) on the first request and
 * again when a source file changes, with a config.json that points it at
 * this API with the development sign-in. On AWS the same files are served
 * from S3 behind CloudFront, with a config.json for the Cognito hosted UI.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONSOLE_DIR = path.join(projectRoot, 'console');

export const CONSOLE_PREFIX = '/console';

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

let cached: { stamp: number; files: Promise<Map<string, ConsoleFile>> } | undefined;

async function consoleFiles(): Promise<Map<string, ConsoleFile>> {
  const stamp = await latestChange(CONSOLE_DIR);
  if (!cached || cached.stamp !== stamp) {
    const files = buildConsoleFiles();
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
    return { statusCode: 200, headers: { 'content-type': CONTENT_TYPES['.json']!, 'cache-control': 'no-store' }, body: JSON.stringify({ apiUrl: origin, auth: { kind: 'dev' } }) };
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
