import * as z from '../domain/zod';
import { enquiryIdSchema } from '../domain/enquiries';

/**
 * What POST /enquiries answers: the id of the enquiry recorded, or already
 * recorded under the request's Idempotency-Key. docs/openapi.yaml is
 * generated from it (scripts/openapi).
 */
export const enquiryRecordedSchema = z
  .strictObject({ enquiryId: enquiryIdSchema })
  .check(z.meta({ description: 'The enquiry is recorded: its id, which links it to a referral later (`POST /enquiries/{enquiryId}/link`).' }));
export type EnquiryRecorded = z.infer<typeof enquiryRecordedSchema>;

export const ENQUIRY_KEY_REUSED_MESSAGE = 'This Idempotency-Key was already used for a different enquiry: send a new key with each new enquiry.';
