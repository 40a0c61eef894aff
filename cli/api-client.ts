/**
 * The CLI's HTTP client: one fetch per request, with a bearer token. A non-2xx
 * answer becomes an ApiError carrying the API's status and message; a request
 * that never reaches the API becomes an ApiUnreachableError.
 */
export interface ApiTarget {
  /** The API's base URL, without a trailing slash. */
  api: string;
  /** The bearer token: a development token locally. */
  token: string;
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

export async function apiRequest<T>(target: ApiTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const base = target.api.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new ApiUnreachableError(base, cause);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, parsed, text), parsed);
  if (parsed === undefined && text) throw new ApiError(response.status, 'the API answered with a body that is not JSON', text);
  return parsed as T;
}
