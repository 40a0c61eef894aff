import { describe, expect, it } from 'vitest';
import { applyResubmission, referralSchema, resubmissionSchema, type Referral } from '../../functions/domain/referral-schema';
import { completeReferral } from '../support/referrals';

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

  it('leaves the referral it was given unchanged', () => {
    const before = structuredClone(returned);
    applyResubmission(returned, { subject: { dateOfBirth: '1984-03-17' } });
    expect(returned).toEqual(before);
  });
});
