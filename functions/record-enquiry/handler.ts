import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { fingerprint } from '../domain/case-id';
import { enquiryIdFor, enquiryRequestHash, enquiryRequestSchema, receiptProblem, toWholeSecond, type Enquiry } from '../domain/enquiries';
import { now } from '../shared/clock';
import { EnquiryKeyReusedError, LinkedCaseNotFoundError, recordEnquiry } from '../shared/enquiry-store';
import { badRequest, forbidden, HttpError } from '../shared/errors';
import { httpHandler } from '../shared/handler';
import { logger } from '../shared/observability';
import { notOwnOfficerIdMessage } from '../shared/officer-access';
import { ENQUIRY_KEY_REUSED_MESSAGE, type EnquiryRecorded } from './schemas';

export { enquiryRecordedSchema } from './schemas';

/**
 * POST /enquiries: the LADO enquiries officer records an enquiry (003 §2.2)
 * under their own username, as choices from the catalogues and nothing else.
 * Its id comes from its receipt, the officer and the request's
 * Idempotency-Key; the request is kept beside it for a week, so that a retry
 * is answered with the same id and records nothing twice, even when the
 * first request left the receipt to the moment of recording.
 */
export const handler = httpHandler({ route: routeOf('record-enquiry'), body: enquiryRequestSchema, params: z.object({}) }, async ({ body, officer, headers }) => {
  if (!officer || body.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage());
  const key = headers['Idempotency-Key']!;
  const at = now();
  const receivedAt = toWholeSecond(body.receivedAt === undefined ? at : new Date(body.receivedAt));
  const problem = receiptProblem(receivedAt, at);
  if (problem) throw badRequest([{ path: 'receivedAt', message: problem }]);
  const enquiry: Enquiry = {
    enquiryId: enquiryIdFor(officer.username, key, receivedAt),
    receivedAt: receivedAt.toISOString(),
    sector: body.sector,
    ...(body.subsector !== undefined ? { subsector: body.subsector } : {}),
    askedBy: body.askedBy,
    topic: body.topic,
    outcome: body.outcome,
    ...(body.linkedCaseId !== undefined ? { linkedCaseId: body.linkedCaseId } : {}),
    officerId: officer.username,
  };
  try {
    const recorded = await recordEnquiry(enquiry, { requestHash: enquiryRequestHash(officer.username, key), fingerprint: fingerprint(body), recordedAt: at.toISOString() });
    logger.info(recorded.created ? 'Enquiry recorded' : 'Retried enquiry answered as first recorded', { enquiryId: recorded.enquiryId });
    const answer: EnquiryRecorded = { enquiryId: recorded.enquiryId };
    return { statusCode: 201, body: answer };
  } catch (error) {
    if (error instanceof EnquiryKeyReusedError) throw new HttpError(422, ENQUIRY_KEY_REUSED_MESSAGE);
    if (error instanceof LinkedCaseNotFoundError) throw badRequest([{ path: 'linkedCaseId', message: `No case has the id ${error.caseId}` }]);
    throw error;
  }
});
