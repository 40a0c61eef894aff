import * as z from './zod';
import { addCalendarYears, londonDateOf } from './calendar';
import {
  CONSULTATION_OUTCOMES,
  FEEDBACK_GIVERS,
  FINAL_CONCLUSIONS,
  OUTCOMES,
  SUB_OUTCOMES,
  type FinalConclusion,
  type Outcome,
  type SubOutcome,
} from './record-choices';

/**
 * The outcome of an allegation and the duties that follow from it (domain.md
 * stages 6 to 8; 003, 8.3; 004 paras 55 to 59). The outcomes, sub-outcomes,
 * final conclusions, consultation outcomes and who gave the feedback are
 * defined with the other choices officers record by (record-choices.ts).
 */
export { CONSULTATION_OUTCOMES, FEEDBACK_GIVERS, FINAL_CONCLUSIONS, OUTCOMES, SUB_OUTCOMES } from './record-choices';
export type { ConsultationOutcome, FeedbackGiver, FinalConclusion, Outcome, SubOutcome } from './record-choices';

/**
 * The outcomes each sub-outcome can follow (003 §8.9): a substantiated
 * allegation leads to management action, dismissal, disciplinary action or
 * resignation; an unsubstantiated one to management action or no further
 * action. A false, malicious or unfounded allegation has no sub-outcome.
 */
export const OUTCOMES_OF_SUB_OUTCOME: Readonly<Record<SubOutcome, readonly Outcome[]>> = {
  'management action': ['substantiated', 'unsubstantiated'],
  dismissal: ['substantiated'],
  disciplinary: ['substantiated'],
  resignation: ['substantiated'],
  'no further action': ['unsubstantiated'],
};

/** How a consultation ends (record-choices.ts, CONSULTATION_OUTCOMES). */
export const consultationOutcomeSchema = z.enum(CONSULTATION_OUTCOMES, { error: `The consultation's outcome must be one of: ${CONSULTATION_OUTCOMES.join(', ')}` });

export const outcomeSchema = z.strictObject({
  outcome: z.enum(OUTCOMES, { error: `The outcome must be one of: ${OUTCOMES.join(', ')}` }),
  subOutcome: z.optional(z.enum(SUB_OUTCOMES, { error: `The sub-outcome must be one of: ${SUB_OUTCOMES.join(', ')}` })),
  conclusions: z
    .array(z.enum(FINAL_CONCLUSIONS, { error: `A final conclusion must be one of: ${FINAL_CONCLUSIONS.join(', ')}` }))
    .check(
      z.minLength(1, 'At least one final conclusion is needed'),
      z.refine((list) => new Set(list).size === list.length, 'Each final conclusion may be given once'),
    ),
  /** Whether the investigation could be completed: a resignation part-way through matters for the DBS duty. */
  investigationCompleted: z.boolean({ error: 'Say whether the investigation could be completed (true or false)' }),
}).check(z.superRefine((result, ctx) => {
  if (result.subOutcome === undefined) return;
  const fits = OUTCOMES_OF_SUB_OUTCOME[result.subOutcome];
  if (!fits.includes(result.outcome)) {
    const after = fits.join(' or ');
    ctx.addIssue({ code: 'custom', path: ['subOutcome'], message: `The sub-outcome "${result.subOutcome}" follows only a ${after} outcome, not ${result.outcome}` });
  }
}));

export type AllegationOutcome = z.infer<typeof outcomeSchema>;

/**
 * The employer's statutory duty to refer to the DBS (004 para 56), which the
 * LADO follows up until it is confirmed. Four circumstances:
 * - substantiated, and the person is dismissed;
 * - substantiated, and the employer ceases to use their services "for the same reason";
 * - substantiated, and the person resigned: 003 §9.2.2 names "a duty to refer
 *   where staff were either dismissed or resigned because of allegations which
 *   concluded risk to children";
 * - the person resigns during the investigation and it cannot be fully completed.
 * The last carries no condition on the outcome: an investigation that could
 * not be completed cannot have substantiated anything.
 */
export function dbsReferralDutyApplies(result: AllegationOutcome): boolean {
  const has = (conclusion: FinalConclusion) => result.conclusions.includes(conclusion);
  const resigned = has('resigned') || result.subOutcome === 'resignation';
  const substantiated = result.outcome === 'substantiated';
  return (substantiated && (has('dismissed') || has('ceased to use services') || resigned)) || (resigned && !result.investigationCompleted);
}

/** After a substantiated allegation the LADO reviews practice with the case manager (004 para 59). */
export function lessonsLearnedReviewApplies(result: AllegationOutcome): boolean {
  return result.outcome === 'substantiated';
}

/** Who gave the child and their parents or carers feedback on the outcome (record-choices.ts, FEEDBACK_GIVERS; 004 para 58). */
export const feedbackGiverSchema = z.enum(FEEDBACK_GIVERS, { error: `Who gave the feedback must be one of: ${FEEDBACK_GIVERS.join(', ')}` });

/**
 * Feedback is owed "in all situations" to the child who made the allegation or
 * was suspected of being harmed, and an update to the parents or carers (004
 * para 58): whatever the outcome, wherever the referral identifies a child.
 * With no child identified there is no child or family to give it to.
 */
export function childFeedbackDutyApplies(children: { identified: boolean }): boolean {
  return children.identified;
}

/** Malicious allegations are removed from personnel records (domain.md stage 8). */
export function removeFromPersonnelRecords(result: AllegationOutcome): boolean {
  return result.outcome === 'malicious';
}

export interface RetentionPolicy {
  /** The subject's normal pension age, in years: the employer keeps records at least until then. */
  normalPensionAge: number;
  /** Years from the allegation for which the employer keeps records, if longer. */
  employerMinimumYears: number;
  /** The LADO's own retention, from closure, under the authority's schedule. */
  ladoRecordYears: number;
  /**
   * The LADO's retention of a referral rejected at the cut-off (domain.md stage
   * 2), from the rejection. No LADO decision was reached on it, so it is kept
   * for less long than a considered case; see DEFAULT_RETENTION for the choice.
   */
  rejectedReferralYears: number;
}

/**
 * Defaults for the retention policy. The employer rule is domain.md stage 8:
 * the later of normal pension age and 10 years from the allegation. The
 * pension age and the LADO's own periods are authority settings; these are
 * placeholders an authority replaces with its retention schedule.
 *
 * A rejected referral (our choice; the sources set no period): 6 years from
 * the rejection, the period local authority schedules commonly give records of
 * contacts that went no further. It stays long enough for a new referral about
 * the same person to be linked to it and a pattern seen (004 para 47), and for
 * a complaint or a subject access request about it to be answered; a
 * considered case's 25 years would keep details the LADO never assessed, and
 * some of which were missing, far longer than its decisions warrant.
 */
export const DEFAULT_RETENTION: RetentionPolicy = { normalPensionAge: 67, employerMinimumYears: 10, ladoRecordYears: 25, rejectedReferralYears: 6 };

/** Retention dates (YYYY-MM-DD, London) recorded at closure. */
export function retentionDates(
  input: { subjectDateOfBirth?: string; allegationArose: string; closedAt: Date; outcome?: AllegationOutcome },
  policy: RetentionPolicy = DEFAULT_RETENTION,
): { employerRecordsUntil: string | null; ladoRecordUntil: string } {
  const tenYears = addCalendarYears(input.allegationArose, policy.employerMinimumYears);
  const pensionAge = input.subjectDateOfBirth ? addCalendarYears(input.subjectDateOfBirth, policy.normalPensionAge) : undefined;
  const employerUntil = pensionAge && pensionAge > tenYears ? pensionAge : tenYears;
  return {
    employerRecordsUntil: input.outcome && removeFromPersonnelRecords(input.outcome) ? null : employerUntil,
    ladoRecordUntil: addCalendarYears(londonDateOf(input.closedAt), policy.ladoRecordYears),
  };
}

/**
 * Retention dates (YYYY-MM-DD, London) recorded when a referral is rejected at
 * the cut-off. The employer keeps no allegation record by the LADO's rule: the
 * LADO never considered one (null, as for a record removed).
 */
export function rejectedReferralRetention(rejectedAt: Date, policy: RetentionPolicy = DEFAULT_RETENTION): { employerRecordsUntil: null; ladoRecordUntil: string } {
  return { employerRecordsUntil: null, ladoRecordUntil: addCalendarYears(londonDateOf(rejectedAt), policy.rejectedReferralYears) };
}
