import { z } from 'zod';
import { HARM_CRITERIA } from './referral-schema';
import { safeText } from './safe-text';

/** The duty LADO's threshold decision (domain.md stage 4). */
export const THRESHOLD_OUTCOMES = ['allegation', 'consultation', 'no-further-action', 'transfer'] as const;

export const officerIdSchema = z
  .string({ error: 'The officer id must be text' })
  .regex(/^[A-Za-z0-9._@-]{2,64}$/, 'The officer id must be 2 to 64 letters, digits, dots, hyphens, underscores or @');

export const rationaleSchema = safeText('The rationale', 'multi-line')
  .trim()
  .min(10, 'The rationale must say why, in at least 10 characters')
  .max(5000, 'The rationale must be at most 5000 characters');

/** Which of the four harm criteria an allegation meets (003, 1.4; 004 para 3). */
export const harmCriteriaSchema = z
  .array(z.enum(HARM_CRITERIA, { error: `A harm criterion must be one of: ${HARM_CRITERIA.join(', ')}` }), {
    error: 'An allegation must name the harm criteria it meets, as a list',
  })
  .min(1, 'An allegation must name at least one harm criterion')
  .max(4);

/** The LADO a case is allocated to: who is emailed about its deadlines. */
export const allocationSchema = z.strictObject({
  officerId: officerIdSchema,
  email: z.email({ error: "The allocated LADO's email must be a valid email address" }),
});

const base = { kind: z.literal('threshold'), officerId: officerIdSchema, rationale: rationaleSchema };

export const thresholdDecisionSchema = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      ...base,
      outcome: z.literal('allegation'),
      harmCriteria: harmCriteriaSchema,
      allocatedTo: allocationSchema,
    }),
    z.strictObject({ ...base, outcome: z.literal('consultation'), allocatedTo: allocationSchema }),
    z.strictObject({ ...base, outcome: z.literal('no-further-action') }),
    z.strictObject({
      ...base,
      outcome: z.literal('transfer'),
      leadAuthority: safeText('The lead authority', 'single-line').trim().min(2).max(200).regex(/^[^<>]*$/, 'The lead authority must not contain < or >'),
    }),
  ],
  { error: `The outcome must be one of: ${THRESHOLD_OUTCOMES.join(', ')}` },
);

export type ThresholdDecision = z.infer<typeof thresholdDecisionSchema>;
