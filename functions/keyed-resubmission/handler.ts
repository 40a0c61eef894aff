import { routeOf } from '../api-routes';
import { forbidden } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';
import { notOwnOfficerIdMessage } from '../shared/officer-access';
import { takeResubmission } from '../shared/resubmission';
import { keyedResubmissionSchema } from './schemas';


/**
 * POST /cases/{caseId}/resubmission: for a referral keyed in by staff, the
 * officer keys in the details it was returned for, as the referrer gives them
 * by telephone or email (a parent or member of the public has no portal
 * account). The same rules as the portal's resubmission; refused (409) for a
 * portal referral, whose referrer supplies them through the portal.
 */
export const handler = httpHandler({ route: routeOf('keyed-resubmission'), body: keyedResubmissionSchema, params: caseParams }, async ({ body, params, headers, officer }) => {
  if (!officer || body.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage());
  const status = await takeResubmission(params.caseId, body.details, headers['Idempotency-Key']!, officer.username);
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});
