import * as z from '../domain/zod';
import type { CaseListItem } from '../domain/case-list';
import { REFERRAL_CHANNELS } from '../domain/referral-schema';
import { caseStageSchema, caseStatusSchema, deadlineKindSchema } from '../get-case/case-view';
import { caseIdSchema } from '../shared/handler';

/**
 * What GET /cases answers: a page of cases as a list shows them, and the
 * cursor of the next. The handler returns the page's z.infer, and the item's
 * schema has exactly CaseListItem's fields (checked below), so neither can
 * leave the other; docs/openapi.yaml is generated from them (scripts/openapi).
 */

const dateTime = (description: string) => z.iso.datetime().check(z.meta({ description }));

export const referralChannelSchema = z.enum(REFERRAL_CHANNELS).check(z.meta({
  description: 'How the referral came in: `portal`, submitted by the referral portal; `email-form`, keyed in by staff from a form emailed to the service; `phone`, keyed in by staff from a telephone call.',
}));

/** One case as a list shows it: identifiers, statuses and moments; who handles it and the risk flag only for those who manage cases. */
export const caseListItemSchema = z
  .strictObject({
    caseId: caseIdSchema,
    status: caseStatusSchema,
    stage: caseStageSchema,
    receivedAt: dateTime('When the referral was received.'),
    channel: referralChannelSchema,
    nextDeadline: z
      .nullable(z.strictObject({ kind: deadlineKindSchema, dueAt: dateTime('When it falls, or fell.') }))
      .check(z.meta({ description: 'The deadline the case must meet next: its earliest not yet met, overdue or pending; null when none is open, and for a closed case.' })),
    allocatedTo: z
      .optional(z.nullable(z.string()))
      .check(z.meta({ description: 'The username of the LADO the case is allocated to, null while it is allocated to none. Absent for operations.' })),
    immediateRisk: z.optional(z.boolean()).check(z.meta({ description: 'Whether the referral reported a child at immediate risk. Absent for operations.' })),
    needsAttention: z.boolean().check(z.meta({ description: "Whether the case's workflow stopped after a step failed past its retries, for operations to repair." })),
  })
  .check(z.meta({ description: "A case as a list shows it: never the referral's content." }));

export const caseListPageSchema = z
  .strictObject({
    items: z.array(caseListItemSchema).check(z.meta({ description: "The page's cases, in the order of the index that serves the filters." })),
    nextCursor: z
      .nullable(z.string())
      .check(z.meta({ description: 'Sent back as `cursor`, with the same filters, for the next page; null on the last page.' })),
  })
  .check(z.meta({ description: 'A page of cases, and the cursor of the next.' }));
export type CaseListPageView = z.infer<typeof caseListPageSchema>;

type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type AllTrue<T extends true[]> = T;
export type CaseListItemSchemaIsCaseListItem = AllTrue<
  [Same<z.infer<typeof caseListItemSchema>, CaseListItem>, Same<z.infer<typeof caseListItemSchema.shape.nextDeadline>, CaseListItem['nextDeadline']>]
>;
