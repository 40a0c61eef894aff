import { describe, expect, it } from 'vitest';
import {
  ENQUIRY_ASKERS,
  ENQUIRY_OUTCOMES,
  ENQUIRY_SUBSECTOR_VALUES,
  ENQUIRY_SUBSECTORS,
  ENQUIRY_TOPICS,
  enquiryIdFor,
  enquiryLinkSchema,
  enquiryPeriodQuerySchema,
  enquiryRequestHash,
  enquiryRequestSchema,
  receiptOfEnquiryId,
  receiptProblem,
  toWholeSecond,
} from '../../functions/domain/enquiries';
import { londonMonthOf, monthsOfPeriod } from '../../functions/domain/calendar';
import { SECTORS } from '../../functions/domain/referral-schema';
import { zodErrors } from '../../functions/shared/handler';

/** The enquiries register's rules, without a table: what a record may hold, its id, and the periods a list reads. */
const enquiry = {
  receivedAt: '2026-11-24T10:15:00Z',
  sector: 'education',
  subsector: 'primary school',
  askedBy: 'employer',
  topic: 'allegation advice',
  outcome: 'advised to refer',
  officerId: 'lado.enquiries.1',
};

const refusal = (sent: unknown) => {
  const parsed = enquiryRequestSchema.safeParse(sent);
  return parsed.success ? [] : zodErrors(parsed.error);
};

describe('an enquiry', () => {
  it('is a few choices from the catalogues and the officer who answered', () => {
    expect(enquiryRequestSchema.parse(enquiry)).toEqual(enquiry);
    const { receivedAt: _receivedAt, subsector: _subsector, ...least } = enquiry;
    expect(enquiryRequestSchema.parse(least)).toEqual(least);
    expect(enquiryRequestSchema.parse({ ...enquiry, linkedCaseId: 'LADO-0123456789' }).linkedCaseId).toBe('LADO-0123456789');
  });

  it('refuses free text: a field the register does not have, and a label not in its catalogue', () => {
    expect(refusal({ ...enquiry, notes: 'Mr Smith grabbed a pupil' })).toEqual([{ path: 'body', message: 'Unrecognized key: "notes"' }]);
    expect(refusal({ ...enquiry, topic: 'Mr Smith grabbed a pupil' })).toEqual([{ path: 'topic', message: `topic must be one of: ${ENQUIRY_TOPICS.join(', ')}` }]);
    expect(refusal({ ...enquiry, subsector: "St Mary's Primary" }).map((error) => error.path)).toEqual(['subsector']);
    expect(refusal({ ...enquiry, askedBy: 'Jane Smith, headteacher' }).map((error) => error.path)).toEqual(['askedBy']);
  });

  it('names every field at fault', () => {
    const errors = refusal({ receivedAt: 'yesterday', sector: 'schools', askedBy: 'employer', topic: 'other', outcome: 'referred', officerId: 'a b' });
    expect(errors.map((error) => error.path).sort()).toEqual(['officerId', 'outcome', 'receivedAt', 'sector']);
    expect(errors.find((error) => error.path === 'outcome')?.message).toBe(`outcome must be one of: ${ENQUIRY_OUTCOMES.join(', ')}`);
  });

  it("takes only a subsector of the enquiry's own sector", () => {
    expect(refusal({ ...enquiry, sector: 'fostering', subsector: 'primary school' })).toEqual([
      { path: 'subsector', message: 'subsector must be one of the subsectors of fostering: independent fostering agency, in-house fostering' },
    ]);
    expect(refusal({ ...enquiry, sector: 'unknown', subsector: 'primary school' })).toEqual([
      { path: 'subsector', message: 'The sector unknown has no subsectors: leave subsector out' },
    ]);
    expect(refusal({ ...enquiry, sector: 'wider workforce', subsector: 'sports club' })).toEqual([]);
  });

  it('links to a case by its id only', () => {
    expect(refusal({ ...enquiry, linkedCaseId: 'case 12' }).map((error) => error.path)).toEqual(['linkedCaseId']);
    expect(enquiryLinkSchema.safeParse({ caseId: 'LADO-0123456789', officerId: 'lado.1' }).success).toBe(true);
    expect(enquiryLinkSchema.safeParse({ caseId: 'LADO-0123456789', officerId: 'lado.1', why: 'text' }).success).toBe(false);
  });

  it('came in no earlier than 2000 and not in the future (five minutes allowed for a fast clock)', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    expect(receiptProblem(new Date('2026-11-24T10:04:59Z'), now)).toBeUndefined();
    expect(receiptProblem(new Date('2026-11-24T10:05:01Z'), now)).toBe('receivedAt must not be in the future: it is now 2026-11-24T10:00:00.000Z');
    expect(receiptProblem(new Date('1999-12-31T23:59:59Z'), now)).toBe('receivedAt must not be before 2000');
    expect(toWholeSecond(new Date('2026-11-24T10:15:07.999Z')).toISOString()).toBe('2026-11-24T10:15:07.000Z');
  });
});

describe('the catalogues', () => {
  it("have the referral's sectors, in their order, each with its subsectors; every subsector once", () => {
    expect(Object.keys(ENQUIRY_SUBSECTORS)).toEqual([...SECTORS]);
    expect(new Set(ENQUIRY_SUBSECTOR_VALUES).size).toBe(ENQUIRY_SUBSECTOR_VALUES.length);
    expect(ENQUIRY_SUBSECTORS.unknown).toEqual([]);
  });

  it('hold short labels, each once', () => {
    for (const list of [ENQUIRY_ASKERS, ENQUIRY_TOPICS, ENQUIRY_OUTCOMES, ENQUIRY_SUBSECTOR_VALUES]) {
      expect(new Set(list).size).toBe(list.length);
      for (const value of list) expect(value.length, value).toBeLessThanOrEqual(45);
    }
    expect(ENQUIRY_OUTCOMES).toEqual(['advised to refer', 'signposted', 'managed by the agency', 'sent to the Front Door']);
  });
});

describe('the enquiry id', () => {
  const receivedAt = new Date('2026-11-24T10:15:07.250Z');

  it('holds the receipt, to the second, and a part from the officer and the Idempotency-Key', () => {
    const id = enquiryIdFor('lado.1', 'key-0001-aaaa', receivedAt);
    expect(id).toMatch(/^ENQ-20261124T101507Z-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(enquiryIdFor('lado.1', 'key-0001-aaaa', receivedAt)).toBe(id);
    expect(enquiryIdFor('lado.2', 'key-0001-aaaa', receivedAt)).not.toBe(id);
    expect(enquiryIdFor('lado.1', 'key-0002-aaaa', receivedAt)).not.toBe(id);
    expect(receiptOfEnquiryId(id)).toBe('2026-11-24T10:15:07.000Z');
  });

  it('is read back only when it is one', () => {
    expect(receiptOfEnquiryId('ENQ-20260230T101500Z-0123456789')).toBeUndefined();
    expect(receiptOfEnquiryId('ENQ-20261124T246000Z-0123456789')).toBeUndefined();
    expect(receiptOfEnquiryId('LADO-0123456789')).toBeUndefined();
  });

  it("keeps a request's key apart for each officer", () => {
    expect(enquiryRequestHash('lado.1', 'key-0001-aaaa')).not.toBe(enquiryRequestHash('lado.2', 'key-0001-aaaa'));
    expect(enquiryRequestHash('lado.1', 'key-0001-aaaa')).toMatch(/^[\w-]{43}$/);
  });
});

describe('the months of the register', () => {
  it("are London months: half past midnight on 1 June in London is June's, though still May in UTC", () => {
    expect(londonMonthOf('2026-05-31T23:30:00Z')).toBe('2026-06'); // 00:30 BST on 1 June
    expect(londonMonthOf('2026-06-01T00:30:00+01:00')).toBe('2026-06');
    expect(londonMonthOf('2026-10-31T23:30:00Z')).toBe('2026-10'); // 23:30 GMT: the clocks went back on 25 October
  });

  it('a period reads one partition a month', () => {
    expect(monthsOfPeriod('2026-11-15', '2026-11-20')).toEqual(['2026-11']);
    expect(monthsOfPeriod('2025-12-31', '2026-02-01')).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(monthsOfPeriod('2025-04-01', '2026-03-31')).toHaveLength(12);
  });
});

describe('the period GET /enquiries takes', () => {
  const errors = (query: Record<string, string>) => {
    const parsed = enquiryPeriodQuerySchema.safeParse(query);
    return parsed.success ? [] : zodErrors(parsed.error, 'query');
  };

  it('is London dates, both included, of at most 13 calendar months', () => {
    expect(enquiryPeriodQuerySchema.parse({ from: '2025-04-01', to: '2026-04-30' })).toEqual({ from: '2025-04-01', to: '2026-04-30', limit: 500 });
    expect(errors({ from: '2025-04-01', to: '2026-05-01' })).toEqual([
      { path: 'query.to', message: 'The period must span at most 13 calendar months: from 2025-04-01 to 2026-05-01 spans 14' },
    ]);
    expect(errors({ from: '2026-11-02', to: '2026-11-01' })).toEqual([{ path: 'query.to', message: 'to must not be before from' }]);
    expect(errors({ from: '01/11/2026', to: '2026-02-30' }).map((error) => error.path)).toEqual(['query.from', 'query.to']);
    expect(errors({ to: '2026-11-30' })).toEqual([{ path: 'query.from', message: 'from must be a date written YYYY-MM-DD' }]);
    expect(errors({ from: '2026-11-01', to: '2026-11-30', limit: '5000' }).map((error) => error.path)).toEqual(['query.limit']);
  });
});
