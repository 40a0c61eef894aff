import type { OfficerRecordKind } from '../../functions/domain/lifecycle-contract';
import {
  CONSULTATION_OUTCOMES,
  EMPLOYER_TRACKS,
  FEEDBACK_GIVERS,
  FINAL_CONCLUSIONS,
  HARM_CRITERIA as HARM_CRITERION_VALUES,
  NO_FURTHER_ACTION_CATEGORIES as NO_FURTHER_ACTION_VALUES,
  OUTCOMES,
  RECORDS_BY_STATUS as ACCEPTED_BY_STATUS,
  SUB_OUTCOMES,
  THRESHOLD_OUTCOMES as THRESHOLD_OUTCOME_VALUES,
  type HarmCriterion,
  type NoFurtherActionCategory,
  type ThresholdOutcome,
} from '../../functions/domain/record-choices';

/**
 * How the console presents what officers can record: the choices themselves
 * are the domain's (functions/domain/record-choices.ts, with no runtime imports, so
 * the bundle carries nothing else of the server), and only their labels and
 * hints are kept here, keyed by value, so that the compiler refuses a value
 * without its label. No DOM here: the test reads this file under Node.
 */
export { RATIONALE_LENGTH } from '../../functions/domain/record-choices';
export type { HarmCriterion, NoFurtherActionCategory, OfficerRecordKind, ThresholdOutcome };

/** The values of a list, in its order, each with its label (and hint) from `labels`. */
const labelled = <V extends string, L extends { label: string }>(values: readonly V[], labels: Readonly<Record<V, L>>): Array<{ value: V } & L> =>
  values.map((value) => ({ value, ...labels[value] }));

const THRESHOLD_OUTCOME_LABELS: Readonly<Record<ThresholdOutcome, { label: string; hint: string }>> = {
  allegation: { label: 'Allegation', hint: 'The harm threshold is met: name the criteria and allocate a LADO' },
  consultation: { label: 'Consultation', hint: 'The threshold is not met, but advice, signposting or more information is needed: allocate a LADO' },
  'no-further-action': { label: 'No further LADO action', hint: 'The referrer is told why, by the category you choose' },
  transfer: { label: 'Transfer', hint: 'The person works in another authority, whose designated officer leads' },
};

const HARM_CRITERION_LABELS: Readonly<Record<HarmCriterion, { label: string }>> = {
  'harmed-child': { label: 'Behaved in a way that has harmed a child, or may have harmed a child' },
  'criminal-offence': { label: 'Possibly committed a criminal offence against or related to a child' },
  'risk-of-harm': { label: 'Behaved towards a child or children in a way that indicates they may pose a risk of harm to children' },
  'unsuitable-to-work-with-children': { label: 'Behaved or may have behaved in a way that indicates they may not be suitable to work with children' },
};

const NO_FURTHER_ACTION_LABELS: Readonly<Record<NoFurtherActionCategory, { label: string }>> = {
  'not-working-with-children': { label: 'Does not work with children in a position of trust' },
  'threshold-not-met': { label: 'The harm threshold is not met and no consultation is needed' },
  'employer-procedures': { label: "For the employer's own concerns or complaints procedures" },
  'another-service': { label: 'For another service, such as the Front Door' },
};

export const THRESHOLD_OUTCOMES = labelled(THRESHOLD_OUTCOME_VALUES, THRESHOLD_OUTCOME_LABELS);
export const HARM_CRITERIA = labelled(HARM_CRITERION_VALUES, HARM_CRITERION_LABELS);
export const NO_FURTHER_ACTION_CATEGORIES = labelled(NO_FURTHER_ACTION_VALUES, NO_FURTHER_ACTION_LABELS);

/** One input of a record: `path` is where its value goes in the body, e.g. ['allocatedTo', 'email']. */
export type RecordField =
  | { path: string[]; type: 'text' | 'email'; label: string; hint?: string; optional?: boolean }
  | { path: string[]; type: 'date'; label: string; hint?: string; optional?: boolean }
  | { path: string[]; type: 'boolean'; label: string; hint?: string }
  | { path: string[]; type: 'choice'; label: string; options: readonly string[]; hint?: string; optional?: boolean }
  | { path: string[]; type: 'choices'; label: string; options: ReadonlyArray<string | { value: string; label: string }>; hint?: string };

const allocation: RecordField[] = [
  { path: ['allocatedTo', 'officerId'], type: 'text', label: "The LADO's username", hint: 'As they sign in' },
  { path: ['allocatedTo', 'email'], type: 'email', label: "The LADO's email address", hint: 'Deadline emails go to this address' },
];

/**
 * Each officer record (functions/domain/officer-records.ts) as its form shows
 * it: a label, and its fields with the domain's choices; the choices' words
 * are the values themselves (format.ts, label).
 */
export const OFFICER_RECORDS = {
  tracks: {
    label: 'Tracks decided',
    fields: [
      { path: ['police'], type: 'boolean', label: 'Are the police investigating?' },
      { path: ['policeTargetDate'], type: 'date', label: "The police's target date", hint: 'When the police review progress; leave empty if none', optional: true },
      { path: ['section47'], type: 'boolean', label: 'May section 47 enquiries apply?' },
      { path: ['employer'], type: 'choice', label: "The employer's track", options: EMPLOYER_TRACKS },
    ],
  },
  'strategy-meeting-held': { label: 'Strategy meeting held', fields: [] },
  'employer-action-taken': { label: 'Employer action taken', fields: [] },
  'disciplinary-hearing-held': { label: 'Disciplinary hearing held', fields: [] },
  'police-update': {
    label: 'Police update',
    fields: [{ path: ['nextTargetDate'], type: 'date', label: "The police's next target date", hint: 'Leave empty if none', optional: true }],
  },
  'review-done': { label: 'Review done', fields: [] },
  suspension: { label: 'Suspension', fields: [{ path: ['suspended'], type: 'boolean', label: 'Is the person suspended?' }] },
  reallocate: { label: 'Reallocate', fields: allocation },
  complexity: { label: 'Complexity', fields: [{ path: ['complex'], type: 'boolean', label: 'Is the case complex?', hint: 'A complex case is reviewed every 10 working days' }] },
  'escalate-to-allegation': {
    label: 'Escalate to an allegation',
    fields: [{ path: ['harmCriteria'], type: 'choices', label: 'Which harm criteria are met?', options: HARM_CRITERIA }],
  },
  'close-consultation': { label: 'Close the consultation', fields: [{ path: ['outcome'], type: 'choice', label: "The consultation's outcome", options: CONSULTATION_OUTCOMES }] },
  outcome: {
    label: 'Outcome',
    fields: [
      { path: ['result', 'outcome'], type: 'choice', label: 'The outcome', options: OUTCOMES },
      { path: ['result', 'subOutcome'], type: 'choice', label: 'The sub-outcome', options: SUB_OUTCOMES, optional: true },
      { path: ['result', 'conclusions'], type: 'choices', label: 'Final conclusions', options: FINAL_CONCLUSIONS },
      { path: ['result', 'investigationCompleted'], type: 'boolean', label: 'Could the investigation be completed?' },
    ],
  },
  'dbs-referral-confirmed': { label: 'DBS referral confirmed', fields: [] },
  'regulator-referral-considered': {
    label: 'Regulator referral considered',
    fields: [{ path: ['referred'], type: 'boolean', label: 'Was a referral made to a regulator?' }],
  },
  'lessons-learned-done': { label: 'Lessons learned review done', fields: [] },
  'feedback-given': { label: 'Feedback given', fields: [{ path: ['givenBy'], type: 'choice', label: 'Who gave the feedback?', options: FEEDBACK_GIVERS }] },
  close: { label: 'Close the case', fields: [] },
} as const satisfies Record<OfficerRecordKind, { label: string; fields: readonly RecordField[] }>;

/** Which records each status accepts (record-choices.ts), looked up by the status a case view gives. */
export const RECORDS_BY_STATUS: Readonly<Record<string, readonly OfficerRecordKind[] | undefined>> = ACCEPTED_BY_STATUS;

/** Sets `value` at `path` inside `target`, making the objects on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = target;
  path.slice(0, -1).forEach((key) => {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  });
  at[path[path.length - 1]!] = value;
}
