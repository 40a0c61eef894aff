import { describe, expect, it } from 'vitest';
import {
  dbsReferralDutyApplies,
  CONSULTATION_OUTCOMES,
  consultationOutcomeSchema,
  FINAL_CONCLUSIONS,
  lessonsLearnedReviewApplies,
  OUTCOMES,
  outcomeSchema,
  SUB_OUTCOMES,
  retentionDates,
  type AllegationOutcome,
  type FinalConclusion,
} from '../../functions/domain/outcome';

/** Every outcome, with every single conclusion and both states of the investigation. */
function everyCombination(): AllegationOutcome[] {
  return OUTCOMES.flatMap((outcome) =>
    FINAL_CONCLUSIONS.flatMap((conclusion) =>
      [true, false].map((investigationCompleted) => ({ outcome, conclusions: [conclusion], investigationCompleted })),
    ),
  );
}

/** The circumstances of 004 para 56 and 003 §9.2.2, written out independently of the rule. */
const TRIGGERS: Array<(o: AllegationOutcome) => boolean> = [
  (o) => o.outcome === 'substantiated' && o.conclusions.includes('dismissed'),
  (o) => o.outcome === 'substantiated' && o.conclusions.includes('ceased to use services'),
  (o) => o.outcome === 'substantiated' && o.conclusions.includes('resigned'),
  (o) => o.conclusions.includes('resigned') && !o.investigationCompleted,
];

describe('the DBS referral duty', () => {
  it('is triggered by every combination in 004 para 56 and 003 §9.2.2 and by no other', () => {
    const combinations = everyCombination();
    expect(combinations).toHaveLength(OUTCOMES.length * FINAL_CONCLUSIONS.length * 2);
    const triggered = combinations.filter(dbsReferralDutyApplies);
    expect(triggered).toEqual(combinations.filter((o) => TRIGGERS.some((trigger) => trigger(o))));
    // 3 substantiated conclusions x 2 investigation states + resigned-early under each of the other 4 outcomes.
    expect(triggered).toHaveLength(10);
  });

  it('holds when a triggering conclusion stands beside others', () => {
    const conclusions: FinalConclusion[] = ['management action', 'dismissed', 'referred to DBS'];
    expect(dbsReferralDutyApplies({ outcome: 'substantiated', conclusions, investigationCompleted: true })).toBe(true);
    expect(dbsReferralDutyApplies({ outcome: 'unsubstantiated', conclusions, investigationCompleted: true })).toBe(false);
  });

  it('follows a resignation because of a substantiated allegation (003 §9.2.2), said by the conclusion or the sub-outcome', () => {
    expect(dbsReferralDutyApplies({ outcome: 'substantiated', conclusions: ['resigned'], investigationCompleted: true })).toBe(true);
    expect(dbsReferralDutyApplies({ outcome: 'substantiated', subOutcome: 'resignation', conclusions: ['referred to regulator'], investigationCompleted: true })).toBe(true);
  });

  it('does not follow a resignation once an investigation completed without substantiating the allegation', () => {
    expect(dbsReferralDutyApplies({ outcome: 'unsubstantiated', conclusions: ['resigned'], investigationCompleted: true })).toBe(false);
  });
});

describe('other duties and the outcome record', () => {
  it('runs the lessons-learned review after a substantiated outcome only', () => {
    expect(OUTCOMES.filter((outcome) => lessonsLearnedReviewApplies({ outcome, conclusions: ['remained in post'], investigationCompleted: true }))).toEqual([
      'substantiated',
    ]);
  });

  it('refuses an unknown outcome, no conclusions, or a repeated conclusion, saying why', () => {
    const messages = (value: unknown) => (outcomeSchema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages({ outcome: 'proven', conclusions: ['dismissed'], investigationCompleted: true })).toEqual([
      'outcome: The outcome must be one of: substantiated, unsubstantiated, false, malicious, unfounded',
    ]);
    expect(messages({ outcome: 'false', conclusions: [], investigationCompleted: true })).toEqual(['conclusions: At least one final conclusion is needed']);
    expect(messages({ outcome: 'false', conclusions: ['resigned', 'resigned'], investigationCompleted: false })).toEqual([
      'conclusions: Each final conclusion may be given once',
    ]);
  });
});

describe('sub-outcomes', () => {
  // 003 §8.9: substantiated leads to management action, dismissal, disciplinary action or resignation;
  // unsubstantiated to management action or no further action; the others to none.
  const FITS = new Set([
    'substantiated/management action',
    'substantiated/dismissal',
    'substantiated/disciplinary',
    'substantiated/resignation',
    'unsubstantiated/management action',
    'unsubstantiated/no further action',
  ]);

  it.each(OUTCOMES.flatMap((outcome) => SUB_OUTCOMES.map((subOutcome) => [outcome, subOutcome] as const)))('%s with %s is accepted only where it fits', (outcome, subOutcome) => {
    const parsed = outcomeSchema.safeParse({ outcome, subOutcome, conclusions: ['remained in post'], investigationCompleted: true });
    expect(parsed.success).toBe(FITS.has(`${outcome}/${subOutcome}`));
    if (!parsed.success) {
      expect(parsed.error.issues.map((issue) => issue.path.join('.'))).toEqual(['subOutcome']);
      expect(parsed.error.issues[0]!.message).toMatch(new RegExp(`^The sub-outcome "${subOutcome}" follows only a .+ outcome, not ${outcome}$`));
    }
  });

  it('may be left out under any outcome', () => {
    for (const outcome of OUTCOMES) expect(outcomeSchema.safeParse({ outcome, conclusions: ['remained in post'], investigationCompleted: true }).success).toBe(true);
  });
});

describe('the outcome of a consultation', () => {
  it('is one of the categories of 003 §5 and Table 6', () => {
    expect(CONSULTATION_OUTCOMES).toEqual(['management action', 'advice or signposting', 'risk assessment', 'no further action', 'referred elsewhere']);
    expect(consultationOutcomeSchema.safeParse('risk assessment').success).toBe(true);
    expect(consultationOutcomeSchema.safeParse('dismissal').error?.issues[0]?.message).toBe(
      'The consultation\'s outcome must be one of: management action, advice or signposting, risk assessment, no further action, referred elsewhere',
    );
  });
});

describe('retention at closure', () => {
  const closedAt = new Date('2027-03-01T12:00:00Z');

  it('keeps employer records to normal pension age when that is later than ten years from the allegation', () => {
    expect(retentionDates({ subjectDateOfBirth: '1984-03-17', allegationArose: '2026-11-20', closedAt })).toEqual({
      employerRecordsUntil: '2051-03-17',
      ladoRecordUntil: '2052-03-01',
    });
  });

  it('keeps them ten years from the allegation when pension age comes sooner, or the date of birth is unknown', () => {
    expect(retentionDates({ subjectDateOfBirth: '1962-01-01', allegationArose: '2026-11-20', closedAt }).employerRecordsUntil).toBe('2036-11-20');
    expect(retentionDates({ allegationArose: '2026-11-20', closedAt }).employerRecordsUntil).toBe('2036-11-20');
  });

  it('removes a malicious allegation from personnel records', () => {
    const outcome: AllegationOutcome = { outcome: 'malicious', conclusions: ['remained in post'], investigationCompleted: true };
    expect(retentionDates({ subjectDateOfBirth: '1984-03-17', allegationArose: '2026-11-20', closedAt, outcome }).employerRecordsUntil).toBeNull();
  });
});
