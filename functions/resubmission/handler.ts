import { routeOf } from '../api-routes';
import { resubmissionSchema, resubmitted, type Resubmission } from '../domain/referral-schema';
import type { StoredCase } from '../shared/case-store';
import { acceptAwaitedInput } from '../shared/awaited-input';
import { badRequest, conflict } from '../shared/errors';
import { caseParams, httpHandler, zodErrors } from '../shared/handler';
import { newRequest, recordOncePerKey } from '../shared/idempotent-request';
import { logger } from '../shared/observability';

/**
 * POST /referrals/{caseId}/resubmission: the referrer supplies what a returned
 * referral lacked. The portal's retry under the same Idempotency-Key is
 * answered as the first request was; a second resubmission is refused.
 */
export const handler = httpHandler({ route: routeOf('resubmission'), body: resubmissionSchema, params: caseParams }, async ({ body, params, headers }) => {
  const request = newRequest(headers['Idempotency-Key']!, body);
  const status = await recordOncePerKey(params.caseId, request, 'resubmission', async () => {
    const outcome = await acceptAwaitedInput(
      params.caseId,
      'resubmission',
      (current) => {
        const referral = resubmitted(current.referral, body);
        if (!referral.success) throw badRequest(zodErrors(referral.error), 'The resubmission contradicts the referral held');
        return {
          next: { ...current, status: 'RECEIVED', referral: referral.data },
          events: [{ type: 'ResubmissionReceived', actor: 'referrer', at: request.recordedAt, details: { fields: suppliedFields(body) } }],
        };
      },
      request,
    );
    if (!outcome.accepted) throw conflict(notAwaitingResubmission(outcome.current));
    return outcome.record.status;
  });
  logger.info('Resubmission received', { caseId: params.caseId });
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});

function suppliedFields(body: Resubmission): string[] {
  return Object.entries(body).flatMap(([section, fields]) =>
    fields && typeof fields === 'object' ? Object.keys(fields).map((field) => `${section}.${field}`) : [],
  );
}

function notAwaitingResubmission(current: StoredCase): string {
  if (current.status === 'REJECTED') {
    return `This referral was rejected on ${current.rejectedAt} because the missing details were not supplied within three working days. Please submit a new referral with full and correct details.`;
  }
  return `This referral is not awaiting a resubmission: its status is ${current.status}.`;
}
