import { resubmit, type Refusal } from '../domain/lifecycle-rules';
import type { Resubmission } from '../domain/referral-schema';
import { acceptAwaitedInput } from './awaited-input';
import { badRequest, conflict, type HttpError } from './errors';
import { zodErrors } from './handler';
import { newRequest, recordOncePerKey } from './idempotent-request';
import { logger } from './observability';
import { rematchFor, withRematch } from './subject-matching';

/**
 * Takes the details a returned referral lacked (functions/domain/lifecycle-rules.ts,
 * resubmit): from the portal, or, for a referral keyed in by staff, from the
 * officer `keyedBy`. A retry under the same Idempotency-Key is answered as the
 * first request was; a second resubmission is refused. Answers the case's status.
 */
export async function takeResubmission(caseId: string, resubmission: Resubmission, idempotencyKey: string, keyedBy?: string): Promise<string> {
  const request = newRequest(idempotencyKey, resubmission);
  const at = new Date(request.recordedAt);
  const status = await recordOncePerKey(caseId, request, 'resubmission', async () => {
    // A subject resubmitted (a date of birth supplied, say) is matched again against earlier cases (shared/subject-matching.ts).
    const rematch = await rematchFor(caseId, resubmission);
    const outcome = await acceptAwaitedInput(caseId, 'resubmission', (current) => withRematch(rematch, current, resubmit(current, resubmission, at, keyedBy), at), request);
    if (!('accepted' in outcome)) throw refused(outcome);
    return outcome.record.status;
  });
  logger.info('Resubmission received', { caseId, keyed: keyedBy !== undefined });
  return status;
}

/** A resubmission that contradicts the referral is a bad request; one the case does not await, a conflict. */
function refused(refusal: Refusal): HttpError {
  return refusal.refused === 'contradicts' && refusal.issues ? badRequest(zodErrors(refusal.issues), refusal.message) : conflict(refusal.message);
}
