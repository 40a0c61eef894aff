import { routeOf } from '../api-routes';
import { resubmit, type Refusal } from '../domain/lifecycle-rules';
import { resubmissionSchema } from '../domain/referral-schema';
import { acceptAwaitedInput } from '../shared/awaited-input';
import { badRequest, conflict, type HttpError } from '../shared/errors';
import { caseParams, httpHandler, zodErrors } from '../shared/handler';
import { newRequest, recordOncePerKey } from '../shared/idempotent-request';
import { logger } from '../shared/observability';
import { rematchFor, withRematch } from '../shared/subject-matching';

/**
 * POST /referrals/{caseId}/resubmission: the referrer supplies what a returned
 * referral lacked (functions/domain/lifecycle-rules.ts, resubmit). The portal's
 * retry under the same Idempotency-Key is answered as the first request was;
 * a second resubmission is refused.
 */
export const handler = httpHandler({ route: routeOf('resubmission'), body: resubmissionSchema, params: caseParams }, async ({ body, params, headers }) => {
  const request = newRequest(headers['Idempotency-Key']!, body);
  const at = new Date(request.recordedAt);
  const status = await recordOncePerKey(params.caseId, request, 'resubmission', async () => {
    // A subject resubmitted (a date of birth supplied, say) is matched again against earlier cases (shared/subject-matching.ts).
    const rematch = await rematchFor(params.caseId, body);
    const outcome = await acceptAwaitedInput(params.caseId, 'resubmission', (current) => withRematch(rematch, current, resubmit(current, body, at), at), request);
    if (!('accepted' in outcome)) throw refused(outcome);
    return outcome.record.status;
  });
  logger.info('Resubmission received', { caseId: params.caseId });
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});

/** A resubmission that contradicts the referral is a bad request; one the case does not await, a conflict. */
function refused(refusal: Refusal): HttpError {
  return refusal.refused === 'contradicts' && refusal.issues ? badRequest(zodErrors(refusal.issues), refusal.message) : conflict(refusal.message);
}
