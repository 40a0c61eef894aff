import type { AwaitedInput } from '../domain/lifecycle-contract';
import { fingerprint } from '../domain/case-id';
import { resumeWait } from './awaited-input';
import { getRecordedRequest, RequestAlreadyRecordedError, type RecordedRequest } from './case-store';
import { now } from './clock';
import { HttpError } from './errors';
import { logger } from './observability';

/**
 * Requests that change a case (a resubmission, an officer's record) carry an
 * Idempotency-Key. The first is recorded beside the case in the transaction
 * that saves its change; a retry under the same key is answered as the first
 * was, and records nothing twice.
 */
export type NewRequest = Omit<RecordedRequest, 'status' | 'caseVersion'>;

export function newRequest(key: string, body: unknown): NewRequest {
  return { key, fingerprint: fingerprint(body), recordedAt: now().toISOString() };
}

export const KEY_REUSED_MESSAGE = 'This Idempotency-Key was already used for a different request on this case: send a new key with each new request.';

/**
 * Runs `record`, which saves the change with `request` and answers the case's
 * status. A new request costs no extra read: a retry shows itself when the save
 * finds its request already stored, or when the case, having moved on, refuses
 * it with 409; only then is the first request looked up. The retry also
 * finishes the first request's work, resuming the wait for `awaited` that the
 * first request closed, in case it stopped between saving and resuming it.
 */
export async function recordOncePerKey(caseId: string, request: NewRequest, awaited: AwaitedInput, record: () => Promise<string>): Promise<string> {
  try {
    return await record();
  } catch (error) {
    const mayBeRetry = error instanceof RequestAlreadyRecordedError || (error instanceof HttpError && error.statusCode === 409);
    const earlier = mayBeRetry ? await getRecordedRequest(caseId, request.key) : undefined;
    if (!earlier) throw error;
    if (earlier.fingerprint !== request.fingerprint) throw new HttpError(422, KEY_REUSED_MESSAGE);
    await resumeWait(caseId, awaited, earlier.caseVersion);
    logger.info('Retried request answered as first recorded', { caseId, awaited });
    return earlier.status;
  }
}
