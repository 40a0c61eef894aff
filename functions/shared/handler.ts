import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { z, type ZodType } from 'zod';
import type { ApiRoute, RequestHeader } from '../api-routes';
import { badRequest, CaseNotFoundError, HttpError, type FieldError } from './errors';
import { logger, metrics, tracer } from './observability';
import { authorizeOfficer, type Officer } from './officer-access';

/**
 * The two shapes of handler: HTTP endpoints behind API Gateway, and tasks the
 * state machine invokes. Both get the same logger and metrics middleware, with
 * no event logging, so referral content never reaches the logs.
 */

/** Large enough for a referral with a long description and twenty children; API Gateway itself stops at 10 MB. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest<Body, Params> {
  body: Body;
  params: Params;
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

interface HttpSpec<Body, Params> {
  /** The route served, from API_ROUTES: who may call it. */
  route: ApiRoute;
  /** Endpoints with no body (GET) leave this out. */
  body?: ZodType<Body>;
  params: ZodType<Params>;
}

export function zodErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
    return { path: path || 'body', message: issue.message };
  });
}

function parseBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body === '') {
    throw badRequest([{ path: 'body', message: 'A JSON body is required' }]);
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpError(413, 'The request body is too large', [
      { path: 'body', message: `The body must be at most ${MAX_BODY_BYTES / 1024} KB` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest([{ path: 'body', message: 'The body must be valid JSON' }]);
  }
}

/** What an Idempotency-Key may hold: a UUID, or any other value long enough not to collide. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

const REQUEST_HEADERS: Record<RequestHeader, ZodType<string>> = {
  'Idempotency-Key': z
    .string({ error: 'Send an Idempotency-Key header: a new random value (a UUID) for each new request, the same value when retrying one' })
    .regex(IDEMPOTENCY_KEY_PATTERN, 'The Idempotency-Key must be 8 to 128 letters, digits, dots, colons, hyphens or underscores, such as a UUID'),
};

/** The route's required headers, looked up without regard to case as HTTP intends. */
function requiredHeaders(event: APIGatewayProxyEvent, names: readonly RequestHeader[]): Partial<Record<RequestHeader, string>> {
  const sent = new Map(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
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

function respond(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** The same observability for every function: traced without responses, logged with the Lambda context and no event, metrics flushed. */
function observed<Event, Result>(base: (event: Event, context: Context) => Promise<Result>) {
  return middy(base).use(captureLambdaHandler(tracer, { captureResponse: false })).use(injectLambdaContext(logger)).use(logMetrics(metrics));
}

export function httpHandler<Body = undefined, Params = Record<string, never>>(
  spec: HttpSpec<Body, Params>,
  handle: (request: HttpRequest<Body, Params>) => Promise<HttpResponse>,
) {
  const base = async (event: APIGatewayProxyEvent, _context: Context): Promise<APIGatewayProxyResult> => {
    try {
      // As API Gateway does: who is asking comes before what is asked.
      const officer = spec.route.access.kind === 'officer' ? authorizeOfficer(event, spec.route.access.groups) : undefined;
      const params = spec.params.safeParse(event.pathParameters ?? {});
      if (!params.success) throw badRequest(zodErrors(params.error, 'pathParameters'));
      const headers = requiredHeaders(event, spec.route.headers ?? []);
      let body = undefined as Body;
      if (spec.body) {
        const parsed = spec.body.safeParse(parseBody(event));
        if (!parsed.success) throw badRequest(zodErrors(parsed.error));
        body = parsed.data;
      }
      const result = await handle({ body, params: params.data, officer, headers, event });
      return respond(result.statusCode, result.body);
    } catch (error) {
      if (error instanceof HttpError) {
        return respond(error.statusCode, { message: error.message, ...(error.errors.length ? { errors: error.errors } : {}) });
      }
      if (error instanceof CaseNotFoundError) return respond(404, { message: error.message });
      // Only the error's class and message: never the request.
      logger.error('Unhandled error', { errorName: (error as Error).name, errorMessage: (error as Error).message });
      return respond(500, { message: 'Internal error' });
    }
  };
  return observed(base);
}

/** A task the state machine invokes: its input is validated, and a bad one fails the task loudly. */
export function taskHandler<Input, Output>(input: ZodType<Input>, handle: (input: Input) => Promise<Output>) {
  const base = async (event: unknown, _context: Context): Promise<Output> => {
    const parsed = input.safeParse(event);
    if (!parsed.success) {
      const error = new Error(`Invalid task input: ${zodErrors(parsed.error).map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      error.name = 'InvalidTaskInput';
      throw error;
    }
    return handle(parsed.data);
  };
  return observed(base);
}

export const caseIdSchema = z.string().regex(/^LADO-[0-9A-Z]{10}$/, 'The case id must look like LADO-XXXXXXXXXX');
export const caseParams = z.object({ caseId: caseIdSchema });
export const caseTaskInput = z.object({ caseId: caseIdSchema });
