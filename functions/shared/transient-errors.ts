/**
 * Which failures are worth trying again: throttling, timeouts, 5xx answers and
 * broken connections from DynamoDB, SES and Step Functions, and a case that
 * kept changing under a save. Anything else is a fault a retry cannot mend.
 * The workflow retries tasks that fail with TRANSIENT_ERROR; the API answers
 * 503 with Retry-After.
 */
export const TRANSIENT_ERROR = 'TransientError';

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalServerException',
  'InternalFailure',
  'TransactionConflictException',
  'TransactionInProgressException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'StaleCaseError',
]);

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

const TRANSIENT_CANCELLATIONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

interface SdkLikeError {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: Array<{ Code?: string }>;
  cause?: unknown;
}

export function isTransient(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as SdkLikeError;
  if (e.name && (TRANSIENT_NAMES.has(e.name) || e.name === TRANSIENT_ERROR)) return true;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  if (e.$retryable || e.$fault === 'server') return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (e.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code && TRANSIENT_CANCELLATIONS.has(r.Code))) return true;
  return e.cause !== undefined && e.cause !== error && isTransient(e.cause);
}

/** The class of an error, for logs and for the case: its name, never its message (which may quote data). */
export function errorClass(error: unknown): string {
  return safeErrorClass(error instanceof Error ? error.name : typeof error);
}

/** An error name as reported by someone else (Step Functions' catch): kept only if it looks like a class name. */
export function safeErrorClass(name: string | undefined): string {
  return name !== undefined && /^[A-Za-z0-9_.:-]{1,80}$/.test(name) ? name : 'Error';
}

/** A transient failure as a task raises it: named for the workflow's retry rule, with the original class (never its message). */
export class TransientTaskError extends Error {
  readonly originalClass: string;
  constructor(original: unknown) {
    const originalClass = original instanceof TransientTaskError ? original.originalClass : errorClass(original);
    super(`Transient failure: ${originalClass}`);
    this.name = TRANSIENT_ERROR;
    this.originalClass = originalClass;
  }
}
