import * as z from '../domain/zod';
import { enquiryIdSchema } from '../domain/enquiries';
import { caseIdSchema } from '../shared/handler';

/**
 * What POST /enquiries/{enquiryId}/link answers: the enquiry and the case it
 * is linked to. docs/openapi.yaml is generated from it (scripts/openapi).
 */
export const enquiryLinkedSchema = z
  .strictObject({ enquiryId: enquiryIdSchema, linkedCaseId: caseIdSchema })
  .check(z.meta({ description: 'The enquiry is linked to the case of the referral it led to.' }));
export type EnquiryLinked = z.infer<typeof enquiryLinkedSchema>;

export const enquiryParams = z.object({ enquiryId: enquiryIdSchema });
