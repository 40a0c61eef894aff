/**
 * The catalogues a referral's answers are chosen from. No runtime imports, so
 * that the console offers these very lists in its form for keying a referral
 * in without carrying the schema's libraries; referral-schema.ts validates
 * with them and exports them on.
 */

export const EMPLOYMENT_BASES = ['paid', 'volunteer', 'agency', 'self-employed', 'foster carer', 'prospective adopter'] as const;

export const SECTORS = ['education', 'early years', 'fostering', 'wider workforce', 'unknown'] as const;

export const ALLEGATION_CATEGORIES = [
  'physical abuse',
  'physical intervention',
  'emotional abuse',
  'sexual abuse',
  'neglect',
  'inappropriate conduct',
  'online safety',
  'suitability',
  'transfer of risk',
  'risk by association',
] as const;

export const CHILD_STATUSES = ['universal services', 'early help', 'child in need', 'child protection plan', 'looked after'] as const;

/**
 * How a referral came in: through the portal, or keyed in by LADO staff from
 * the form that parents, carers and the public send by email (000: "Members
 * of the public... complete the LADO referral form and email it"; 002) or
 * from a telephone call.
 */
export const REFERRAL_CHANNELS = ['portal', 'email-form', 'phone'] as const;
export type ReferralChannel = (typeof REFERRAL_CHANNELS)[number];
export const STAFF_KEYED_CHANNELS = ['email-form', 'phone'] as const satisfies readonly ReferralChannel[];
export type StaffKeyedChannel = (typeof STAFF_KEYED_CHANNELS)[number];

/** Who made a referral that staff keyed in. */
export const REFERRER_KINDS = ['parent or carer', 'member of the public', 'professional'] as const;
