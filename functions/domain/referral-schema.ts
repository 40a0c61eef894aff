import * as z from './zod';
import { now } from '../shared/clock';
import { londonDateOf } from './calendar';
import { HARM_CRITERIA } from './record-choices';
import { ALLEGATION_CATEGORIES, CHILD_STATUSES, EMPLOYMENT_BASES, REFERRER_KINDS, SECTORS } from './referral-choices';
import { safeText, type TextLines } from './safe-text';

/**
 * The referral a portal submits: the single definition of its shape.
 * Key demographics are optional here on purpose: a referral that lacks them is
 * still received, then returned to the referrer (see completeness.ts). What is
 * refused outright is data of the wrong type or form, text that is not safe
 * text (safe-text.ts), and facts that cannot be true, such as a birth to come.
 */

// Letters (any script), spaces, apostrophes, hyphens and full stops: names never carry markup.
const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;
const UK_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;
const UK_PHONE = /^\+?[0-9 ()-]{10,20}$/;
const PLAIN_TEXT = /^[^<>]*$/;

const personName = (what: string) =>
  safeText(what, 'single-line')
    .check(
      z.trim(),
      z.minLength(1, `${what} must not be empty`),
      z.maxLength(100, `${what} must be at most 100 characters`),
      z.regex(NAME_PATTERN, `${what} may contain only letters, spaces, apostrophes, hyphens and full stops`),
    );

const plainText = (what: string, max: number, lines: TextLines = 'single-line') =>
  safeText(what, lines)
    .check(
      z.trim(),
      z.minLength(1, `${what} must not be empty`),
      z.maxLength(max, `${what} must be at most ${max} characters`),
      z.regex(PLAIN_TEXT, `${what} must not contain < or >`),
    );

// A malformed date stops there: the rules about when it may fall would only repeat the fault.
const calendarDate = (what: string) =>
  z.iso.date({ error: `${what} must be a date written YYYY-MM-DD`, abort: true });

/** Today in the service's zone, read from the clock at each parse (virtual time locally), never once at import. */
const today = (): string => londonDateOf(now());

const anyCalendarDate = z.iso.date();
const isCalendarDate = (value: unknown): value is string => anyCalendarDate.safeParse(value).success;

/** A date that has already come. */
const pastDate = (what: string) => calendarDate(what).check(z.refine((date) => date <= today(), `${what} must not be in the future`));

/**
 * No one born before 1900 is alive to be referred. There is no minimum age: the
 * subject may be under 18 (003, 1.3: a seventeen-year-old teaching an instrument).
 */
const EARLIEST_BIRTH = '1900-01-01';
const birthDate = (what: string) => pastDate(what).check(z.refine((date) => date >= EARLIEST_BIRTH, `${what} must not be before 1900`));

const email = (what: string) => z.email({ error: `${what} must be a valid email address` }).check(z.maxLength(254));

const phone = (what: string) => safeText(what, 'single-line').check(z.trim(), z.regex(UK_PHONE, `${what} must be a telephone number of 10 to 20 digits`));

const flag = (what: string) => z.boolean({ error: `${what} must be true or false` });

export const addressSchema = z.strictObject({
  line1: plainText('The first address line', 200),
  line2: z.optional(plainText('The second address line', 200)),
  town: plainText('The town', 100),
  postcode: safeText('The postcode', 'single-line').check(z.trim(), z.regex(UK_POSTCODE, 'The postcode must be a UK postcode')),
});

// The referral's catalogues, in a module the console can import without the schema's libraries.
export * from './referral-choices';

// The four harm criteria, defined with the other choices officers record by (record-choices.ts).
export { HARM_CRITERIA } from './record-choices';
export type { HarmCriterion } from './record-choices';

const oneOf = <T extends readonly [string, ...string[]]>(what: string, values: T) =>
  z.enum(values, { error: `${what} must be one of: ${values.join(', ')}` });

export const referrerSchema = z.strictObject({
  name: personName("The referrer's name"),
  organisation: plainText("The referrer's organisation", 200),
  role: plainText("The referrer's role", 100),
  email: email("The referrer's email"),
  phone: z.optional(phone("The referrer's phone")),
});

export const subjectSchema = z.strictObject({
  firstName: z.optional(personName("The subject's first name")),
  lastName: z.optional(personName("The subject's last name")),
  knownAs: z.optional(z.array(personName('A known-as name')).check(z.maxLength(10))),
  dateOfBirth: z.optional(birthDate("The subject's date of birth")),
  gender: z.optional(plainText("The subject's gender", 50)),
  ethnicity: z.optional(plainText("The subject's ethnicity", 100)),
  address: z.optional(addressSchema),
  role: z.optional(plainText("The subject's role", 100)),
  employmentBasis: z.optional(oneOf("The subject's employment basis", EMPLOYMENT_BASES)),
  startDate: z.optional(calendarDate("The subject's start date")),
  otherWorkWithChildren: z.optional(plainText("The subject's other work with children", 1000, 'multi-line')),
  ownChildren: z.optional(plainText("The subject's own children or children they care for", 1000, 'multi-line')),
  previousConcerns: z.optional(plainText('Previous concerns', 2000, 'multi-line')),
}).check(z.superRefine((subject, ctx) => {
  // A start date may lie ahead (someone about to start), but not before the person was born.
  if (isCalendarDate(subject.startDate) && isCalendarDate(subject.dateOfBirth) && subject.startDate < subject.dateOfBirth) {
    ctx.addIssue({ code: 'custom', path: ['startDate'], message: "The subject's start date must not be before their date of birth" });
  }
}));

export const employerSchema = z.strictObject({
  name: z.optional(plainText("The employer's name", 200)),
  address: z.optional(addressSchema),
  sector: z.optional(oneOf("The employer's sector", SECTORS)),
  subsector: z.optional(plainText("The employer's subsector", 100)),
  caseManager: z.optional(z.strictObject({
    name: personName("The case manager's name"),
    email: z.optional(email("The case manager's email")),
    phone: z.optional(phone("The case manager's phone")),
  })),
});

export const childSchema = z.strictObject({
  firstName: z.optional(personName("A child's first name")),
  lastName: z.optional(personName("A child's last name")),
  dateOfBirth: z.optional(birthDate("A child's date of birth")),
  gender: z.optional(plainText("A child's gender", 50)),
  disability: z.optional(plainText("A child's disability", 200)),
  ethnicity: z.optional(plainText("A child's ethnicity", 100)),
  status: z.optional(oneOf("A child's status", CHILD_STATUSES)),
});

/** Children are either identified, with their details, or explicitly "not identified": never left blank. */
export const childrenSchema = z.discriminatedUnion(
  'identified',
  [
    z.strictObject({ identified: z.literal(false) }),
    z.strictObject({
      identified: z.literal(true),
      children: z.array(childSchema).check(z.minLength(1, 'At least one child must be listed when children are identified'), z.maxLength(20)),
    }),
  ],
  { error: 'Children must say identified: true with the children listed, or identified: false' },
);

export const allegationSchema = z.strictObject({
  arose: pastDate('The date the allegation arose'),
  occurred: z.optional(pastDate('The date the alleged events happened')),
  category: oneOf('The allegation category', ALLEGATION_CATEGORIES),
  description: plainText('The description of the allegation', 10_000, 'multi-line'),
  harmCriteria: z.optional(z.array(oneOf('A harm criterion', HARM_CRITERIA)).check(z.maxLength(4))),
  immediateRisk: flag('Immediate risk'),
  policeInvolved: flag('Police involvement'),
  socialCareInvolved: flag('Social care involvement'),
  subjectSuspended: flag('Suspension'),
  subjectAware: flag('Whether the subject knows of the referral'),
});

/** The portal's own identifier for one submission: sending it again must not create a second case. */
export const submissionIdSchema = z
  .string({ error: 'The submission id must be text' })
  .check(z.regex(/^[A-Za-z0-9._:-]{8,80}$/, 'The submission id must be 8 to 80 letters, digits, dots, colons, hyphens or underscores'));

/** A child cannot have been born after the allegation about them arose. */
function childrenBornBeforeAllegation({ children, allegation }: { children: z.infer<typeof childrenSchema>; allegation: { arose: string } }, ctx: z.core.$RefinementCtx): void {
  if (!children.identified || !isCalendarDate(allegation.arose)) return;
  children.children.forEach((child, index) => {
    if (isCalendarDate(child.dateOfBirth) && child.dateOfBirth > allegation.arose) {
      ctx.addIssue({
        code: 'custom',
        path: ['children', 'children', index, 'dateOfBirth'],
        message: "A child's date of birth must not be after the date the allegation arose",
      });
    }
  });
}

/** What a referral says, whoever sends it: the sections after the referrer. */
const referralSections = { subject: subjectSchema, employer: employerSchema, children: childrenSchema, allegation: allegationSchema };

export const referralSchema = z
  .strictObject({ submissionId: submissionIdSchema, referrer: referrerSchema, ...referralSections })
  .check(z.superRefine(childrenBornBeforeAllegation));

/**
 * The referrer of a referral keyed in by staff: a parent, carer or member of
 * the public has no organisation or role, and may give no email (the
 * acknowledgement and any return then go to the officer who keyed it in).
 */
export const keyedReferrerSchema = z.strictObject({
  kind: oneOf('The kind of referrer', REFERRER_KINDS),
  name: personName("The referrer's name"),
  organisation: z.optional(plainText("The referrer's organisation", 200)),
  role: z.optional(plainText("The referrer's role", 100)),
  email: z.optional(email("The referrer's email")),
  phone: z.optional(phone("The referrer's phone")),
});

/** A referral as staff key it in (POST /cases): the portal's referral with the keyed-in referrer, and no submission id (the request's Idempotency-Key stands for it). */
export const keyedReferralSchema = z.strictObject({ referrer: keyedReferrerSchema, ...referralSections }).check(z.superRefine(childrenBornBeforeAllegation));

/** What a referrer may send back after a return: any of the sections that hold key demographics. */
export const resubmissionSchema = z
  .strictObject({
    referrer: z.optional(z.pick(referrerSchema, { phone: true })),
    subject: z.optional(subjectSchema),
    employer: z.optional(employerSchema),
    children: z.optional(childrenSchema),
  })
  .check(z.refine((body) => Object.values(body).some((section) => section !== undefined), {
    message: 'A resubmission must supply at least one of referrer, subject, employer or children',
  }));

/** A referral as held: from the portal, or keyed in by staff under a submission id of its own. */
export type PortalReferral = z.infer<typeof referralSchema>;
export type KeyedReferrer = z.infer<typeof keyedReferrerSchema>;
export type Referral = Omit<PortalReferral, 'referrer'> & { referrer: PortalReferral['referrer'] | KeyedReferrer };

/** Whether staff keyed the referral in: its referrer says what kind of referrer they are. */
export const isKeyedReferrer = (referrer: Referral['referrer']): referrer is KeyedReferrer => 'kind' in referrer;
export type Resubmission = z.infer<typeof resubmissionSchema>;

/**
 * A resubmission applied and the referral checked again as a whole: a date
 * supplied now must not contradict one held (a start date before the stored
 * date of birth, a child born after the stored date the allegation arose).
 */
export function resubmitted(referral: Referral, resubmission: Resubmission): z.util.SafeParseResult<Referral> {
  const applied = applyResubmission(referral, resubmission);
  if (!isKeyedReferrer(applied.referrer)) return referralSchema.safeParse(applied);
  const { submissionId, ...keyed } = applied;
  const checked = keyedReferralSchema.safeParse(keyed);
  return checked.success ? { success: true, data: { ...checked.data, submissionId } } : { success: false, error: checked.error as z.core.$ZodError<Referral> };
}

/** Applies a resubmission to a referral: each supplied field replaces the one held. */
export function applyResubmission(referral: Referral, resubmission: Resubmission): Referral {
  return {
    ...referral,
    referrer: { ...referral.referrer, ...resubmission.referrer },
    subject: { ...referral.subject, ...resubmission.subject },
    employer: { ...referral.employer, ...resubmission.employer },
    children: resubmission.children ?? referral.children,
  };
}
