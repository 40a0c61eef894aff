import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyResubmission, referralSchema, resubmissionSchema, resubmitted, type Referral } from '../../functions/domain/referral-schema';
import { rationaleSchema } from '../../functions/domain/threshold-decision';
import { useClock } from '../../functions/shared/clock';
import { completeReferral } from '../support/referrals';

// "The future" is read from the clock.
const NOW = new Date('2026-11-23T09:30:00Z');
beforeEach(() => useClock(() => NOW));
afterEach(() => useClock(() => new Date()));

/** The path and message of each issue, as the API reports them. */
function issues(schema: typeof referralSchema | typeof resubmissionSchema, value: unknown): Array<[string, string]> {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

const valid = completeReferral();

describe('a complete referral', () => {
  it('is accepted as it is', () => {
    expect(referralSchema.parse(valid)).toEqual(valid);
  });

  it('is accepted without the optional key demographics, which completeness asks for later', () => {
    const { dateOfBirth: _dateOfBirth, address: _address, firstName: _firstName, ...subject } = valid.subject;
    expect(issues(referralSchema, { ...valid, subject, employer: {} })).toEqual([]);
  });

  it('has its text trimmed', () => {
    const parsed = referralSchema.parse({ ...valid, subject: { ...valid.subject, firstName: '  Eleanor  ' } });
    expect(parsed.subject.firstName).toBe('Eleanor');
  });
});

describe('error messages', () => {
  it('name each field at fault in words a referrer understands', () => {
    const found = issues(referralSchema, {
      ...valid,
      referrer: { ...valid.referrer, email: 'not-an-address', phone: '123' },
      subject: { ...valid.subject, firstName: 17, employmentBasis: 'contractor' },
      allegation: { ...valid.allegation, category: 'theft', immediateRisk: 'yes', description: '' },
    });

    expect(found).toEqual(
      expect.arrayContaining([
        ['referrer.email', "The referrer's email must be a valid email address"],
        ['referrer.phone', "The referrer's phone must be a telephone number of 10 to 20 digits"],
        ['subject.firstName', "The subject's first name must be text"],
        ['subject.employmentBasis', "The subject's employment basis must be one of: paid, volunteer, agency, self-employed, foster carer, prospective adopter"],
        ['allegation.category', expect.stringMatching(/^The allegation category must be one of: physical abuse, .*risk by association$/)],
        ['allegation.immediateRisk', 'Immediate risk must be true or false'],
        ['allegation.description', 'The description of the allegation must not be empty'],
      ]),
    );
    expect(found).toHaveLength(7);
  });

  it('say when a required section or field is missing', () => {
    const { allegation: _allegation, ...withoutAllegation } = valid;
    expect(issues(referralSchema, withoutAllegation)).toEqual([['allegation', expect.stringMatching(/expected object/)]]);

    const { name: _name, ...referrer } = valid.referrer;
    expect(issues(referralSchema, { ...valid, referrer })).toEqual([['referrer.name', "The referrer's name must be text"]]);
  });

  it('give the limit when text is too long', () => {
    expect(issues(referralSchema, { ...valid, referrer: { ...valid.referrer, role: 'x'.repeat(101) } })).toEqual([
      ['referrer.role', "The referrer's role must be at most 100 characters"],
    ]);
  });
});

describe('names', () => {
  it.each([
    ['<script>alert(1)</script>'],
    ['Smith<b>'],
    ['Robert"); DROP TABLE'],
    ['Jane & John'],
    ['-Leading hyphen'],
  ])('refuse %s', (name) => {
    expect(issues(referralSchema, { ...valid, subject: { ...valid.subject, lastName: name } })).toEqual([
      ['subject.lastName', "The subject's last name may contain only letters, spaces, apostrophes, hyphens and full stops"],
    ]);
  });

  it.each([["O'Brien"], ['O’Brien'], ['Okonkwo-Hale'], ['St. John'], ['Zoë'], ['Łukasz'], ['محمد'], ['José María']])('accept %s', (name) => {
    expect(issues(referralSchema, { ...valid, subject: { ...valid.subject, lastName: name } })).toEqual([]);
  });

  it('refuse markup in free text too', () => {
    expect(issues(referralSchema, { ...valid, allegation: { ...valid.allegation, description: 'See <img src=x onerror=alert(1)>' } })).toEqual([
      ['allegation.description', 'The description of the allegation must not contain < or >'],
    ]);
  });
});

describe('formats', () => {
  const withPostcode = (postcode: string) => ({ ...valid, subject: { ...valid.subject, address: { ...valid.subject.address!, postcode } } });

  it.each([['ME14 1AA'], ['me141aa'], ['SW1A 2AA'], ['EC1V 9HX'], ['B1 1AA']])('accept the postcode %s', (postcode) => {
    expect(issues(referralSchema, withPostcode(postcode))).toEqual([]);
  });

  it.each([['ME14'], ['12345'], ['ME14 1AAA'], ['1ME 1AA']])('refuse the postcode %s', (postcode) => {
    expect(issues(referralSchema, withPostcode(postcode))).toEqual([['subject.address.postcode', 'The postcode must be a UK postcode']]);
  });

  const withPhone = (phone: string) => ({ ...valid, referrer: { ...valid.referrer, phone } });

  it.each([['01632 960 123'], ['+44 1632 960123'], ['(01632) 960-123'], ['07700900123']])('accept the phone number %s', (phone) => {
    expect(issues(referralSchema, withPhone(phone))).toEqual([]);
  });

  it.each([['960 123'], ['call me on 01632'], ['01632 960 123 ext 4'], ['0'.repeat(21)]])('refuse the phone number %s', (phone) => {
    expect(issues(referralSchema, withPhone(phone))).toEqual([["referrer.phone", "The referrer's phone must be a telephone number of 10 to 20 digits"]]);
  });

  it.each([['17/03/1984'], ['1984-3-17'], ['1984-02-30'], ['1984-03-17T00:00:00Z']])('refuse the date %s', (dateOfBirth) => {
    expect(issues(referralSchema, { ...valid, subject: { ...valid.subject, dateOfBirth } })).toEqual([
      ['subject.dateOfBirth', "The subject's date of birth must be a date written YYYY-MM-DD"],
    ]);
  });

  it('accept a leap day', () => {
    expect(issues(referralSchema, { ...valid, subject: { ...valid.subject, dateOfBirth: '1984-02-29' } })).toEqual([]);
  });
});

describe('children', () => {
  it('identified must list at least one child', () => {
    expect(issues(referralSchema, { ...valid, children: { identified: true, children: [] } })).toEqual([
      ['children.children', 'At least one child must be listed when children are identified'],
    ]);
  });

  it('not identified are accepted without a list', () => {
    expect(issues(referralSchema, { ...valid, children: { identified: false } })).toEqual([]);
  });

  it('not identified may not carry a list', () => {
    expect(issues(referralSchema, { ...valid, children: { identified: false, children: valid.children.identified ? valid.children.children : [] } })).toEqual([
      ['children', 'Unrecognized key: "children"'],
    ]);
  });

  it('left undecided are refused with the two choices explained', () => {
    expect(issues(referralSchema, { ...valid, children: { identified: 'unknown' } })).toEqual([
      ['children.identified', 'Children must say identified: true with the children listed, or identified: false'],
    ]);
  });
});

describe('unknown keys', () => {
  it('are refused at the top level', () => {
    expect(issues(referralSchema, { ...valid, notes: 'extra' })).toEqual([['', 'Unrecognized key: "notes"']]);
  });

  it('are refused inside a section', () => {
    expect(issues(referralSchema, { ...valid, subject: { ...valid.subject, nationalInsuranceNumber: 'QQ123456C' } })).toEqual([
      ['subject', 'Unrecognized key: "nationalInsuranceNumber"'],
    ]);
  });
});

describe('a resubmission', () => {
  it('must supply at least one section', () => {
    expect(issues(resubmissionSchema, {})).toEqual([['', 'A resubmission must supply at least one of referrer, subject, employer or children']]);
  });

  it('may change only the referrer’s phone, not who the referrer is', () => {
    expect(issues(resubmissionSchema, { referrer: { phone: '01632 960 999' } })).toEqual([]);
    expect(issues(resubmissionSchema, { referrer: { email: 'someone-else@example.org' } })).toEqual([['referrer', 'Unrecognized key: "email"']]);
  });

  it('may not touch the allegation', () => {
    expect(issues(resubmissionSchema, { subject: { role: 'Class teacher' }, allegation: { immediateRisk: true } })).toEqual([
      ['', 'Unrecognized key: "allegation"'],
    ]);
  });

  it('checks the fields it supplies as strictly as a referral', () => {
    expect(issues(resubmissionSchema, { subject: { dateOfBirth: '17/03/1984' } })).toEqual([
      ['subject.dateOfBirth', "The subject's date of birth must be a date written YYYY-MM-DD"],
    ]);
  });
});

describe('applyResubmission', () => {
  const { dateOfBirth: _dateOfBirth, address: _address, ...subjectWithout } = valid.subject;
  const { phone: _phone, ...referrerWithout } = valid.referrer;
  const returned: Referral = { ...valid, referrer: referrerWithout, subject: subjectWithout };

  it('adds the supplied fields and keeps every field it does not mention', () => {
    const merged = applyResubmission(returned, { subject: { dateOfBirth: '1984-03-17' }, referrer: { phone: '01632 960 999' } });

    expect(merged.subject).toEqual({ ...subjectWithout, dateOfBirth: '1984-03-17' });
    expect(merged.referrer).toEqual({ ...referrerWithout, phone: '01632 960 999' });
    expect(merged.employer).toEqual(valid.employer);
    expect(merged.children).toEqual(valid.children);
    expect(merged.allegation).toEqual(valid.allegation);
    expect(merged.submissionId).toBe(valid.submissionId);
  });

  it('replaces a supplied field that was already held', () => {
    const merged = applyResubmission(valid, { subject: { role: 'Teaching assistant' } });

    expect(merged.subject.role).toBe('Teaching assistant');
    expect(merged.subject.firstName).toBe(valid.subject.firstName);
  });

  it('replaces the children as a whole', () => {
    const merged = applyResubmission(valid, { children: { identified: false } });

    expect(merged.children).toEqual({ identified: false });
  });

  it('is checked again as a whole: a supplied date must not contradict one held', () => {
    const withStart: Referral = { ...returned, subject: { ...subjectWithout, startDate: '2010-09-01' } };
    expect(resubmitted(withStart, { subject: { dateOfBirth: '1984-03-17' } }).success).toBe(true);
    const contradicted = resubmitted(withStart, { subject: { dateOfBirth: '2012-03-17' } });
    expect(contradicted.success).toBe(false);
    expect(contradicted.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['subject.startDate']);
  });

  it('leaves the referral it was given unchanged', () => {
    const before = structuredClone(returned);
    applyResubmission(returned, { subject: { dateOfBirth: '1984-03-17' } });
    expect(returned).toEqual(before);
  });
});

describe('safe text', () => {
  const SINGLE_LINE = 'must be a single line of text, without tabs, line breaks or other control characters';
  const MULTI_LINE = 'must not contain control characters other than tabs and line breaks';
  const UNPAIRED = 'must be valid Unicode text: it holds an unpaired surrogate';

  const singleLineFields: Array<[string, (text: string) => unknown, string]> = [
    ['referrer.organisation', (text) => ({ ...valid, referrer: { ...valid.referrer, organisation: text } }), "The referrer's organisation"],
    ['subject.address.line1', (text) => ({ ...valid, subject: { ...valid.subject, address: { ...valid.subject.address!, line1: text } } }), 'The first address line'],
    ['employer.name', (text) => ({ ...valid, employer: { ...valid.employer, name: text } }), "The employer's name"],
    ['subject.firstName', (text) => ({ ...valid, subject: { ...valid.subject, firstName: text } }), "The subject's first name"],
    ['subject.address.postcode', (text) => ({ ...valid, subject: { ...valid.subject, address: { ...valid.subject.address!, postcode: text } } }), 'The postcode'],
    ['referrer.phone', (text) => ({ ...valid, referrer: { ...valid.referrer, phone: text } }), "The referrer's phone"],
  ];
  const controls: Array<[string, string]> = [
    ['NUL', '\u0000'],
    ['ESC', '\u001b[31m'],
    ['a tab', '\t'],
    ['a line feed', '\n'],
    ['a carriage return', '\r'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
    ['a line separator', '\u2028'],
  ];

  describe.each(singleLineFields)('in the single-line field %s', (path, withText, what) => {
    it.each(controls)('refuses %s, naming the field once', (_what, control) => {
      expect(issues(referralSchema, withText(`Larkspur${control}Lane`))).toEqual([[path, `${what} ${SINGLE_LINE}`]]);
    });

    it('refuses a control character at either end, rather than trimming it away', () => {
      expect(issues(referralSchema, withText('Larkspur\n'))).toEqual([[path, `${what} ${SINGLE_LINE}`]]);
    });

    it.each([['a lone high surrogate', '\ud800'], ['a lone low surrogate', '\udc00'], ['a pair the wrong way round', '\udc00\ud800']])(
      'refuses %s',
      (_what, surrogate) => {
        expect(issues(referralSchema, withText(`Larkspur${surrogate}`))).toEqual([[path, `${what} ${UNPAIRED}`]]);
      },
    );
  });

  it('allows tabs and line breaks in long text, and nothing else of the kind', () => {
    const description = 'First line.\r\nSecond line,\tindented.\n\nA new paragraph.';
    expect(issues(referralSchema, { ...valid, allegation: { ...valid.allegation, description } })).toEqual([]);
    for (const [, control] of controls.filter(([, c]) => !['\t', '\n', '\r', '\u2028'].includes(c))) {
      expect(issues(referralSchema, { ...valid, allegation: { ...valid.allegation, description: `Reported${control} today` } })).toEqual([
        ['allegation.description', `The description of the allegation ${MULTI_LINE}`],
      ]);
    }
    expect(issues(referralSchema, { ...valid, subject: { ...valid.subject, previousConcerns: 'One.\n\u0007Two.' } })).toEqual([
      ['subject.previousConcerns', `Previous concerns ${MULTI_LINE}`],
    ]);
  });

  it('refuses an unpaired surrogate in long text, and accepts characters outside the BMP written as a pair', () => {
    expect(issues(referralSchema, { ...valid, allegation: { ...valid.allegation, description: 'Reported \ud83d today' } })).toEqual([
      ['allegation.description', `The description of the allegation ${UNPAIRED}`],
    ]);
    expect(issues(referralSchema, { ...valid, allegation: { ...valid.allegation, description: 'The child drew 😀 and 𝒳.' } })).toEqual([]);
  });

  it("applies to officers' rationales as to referrals", () => {
    expect(rationaleSchema.safeParse('Spoke to the head.\n\tThe school will investigate.').success).toBe(true);
    expect(rationaleSchema.safeParse('Spoke to the head.\u001b[2J The school will investigate.').error?.issues.map((i) => i.message)).toEqual([
      `The rationale ${MULTI_LINE}`,
    ]);
    expect(rationaleSchema.safeParse('Spoke to the head \udfff. The school will investigate.').error?.issues.map((i) => i.message)).toEqual([
      `The rationale ${UNPAIRED}`,
    ]);
  });
});

describe('impossible facts', () => {
  const withSubject = (subject: Partial<Referral['subject']>) => ({ ...valid, subject: { ...valid.subject, ...subject } });
  const withChildBornOn = (dateOfBirth: string, arose = '2026-11-20') => ({
    ...valid,
    children: { identified: true, children: [{ firstName: 'Jonah', dateOfBirth }] },
    allegation: { ...valid.allegation, arose },
  });
  const withAllegation = (allegation: Partial<Referral['allegation']>) => ({ ...valid, allegation: { ...valid.allegation, ...allegation } });

  it('a date of birth in the future or before 1900 is refused, for the subject and for a child', () => {
    expect(issues(referralSchema, withSubject({ dateOfBirth: '2026-11-24' }))).toEqual([['subject.dateOfBirth', "The subject's date of birth must not be in the future"]]);
    expect(issues(referralSchema, withSubject({ dateOfBirth: '1899-12-31' }))).toEqual([['subject.dateOfBirth', "The subject's date of birth must not be before 1900"]]);
    expect(issues(referralSchema, withSubject({ dateOfBirth: '1900-01-01' }))).toEqual([]);
    expect(issues(referralSchema, withChildBornOn('2027-01-01'))).toEqual([
      ['children.children.0.dateOfBirth', "A child's date of birth must not be in the future"],
      ['children.children.0.dateOfBirth', "A child's date of birth must not be after the date the allegation arose"],
    ]);
    expect(issues(referralSchema, withChildBornOn('1899-01-01'))).toEqual([['children.children.0.dateOfBirth', "A child's date of birth must not be before 1900"]]);
  });

  it('a child born after the allegation arose is refused', () => {
    expect(issues(referralSchema, withChildBornOn('2026-11-21'))).toEqual([
      ['children.children.0.dateOfBirth', "A child's date of birth must not be after the date the allegation arose"],
    ]);
    expect(issues(referralSchema, withChildBornOn('2026-11-20'))).toEqual([]);
  });

  it('an allegation arising, or its events happening, in the future is refused', () => {
    expect(issues(referralSchema, withAllegation({ arose: '2026-11-24' }))).toEqual([['allegation.arose', 'The date the allegation arose must not be in the future']]);
    expect(issues(referralSchema, withAllegation({ occurred: '2027-01-01' }))).toEqual([
      ['allegation.occurred', 'The date the alleged events happened must not be in the future'],
    ]);
    expect(issues(referralSchema, withAllegation({ arose: '2026-11-23', occurred: '2026-11-23' }))).toEqual([]);
  });

  it("a start date before the subject's date of birth is refused; one still to come is not", () => {
    expect(issues(referralSchema, withSubject({ startDate: '1984-03-16' }))).toEqual([
      ['subject.startDate', "The subject's start date must not be before their date of birth"],
    ]);
    expect(issues(referralSchema, withSubject({ startDate: '2027-01-04' }))).toEqual([]);
  });

  it('a malformed date is reported once, as malformed', () => {
    expect(issues(referralSchema, withAllegation({ arose: '9999-99-99' }))).toEqual([['allegation.arose', 'The date the allegation arose must be a date written YYYY-MM-DD']]);
  });

  it('a subject under 18 is accepted: people under eighteen work with children too (003, 1.3)', () => {
    expect(issues(referralSchema, withSubject({ dateOfBirth: '2009-05-01', startDate: '2025-09-01', role: 'Music tutor' }))).toEqual([]);
  });

  it('"today" is read from the clock at each parse, in London', () => {
    const arisingOn = withAllegation({ arose: '2026-06-02', occurred: '2026-06-01' });
    useClock(() => new Date('2026-06-01T22:59:59Z'));
    expect(issues(referralSchema, arisingOn)).toEqual([['allegation.arose', 'The date the allegation arose must not be in the future']]);
    // 00:00 on 2 June in London (BST) is 23:00 on 1 June in UTC.
    useClock(() => new Date('2026-06-01T23:00:00Z'));
    expect(issues(referralSchema, arisingOn)).toEqual([]);
  });

  it('in a resubmission are refused as in a referral', () => {
    expect(issues(resubmissionSchema, { subject: { dateOfBirth: '2030-01-01' } })).toEqual([['subject.dateOfBirth', "The subject's date of birth must not be in the future"]]);
    expect(issues(resubmissionSchema, { subject: { dateOfBirth: '1990-05-01', startDate: '1980-09-01' } })).toEqual([
      ['subject.startDate', "The subject's start date must not be before their date of birth"],
    ]);
  });
});
