import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Duration } from 'luxon';
import * as z from 'zod';
import { matchRoute, type ApiRoute } from '../functions/api-routes';
import { isConsolePath, serveConsole } from './console-files';
import { parseDevAuthorization } from './dev-tokens';
import { parseFaultSettings, type LocalFaults } from './faults';
import type { LocalLambdaRuntime } from './lambda-runtime';
import type { VirtualClock } from './virtual-clock';

/**
 * API Gateway, locally: the routes of API_ROUTES turned into proxy events for
 * the same handlers, plus the OpenAPI document and the virtual clock. Each
 * route's authorizer is emulated with development tokens (dev-tokens.ts).
 */
export interface ApiServerOptions {
  port: number;
  host?: string;
  lambdas: LocalLambdaRuntime;
  clock: VirtualClock;
  openApi: unknown;
  /** Served at /local/faults when given. */
  faults?: LocalFaults;
}

const clockRequest = z.union([
  z.strictObject({ advanceTo: z.iso.datetime({ offset: true, error: 'advanceTo must be an ISO-8601 date-time, e.g. 2026-09-01T09:00:00Z' }) }),
  z.strictObject({
    advanceBy: z.string().refine((text) => Duration.fromISO(text).isValid && Duration.fromISO(text).toMillis() >= 0, {
      message: 'advanceBy must be a non-negative ISO-8601 duration, e.g. P3D or PT2H',
    }),
  }),
], { error: 'Send {"advanceTo": "<ISO-8601 date-time>"} or {"advanceBy": "<ISO-8601 duration>"}' });

/** Requests whose body is not UTF-8: handed on base64-encoded, as API Gateway hands on a binary payload, never repaired. */
const binaryBodies = new WeakSet<IncomingMessage>();

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (isUtf8(bytes)) return bytes.toString('utf8');
  binaryBodies.add(request);
  return bytes.toString('base64');
}

type Claims = Record<string, string>;

/**
 * What the route's authorizer would answer: API Gateway's 401 for a missing or
 * unreadable token, 403 for a caller of the other kind, else the claims the
 * Cognito authorizer hands over (every value a string, groups comma-separated).
 */
function authorize(route: ApiRoute, request: IncomingMessage): { claims?: Claims } | { refused: APIGatewayProxyResult } {
  const caller = parseDevAuthorization(request.headers.authorization);
  if (!caller) return { refused: json(401, { message: 'Unauthorized' }) };
  if (route.access.kind === 'portal') {
    return caller.kind === 'portal' ? {} : { refused: json(403, { message: 'Forbidden: only the portal may call this route (locally: Authorization: Bearer dev:portal)' }) };
  }
  if (caller.kind !== 'officer') {
    return { refused: json(403, { message: 'Forbidden: this route is for signed-in officers (locally: Authorization: Bearer dev:<username>:<group>)' }) };
  }
  return { claims: { 'cognito:username': caller.username, 'cognito:groups': caller.groups.join(','), token_use: 'id' } };
}

function proxyEvent(request: IncomingMessage, route: ApiRoute, params: Record<string, string>, body: string, url: URL, claims?: Claims): APIGatewayProxyEvent {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v ?? '']));
  return {
    httpMethod: route.method,
    path: url.pathname,
    resource: route.path,
    pathParameters: Object.keys(params).length ? params : null,
    queryStringParameters: url.searchParams.size ? Object.fromEntries(url.searchParams) : null,
    multiValueQueryStringParameters: null,
    headers,
    multiValueHeaders: {},
    body: body === '' ? null : body,
    isBase64Encoded: binaryBodies.has(request),
    stageVariables: null,
    requestContext: {
      requestId: randomUUID(),
      httpMethod: route.method,
      path: url.pathname,
      resourcePath: route.path,
      stage: 'local',
      ...(claims ? { authorizer: { claims } } : {}),
    } as APIGatewayProxyEvent['requestContext'],
  };
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  response.writeHead(result.statusCode, { 'content-type': 'application/json', ...(result.headers as Record<string, string>), 'x-content-type-options': 'nosniff' });
  response.end(result.body);
}

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({ statusCode, body: JSON.stringify(body) });

/**
 * What API Gateway answers when the function behind a route fails instead of
 * answering: 504 when it ran out of time (the integration's 29 seconds), 502
 * when it crashed or threw; with API Gateway's own bodies.
 */
function gatewayFailure(error: unknown): APIGatewayProxyResult {
  if (error instanceof Error && error.name === 'Sandbox.Timedout') return json(504, { message: 'Endpoint request timed out' });
  return json(502, { message: 'Internal server error' });
}

export async function startApiServer(options: ApiServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const { lambdas, clock } = options;

  async function handleClock(method: string, body: string): Promise<APIGatewayProxyResult> {
    if (method === 'GET') return json(200, { now: clock.now().toISOString() });
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(body);
    } catch {
      return json(400, { message: 'The request is not valid', errors: [{ path: 'body', message: 'The body must be valid JSON' }] });
    }
    const parsed = clockRequest.safeParse(parsedJson);
    if (!parsed.success) {
      return json(400, { message: 'The request is not valid', errors: parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message })) });
    }
    const target = 'advanceTo' in parsed.data
      ? new Date(parsed.data.advanceTo)
      : new Date(clock.now().getTime() + Duration.fromISO(parsed.data.advanceBy).toMillis());
    if (target < clock.now()) {
      return json(400, { message: 'The clock only moves forward', errors: [{ path: 'advanceTo', message: `must not be before ${clock.now().toISOString()}` }] });
    }
    await clock.advanceTo(target);
    return json(200, { now: clock.now().toISOString() });
  }

  /** GET reads the settings and what was injected so far, POST sets the kinds it names, DELETE stops all faults. */
  function handleFaults(faults: LocalFaults, method: string, body: string): APIGatewayProxyResult {
    if (method === 'POST') {
      let parsedJson: unknown;
      try {
        parsedJson = JSON.parse(body);
      } catch {
        return json(400, { message: 'The request is not valid', errors: [{ path: 'body', message: 'The body must be valid JSON' }] });
      }
      const parsed = parseFaultSettings(parsedJson);
      if ('errors' in parsed) return json(400, { message: 'The request is not valid', errors: parsed.errors });
      faults.set(parsed.settings);
    }
    if (method === 'DELETE') faults.clear();
    return json(200, { settings: faults.settings, injected: faults.injected });
  }

  async function route(request: IncomingMessage): Promise<APIGatewayProxyResult> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    // Open locally: the document and the clock are not part of the deployed API.
    if (url.pathname === '/openapi.json' && method === 'GET') return json(200, options.openApi);
    // The clock is not tracked as work: advancing waits for work to settle.
    if (url.pathname === '/local/clock' && (method === 'GET' || method === 'POST')) return handleClock(method, body);
    if (url.pathname === '/local/faults' && options.faults && ['GET', 'POST', 'DELETE'].includes(method)) return handleFaults(options.faults, method, body);
    // The web console's files (local/console-files.ts), open as a static site is; it calls the API on this same origin.
    if (isConsolePath(url.pathname)) return serveConsole(method, url.pathname, `http://${request.headers.host ?? 'localhost'}`);
    const matched = matchRoute(method, url.pathname);
    if (!matched) return json(404, { message: `No route for ${method} ${url.pathname}` });
    const authorized = authorize(matched.route, request);
    if ('refused' in authorized) return authorized.refused;
    const event = proxyEvent(request, matched.route, matched.params, body, url, authorized.claims);
    return (await clock.track(lambdas.invoke(matched.route.function, event))) as APIGatewayProxyResult;
  }

  const server: Server = createServer((request, response) => {
    route(request).then(
      (result) => send(response, result),
      (error: unknown) => send(response, gatewayFailure(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
