import { describe, expect, it } from 'vitest';
import { caseIdForSubmission, executionName, fingerprint } from '../../functions/domain/case-id';
import { caseIdSchema } from '../../functions/shared/handler';
import { completeReferral } from '../support/referrals';

const CASE_ID = /^LADO-[0-9A-HJKMNP-TV-Z]{10}$/;

describe('caseIdForSubmission', () => {
  it('gives the same case id for the same submission id', () => {
    expect(caseIdForSubmission('portal-submission-0001')).toBe(caseIdForSubmission('portal-submission-0001'));
  });

  it('gives different case ids for different submission ids', () => {
    expect(caseIdForSubmission('portal-submission-0001')).not.toBe(caseIdForSubmission('portal-submission-0002'));
  });

  it('writes ten Crockford base-32 characters, which the API accepts as a case id', () => {
    for (let n = 0; n < 500; n++) {
      const caseId = caseIdForSubmission(`portal-submission-${n}`);
      expect(caseId).toMatch(CASE_ID);
      expect(caseIdSchema.safeParse(caseId).success).toBe(true);
    }
  });

  it('does not change from one release to the next', () => {
    // Stored cases are found by this id: a change here would orphan them.
    expect(caseIdForSubmission('portal-submission-0001')).toBe('LADO-APMP724GJS');
  });
});

describe('fingerprint', () => {
  it('is independent of key order, at every depth', () => {
    expect(fingerprint({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(fingerprint({ b: { d: 'x', c: [1, 2] }, a: 1 }));
  });

  it('is the same for a referral rebuilt with its keys in another order', () => {
    const referral = completeReferral();
    const reordered = Object.fromEntries(Object.entries(referral).reverse());

    expect(fingerprint(reordered)).toBe(fingerprint(referral));
  });

  it('changes with any content', () => {
    const referral = completeReferral();
    const base = fingerprint(referral);

    expect(fingerprint({ ...referral, allegation: { ...referral.allegation, immediateRisk: true } })).not.toBe(base);
    expect(fingerprint({ ...referral, subject: { ...referral.subject, firstName: 'Elinor' } })).not.toBe(base);
  });

  it('keeps array order, which is content', () => {
    expect(fingerprint({ list: [1, 2] })).not.toBe(fingerprint({ list: [2, 1] }));
  });

  it('tells a string from a number and a value from a key', () => {
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: 1 }));
    expect(fingerprint({ a: 'b' })).not.toBe(fingerprint({ b: 'a' }));
  });

  it('treats an absent field and one set to undefined alike', () => {
    expect(fingerprint({ a: 1, b: undefined })).toBe(fingerprint({ a: 1 }));
  });
});

describe('executionName', () => {
  it('names the first-days execution after the case', () => {
    expect(executionName('LADO-0123456789', 'first-days')).toBe('LADO-0123456789-first-days');
  });
});
