import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { checkCompleteness, decideThreshold, isRefusal, receiveReferral, recordReceipt } from '../../functions/domain/lifecycle-rules';
import { awaitingDecision, morningList, morningListDate, morningListEmailId, type AwaitingDecision } from '../../functions/domain/morning-list';
import { officerDecisionSchema } from '../../functions/domain/officer-records';
import type { Referral } from '../../functions/domain/referral-schema';
import type { ThresholdDecision } from '../../functions/domain/threshold-decision';
import { completeReferral, referralMissingDateOfBirthAndAddress } from '../support/referrals';

/** The duty LADO's morning list, pure: which cases it lists, on which days, in which order. */
const calendar = createWorkingCalendar();
const MONDAY = new Date('2026-11-23T10:00:00Z');
const atRisk = (referral: Referral): Referral => ({ ...referral, allegation: { ...referral.allegation, immediateRisk: true } });
const checked = (referral: Referral) => checkCompleteness(recordReceipt(receiveReferral(referral, MONDAY).next, MONDAY).next, MONDAY, calendar).next;

describe('who is on the morning list', () => {
  it('lists a complete referral, and an urgent one still awaiting its details, each with when its decision is due', () => {
    const complete = checked(completeReferral());
    expect(awaitingDecision(complete)).toEqual({ caseId: complete.caseId, receivedAt: MONDAY.toISOString(), immediateRisk: false, decisionDueAt: '2026-11-24T17:00:00.000Z' });
    const urgent = checked(atRisk(referralMissingDateOfBirthAndAddress()));
    expect(awaitingDecision(urgent)).toMatchObject({ immediateRisk: true, decisionDueAt: '2026-11-24T17:00:00.000Z' });
  });

  it('leaves out a referral returned without immediate risk, and one decided', () => {
    expect(awaitingDecision(checked(referralMissingDateOfBirthAndAddress()))).toBeUndefined();
    const decision = officerDecisionSchema.parse({
      kind: 'threshold',
      officerId: 'duty.1',
      rationale: 'Recorded after discussion with the case manager.',
      outcome: 'consultation',
      allocatedTo: { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' },
    }) as ThresholdDecision;
    const decided = decideThreshold(checked(completeReferral()), decision, MONDAY, calendar);
    if (isRefusal(decided)) throw new Error(decided.message);
    expect(awaitingDecision(decided.next)).toBeUndefined();
  });
});

describe('when and in which order', () => {
  it('goes out on working days only, by the service calendar', () => {
    expect(morningListDate(new Date('2026-11-23T09:00:00Z'), calendar)).toBe('2026-11-23');
    expect(morningListDate(new Date('2026-06-10T08:00:00Z'), calendar)).toBe('2026-06-10'); // 09:00 BST
    expect(morningListDate(new Date('2026-11-28T09:00:00Z'), calendar)).toBeUndefined(); // Saturday
    expect(morningListDate(new Date('2026-12-28T09:00:00Z'), calendar)).toBeUndefined(); // Boxing Day's substitute
    const closing = createWorkingCalendar({ extraClosureDays: ['2026-12-24'] });
    expect(morningListDate(new Date('2026-12-24T09:00:00Z'), closing)).toBeUndefined();
    expect(morningListDate(new Date('2026-12-24T09:00:00Z'), calendar)).toBe('2026-12-24');
  });

  it('lists the oldest referral first, and names each day by its own id', () => {
    const entry = (caseId: string, receivedAt: string): AwaitingDecision => ({ caseId, receivedAt, immediateRisk: false });
    const listed = morningList([entry('LADO-CCCCCCCCCC', '2026-11-23T10:00:00.000Z'), entry('LADO-BBBBBBBBBB', '2026-11-20T15:00:00.000Z'), entry('LADO-AAAAAAAAAA', '2026-11-23T10:00:00.000Z')]);
    expect(listed.map((e) => e.caseId)).toEqual(['LADO-BBBBBBBBBB', 'LADO-AAAAAAAAAA', 'LADO-CCCCCCCCCC']);
    expect(morningListEmailId('2026-11-24')).toBe('morningList/2026-11-24');
  });
});
