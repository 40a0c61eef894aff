/**
 * The catalogues an enquiry is recorded with (seeds/003 §2.2, Tables 1 and 2):
 * every field of an enquiry is a choice from one of these lists, so that no
 * record of the register can carry a name or any other free text. No runtime
 * imports, so that the console offers these very lists in its form without
 * carrying the schema's libraries; functions/domain/enquiries.ts validates
 * with them and exports them on.
 */

/**
 * The sectors of the setting the enquiry is about: the referral's own
 * (referral-schema.ts, SECTORS; 003 Table 2 counts enquiries by them), each
 * with its subsectors. enquiries.ts holds the keys to SECTORS, in its order.
 *
 * - education: the school types of 003 §9.2.1 (primary, secondary, free and
 *   special schools, pupil referral units, independent schools) and the
 *   transport staff it counts with them;
 * - early years: the settings of 003 §9.3.1 (private, voluntary and
 *   independent settings, out of school settings, school or college
 *   nurseries, childminders);
 * - fostering: independent fostering agencies and the authority's own
 *   fostering service (003 §9.1.2, §2.2: "independent or in-house");
 * - wider workforce: the breakdown of 003 §9.4.1;
 * - unknown: none.
 */
export const ENQUIRY_SUBSECTORS = {
  education: ['primary school', 'secondary school', 'free school', 'special school', 'pupil referral unit', 'independent school', 'education transport'],
  'early years': ['private, voluntary or independent setting', 'out of school setting', 'school or college nursery', 'childminder'],
  fostering: ['independent fostering agency', 'in-house fostering'],
  'wider workforce': [
    'faith group',
    'health agency',
    'hospital',
    'pharmacy',
    'fire service or library',
    'police',
    "residential children's home",
    'scouts',
    'social work',
    'unregulated social care',
    'sports club',
    'theatre',
    'youth club',
    'youth service',
  ],
  unknown: [],
} as const satisfies Record<string, readonly string[]>;
export type EnquirySector = keyof typeof ENQUIRY_SUBSECTORS;
export type EnquirySubsector = (typeof ENQUIRY_SUBSECTORS)[EnquirySector][number];

/** Every subsector, each once, in the order of the table above. */
export const ENQUIRY_SUBSECTOR_VALUES: readonly EnquirySubsector[] = Object.values(ENQUIRY_SUBSECTORS).flat();

/**
 * Who asked. 003 §2.2 names them: professionals, "often line managers or
 * employers" (employer); Ofsted, about prospective children's home managers
 * and childminders and about complaints it received (Ofsted); inspection
 * queries from the Inspectorate for Independent Schools; complaints about
 * schools received by the Department for Education; "independent or in-house
 * fostering services" about prospective or existing foster carers (fostering
 * service). Children's social care consults the duty LADO about a parent who
 * works with children (004 paras 18 and 67). Police and health are partner
 * agencies and employers in their own right (003 §9.4.1). Parents and carers
 * write to the enquiries address (000, the parents' and carers' form sent to
 * lesasenquiries@), as may a member of the public (003 §3.1). Any other
 * professional is "other professional".
 */
export const ENQUIRY_ASKERS = [
  'employer',
  'Ofsted',
  'Inspectorate for Independent Schools',
  'Department for Education',
  'fostering service',
  "children's social care",
  'police',
  'health',
  'other professional',
  'parent or carer',
  'member of the public',
] as const;
export type EnquiryAsker = (typeof ENQUIRY_ASKERS)[number];

/**
 * What the enquiry was about, as a short label: never a description.
 *
 * - allegation advice: whether a formal referral should be made, advice on the
 *   harm threshold (003 §2.2);
 * - conduct concern: practice that may sit just outside the threshold, quality
 *   of care, professional conduct (003 §1.5), and low-level concerns, which
 *   schools are encouraged to discuss with the LADO enquiries officer (002);
 * - agency check: a check about an individual or a setting (003 §2.2; 001,
 *   "an agency check about an individual or a setting"), such as Ofsted's on a
 *   prospective children's home manager or childminder and a fostering
 *   service's on a prospective or existing foster carer (003 §2.2);
 * - inspection query: an Ofsted or ISI inspection query (003 §2.2);
 * - complaint about a school: received by Ofsted or the Department for
 *   Education (003 §2.2);
 * - safer recruitment: 003 §9.2.5;
 * - historical allegation: 004 para 36;
 * - online safety: online safety advice (000; 001);
 * - safeguarding advice or training: general or strategic safeguarding
 *   advice, a training request or a safeguarding review (001);
 * - other.
 */
export const ENQUIRY_TOPICS = [
  'allegation advice',
  'conduct concern',
  'agency check',
  'inspection query',
  'complaint about a school',
  'safer recruitment',
  'historical allegation',
  'online safety',
  'safeguarding advice or training',
  'other',
] as const;
export type EnquiryTopic = (typeof ENQUIRY_TOPICS)[number];

/**
 * How the enquiry ended (003 §2.2: professionals want advice on "using the
 * organisation's own HR processes, signposting to other services or
 * submitting referrals to the Front Door or to the LADO Service"; §2.5: 21%
 * met the harm threshold for a LADO referral, 43% were managed by the
 * agencies themselves).
 */
export const ENQUIRY_OUTCOMES = ['advised to refer', 'signposted', 'managed by the agency', 'sent to the Front Door'] as const;
export type EnquiryOutcome = (typeof ENQUIRY_OUTCOMES)[number];

/** The longest period GET /enquiries answers for, in calendar months: a reporting year, with a month to spare. */
export const ENQUIRY_PERIOD_MAX_MONTHS = 13;
