import { createHash } from 'node:crypto';
import { londonDateParameter, pageLimitParameter } from './query-parameters';
import * as z from './zod';
import { isLocalDate, londonMonthOf, monthsOfPeriod } from './calendar';
import {
  ENQUIRY_ASKERS,
  ENQUIRY_OUTCOMES,
  ENQUIRY_PERIOD_MAX_MONTHS,
  ENQUIRY_SUBSECTOR_VALUES,
  ENQUIRY_SUBSECTORS,
  ENQUIRY_TOPICS,
  type EnquirySector,
} from './enquiry-choices';
import { CASE_ID_FORMAT_MESSAGE, CASE_ID_PATTERN } from './lifecycle-contract';
import { SECTORS } from './referral-schema';
import { officerIdSchema } from './threshold-decision';

export * from './enquiry-choices';

/**
 * The enquiries register (seeds/003 §2.2, Tables 1 and 2; domain.md,
 * "Enquiries"): a setting, or anyone else, asks the LADO enquiries officer
 * whether to refer, without naming anyone. Each enquiry is recorded by the
 * officer who answered it as a few choices from the catalogues of
 * enquiry-choices.ts and nothing else: no name, no description, no free text
 * of any kind, so the register holds no personal data but the officer's own
 * username. It has no lifecycle: an enquiry is recorded once, and later linked
 * to the referral it led to, if one arrives.
 */
export interface Enquiry {
  enquiryId: string;
  /** When the enquiry came in: an ISO date-time, to the second. */
  receivedAt: string;
  sector: string;
  subsector?: string;
  askedBy: string;
  topic: string;
  outcome: 'advised to refer' | 'signposted' | 'managed by the agency' | 'sent to the Front Door';
  /** The case of the referral the enquiry led to, once linked. */
  linkedCaseId?: string;
  /** The username of the officer who answered it. */
  officerId: string;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AllTrue<T extends true[]> = T;
/** The catalogues are the type's: the subsector table is keyed by the referral's sectors, and the outcomes are the Enquiry's. */
export type EnquiryCataloguesMatch = AllTrue<[Same<EnquirySector, (typeof SECTORS)[number]>, Same<(typeof ENQUIRY_OUTCOMES)[number], Enquiry['outcome']>]>;

const oneOf = <T extends readonly [string, ...string[]]>(what: string, values: T) => z.enum(values, { error: `${what} must be one of: ${values.join(', ')}` });

const caseId = (what: string) => z.string({ error: `${what} must be a case id` }).check(z.regex(CASE_ID_PATTERN, `${what}: ${CASE_ID_FORMAT_MESSAGE}`));

/** The earliest receipt taken: anything before is a mistyped year. */
export const EARLIEST_RECEIPT = '2000-01-01T00:00:00.000Z';
/** How far ahead of the service's clock a receipt may be, for a client's clock that runs fast. */
export const RECEIPT_CLOCK_SKEW_SECONDS = 5 * 60;

const codes = (values: readonly string[]) => values.map((value) => `\`${value}\``).join(', ');

/** The catalogues as schemas, each a component of the API's document of its own (scripts/openapi/schemas.ts). */
export const enquirySectorSchema = oneOf('sector', SECTORS).check(z.meta({
  description: `The sector of the setting the enquiry is about, as a referral's employer names it (003 Table 2 counts enquiries by sector): ${codes(SECTORS)}.`,
}));
export const enquirySubsectorSchema = oneOf('subsector', ENQUIRY_SUBSECTOR_VALUES as [string, ...string[]]).check(z.meta({
  description: `The kind of setting within its sector (003 §9.1.2, §9.2.1, §9.3.1, §9.4.1): ${SECTORS.map((sector) => `${sector}: ${ENQUIRY_SUBSECTORS[sector].length ? codes(ENQUIRY_SUBSECTORS[sector]) : 'none'}`).join('; ')}.`,
}));
export const enquiryAskerSchema = oneOf('askedBy', ENQUIRY_ASKERS).check(z.meta({
  description: `Who asked (003 §2.2: employers and other professionals, Ofsted, the ISI, the Department for Education, fostering services; 004 paras 18 and 67: children's social care; parents, carers and the public): ${codes(ENQUIRY_ASKERS)}.`,
}));
export const enquiryTopicSchema = oneOf('topic', ENQUIRY_TOPICS).check(z.meta({
  description: `What the enquiry was about, as a label from the catalogue, never a description (003 §1.5, §2.2, §9.2.5; 001; 002; 004 para 36): ${codes(ENQUIRY_TOPICS)}.`,
}));
export const enquiryOutcomeSchema = oneOf('outcome', ENQUIRY_OUTCOMES).check(z.meta({
  description:
    'How the enquiry ended (003 §2.2, §2.5): `advised to refer`, the harm threshold is met and a LADO referral is to be made; `signposted`, to another service; ' +
    "`managed by the agency`, through the organisation's own processes; `sent to the Front Door`, a request for support for a child.",
}));

/**
 * What an officer sends to record an enquiry (POST /enquiries). Unknown keys
 * are refused, so free text has nowhere to go.
 */
export const enquiryRequestSchema = z
  .strictObject({
    receivedAt: z
      .optional(z.iso.datetime({ offset: true, error: 'receivedAt must be an ISO-8601 date-time, e.g. 2026-11-24T10:15:00Z' }))
      .check(z.meta({ description: 'When the enquiry came in, written with its offset, and kept to the second; left out, the moment it is recorded. Not before 2000, nor in the future.' })),
    sector: enquirySectorSchema,
    subsector: z.optional(enquirySubsectorSchema),
    askedBy: enquiryAskerSchema,
    topic: enquiryTopicSchema,
    outcome: enquiryOutcomeSchema,
    linkedCaseId: z.optional(caseId('linkedCaseId')).check(z.meta({ description: 'The case of the referral the enquiry led to, when it is already known: a case that exists.' })),
    officerId: officerIdSchema,
  })
  .check(z.superRefine((request, ctx) => {
    const allowed: readonly string[] = ENQUIRY_SUBSECTORS[request.sector];
    if (request.subsector !== undefined && !allowed.includes(request.subsector)) {
      ctx.addIssue({
        code: 'custom',
        path: ['subsector'],
        message: allowed.length
          ? `subsector must be one of the subsectors of ${request.sector}: ${allowed.join(', ')}`
          : `The sector ${request.sector} has no subsectors: leave subsector out`,
      });
    }
  }))
  .check(z.meta({
    description:
      'An enquiry, as the officer who answered it records it: when it came in, the setting by sector and subsector (one of its sector’s: `EnquirySubsector` lists them), who asked, the topic and how it ended, each a choice from a catalogue. ' +
      'Nobody is named, and no free text is taken: a key the schema does not list is refused. `officerId` is the signed-in officer.',
  }));
export type EnquiryRequest = z.infer<typeof enquiryRequestSchema>;

/** What POST /enquiries/{enquiryId}/link takes: the case of the referral the enquiry led to, and who links it. */
export const enquiryLinkSchema = z
  .strictObject({
    caseId: caseId('caseId').check(z.meta({ description: 'The case of the referral the enquiry led to: a case that exists.' })),
    officerId: officerIdSchema,
  })
  .check(z.meta({ description: 'The case of the referral an enquiry led to, and the officer who links it: the signed-in officer.' }));
export type EnquiryLink = z.infer<typeof enquiryLinkSchema>;

/** Why a receipt moment cannot be right, if it cannot: before 2000, or ahead of the service's clock. */
export function receiptProblem(receivedAt: Date, now: Date): string | undefined {
  if (receivedAt.getTime() < Date.parse(EARLIEST_RECEIPT)) return 'receivedAt must not be before 2000';
  if (receivedAt.getTime() > now.getTime() + RECEIPT_CLOCK_SKEW_SECONDS * 1000) return `receivedAt must not be in the future: it is now ${now.toISOString()}`;
  return undefined;
}

/** A moment to the whole second, as the register keeps it. */
export function toWholeSecond(moment: Date): Date {
  return new Date(Math.floor(moment.getTime() / 1000) * 1000);
}

// ------------------------------------------------------------------ ids and partitions

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ENQUIRY_ID_PREFIX = 'ENQ-';
/**
 * `ENQ-<receipt, UTC, to the second>-<10 Crockford base32 characters>`, e.g.
 * ENQ-20261124T101500Z-7K3M9QF2XA: the receipt names the enquiry's place in
 * the register (its month's partition and its sort key), so that a link is
 * a keyed update; the rest comes from the officer and the request's
 * Idempotency-Key, so no two officers' enquiries of one second collide.
 */
export const ENQUIRY_ID_PATTERN = /^ENQ-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9A-HJKMNP-TV-Z]{10}$/;
export const ENQUIRY_ID_FORMAT_MESSAGE = 'The enquiry id must look like ENQ-20261124T101500Z-XXXXXXXXXX';
export const enquiryIdSchema = z
  .string({ error: ENQUIRY_ID_FORMAT_MESSAGE })
  .check(
    z.regex(ENQUIRY_ID_PATTERN, ENQUIRY_ID_FORMAT_MESSAGE),
    z.meta({ description: 'An enquiry id: `ENQ-`, when the enquiry came in (UTC, to the second), and 10 Crockford base32 characters derived from the officer and the Idempotency-Key.' }),
  );

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A hash of who sent a request and under which Idempotency-Key: the request's own key in the register. */
export function enquiryRequestHash(officerId: string, idempotencyKey: string): string {
  return digest(`enquiry-request:${officerId}\n${idempotencyKey}`).toString('base64url');
}

/** The id of the enquiry an officer records under an Idempotency-Key, received at `receivedAt` (to the second). */
export function enquiryIdFor(officerId: string, idempotencyKey: string, receivedAt: Date): string {
  const bytes = digest(`enquiry:${officerId}\n${idempotencyKey}`);
  let suffix = '';
  for (let i = 0; i < 10; i++) suffix += CROCKFORD[bytes[i]! % 32];
  return `${ENQUIRY_ID_PREFIX}${compactMoment(receivedAt)}-${suffix}`;
}

/** 2026-11-24T10:15:00.000Z → 20261124T101500Z. */
function compactMoment(moment: Date): string {
  return toWholeSecond(moment).toISOString().replace(/[-:]/g, '').replace('.000Z', 'Z');
}

/** When an enquiry was received, read from its id (an ISO date-time); undefined when the id is not an enquiry id. */
export function receiptOfEnquiryId(enquiryId: string): string | undefined {
  const match = ENQUIRY_ID_PATTERN.exec(enquiryId);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const moment = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2026-02-30 over into March, and 24:00 into the next day: a real moment survives the round trip.
  return compactMoment(moment) === enquiryId.slice(ENQUIRY_ID_PREFIX.length, ENQUIRY_ID_PREFIX.length + 16) ? moment.toISOString() : undefined;
}

// ------------------------------------------------------------------ reading a period

export const ENQUIRY_LIST_DEFAULT_LIMIT = 500;
export const ENQUIRY_LIST_MAX_LIMIT = 1000;

/** The query string of GET /enquiries: a period of London dates, both included, of at most 13 calendar months. */
export const enquiryPeriodQuerySchema = z
  .strictObject({
    from: londonDateParameter('from').check(z.meta({ description: 'The first day of the period, in London: included.' })),
    to: londonDateParameter('to').check(z.meta({ description: 'The last day of the period, in London: included.' })),
    limit: pageLimitParameter(ENQUIRY_LIST_DEFAULT_LIMIT, ENQUIRY_LIST_MAX_LIMIT, 'enquiries'),
    cursor: z.optional(z.string().check(z.maxLength(1024, 'cursor is too long'))).check(z.meta({ description: "The previous page's `nextCursor`, as it came, with the same period." })),
  })
  .check(z.superRefine((query, ctx) => {
    if (!isLocalDate(query.from) || !isLocalDate(query.to)) return;
    if (query.to < query.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
      return;
    }
    const months = monthsOfPeriod(query.from, query.to).length;
    if (months > ENQUIRY_PERIOD_MAX_MONTHS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `The period must span at most ${ENQUIRY_PERIOD_MAX_MONTHS} calendar months: from ${query.from} to ${query.to} spans ${months}` });
    }
  }));
export type EnquiryPeriodQuery = z.infer<typeof enquiryPeriodQuerySchema>;
