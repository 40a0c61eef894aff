import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from '../domain/zod';
import type { ApiRoute, RequestHeader } from '../api-routes';
import { CASE_ID_FORMAT_MESSAGE, CASE_ID_PATTERN } from '../domain/lifecycle-contract';
import { AWAITED_INPUT_ARRIVED, badRequest, CaseNotFoundError, HttpError, type FieldError } from './errors';
import { logger, publishMetricsIfAny } from './observability';
import { authorizeOfficer, type Officer } from './officer-access';
import { errorClass, isTransient, TransientTaskError } from './transient-errors';

/**
 * The two shapes of handler: HTTP endpoints behind API Gateway, and tasks the
 * state machine invokes. Both get the same logger and metrics middleware, with
 * no event logging, so referral content never reaches the logs.
 */

/** Large enough for a referral with a long description and twenty children; API Gateway itself stops at 10 MB. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest<Body, Params, Query = undefined> {
  body: Body;
  params: Params;
  /** The query string, checked, on routes that take one. */
  query: Query;
  /** The signed-in officer on officer routes; the portal's routes are guarded by IAM alone. */
  officer?: Officer;
  /** The headers the route requires, checked. */
  headers: Partial<Record<RequestHeader, string>>;
  event: APIGatewayProxyEvent;
}

export interface HttpResponse {
  statusCode: number;
  body: unknown;
}

interface HttpSpec<Body, Params, Query> {
  /** The route served, from API_ROUTES: who may call it. */
  route: ApiRoute;
  /** Endpoints with no body (GET) leave this out. */
  body?: z.ZodMiniType<Body>;
  params: z.ZodMiniType<Params>;
  /** Endpoints that take a query string; the others ignore one. */
  query?: z.ZodMiniType<Query>;
}

const EXCERPT_CHARACTERS = 40;
const KEYS_QUOTED = 5;

/** What a caller sent, quoted in an error: at most 40 characters, JSON-escaped, so that an answer never carries a caller's payload back. */
function excerpt(sent: string): string {
  const characters = Array.from(sent);
  return JSON.stringify(characters.length > EXCERPT_CHARACTERS ? `${characters.slice(0, EXCERPT_CHARACTERS).join('')}…` : sent);
}

/** zod quotes unknown keys whole; a key is the caller's to choose, so only a few, each as an excerpt. */
function unrecognizedKeysMessage(keys: readonly string[]): string {
  const more = keys.length > KEYS_QUOTED ? ` and ${keys.length - KEYS_QUOTED} more` : '';
  return `Unrecognized key${keys.length === 1 ? '' : 's'}: ${keys.slice(0, KEYS_QUOTED).map(excerpt).join(', ')}${more}`;
}

export function zodErrors(error: z.core.$ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
    return { path: path || 'body', message: issue.code === 'unrecognized_keys' ? unrecognizedKeysMessage(issue.keys) : issue.message };
  });
}

/** Header values by lower-case name: HTTP names are case-insensitive, and API Gateway passes them as sent. */
function headersOf(event: APIGatewayProxyEvent): Map<string, string | undefined> {
  return new Map(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

export const UNSUPPORTED_MEDIA_TYPE_MESSAGE = 'The body must be JSON, sent with Content-Type: application/json';

/** JSON, and JSON is UTF-8 (RFC 8259): a form, plain text or any other type is refused rather than parsed as JSON. */
function requireJsonContentType(contentType: string | undefined): void {
  const [mediaType, ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/^"(.*)"$/, '$1');
  if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8')) {
    throw new HttpError(415, UNSUPPORTED_MEDIA_TYPE_MESSAGE, [
      { path: 'headers.Content-Type', message: 'Content-Type must be application/json, with no charset or charset=utf-8' },
    ]);
  }
}

// Fatal: bytes that are not UTF-8 are refused, never repaired into U+FFFD and stored.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body === '') {
    throw badRequest([{ path: 'body', message: 'A JSON body is required' }]);
  }
  requireJsonContentType(headersOf(event).get('content-type'));
  // API Gateway passes a body that is not text base64-encoded; so does the local API.
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : undefined;
  if ((bytes?.length ?? Buffer.byteLength(event.body, 'utf8')) > MAX_BODY_BYTES) {
    throw new HttpError(413, 'The request body is too large', [
      { path: 'body', message: `The body must be at most ${MAX_BODY_BYTES / 1024} KB` },
    ]);
  }
  let text: string;
  try {
    text = bytes ? utf8.decode(bytes) : event.body;
  } catch {
    throw badRequest([{ path: 'body', message: 'The body must be valid UTF-8 text' }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest([{ path: 'body', message: 'The body must be valid JSON' }]);
  }
}

/** What an Idempotency-Key may hold: a UUID, or any other value long enough not to collide. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

const REQUEST_HEADERS: Record<RequestHeader, z.ZodMiniType<string>> = {
  'Idempotency-Key': z
    .string({ error: 'Send an Idempotency-Key header: a new random value (a UUID) for each new request, the same value when retrying one' })
    .check(z.regex(IDEMPOTENCY_KEY_PATTERN, 'The Idempotency-Key must be 8 to 128 letters, digits, dots, colons, hyphens or underscores, such as a UUID')),
};

/** The route's required headers, looked up without regard to case as HTTP intends. */
function requiredHeaders(event: APIGatewayProxyEvent, names: readonly RequestHeader[]): Partial<Record<RequestHeader, string>> {
  const sent = headersOf(event);
  const headers: Partial<Record<RequestHeader, string>> = {};
  const errors: FieldError[] = [];
  for (const name of names) {
    const parsed = REQUEST_HEADERS[name].safeParse(sent.get(name.toLowerCase()));
    if (parsed.success) headers[name] = parsed.data;
    else errors.push(...zodErrors(parsed.error, `headers.${name}`));
  }
  if (errors.length) throw badRequest(errors);
  return headers;
}

function respond(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode,
    // nosniff: a browser never reads an answer, which may quote what was sent, as anything but JSON.
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
    body: JSON.stringify(body),
  };
}

/** How long to wait before sending a request again after a 503: throttling and brief outages of DynamoDB and SES pass within seconds. */
export const RETRY_AFTER_SECONDS = 5;

export const SERVICE_UNAVAILABLE_MESSAGE = 'The service is briefly unavailable: send the same request again after the seconds given in Retry-After';

/** What a request's log lines say of it: the case it names in its path (when well formed), the function and the route. */
function requestLogFields(route: ApiRoute, event: APIGatewayProxyEvent, context: Context): { caseId?: string; function: string; route: string } {
  const caseId = caseIdSchema.safeParse(event.pathParameters?.['caseId']);
  return { ...(caseId.success ? { caseId: caseId.data } : {}), function: context.functionName, route: `${route.method} ${route.path}` };
}

/**
 * A fault of ours or of a dependency. Every route is safe to send again (each
 * write is one transaction, and retries are idempotent), so a dependency that
 * was briefly unavailable is answered 503 with Retry-After, anything else 500.
 * Either way one ERROR line, with identifiers and the error's class only: its
 * message may quote the request.
 */
function failure(error: unknown, route: ApiRoute, event: APIGatewayProxyEvent, context: Context): APIGatewayProxyResult {
  const transient = isTransient(error);
  logger.error(transient ? 'Request failed: a dependency is unavailable' : 'Request failed', {
    ...requestLogFields(route, event, context),
    errorClass: errorClass(error),
    statusCode: transient ? 503 : 500,
  });
  return transient
    ? respond(503, { message: SERVICE_UNAVAILABLE_MESSAGE }, { 'retry-after': String(RETRY_AFTER_SECONDS) })
    : respond(500, { message: 'Internal error' });
}

/**
 * Kept back from a request's time to answer it: a request whose work has not
 * finished by then is answered 504, logged as one ERROR line, rather than cut
 * off by the runtime and answered by API Gateway with a bare 502 and no line
 * of ours.
 */
export const ANSWER_MARGIN_MS = 1_000;

export const OUT_OF_TIME_MESSAGE =
  'The request could not be completed in the time a request may take: sending the same request again is safe, and a smaller one (a shorter period, a smaller page) takes less time';

class RequestOutOfTime extends Error {
  override name = 'RequestOutOfTime';
}

/** The work, or RequestOutOfTime once only ANSWER_MARGIN_MS of the invocation's time is left. */
async function withinTime<T>(work: Promise<T>, context: Context): Promise<T> {
  if (typeof context.getRemainingTimeInMillis !== 'function') return work;
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RequestOutOfTime()), Math.max(0, context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS));
  });
  try {
    return await Promise.race([work, outOfTime]);
  } finally {
    clearTimeout(timer);
  }
}

/** The same observability for every function: logged with the Lambda context and no event, metrics flushed. */
function observed<Event, Result>(base: (event: Event, context: Context) => Promise<Result>) {
  return middy(base).use(injectLambdaContext(logger)).use(publishMetricsIfAny());
}

export function httpHandler<Body = undefined, Params = Record<string, never>, Query = undefined>(
  spec: HttpSpec<Body, Params, Query>,
  handle: (request: HttpRequest<Body, Params, Query>) => Promise<HttpResponse>,
) {
  const base = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    try {
      // As API Gateway does: who is asking comes before what is asked.
      const officer = spec.route.access.kind === 'officer' ? authorizeOfficer(event, spec.route.access.groups, spec.route.access) : undefined;
      const params = spec.params.safeParse(event.pathParameters ?? {});
      if (!params.success) throw badRequest(zodErrors(params.error, 'pathParameters'));
      const headers = requiredHeaders(event, spec.route.headers ?? []);
      let query = undefined as Query;
      if (spec.query) {
        const parsed = spec.query.safeParse(event.queryStringParameters ?? {});
        if (!parsed.success) throw badRequest(zodErrors(parsed.error, 'query'));
        query = parsed.data;
      }
      let body = undefined as Body;
      if (spec.body) {
        const parsed = spec.body.safeParse(parseBody(event));
        if (!parsed.success) throw badRequest(zodErrors(parsed.error));
        body = parsed.data;
      }
      const result = await withinTime(handle({ body, params: params.data, query, officer, headers, event }), context);
      return respond(result.statusCode, result.body);
    } catch (error) {
      if (error instanceof RequestOutOfTime) {
        logger.error('Request ran out of time', { ...requestLogFields(spec.route, event, context), statusCode: 504 });
        return respond(504, { message: OUT_OF_TIME_MESSAGE });
      }
      if (error instanceof HttpError) {
        return respond(error.statusCode, { message: error.message, ...(error.errors.length ? { errors: error.errors } : {}) });
      }
      if (error instanceof CaseNotFoundError) return respond(404, { message: error.message });
      return failure(error, spec.route, event, context);
    }
  };
  return observed(base);
}

/**
 * A task the state machine invokes: its input is validated, and a bad one fails
 * the task loudly. Every failure logs one ERROR line (case id, function, step,
 * error class; never a message, which may quote data), and a transient one is
 * raised as TRANSIENT_ERROR, which the workflow retries with backoff.
 */
export function taskHandler<Input, Output>(input: z.ZodMiniType<Input>, handle: (input: Input) => Promise<Output>) {
  const base = async (event: unknown, context: Context): Promise<Output> => {
    const parsed = input.safeParse(event);
    if (!parsed.success) {
      const error = new Error(`Invalid task input: ${zodErrors(parsed.error).map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      error.name = 'InvalidTaskInput';
      logTaskFailure(event, context, error);
      throw error;
    }
    try {
      return await handle(parsed.data);
    } catch (error) {
      // The workflow's own signal that the input it waits for has arrived: not a failure.
      if ((error as Error).name === AWAITED_INPUT_ARRIVED) throw error;
      logTaskFailure(event, context, error);
      throw isTransient(error) && !(error instanceof TransientTaskError) ? new TransientTaskError(error) : error;
    }
  };
  return observed(base);
}

function logTaskFailure(event: unknown, context: Context, error: unknown): void {
  const { caseId, step } = (event ?? {}) as { caseId?: unknown; step?: unknown };
  logger.error('Task failed', {
    caseId: typeof caseId === 'string' ? caseId.slice(0, 20) : undefined,
    function: context.functionName,
    step: typeof step === 'string' ? step.slice(0, 80) : undefined,
    errorClass: error instanceof TransientTaskError ? error.originalClass : errorClass(error),
    transient: isTransient(error),
  });
}

export const caseIdSchema = z.string().check(z.regex(CASE_ID_PATTERN, CASE_ID_FORMAT_MESSAGE));
export const caseParams = z.object({ caseId: caseIdSchema });
export const caseTaskInput = z.object({ caseId: caseIdSchema });
