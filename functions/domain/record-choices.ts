import type { CaseStatus, OfficerRecordKind } from './lifecycle-contract';

/**
 * What officers choose from when they record a decision on a case: the plain
 * lists the decision schemas are built from (threshold-decision.ts,
 * officer-records.ts, outcome.ts, referral-schema.ts), defined once here. No
 * runtime imports, so that the console offers these very lists in its forms
 * without carrying the schemas' libraries; each module that validates with a
 * list imports it from here and exports it on.
 */

// ------------------------------------------------------------------ the threshold decision

/** The duty LADO's threshold decision (domain.md stage 4). */
export const THRESHOLD_OUTCOMES = ['allegation', 'consultation', 'no-further-action', 'transfer'] as const;
export type ThresholdOutcome = (typeof THRESHOLD_OUTCOMES)[number];

/** The four harm criteria (003, 1.4; 004 para 3). */
export const HARM_CRITERIA = ['harmed-child', 'criminal-offence', 'risk-of-harm', 'unsuitable-to-work-with-children'] as const;
export type HarmCriterion = (typeof HARM_CRITERIA)[number];

/**
 * Why a referral needs no further LADO action: the category the referrer is
 * told, in place of the rationale, which may carry allegation details. The
 * sources give the grounds (each cited in threshold-decision.ts,
 * NO_FURTHER_ACTION); naming them as these four is the service's choice
 * (docs/deadline-policy.md).
 */
export const NO_FURTHER_ACTION_CATEGORIES = ['not-working-with-children', 'threshold-not-met', 'employer-procedures', 'another-service'] as const;
export type NoFurtherActionCategory = (typeof NO_FURTHER_ACTION_CATEGORIES)[number];

/** The bounds of an officer's rationale, in characters once trimmed (threshold-decision.ts, rationaleSchema). */
export const RATIONALE_LENGTH = { min: 10, max: 5000 } as const;

// ------------------------------------------------------------------ the records after it

/** The employer's track, as the `tracks` record names it. */
export const EMPLOYER_TRACKS = ['none', 'action-without-disciplinary', 'hearing-without-investigation', 'investigation'] as const;
export type EmployerTrack = (typeof EMPLOYER_TRACKS)[number];

/** Which records each status accepts; anything else is answered with a conflict naming the stage. */
export const RECORDS_BY_STATUS: Partial<Record<CaseStatus, readonly OfficerRecordKind[]>> = {
  ALLEGATION_MANAGEMENT: [
    'tracks',
    'strategy-meeting-held',
    'employer-action-taken',
    'disciplinary-hearing-held',
    'police-update',
    'review-done',
    'suspension',
    'reallocate',
    'complexity',
    'outcome',
  ],
  CONSULTATION: ['review-done', 'reallocate', 'escalate-to-allegation', 'close-consultation'],
  OUTCOME_DUTIES: ['dbs-referral-confirmed', 'regulator-referral-considered', 'lessons-learned-done', 'feedback-given', 'suspension', 'reallocate', 'close'],
};

/**
 * The outcome of an allegation (domain.md stages 6 to 8; 003, 8.3; 004 paras
 * 55 to 59); outcome.ts holds the duties that follow from it.
 */
export const OUTCOMES = ['substantiated', 'unsubstantiated', 'false', 'malicious', 'unfounded'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Kent's sub-outcomes (003, 8.3). */
export const SUB_OUTCOMES = ['management action', 'dismissal', 'disciplinary', 'resignation', 'no further action'] as const;
export type SubOutcome = (typeof SUB_OUTCOMES)[number];

export const FINAL_CONCLUSIONS = [
  'remained in post',
  'management action',
  'disciplinary sanction',
  'dismissed',
  'resigned',
  'ceased to use services',
  'referred to DBS',
  'referred to regulator',
] as const;
export type FinalConclusion = (typeof FINAL_CONCLUSIONS)[number];

/**
 * How a consultation ends (003 §5.1, §5.3 and Table 6): passed back to the
 * employer to manage, advice or signposting, a risk assessment (the primary
 * outcome, 003 §8.9), no further action, or referred elsewhere.
 */
export const CONSULTATION_OUTCOMES = ['management action', 'advice or signposting', 'risk assessment', 'no further action', 'referred elsewhere'] as const;
export type ConsultationOutcome = (typeof CONSULTATION_OUTCOMES)[number];

/**
 * Who gave the child and their parents or carers feedback on the outcome
 * (004 para 58): the child's allocated social worker where there is one,
 * whose responsibility it then is; otherwise the employer (its case manager)
 * or the LADO.
 */
export const FEEDBACK_GIVERS = ['social worker', 'employer', 'lado'] as const;
export type FeedbackGiver = (typeof FEEDBACK_GIVERS)[number];
