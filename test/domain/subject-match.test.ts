import { describe, expect, it } from 'vitest';
import { matchableNames, normaliseName, subjectMatchKeys } from '../../functions/domain/subject-match';

/**
 * "Previously known" (seeds/000, reason 1 of "Important information about
 * making a referral"): the subject of a referral is matched against earlier
 * referrals by normalised name and date of birth, under keyed hashes.
 */
const HMAC_KEY = 'a-development-key-of-at-least-thirty-two-characters';
const eleanor = { firstName: 'Eleanor', lastName: 'Whitcombe', knownAs: ['Ellie Whitcombe'], dateOfBirth: '1984-03-17' };

const matches = (a: Parameters<typeof subjectMatchKeys>[0], b: Parameters<typeof subjectMatchKeys>[0], key = HMAC_KEY) => {
  const keysOfB = new Set(subjectMatchKeys(b, key));
  return subjectMatchKeys(a, key).some((k) => keysOfB.has(k));
};

describe('normaliseName', () => {
  it('ignores case, and spaces before, after and between words', () => {
    expect(normaliseName('  ELEANOR   whitcombe ')).toBe(normaliseName('Eleanor Whitcombe'));
  });

  it('drops diacritics, and folds letters Unicode does not decompose', () => {
    expect(normaliseName('Zoë Brontë')).toBe(normaliseName('Zoe Bronte'));
    expect(normaliseName('Łukasz Søren')).toBe(normaliseName('Lukasz Soren'));
    expect(normaliseName('Strauß')).toBe(normaliseName('Strauss'));
    expect(normaliseName('Ａｎｎａ')).toBe('anna'); // full-width letters, by NFKD
  });

  it('treats apostrophes, hyphens and full stops the same way whichever is typed', () => {
    expect(normaliseName("O'Brien")).toBe(normaliseName('O’Brien'));
    expect(normaliseName("O'Brien")).toBe(normaliseName('OBrien'));
    expect(normaliseName('Okonkwo-Hale')).toBe(normaliseName('Okonkwo Hale'));
    expect(normaliseName('St. John')).toBe(normaliseName('St John'));
  });

  it('puts the words of a name in order', () => {
    expect(normaliseName('Whitcombe Eleanor')).toBe(normaliseName('Eleanor Whitcombe'));
  });
});

describe('subjectMatchKeys', () => {
  it('match the same person written with another case and spacing', () => {
    expect(matches(eleanor, { firstName: 'ELEANOR ', lastName: ' whitcombe', dateOfBirth: '1984-03-17' })).toBe(true);
  });

  it('match a known-as name given as the name of another referral, and the other way round', () => {
    expect(matches(eleanor, { firstName: 'Ellie', lastName: 'Whitcombe', dateOfBirth: '1984-03-17' })).toBe(true);
    expect(matches({ firstName: 'Eleanor', lastName: 'Marsh', knownAs: ['Eleanor Whitcombe'], dateOfBirth: '1984-03-17' }, eleanor)).toBe(true);
  });

  it('match a name written with or without its diacritics', () => {
    expect(matches({ firstName: 'Zoë', lastName: 'Brontë', dateOfBirth: '1990-01-02' }, { firstName: 'Zoe', lastName: 'Bronte', dateOfBirth: '1990-01-02' })).toBe(true);
  });

  it('do not match the same name with another date of birth: another person, or a wrong date', () => {
    expect(matches(eleanor, { ...eleanor, dateOfBirth: '1984-03-18' })).toBe(false);
    expect(matches(eleanor, { firstName: 'Eleanor', lastName: 'Whitcombe', dateOfBirth: '1991-07-30' })).toBe(false);
  });

  it('do not match another name with the same date of birth', () => {
    expect(matches(eleanor, { firstName: 'Eleanor', lastName: 'Marsh', dateOfBirth: '1984-03-17' })).toBe(false);
  });

  it('are none without a date of birth: a name alone is shared by too many people', () => {
    const { dateOfBirth: _dateOfBirth, ...withoutDateOfBirth } = eleanor;
    expect(subjectMatchKeys(withoutDateOfBirth, HMAC_KEY)).toEqual([]);
    expect(matchableNames(withoutDateOfBirth)).toEqual([]);
  });

  it('are none without any name', () => {
    expect(subjectMatchKeys({ dateOfBirth: '1984-03-17' }, HMAC_KEY)).toEqual([]);
  });

  it('are one for each distinct name: a known-as name that normalises to the name adds none', () => {
    expect(subjectMatchKeys({ ...eleanor, knownAs: ['Ellie Whitcombe', 'eleanor  WHITCOMBE', 'Ellie-Whitcombe'] }, HMAC_KEY)).toHaveLength(2);
  });

  it('hold no plain name or date, and depend on the HMAC key', () => {
    const keys = subjectMatchKeys(eleanor, HMAC_KEY);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/); // a SHA-256 digest, base64url
      for (const plain of ['eleanor', 'whitcombe', 'ellie', '1984', 'Eleanor', 'Whitcombe']) expect(key).not.toContain(plain);
    }
    const otherKeys = subjectMatchKeys(eleanor, 'another-key-of-at-least-thirty-two-characters!');
    expect(otherKeys).toHaveLength(2);
    expect(otherKeys.some((key) => keys.includes(key))).toBe(false);
    expect(matches(eleanor, eleanor, 'another-key-of-at-least-thirty-two-characters!')).toBe(true);
  });
});
