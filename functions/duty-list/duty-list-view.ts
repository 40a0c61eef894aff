import * as z from '../domain/zod';
import type { AwaitingDecision } from '../domain/morning-list';
import { caseIdSchema } from '../shared/handler';
import { previouslyKnownSchema, type PreviouslyKnown } from '../shared/previously-known';

/**
 * What GET /duty/referrals answers: the referrals awaiting a threshold
 * decision, in the order the duty LADO works them. The handler returns its
 * z.infer; docs/openapi.yaml is generated from it (scripts/openapi).
 */
export const dutyReferralSchema = z
  .strictObject({
    caseId: caseIdSchema,
    receivedAt: z.iso.datetime().check(z.meta({ description: 'When the referral was received.' })),
    immediateRisk: z.boolean().check(z.meta({ description: 'Whether the referral reported a child at immediate risk.' })),
    decisionDueAt: z
      .nullable(z.iso.datetime())
      .check(z.meta({ description: "When the duty LADO's decision is, or was, due (the `initialConsiderationChase` deadline); null when none is set." })),
    previouslyKnown: previouslyKnownSchema,
  })
  .check(z.meta({ description: "A referral awaiting the duty LADO's threshold decision: identifiers, moments and flags, never the referral's content." }));

export const dutyListSchema = z
  .strictObject({
    items: z
      .array(dutyReferralSchema)
      .check(z.meta({ description: 'The referrals awaiting a threshold decision: a child at immediate risk first, then the decision due soonest, then the oldest referral.' })),
  })
  .check(z.meta({ description: "The duty LADO's list." }));
export type DutyList = z.infer<typeof dutyListSchema>;
export type DutyReferral = z.infer<typeof dutyReferralSchema>;

/** A referral awaiting a decision as the list shows it, with the earlier cases about the same person. */
export function dutyReferral(entry: AwaitingDecision, previouslyKnown: PreviouslyKnown): DutyReferral {
  return {
    caseId: entry.caseId,
    receivedAt: entry.receivedAt,
    immediateRisk: entry.immediateRisk,
    decisionDueAt: entry.decisionDueAt ?? null,
    previouslyKnown,
  };
}
