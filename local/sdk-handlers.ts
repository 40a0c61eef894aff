import { randomUUID } from 'node:crypto';
import type { HttpHandlerOptions } from '@smithy/core/protocols';
import { HttpResponse, type HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { LocalFaults, SesFault } from './faults';
import { bodyText } from './request-body';
import { inProcessSendEmail } from './ses';
import type { LocalStepFunctions } from './stepfunctions/engine';
import { callStepFunctions } from './stepfunctions/server';

/**
 * The request handlers the local stack gives the functions' SDK clients
 * (functions/shared/aws-clients.ts): the smithy HttpHandler interface, the
 * SDK's own extension point for how a signed request reaches its service.
 * The clients serialise, sign, retry and parse exactly as against AWS; only
 * the hop differs. The local Step Functions engine and the local SES run in
 * this process, so their calls are answered here without a loopback HTTP
 * round trip; DynamoDB Local is a separate JVM, reached over kept-alive
 * HTTP. Faults (faults.ts) are injected here, answered as the real service
 * answers a throttled or unavailable request, so the SDK raises the error
 * AWS would cause.
 */
export interface SdkRequestHandler {
  readonly metadata: { handlerProtocol: string };
  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

/** An answer made here: status, headers and a JSON body. */
interface LocalAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The part of the interface the local handlers have nothing to configure in: the SDK calls it, and nothing changes. */
abstract class LocalHandler implements SdkRequestHandler {
  abstract readonly metadata: { handlerProtocol: string };
  abstract handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }>;
  abstract destroy(): void;

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

/** A handler that answers every request from a function of it, in this process. */
class InProcessHandler extends LocalHandler {
  readonly metadata = { handlerProtocol: 'in-process' };

  constructor(private readonly answer: (request: HttpRequest) => Promise<LocalAnswer>) {
    super();
  }

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    if (options?.abortSignal?.aborted) throw abortError();
    return { response: toResponse(await this.answer(request)) };
  }

  destroy(): void {}
}

/** A handler that answers the faults `fault` draws and passes every other request to `inner`. */
class FaultInjectingHandler extends LocalHandler {
  readonly metadata: { handlerProtocol: string };

  constructor(
    private readonly inner: Pick<SdkRequestHandler, 'handle' | 'destroy' | 'metadata'>,
    private readonly fault: () => LocalAnswer | undefined,
  ) {
    super();
    this.metadata = inner.metadata;
  }

  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const fault = this.fault();
    if (fault) return Promise.resolve({ response: toResponse(fault) });
    return this.inner.handle(request, options);
  }

  destroy(): void {
    this.inner.destroy();
  }
}

/**
 * DynamoDB: straight to DynamoDB Local on kept-alive connections, unless the
 * faults throttle the request. The SDK's default handler for Node, made once
 * for all the clients of the stack, so that they share one pool of sockets.
 */
export function dynamoDbHandler(faults: LocalFaults): SdkRequestHandler {
  return new FaultInjectingHandler(new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 50 } }), () => (faults.dynamoDbThrottled() ? dynamoDbThrottle() : undefined));
}

/**
 * SES: SendEmail is answered by the local SES's own SendEmail in this
 * process when that SES was started here (as the bench and `npm start` do);
 * other calls, or an SES in another process (a test run's), go over HTTP.
 * Either way, unless the faults refuse the send.
 */
export function sesHandler(sesUrl: string, faults: LocalFaults): SdkRequestHandler {
  const http = new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 50 } });
  const route: Pick<SdkRequestHandler, 'handle' | 'destroy' | 'metadata'> = {
    metadata: http.metadata,
    handle: async (request, options) => {
      const sendEmail = request.method === 'POST' && request.path === '/v2/email/outbound-emails' ? inProcessSendEmail(sesUrl) : undefined;
      if (!sendEmail) return http.handle(request, options);
      const answer = await sendEmail(JSON.parse(bodyText(request.body)));
      return { response: toResponse({ status: answer.status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(answer.body) }) };
    },
    destroy: () => http.destroy(),
  };
  return new FaultInjectingHandler(route, () => sesFault(faults.sesFault()));
}

/**
 * Step Functions: every call answered by the engine in this process, through
 * the same code the engine's HTTP server serves (stepfunctions/server.ts), and
 * tracked on the virtual clock as the server tracks its requests.
 */
export function stepFunctionsHandler(engine: LocalStepFunctions): SdkRequestHandler {
  return new InProcessHandler(async (request) => {
    const answer = await engine.clock.track(callStepFunctions(engine, request.method, String(request.headers['x-amz-target'] ?? ''), bodyText(request.body)));
    return { status: answer.status, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(answer.body) };
  });
}

function toResponse(answer: LocalAnswer): HttpResponse {
  const body = Buffer.from(answer.body, 'utf8');
  return new HttpResponse({ statusCode: answer.status, headers: { ...answer.headers, 'content-length': String(body.length) }, body });
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}

/** DynamoDB's JSON 1.0 error: the type in the body's __type, as the SDK reads it. */
function dynamoDbThrottle(): LocalAnswer {
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify({
      __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
      message: 'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. (injected by the local stack)',
    }),
  };
}

/** SES v2's REST-JSON error: the type in the x-amzn-ErrorType header, the message in the body. */
function sesFault(fault: SesFault | undefined): LocalAnswer | undefined {
  if (!fault) return undefined;
  const [status, type, message] =
    fault === 'throttled'
      ? [429, 'TooManyRequestsException', 'Too many requests have been made to the operation. (injected by the local stack)']
      : [503, 'ServiceUnavailable', 'Service unavailable. Try again later. (injected by the local stack)'];
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() }, body: JSON.stringify({ message }) };
}
