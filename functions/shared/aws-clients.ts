import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * How SDK clients are made: once per container, each in a module of its own
 * (functions/shared/clients/), so that a function loads only the SDK packages
 * it calls. Endpoints come from the standard AWS_ENDPOINT_URL_* variables,
 * which is how the local stack points the same code at its own servers; a
 * client is made afresh only if its endpoint variable or the local stack's
 * client options change, which happens when a test run starts another local
 * stack.
 */
// Every client takes the same types of retry strategy and request handler (type-only: no SDK package is loaded here).
export type SdkRetryStrategy = NonNullable<DynamoDBClientConfig['retryStrategy']>;
export type SdkRequestHandler = NonNullable<DynamoDBClientConfig['requestHandler']>;

/** The services the functions call, as their endpoint variables name them (AWS_ENDPOINT_URL_<service>). */
export type SdkService = 'DYNAMODB' | 'SFN' | 'SESV2' | 'SNS';

/**
 * What the local stack changes in the clients it runs the functions with; on
 * AWS, nothing. The stack runs on a virtual clock, which cannot move on while
 * the SDK sleeps in real time between its own retries, so it sets a strategy
 * with the same attempts and a back-off of milliseconds; and it gives each
 * service the request handler that reaches its local counterpart.
 */
export interface LocalClientOptions {
  retryStrategy?: SdkRetryStrategy;
  requestHandlers?: Partial<Record<SdkService, SdkRequestHandler>>;
}

let localOptions: LocalClientOptions = {};

/** Clients made afterwards use these options; undefined goes back to the SDK's defaults. */
export function useLocalClientOptions(options: LocalClientOptions | undefined): void {
  localOptions = options ?? {};
}

/** A client's configuration: the local retry strategy and request handler, if set. */
export function clientConfig(service: SdkService): { retryStrategy?: SdkRetryStrategy; requestHandler?: SdkRequestHandler } {
  const { retryStrategy, requestHandlers } = localOptions;
  const requestHandler = requestHandlers?.[service];
  return { ...(retryStrategy ? { retryStrategy } : {}), ...(requestHandler ? { requestHandler } : {}) };
}

/** A getter of one service's client, made on first use and again whenever its endpoint variable or the local options change. */
export function cachedClient<T extends object>(service: SdkService, create: () => T): () => T {
  const variable = `AWS_ENDPOINT_URL_${service}`;
  let cached: { endpoint: string | undefined; options: LocalClientOptions; client: T } | undefined;
  return () => {
    const endpoint = process.env[variable];
    if (!cached || cached.endpoint !== endpoint || cached.options !== localOptions) cached = { endpoint, options: localOptions, client: create() };
    return cached.client;
  };
}
