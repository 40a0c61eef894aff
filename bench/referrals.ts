import type { Referral, Resubmission } from '../functions/domain/referral-schema';
import { ARRIVALS, CATEGORIES, COMPLETENESS, DECISIONS, FOSTERING_INDEPENDENT_SHARE, SECTORS } from './assumptions';
import type { Random } from './random';

/**
 * Fictional referrals for the county-year, drawn from the report's mix of
 * settings and concerns. Nothing here is real: names come from short lists.
 */
export type MissingKind = keyof typeof COMPLETENESS.missing;
export type ThresholdOutcome = keyof typeof DECISIONS;

export interface ReferralProfile {
  sector: keyof typeof SECTORS;
  subsector?: string;
  category: keyof typeof CATEGORIES;
  immediateRisk: boolean;
  childrenIdentified: boolean;
  /** What the first submission lacks, if anything. */
  missing?: MissingKind;
  decision: ThresholdOutcome;
}

const FIRST_NAMES = ['Alys', 'Bram', 'Cerys', 'Dorian', 'Elowen', 'Fenn', 'Greer', 'Hollis', 'Isla', 'Jory', 'Kit', 'Linnea', 'Morwen', 'Nye', 'Orla', 'Piran'];
const LAST_NAMES = ['Ashdown', 'Brackley', 'Coldharbour', 'Dunmere', 'Eastry', 'Fairlight', 'Goudhurst', 'Hartley', 'Ickham', 'Kemsing', 'Lenham', 'Marden'];
const TOWNS = ['Maidstone', 'Ashford', 'Canterbury', 'Dover', 'Folkestone', 'Margate', 'Sevenoaks', 'Tonbridge'];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const CHILD_STATUSES = ['universal services', 'early help', 'child in need', 'child protection plan', 'looked after'] as const;
const ROLES: Record<keyof typeof SECTORS, string[]> = {
  education: ['Class teacher', 'Teaching assistant', 'Head of year', 'Minibus driver'],
  'wider workforce': ['Youth worker', 'Sports coach', 'Support worker', 'Nurse'],
  fostering: ['Foster carer'],
  'early years': ['Nursery practitioner', 'Childminder', 'Room leader'],
  unknown: ['Volunteer'],
};

export function drawProfile(random: Random): ReferralProfile {
  const sector = random.weighted(Object.fromEntries(Object.entries(SECTORS).map(([name, { weight }]) => [name, weight])) as Record<keyof typeof SECTORS, number>);
  const subsectors: readonly string[] = SECTORS[sector].subsectors;
  const subsector =
    sector === 'fostering'
      ? random.chance(FOSTERING_INDEPENDENT_SHARE) ? 'independent fostering agency' : 'local authority'
      : subsectors.length ? random.pick(subsectors) : undefined;
  const missing = random.chance(COMPLETENESS.incompleteShare) ? random.weighted(COMPLETENESS.missing) : undefined;
  const profile: ReferralProfile = {
    sector,
    category: random.weighted(CATEGORIES),
    immediateRisk: random.chance(ARRIVALS.immediateRiskShare),
    // A missing child's date of birth needs an identified child.
    childrenIdentified: missing === 'child date of birth' || random.chance(0.85),
    decision: random.weighted(DECISIONS),
  };
  if (subsector !== undefined) profile.subsector = subsector;
  if (missing !== undefined) profile.missing = missing;
  return profile;
}

const postcode = (random: Random) =>
  `ME${random.int(1, 20)} ${random.int(1, 9)}${random.pick([...LETTERS])}${random.pick([...LETTERS])}`;

const isoDate = (year: number, random: Random) => `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;

/** The complete referral; `withoutMissing` takes out what the profile says the first submission lacks. */
export function completeReferral(profile: ReferralProfile, random: Random, submissionId: string, arose: string, referrerEmail: string): Referral {
  const surname = random.pick(LAST_NAMES);
  const setting = `${random.pick(LAST_NAMES)} ${profile.sector === 'education' ? 'School' : profile.sector === 'early years' ? 'Nursery' : 'Services'}`;
  return {
    submissionId,
    referrer: {
      name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
      organisation: setting,
      role: 'Designated safeguarding lead',
      email: referrerEmail,
      phone: `01632 960 ${String(random.int(0, 999)).padStart(3, '0')}`,
    },
    subject: {
      firstName: random.pick(FIRST_NAMES),
      lastName: surname,
      dateOfBirth: isoDate(random.int(1960, 2000), random),
      address: { line1: `${random.int(1, 99)} ${random.pick(LAST_NAMES)} Road`, town: random.pick(TOWNS), postcode: postcode(random) },
      role: random.pick(ROLES[profile.sector]),
      employmentBasis: profile.sector === 'fostering' ? 'foster carer' : random.chance(0.85) ? 'paid' : random.pick(['volunteer', 'agency'] as const),
    },
    employer: {
      name: setting,
      address: { line1: `${random.int(1, 99)} High Street`, town: random.pick(TOWNS), postcode: postcode(random) },
      sector: profile.sector,
      ...(profile.subsector ? { subsector: profile.subsector } : {}),
    },
    children: profile.childrenIdentified
      ? {
          identified: true,
          children: [{ firstName: random.pick(FIRST_NAMES), lastName: random.pick(LAST_NAMES), dateOfBirth: isoDate(random.int(2008, 2020), random), status: random.pick(CHILD_STATUSES) }],
        }
      : { identified: false },
    allegation: {
      arose,
      category: profile.category,
      description: 'A concern about the conduct of a member of staff towards a child, reported by the setting.',
      immediateRisk: profile.immediateRisk,
      policeInvolved: random.chance(0.15),
      socialCareInvolved: random.chance(0.2),
      subjectSuspended: false,
      subjectAware: random.chance(0.5),
    },
  };
}

/** The referral as first sent, lacking what the profile says, and what the referrer later sends back. */
export function withoutMissing(referral: Referral, missing: MissingKind): { incomplete: Referral; resubmissions: { partial?: Resubmission; complete: Resubmission } } {
  switch (missing) {
    case 'subject date of birth and address': {
      const { dateOfBirth, address, ...subject } = referral.subject;
      return {
        incomplete: { ...referral, subject },
        // A first resubmission that is still incomplete brings the date of birth only.
        resubmissions: { partial: { subject: { dateOfBirth: dateOfBirth! } }, complete: { subject: { dateOfBirth: dateOfBirth!, address: address! } } },
      };
    }
    case 'referrer phone': {
      const { phone, ...referrer } = referral.referrer;
      return { incomplete: { ...referral, referrer }, resubmissions: { complete: { referrer: { phone: phone! } } } };
    }
    case 'child date of birth': {
      if (!referral.children.identified) throw new Error('A missing child date of birth needs an identified child');
      const children = referral.children.children.map(({ dateOfBirth: _dateOfBirth, ...child }) => child);
      return { incomplete: { ...referral, children: { identified: true, children } }, resubmissions: { complete: { children: referral.children } } };
    }
    case 'employer address': {
      const { address, ...employer } = referral.employer;
      return { incomplete: { ...referral, employer }, resubmissions: { complete: { employer: { address: address! } } } };
    }
  }
}
