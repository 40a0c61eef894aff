/**
 * What officers can record, and the fields of each record, as the decision
 * route takes them (functions/domain/threshold-decision.ts and
 * officer-records.ts). Kept here so the console's bundle carries no server
 * code; test/console/records.test.ts holds these tables to the domain's.
 * No DOM here: the test reads this file under Node.
 */
export const THRESHOLD_OUTCOMES = [
  { value: 'allegation', label: 'Allegation', hint: 'The harm threshold is met: name the criteria and allocate a LADO' },
  { value: 'consultation', label: 'Consultation', hint: 'The threshold is not met, but advice, signposting or more information is needed: allocate a LADO' },
  { value: 'no-further-action', label: 'No further LADO action', hint: 'The referrer is told why, by the category you choose' },
  { value: 'transfer', label: 'Transfer', hint: 'The person works in another authority, whose designated officer leads' },
] as const;

export const HARM_CRITERIA = [
  { value: 'harmed-child', label: 'Behaved in a way that has harmed a child, or may have harmed a child' },
  { value: 'criminal-offence', label: 'Possibly committed a criminal offence against or related to a child' },
  { value: 'risk-of-harm', label: 'Behaved towards a child or children in a way that indicates they may pose a risk of harm to children' },
  { value: 'unsuitable-to-work-with-children', label: 'Behaved or may have behaved in a way that indicates they may not be suitable to work with children' },
] as const;

export const NO_FURTHER_ACTION_CATEGORIES = [
  { value: 'not-working-with-children', label: 'Does not work with children in a position of trust' },
  { value: 'threshold-not-met', label: 'The harm threshold is not met and no consultation is needed' },
  { value: 'employer-procedures', label: "For the employer's own concerns or complaints procedures" },
  { value: 'another-service', label: 'For another service, such as the Front Door' },
] as const;

export const EMPLOYER_TRACKS = ['none', 'action-without-disciplinary', 'hearing-without-investigation', 'investigation'] as const;
export const OUTCOMES = ['substantiated', 'unsubstantiated', 'false', 'malicious', 'unfounded'] as const;
export const SUB_OUTCOMES = ['management action', 'dismissal', 'disciplinary', 'resignation', 'no further action'] as const;
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
export const CONSULTATION_OUTCOMES = ['management action', 'advice or signposting', 'risk assessment', 'no further action', 'referred elsewhere'] as const;
export const FEEDBACK_GIVERS = ['social worker', 'employer', 'lado'] as const;

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
} as const satisfies Record<string, { label: string; fields: readonly RecordField[] }>;

export type OfficerRecordKind = keyof typeof OFFICER_RECORDS;

/** Which records each status accepts (officer-records.ts, RECORDS_BY_STATUS). */
export const RECORDS_BY_STATUS: Readonly<Record<string, readonly OfficerRecordKind[]>> = {
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

/** The rationale's bounds (threshold-decision.ts, rationaleSchema). */
export const RATIONALE = { min: 10, max: 5000 } as const;

/** Sets `value` at `path` inside `target`, making the objects on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = target;
  path.slice(0, -1).forEach((key) => {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  });
  at[path[path.length - 1]!] = value;
}
