import { describe, expect, it } from 'vitest';
import { missingKeyDemographics } from '../../functions/domain/completeness';
import type { Referral } from '../../functions/domain/referral-schema';
import { completeReferral, referralMissingDateOfBirthAndAddress } from '../support/referrals';

type Section = 'subject' | 'employer' | 'referrer';

/** A complete referral less one field of one section. */
function without(section: Section, field: string): Referral {
  const referral = completeReferral();
  const { [field]: _removed, ...rest } = referral[section] as Record<string, unknown>;
  return { ...referral, [section]: rest };
}

describe('missingKeyDemographics', () => {
  it('finds nothing missing in a complete referral', () => {
    expect(missingKeyDemographics(completeReferral())).toEqual([]);
  });

  it.each<[Section, string, string]>([
    ['subject', 'firstName', "The subject's first name"],
    ['subject', 'lastName', "The subject's last name"],
    ['subject', 'dateOfBirth', "The subject's date of birth"],
    ['subject', 'address', "The subject's home address"],
    ['subject', 'role', "The subject's role"],
    ['employer', 'name', "The employer's or setting's name"],
    ['employer', 'address', "The employer's or setting's address"],
    ['referrer', 'phone', 'Your telephone number'],
  ])('reports a missing %s.%s as "%s"', (section, field, label) => {
    expect(missingKeyDemographics(without(section, field))).toEqual([{ field: `${section}.${field}`, label }]);
  });

  it('reports several missing items in the order a referrer fills them in', () => {
    expect(missingKeyDemographics(referralMissingDateOfBirthAndAddress())).toEqual([
      { field: 'subject.dateOfBirth', label: "The subject's date of birth" },
      { field: 'subject.address', label: "The subject's home address" },
    ]);
  });

  it('does not ask about the children when they are not identified', () => {
    expect(missingKeyDemographics(completeReferral({ children: { identified: false } }))).toEqual([]);
  });

  it("asks for a single child's name and date of birth as \"the child's\"", () => {
    const referral = completeReferral({ children: { identified: true, children: [{ firstName: 'Jonah' }] } });

    expect(missingKeyDemographics(referral)).toEqual([
      { field: 'children.children.0.name', label: "The child's full name" },
      { field: 'children.children.0.dateOfBirth', label: "The child's date of birth" },
    ]);
  });

  it('numbers the children when more than one is identified', () => {
    const referral = completeReferral({
      children: {
        identified: true,
        children: [
          { lastName: 'Bramley', dateOfBirth: '2016-06-05' },
          { firstName: 'Ada', lastName: 'Bramley', dateOfBirth: '2018-01-09' },
          { firstName: 'Noor', lastName: 'Bramley' },
        ],
      },
    });

    expect(missingKeyDemographics(referral)).toEqual([
      { field: 'children.children.0.name', label: "Child 1's full name" },
      { field: 'children.children.2.dateOfBirth', label: "Child 3's date of birth" },
    ]);
  });

  it('lists the children after the subject, employer and referrer', () => {
    const referral = { ...without('referrer', 'phone'), children: { identified: true as const, children: [{ firstName: 'Jonah', lastName: 'Bramley' }] } };

    expect(missingKeyDemographics(referral).map((item) => item.label)).toEqual(['Your telephone number', "The child's date of birth"]);
  });
});
