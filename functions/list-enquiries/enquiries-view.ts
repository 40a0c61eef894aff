import * as z from '../domain/zod';
import {
  enquiryAskerSchema,
  enquiryIdSchema,
  enquiryOutcomeSchema,
  enquirySectorSchema,
  enquirySubsectorSchema,
  enquiryTopicSchema,
  type Enquiry,
} from '../domain/enquiries';
import { caseIdSchema } from '../shared/handler';

/**
 * What GET /enquiries answers: a page of the enquiries received in a period,
 * in order of receipt, and the cursor of the next. The handler returns the
 * page's z.infer, and the item's schema has exactly Enquiry's fields (checked
 * below); docs/openapi.yaml is generated from them (scripts/openapi).
 */
export const enquirySchema = z
  .strictObject({
    enquiryId: enquiryIdSchema,
    receivedAt: z.iso.datetime().check(z.meta({ description: 'When the enquiry came in.' })),
    sector: enquirySectorSchema,
    subsector: z.optional(enquirySubsectorSchema),
    askedBy: enquiryAskerSchema,
    topic: enquiryTopicSchema,
    outcome: enquiryOutcomeSchema,
    linkedCaseId: z.optional(caseIdSchema).check(z.meta({ description: 'The case of the referral the enquiry led to, once linked.' })),
    officerId: z.string().check(z.meta({ description: 'The username of the officer who answered it.' })),
  })
  .check(z.meta({ description: 'An enquiry as the register holds it: choices from the catalogues, and the officer who answered. Nobody else is named.' }));

export const enquiryListSchema = z
  .strictObject({
    items: z.array(enquirySchema).check(z.meta({ description: "The page's enquiries, in order of receipt." })),
    nextCursor: z.nullable(z.string()).check(z.meta({ description: 'Sent back as `cursor`, with the same period, for the next page; null on the last page.' })),
  })
  .check(z.meta({ description: 'A page of the enquiries received in a period, and the cursor of the next.' }));
export type EnquiryListView = z.infer<typeof enquiryListSchema>;
export type EnquiryView = z.infer<typeof enquirySchema>;

/** An enquiry as the list shows it: its fields, and no attribute the register keeps beside them. */
export function enquiryView(enquiry: Enquiry): EnquiryView {
  return {
    enquiryId: enquiry.enquiryId,
    receivedAt: enquiry.receivedAt,
    sector: enquiry.sector as EnquiryView['sector'],
    ...(enquiry.subsector !== undefined ? { subsector: enquiry.subsector } : {}),
    askedBy: enquiry.askedBy as EnquiryView['askedBy'],
    topic: enquiry.topic as EnquiryView['topic'],
    outcome: enquiry.outcome,
    ...(enquiry.linkedCaseId !== undefined ? { linkedCaseId: enquiry.linkedCaseId } : {}),
    officerId: enquiry.officerId,
  };
}

type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type AllTrue<T extends true[]> = T;
/** The view's fields are Enquiry's, each as wide or narrower: an Enquiry field added or renamed fails here. */
export type EnquiryViewIsEnquiry = AllTrue<[Same<keyof EnquiryView, keyof Enquiry>, EnquiryView extends Enquiry ? true : false]>;
