import { z } from 'zod';
import { HARM_CRITERIA } from './referral-schema';

/** The duty LADO's threshold decision (domain.md stage 4). */
export const THRESHOLD_OUTCOMES = ['allegation', 'consultation', 'no-further-action', 'transfer'] as const;

const officerId = z
  .string({ error: 'The officer id must be text' })
  .regex(/^[A-Za-z0-9._@-]{2,64}$/, 'The officer id must be 2 to 64 letters, digits, dots, hyphens, underscores or @');

const rationale = z
  .string({ error: 'The rationale must be text' })
  .trim()
  .min(10, 'The rationale must say why, in at least 10 characters')
  .max(5000, 'The rationale must be at most 5000 characters');

const base = { kind: z.literal('threshold'), officerId, rationale };

export const thresholdDecisionSchema = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      ...base,
      outcome: z.literal('allegation'),
      harmCriteria: z
        .array(z.enum(HARM_CRITERIA, { error: `A harm criterion must be one of: ${HARM_CRITERIA.join(', ')}` }))
        .min(1, 'An allegation must name at least one harm criterion')
        .max(4),
    }),
    z.strictObject({ ...base, outcome: z.literal('consultation') }),
    z.strictObject({ ...base, outcome: z.literal('no-further-action') }),
    z.strictObject({
      ...base,
      outcome: z.literal('transfer'),
      leadAuthority: z.string({ error: 'The lead authority must be text' }).trim().min(2).max(200).regex(/^[^<>]*$/, 'The lead authority must not contain < or >'),
    }),
  ],
  { error: `The outcome must be one of: ${THRESHOLD_OUTCOMES.join(', ')}` },
);

/** Every decision an officer can post to a case; later stages add their kinds here. */
export const officerDecisionSchema = z.discriminatedUnion('kind', [thresholdDecisionSchema], {
  error: 'The decision kind must be: threshold',
});

export type ThresholdDecision = z.infer<typeof thresholdDecisionSchema>;
export type OfficerDecision = z.infer<typeof officerDecisionSchema>;
