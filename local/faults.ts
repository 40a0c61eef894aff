import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import { pipeline } from 'node:stream';
import * as z from 'zod';
import { FUNCTION_NAMES, type FunctionName } from '../functions/api-routes';

/**
 * Faults injected on purpose, locally only: SES answering as when throttled or
 * unavailable, DynamoDB throttling, Lambda runtimes crashing. Set through
 * /local/faults (api-server.ts), the bench's --faults, or in tests. SES and
 * DynamoDB faults come from a small HTTP proxy in front of each, so the real
 * SDK clients meet them exactly as they would meet AWS's answers; Lambda
 * crashes come from the local runtime (lambda-runtime.ts).
 */

export const CRASH_MOMENTS = ['before', 'after', 'both'] as const;
export type CrashMoment = (typeof CRASH_MOMENTS)[number];

const rate = z.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be a number from 0 to 1').max(1, 'must be a number from 0 to 1');

export const faultSettingsSchema = z.strictObject({
  ses: z.strictObject({ failureRate: rate }).optional(),
  dynamodb: z.strictObject({ throttleRate: rate }).optional(),
  lambda: z
    .partialRecord(
      z.enum(FUNCTION_NAMES),
      z.strictObject({
        crashRate: rate,
        // Before: the handler never runs. After: it ran and wrote, but its result is lost.
        when: z.enum(CRASH_MOMENTS, { error: `must be one of ${CRASH_MOMENTS.join(', ')}` }).default('before'),
      }),
    )
    .optional(),
});
export type FaultSettings = z.output<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

export interface FieldError {
  path: string;
  message: string;
}

/** Validates a request body, naming each field at fault; an unknown function is named with the ones there are. */
export function parseFaultSettings(body: unknown): { settings: FaultSettings } | { errors: FieldError[] } {
  const parsed = faultSettingsSchema.safeParse(body);
  if (parsed.success) return { settings: parsed.data };
  const errors = parsed.error.issues.flatMap((issue): FieldError[] => {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = at === 'lambda' ? `; the functions are ${FUNCTION_NAMES.join(', ')}` : '';
      return issue.keys.map((key) => ({ path: at ? `${at}.${key}` : key, message: `is not a setting here${known}` }));
    }
    return [{ path: at || 'body', message: issue.message }];
  });
  return { errors };
}

/** A source of numbers in [0, 1), as Math.random; injectable so tests and the bench can repeat a run. */
export type RandomSource = () => number;

/** mulberry32: small, fast and good enough for picking which requests fail. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultsInjected {
  ses: number;
  dynamodb: number;
  lambda: number;
  lambdaByFunction: Partial<Record<FunctionName, number>>;
}

export type SesFault = 'throttled' | 'unavailable';

/** The fault settings of one local stack and the count of faults injected so far. */
export class LocalFaults {
  #settings: FaultSettings = {};
  #injected: FaultsInjected = { ses: 0, dynamodb: 0, lambda: 0, lambdaByFunction: {} };
  readonly #random: RandomSource;

  constructor(random: RandomSource = Math.random) {
    this.#random = random;
  }

  /** Sets the kinds named, leaving the others as they were; functions are set one by one. Throws on invalid settings. */
  set(input: FaultSettingsInput): void {
    const settings = faultSettingsSchema.parse(input);
    if (settings.ses) this.#settings.ses = { ...settings.ses };
    if (settings.dynamodb) this.#settings.dynamodb = { ...settings.dynamodb };
    if (settings.lambda) this.#settings.lambda = { ...this.#settings.lambda, ...structuredClone(settings.lambda) };
  }

  /** Stops injecting; the counts stay, as a record of what was injected. */
  clear(): void {
    this.#settings = {};
  }

  get settings(): FaultSettings {
    return structuredClone(this.#settings);
  }

  get injected(): FaultsInjected {
    return structuredClone(this.#injected);
  }

  /** Whether this SES request fails, and how; counted when it does. */
  sesFault(): SesFault | undefined {
    if (!this.#roll(this.#settings.ses?.failureRate)) return undefined;
    this.#injected.ses++;
    return this.#random() < 0.5 ? 'throttled' : 'unavailable';
  }

  /** Whether this DynamoDB request is throttled; counted when it is. */
  dynamoDbThrottled(): boolean {
    if (!this.#roll(this.#settings.dynamodb?.throttleRate)) return false;
    this.#injected.dynamodb++;
    return true;
  }

  /** Whether this invocation is to crash, and when; the runtime counts it only if the crash happens. */
  lambdaCrash(name: FunctionName): 'before' | 'after' | undefined {
    const setting = this.#settings.lambda?.[name];
    if (!setting || !this.#roll(setting.crashRate)) return undefined;
    if (setting.when !== 'both') return setting.when;
    return this.#random() < 0.5 ? 'before' : 'after';
  }

  countLambdaCrash(name: FunctionName): void {
    this.#injected.lambda++;
    this.#injected.lambdaByFunction[name] = (this.#injected.lambdaByFunction[name] ?? 0) + 1;
  }

  #roll(probability: number | undefined): boolean {
    // Rate 0 draws nothing, so a run without faults takes the same random numbers as before.
    if (!probability) return false;
    return probability >= 1 || this.#random() < probability;
  }
}

/**
 * An HTTP proxy in front of DynamoDB Local or the local SES: requests pass
 * through streamed, on kept-alive connections, unless the faults say this one
 * fails, in which case it is answered as the real service answers a throttled
 * or unavailable request, so the SDK raises the error AWS would cause.
 */
export interface FaultProxy {
  url: string;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  service: 'dynamodb' | 'ses';
  /** Where requests go when they do not fail, e.g. http://127.0.0.1:8000. */
  target: string;
  faults: LocalFaults;
  port?: number;
  host?: string;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const host = options.host ?? '127.0.0.1';
  const agent = new Agent({ keepAlive: true });
  const answerFault = options.service === 'dynamodb' ? dynamoDbFault(options.faults) : sesFault(options.faults);

  const server: Server = createServer((request, response) => {
    const fault = answerFault();
    if (fault) {
      // Read the request to its end first, so the kept-alive connection stays usable.
      request.resume();
      request.once('end', () => response.writeHead(fault.status, fault.headers).end(fault.body));
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: endToEnd(request.headers), agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        pipeline(answer, response, () => undefined);
      },
    );
    // A broken connection on either side breaks the other, as it would without the proxy.
    upstream.once('error', () => response.destroy());
    pipeline(request, upstream, () => undefined);
  });
  // Longer than the SDK's idle sockets live, so it never reuses one the proxy has just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

/** Connection-level headers belong to each hop, not to the request or answer passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

interface FaultAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: string;
}

/** DynamoDB's JSON 1.0 error: the type in the body's __type, as the SDK reads it. */
function dynamoDbFault(faults: LocalFaults): () => FaultAnswer | undefined {
  return () => {
    if (!faults.dynamoDbThrottled()) return undefined;
    return {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message: 'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. (injected by the local stack)',
      }),
    };
  };
}

/** SES v2's REST-JSON error: the type in the x-amzn-ErrorType header, the message in the body. */
function sesFault(faults: LocalFaults): () => FaultAnswer | undefined {
  return () => {
    const fault = faults.sesFault();
    if (!fault) return undefined;
    const [status, type, message] =
      fault === 'throttled'
        ? [429, 'TooManyRequestsException', 'Too many requests have been made to the operation. (injected by the local stack)']
        : [503, 'ServiceUnavailable', 'Service unavailable. Try again later. (injected by the local stack)'];
    return {
      status,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() },
      body: JSON.stringify({ message }),
    };
  };
}
