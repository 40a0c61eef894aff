import type * as z from '../../functions/domain/zod';
import {
  enquiryIdFor,
  enquiryPeriodQuerySchema,
  enquiryRequestSchema,
  toWholeSecond,
  type Enquiry,
  type EnquiryLink,
  type EnquiryRequest,
} from '../../functions/domain/enquiries';
import type { EnquiryLinked } from '../../functions/link-enquiry/schemas';
import { enquiryView, type EnquiryListView } from '../../functions/list-enquiries/enquiries-view';
import type { EnquiryRecorded } from '../../functions/record-enquiry/schemas';
import { zodErrors } from '../../functions/shared/handler';

/**
 * The enquiries register's examples, made as the handlers make them: ids from
 * the officer, the Idempotency-Key and the receipt, and refusals worded by the
 * schemas themselves. `linkedCaseId` is a case of the document's other
 * examples.
 */
export function enquiryExamples(linkedCaseId: string) {
  const officerId = 'lado.enquiries.okafor';
  const key = '0b8f6c1e-5d0a-4c52-9a57-6f1f0f7f3f2d';
  const fromEmployer = {
    receivedAt: '2026-03-09T09:40:00Z',
    sector: 'education',
    subsector: 'primary school',
    askedBy: 'employer',
    topic: 'allegation advice',
    outcome: 'advised to refer',
    officerId,
  } satisfies z.input<typeof enquiryRequestSchema>;
  const fromFostering = {
    receivedAt: '2026-03-11T14:05:00Z',
    sector: 'fostering',
    subsector: 'independent fostering agency',
    askedBy: 'fostering service',
    topic: 'agency check',
    outcome: 'managed by the agency',
    officerId,
  } satisfies z.input<typeof enquiryRequestSchema>;
  const recorded = (request: EnquiryRequest, idempotencyKey: string, linked?: string): Enquiry => {
    const receivedAt = toWholeSecond(new Date(request.receivedAt!));
    const { receivedAt: _receivedAt, ...rest } = request;
    return { ...rest, enquiryId: enquiryIdFor(officerId, idempotencyKey, receivedAt), receivedAt: receivedAt.toISOString(), ...(linked ? { linkedCaseId: linked } : {}) };
  };
  const first = recorded(enquiryRequestSchema.parse(fromEmployer), key, linkedCaseId);
  const second = recorded(enquiryRequestSchema.parse(fromFostering), '5f2d8a90-1c3e-4b7a-8e21-9d4c6b0a7e15');
  const refused = (schema: z.ZodMiniType, sent: unknown, prefix?: string) => {
    const parsed = schema.safeParse(sent);
    if (parsed.success) throw new Error(`An example request meant to be refused was accepted: ${JSON.stringify(sent)}`);
    return zodErrors(parsed.error, prefix);
  };
  return {
    request: fromEmployer,
    requestFromFostering: fromFostering,
    recorded: { enquiryId: first.enquiryId } satisfies EnquiryRecorded,
    refused: refused(enquiryRequestSchema, { ...fromEmployer, outcome: 'referred', notes: 'The teacher grabbed a pupil by the arm' }),
    list: { items: [first, second].map(enquiryView), nextCursor: null } satisfies EnquiryListView,
    periodRefused: refused(enquiryPeriodQuerySchema, { from: '2025-04-01', to: '2026-05-31' }, 'query'),
    link: { caseId: linkedCaseId, officerId } satisfies EnquiryLink,
    linked: { enquiryId: first.enquiryId, linkedCaseId } satisfies EnquiryLinked,
    officerId,
  };
}
