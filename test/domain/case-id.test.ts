import { describe, expect, it } from 'vitest';
import { caseIdForSubmission, executionName, fingerprint, parseExecutionName } from '../../functions/domain/case-id';
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
    expect(executionName('LADO-0123456789', 'first-days', 1)).toBe('LADO-0123456789-first-days');
  });

  it('numbers the first days only once they are resumed or handed over', () => {
    expect(executionName('LADO-0123456789', 'first-days', 2)).toBe('LADO-0123456789-first-days-2');
    expect(executionName('LADO-0123456789', 'first-days', 17)).toBe('LADO-0123456789-first-days-17');
  });

  it('numbers every management execution, from 1', () => {
    expect(executionName('LADO-0123456789', 'management')).toBe('LADO-0123456789-management-1');
    expect(executionName('LADO-0123456789', 'management', 4)).toBe('LADO-0123456789-management-4');
  });

  it('stays well inside the 80 characters Step Functions allows a name', () => {
    expect(executionName(caseIdForSubmission('portal-submission-0001'), 'management', 999_999).length).toBeLessThanOrEqual(80);
  });
});

describe('parseExecutionName', () => {
  const caseId = caseIdForSubmission('portal-submission-0001');

  it.each([
    ['first-days', 1],
    ['first-days', 2],
    ['first-days', 40],
    ['management', 1],
    ['management', 7],
    ['management', 123456],
  ] as const)('reads back the case, phase and number of the %s execution %i', (phase, sequence) => {
    expect(parseExecutionName(executionName(caseId, phase, sequence))).toEqual({ caseId, phase, sequence });
  });

  it('reads the unnumbered first days as the first', () => {
    expect(parseExecutionName('LADO-0123456789-first-days')).toEqual({ caseId: 'LADO-0123456789', phase: 'first-days', sequence: 1 });
  });

  it.each([
    ['a management execution without its number', 'LADO-0123456789-management'],
    ['a case id of the wrong length', 'LADO-012345678-first-days'],
    ['a lower-case case id', 'lado-0123456789-first-days'],
    ['a phase this service does not run', 'LADO-0123456789-closure-1'],
    ['a number that is not one', 'LADO-0123456789-management-x'],
    ['a number of more than six digits', 'LADO-0123456789-management-1234567'],
    ['something after the number', 'LADO-0123456789-management-2-retry'],
    ['something before the case id', 'x-LADO-0123456789-first-days'],
    ['a name another service gave', '4f1c2d3e-0000-4000-8000-000000000007'],
    ['nothing', ''],
  ])('answers undefined for %s', (_what, name) => {
    expect(parseExecutionName(name)).toBeUndefined();
  });
});
