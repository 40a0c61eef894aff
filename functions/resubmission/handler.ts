import { routeOf } from '../api-routes';
import { resubmissionSchema } from '../domain/referral-schema';
import { caseParams, httpHandler } from '../shared/handler';
import { takeResubmission } from '../shared/resubmission';

/** POST /referrals/{caseId}/resubmission: the referrer supplies, through the portal, what a returned referral lacked. */
export const handler = httpHandler({ route: routeOf('resubmission'), body: resubmissionSchema, params: caseParams }, async ({ body, params, headers }) => {
  const status = await takeResubmission(params.caseId, body, headers['Idempotency-Key']!);
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});
