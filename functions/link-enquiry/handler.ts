import { routeOf } from '../api-routes';
import { enquiryLinkSchema } from '../domain/enquiries';
import { now } from '../shared/clock';
import { EnquiryAlreadyLinkedError, EnquiryNotFoundError, linkEnquiry, LinkedCaseNotFoundError } from '../shared/enquiry-store';
import { badRequest, conflict, forbidden, notFound } from '../shared/errors';
import { httpHandler } from '../shared/handler';
import { logger } from '../shared/observability';
import { notOwnOfficerIdMessage } from '../shared/officer-access';
import { enquiryParams, type EnquiryLinked } from './schemas';

export { enquiryLinkedSchema } from './schemas';

/**
 * POST /enquiries/{enquiryId}/link: an officer links an enquiry to the case
 * of the referral it led to (003 §2.5 counts the enquiries that met the harm
 * threshold), under their own username. A keyed update: the enquiry's id
 * holds its key. Only to a case that exists, and once: linking it to the same
 * case again answers as the first time did, to another case is refused. The
 * request needs no Idempotency-Key, being the same however often it is sent.
 */
export const handler = httpHandler({ route: routeOf('link-enquiry'), body: enquiryLinkSchema, params: enquiryParams }, async ({ body, params, officer }) => {
  if (!officer || body.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage());
  try {
    await linkEnquiry(params.enquiryId, body.caseId, officer.username, now().toISOString());
  } catch (error) {
    if (error instanceof EnquiryNotFoundError) throw notFound(`No enquiry ${params.enquiryId}`);
    if (error instanceof LinkedCaseNotFoundError) throw badRequest([{ path: 'caseId', message: `No case has the id ${error.caseId}` }]);
    if (error instanceof EnquiryAlreadyLinkedError) throw conflict(`This enquiry is already linked to the case ${error.linkedCaseId}: an enquiry is linked to one referral`);
    throw error;
  }
  logger.info('Enquiry linked', { enquiryId: params.enquiryId, caseId: body.caseId });
  const answer: EnquiryLinked = { enquiryId: params.enquiryId, linkedCaseId: body.caseId };
  return { statusCode: 200, body: answer };
});
