import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * How SDK clients are made: once per container, each in a module of its own
 * (functions/shared/clients/), so that a function loads only the SDK packages
 * it calls. Endpoints come from the standard AWS_ENDPOINT_URL_* variables,
 * which is how the local stack points the same code at its own servers; a
 * client is made afresh only if its endpoint variable changes, which happens
 * when a test run starts another local stack.
 */
// Every client takes the same retry strategy type (type-only: no SDK package is loaded here).
export type SdkRetryStrategy = NonNullable<DynamoDBClientConfig['retryStrategy']>;
let retryStrategy: SdkRetryStrategy | undefined;

/**
 * The local stack runs on a virtual clock, which cannot move on while the SDK
 * sleeps in real time between its own retries; it sets a strategy with the
 * same attempts and a back-off of milliseconds. Clients made afterwards use it.
 */
export function useSdkRetryStrategy(strategy: SdkRetryStrategy | undefined): void {
  retryStrategy = strategy;
}

/** A client's configuration: the local retry strategy if one is set. */
export const clientConfig = (): { retryStrategy?: SdkRetryStrategy } => (retryStrategy ? { retryStrategy } : {});

/** A getter of one client, made on first use and again whenever its endpoint variable or the retry strategy changes. */
export function cachedPerEndpoint<T extends object>(variable: string, create: () => T): () => T {
  let cached: { endpoint: string | undefined; retryStrategy: SdkRetryStrategy | undefined; client: T } | undefined;
  return () => {
    const endpoint = process.env[variable];
    if (!cached || cached.endpoint !== endpoint || cached.retryStrategy !== retryStrategy) cached = { endpoint, retryStrategy, client: create() };
    return cached.client;
  };
}
