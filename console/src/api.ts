import type { Session } from './auth';
import type { ConsoleConfig } from './config';
import type { ApiErrorBody } from './types';

/**
 * Calls to the API, each with the signed-in officer's token. A refusal comes
 * back as an ApiError with the API's message and the fields at fault, for
 * the page's error box.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let config: ConsoleConfig | undefined;
let session: () => Session | undefined = () => undefined;
let onUnauthorized: () => void = () => undefined;

export function configureApi(options: { config: ConsoleConfig; session: () => Session | undefined; onUnauthorized: () => void }): void {
  config = options.config;
  session = options.session;
  onUnauthorized = options.onUnauthorized;
}

export function apiUrl(): string {
  if (!config) throw new Error('The console is not configured');
  return config.apiUrl;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as Idempotency-Key: the routes that change a case require one. */
  idempotencyKey?: string;
  /** Statuses answered as undefined instead of an error, e.g. a route not deployed yet (404). */
  quiet?: readonly number[];
}

export async function call<T>(method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<T> {
  const token = session()?.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`${apiUrl()}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  } catch {
    throw new ApiError(0, 'The service could not be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body as T;
  if (response.status === 401) onUnauthorized();
  const problem = (body ?? {}) as Partial<ApiErrorBody>;
  const retryAfter = response.headers.get('retry-after');
  const message =
    typeof problem.message === 'string'
      ? problem.message
      : response.status >= 500
        ? 'The service is not available right now. Try again in a moment.'
        : `The request was refused (HTTP ${response.status})`;
  throw new ApiError(
    response.status,
    retryAfter && response.status === 503 ? `${message} Try again in ${retryAfter} seconds.` : message,
    Array.isArray(problem.errors) ? problem.errors : [],
  );
}

export const get = <T>(path: string, options?: CallOptions) => call<T>('GET', path, options);
export const post = <T>(path: string, body: unknown, options: Omit<CallOptions, 'body'> = {}) => call<T>('POST', path, { ...options, body });

/** A path segment, encoded: ids come from the API, but never trusted into a URL as they are. */
export const seg = (value: string) => encodeURIComponent(value);

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
