import { iamPath, matchRoute } from '../functions/api-routes';
import { CliUsageError, signRequest, type SigV4Auth } from './auth';

/**
 * The CLI's HTTP client: one fetch per request, with a bearer token or a SigV4
 * signature. A non-2xx answer becomes an ApiError carrying the API's status
 * and message; a request that never reaches the API becomes an
 * ApiUnreachableError.
 */
export interface ApiTarget {
  /** The API's base URL, without a trailing slash. */
  api: string;
  /** The bearer token: a development token locally, an officer's Cognito ID token on AWS. */
  token?: string;
  /** Signs each request with the caller's AWS credentials instead, on the IAM-authorized mount of the machine routes. */
  sigv4?: SigV4Auth;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ApiUnreachableError extends Error {
  constructor(api: string, cause: string) {
    const local = /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(`${api}/`);
    super(`cannot reach the API at ${api}${local ? ' (is npm start running?)' : ''}: ${cause}`);
    this.name = 'ApiUnreachableError';
  }
}

/** The API's message for an error answer: its `message`, with the first field errors when it lists them. */
function errorMessage(status: number, body: unknown, text: string): string {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
    const errors = 'errors' in body && Array.isArray(body.errors) ? (body.errors as Array<{ path?: unknown; message?: unknown }>) : [];
    const details = errors.map((e) => `${String(e.path)}: ${String(e.message)}`).join('; ');
    return details ? `${body.message} (${details})` : body.message;
  }
  return text.trim().slice(0, 200) || `HTTP ${status}`;
}

/**
 * The URL and headers of a request: a SigV4 caller reaches a route on its
 * IAM-authorized mount (/iam/…), which the route table opens to machine
 * routes only; anyone else sends their token.
 */
export async function prepareRequest(
  target: ApiTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ url: string; headers: Record<string, string> }> {
  const base = target.api.replace(/\/+$/, '');
  const headers: Record<string, string> = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extraHeaders };
  if (!target.sigv4) return { url: `${base}${path}`, headers: { authorization: `Bearer ${target.token ?? ''}`, ...headers } };
  const route = matchRoute(method, path.split('?')[0]!)?.route;
  if (route?.access.kind !== 'officer' || !route.access.machine) {
    throw new CliUsageError(
      `${method} ${route?.path ?? path} is not open to operations signing with SigV4: pass an officer's Cognito ID token with --token (or LADO_TOKEN)`,
    );
  }
  const url = new URL(`${base}${iamPath(path)}`);
  return { url: url.toString(), headers: await signRequest(target.sigv4, { method, url, headers, body }) };
}

/** `headers`: what the route requires besides, such as the Idempotency-Key of a request that records. */
export async function apiRequest<T>(target: ApiTarget, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const base = target.api.replace(/\/+$/, '');
  const text = body === undefined ? undefined : JSON.stringify(body);
  const request = await prepareRequest(target, method, path, text, headers);
  let response: Response;
  try {
    response = await fetch(request.url, { method, headers: request.headers, body: text });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new ApiUnreachableError(base, cause);
  }
  const answer = await response.text();
  let parsed: unknown;
  try {
    parsed = answer ? JSON.parse(answer) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, parsed, answer), parsed);
  if (parsed === undefined && answer) throw new ApiError(response.status, 'the API answered with a body that is not JSON', answer);
  return parsed as T;
}
