import * as z from './zod';
import { HARM_CRITERIA, NO_FURTHER_ACTION_CATEGORIES, RATIONALE_LENGTH, THRESHOLD_OUTCOMES, type NoFurtherActionCategory } from './record-choices';
import { safeText } from './safe-text';

export { NO_FURTHER_ACTION_CATEGORIES, RATIONALE_LENGTH, THRESHOLD_OUTCOMES } from './record-choices';
export type { NoFurtherActionCategory, ThresholdOutcome } from './record-choices';

export const officerIdSchema = z
  .string({ error: 'The officer id must be text' })
  .check(z.regex(/^[A-Za-z0-9._@-]{2,64}$/, 'The officer id must be 2 to 64 letters, digits, dots, hyphens, underscores or @'));

export const rationaleSchema = safeText('The rationale', 'multi-line')
  .check(
    z.trim(),
    z.minLength(RATIONALE_LENGTH.min, `The rationale must say why, in at least ${RATIONALE_LENGTH.min} characters`),
    z.maxLength(RATIONALE_LENGTH.max, `The rationale must be at most ${RATIONALE_LENGTH.max} characters`),
  );

/** Which of the four harm criteria an allegation meets (003, 1.4; 004 para 3). */
export const harmCriteriaSchema = z
  .array(z.enum(HARM_CRITERIA, { error: `A harm criterion must be one of: ${HARM_CRITERIA.join(', ')}` }), {
    error: 'An allegation must name the harm criteria it meets, as a list',
  })
  .check(z.minLength(1, 'An allegation must name at least one harm criterion'), z.maxLength(4));

/** The LADO a case is allocated to: who is emailed about its deadlines. */
export const allocationSchema = z.strictObject({
  officerId: officerIdSchema,
  email: z.email({ error: "The allocated LADO's email must be a valid email address" }),
});

/**
 * Each category of no further LADO action (record-choices.ts,
 * NO_FURTHER_ACTION_CATEGORIES) as the referrer is told it, and the sources
 * that give its grounds.
 */
export const NO_FURTHER_ACTION: { readonly [C in NoFurtherActionCategory]: { label: string; source: string } } = {
  'not-working-with-children': {
    label: 'the person concerned does not work with children in a position of trust, paid or unpaid',
    source: 'seeds/004 para 1: the procedures apply to a person who "works" with children (paid, voluntary or self-employed work, prospective adopters); the test is a position of trust',
  },
  'threshold-not-met': {
    label: 'the harm threshold is not met, and no consultation with the LADO is needed',
    source:
      'seeds/004 para 3 (the four harm criteria) and para 24 ("no formal involvement" of the LADO when they are not met); ' +
      'seeds/003, 5.1 (a referral below the threshold that needs the LADO\'s advice is a consultation instead)',
  },
  'employer-procedures': {
    label: 'the matter is for the employer to manage under its own concerns or complaints procedures',
    source: 'seeds/004 para 24: the organisation deals with the matter under its "concerns" or "complaints" procedures; para 10: separate procedures for lower level concerns',
  },
  'another-service': {
    label: "the concern is a matter for another service, such as the Front Door service for a child's welfare",
    source: 'seeds/000: "If your concern relates to the welfare of a child - please contact the Front Door Service"; seeds/001, the access-to-support flowchart; seeds/003, 2.2 (signposting to other services)',
  },
};

/** The authority a transferred referral passes to, where the person works (004 paras 4, 14), and its designated officer's address. */
export const receivingAuthoritySchema = z.strictObject({
  name: safeText('The receiving authority', 'single-line')
    .check(
      z.trim(),
      z.minLength(2, 'The receiving authority must be named in at least 2 characters'),
      z.maxLength(200, 'The receiving authority must be at most 200 characters'),
      z.regex(/^[^<>]*$/, 'The receiving authority must not contain < or >'),
    ),
  designatedOfficerEmail: z.email({ error: "The receiving authority's designated officer's email must be a valid email address" }),
}, { error: "A transfer must name the receiving authority: its name and its designated officer's email" });
export type ReceivingAuthority = z.infer<typeof receivingAuthoritySchema>;

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
    z.strictObject({
      ...base,
      outcome: z.literal('no-further-action'),
      category: z.enum(NO_FURTHER_ACTION_CATEGORIES, { error: `The category of no further action must be one of: ${NO_FURTHER_ACTION_CATEGORIES.join(', ')}` }),
    }),
    z.strictObject({ ...base, outcome: z.literal('transfer'), receivingAuthority: receivingAuthoritySchema }),
  ],
  { error: `The outcome must be one of: ${THRESHOLD_OUTCOMES.join(', ')}` },
);

export type ThresholdDecision = z.infer<typeof thresholdDecisionSchema>;
