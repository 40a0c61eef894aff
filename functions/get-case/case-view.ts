import * as z from '../domain/zod';
import { currentExecutionName } from '../domain/case-id';
import { CLOSED_STATUSES, overdueDeadlines, pendingDeadlines, STAGE_OF, type CaseRecord } from '../domain/case';
import { DEADLINE_KINDS } from '../domain/deadline-policy';
import { AWAITED_INPUTS, CASE_STATUSES, NOTIFICATION_KINDS } from '../domain/lifecycle-contract';
import { EMPLOYER_TRACKS, officerDecisionSchema } from '../domain/officer-records';
import { consultationOutcomeSchema, DEFAULT_RETENTION, outcomeSchema } from '../domain/outcome';
import { allocationSchema, NO_FURTHER_ACTION_CATEGORIES, receivingAuthoritySchema } from '../domain/threshold-decision';
import { caseIdSchema } from '../shared/handler';
import { NOT_PREVIOUSLY_KNOWN, previouslyKnownSchema, type PreviouslyKnown } from '../shared/previously-known';

/**
 * What GET /cases/{caseId} shows. Never the referral's content: the labels of
 * missing items name fields, not people, and officers see only its flags of
 * police, social care and suspension. LADO officers and managers see what
 * they manage the case by; operations see where it stands and which execution
 * runs it, enough to follow up a stuck or failed one, and no decision.
 *
 * The schemas below are the response's contract: each view returns their
 * z.infer, so the compiler refuses a view that leaves them, and
 * docs/openapi.yaml is generated from them (scripts/openapi).
 */

// The catalogues the view answers with, from the lifecycle contract and the domain's tables.
export const caseStatusSchema = z.enum(CASE_STATUSES);
/** The stages in the order of the procedure: those of the open statuses, then those of the closed ones. */
export const caseStageSchema = z.enum([
  ...new Set([...CASE_STATUSES.filter((status) => !CLOSED_STATUSES.has(status)), ...CLOSED_STATUSES].map((status) => STAGE_OF[status])),
]);
export const deadlineKindSchema = z.enum(DEADLINE_KINDS);
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export const awaitedInputSchema = z.enum(AWAITED_INPUTS);

const dateTime = (description: string) => z.iso.datetime().check(z.meta({ description }));

/** What every caller sees: where the case stands. */
const whereItStandsSchema = z.strictObject({
  caseId: caseIdSchema,
  status: caseStatusSchema,
  stage: caseStageSchema,
  receivedAt: dateTime('When the referral was received.'),
  returnedAt: z.optional(dateTime('When the referral was first returned as incomplete; absent if it never was.')),
  rejectedAt: z.optional(dateTime('When the referral was rejected; absent unless it was.')),
  closedAt: z.optional(dateTime('When the case closed; absent while it is open, and for a rejected referral (see `rejectedAt`).')),
  disposedAt: z.optional(
    dateTime(
      "When the case's personal data was disposed of, its LADO retention date having passed: it keeps its dates, statuses, decisions and outcome, without names, details or rationales; absent until then.",
    ),
  ),
  awaiting: z.nullable(awaitedInputSchema).check(z.meta({ description: 'The input the workflow waits for, or null.' })),
  missing: z.array(z.string()).check(z.meta({ description: 'The key details still missing, as the referrer reads them.' })),
  overdueDeadlines: z
    .array(z.strictObject({ kind: deadlineKindSchema, dueAt: dateTime('When the deadline fell due.') }))
    .check(z.meta({ description: 'Deadlines that fell due and are not yet met, earliest first: overdue until the record that meets them is made. Empty once the case is closed.' })),
  pendingDeadlines: z
    .array(z.strictObject({ kind: deadlineKindSchema, dueAt: dateTime('When the deadline falls.') }))
    .check(z.meta({ description: 'Deadlines still to fall, earliest first.' })),
  owedEmails: z
    .array(z.strictObject({ kind: notificationKindSchema, owedSince: dateTime('Since when it is owed.') }))
    .check(z.meta({ description: 'Emails the case owes and has not yet sent (SES refused them so far): each is sent, once, as soon as SES takes it.' })),
  needsAttention: z
    .nullable(z.strictObject({ step: z.string(), errorClass: z.string(), since: dateTime('When it stopped.'), execution: z.string() }))
    .check(z.meta({ description: "Set when the case's workflow stopped after a step failed past its retries: the step and the error's class, for operations to repair." })),
});

const tracksSchema = z.strictObject({
  police: z.boolean().check(z.meta({ description: 'Whether the police are investigating.' })),
  section47: z.boolean().check(z.meta({ description: 'Whether section 47 enquiries may apply.' })),
  employer: z.enum(EMPLOYER_TRACKS).check(z.meta({ description: "The employer's track." })),
});

const dutyStateSchema = z.enum(['pending', 'done']);
export const dutiesSchema = z.strictObject({
  dbsReferral: z.optional(dutyStateSchema),
  regulatorReferral: z.optional(dutyStateSchema),
  lessonsLearned: z.optional(dutyStateSchema),
  childFeedback: z.optional(dutyStateSchema),
});

/**
 * What the referral reported of the agencies involved and of a suspension:
 * flags only, for the officer deciding the tracks (a police investigation,
 * section 47 enquiries) and keeping a suspension under review.
 */
const reportedAtReferralSchema = z.strictObject({
  policeInvolved: z.boolean().check(z.meta({ description: 'The referral reported the police involved.' })),
  socialCareInvolved: z.boolean().check(z.meta({ description: "The referral reported children's social care involved." })),
  subjectSuspended: z.boolean().check(z.meta({ description: 'The referral reported the person suspended: the suspension is reviewed once the case is an allegation.' })),
});

const closureSchema = z.strictObject({
  reason: z.string().check(z.meta({ description: 'Why the case closed, or the referral was rejected.' })),
  receivingAuthority: z
    .optional(receivingAuthoritySchema)
    .check(z.meta({ description: "On a transfer: the authority that leads, where the person works, and its designated officer's email." })),
  noFurtherAction: z.optional(z.enum(NO_FURTHER_ACTION_CATEGORIES)).check(z.meta({ description: 'On no further LADO action: why, as the referrer was told.' })),
  employerRecordsUntil: z.nullable(z.iso.date()).check(z.meta({
    description:
      "Until when the employer keeps the allegation on the person's file; null when it is removed (a malicious allegation), and for a rejected referral, which the LADO never considered.",
  })),
  ladoRecordUntil: z.iso.date().check(z.meta({
    description:
      `Until when the LADO service keeps its own record: by default ${DEFAULT_RETENTION.ladoRecordYears} years from closure, ${DEFAULT_RETENTION.rejectedReferralYears} from a referral's rejection. ` +
      "The day after, the case's personal data is disposed of.",
  })),
});

const deliveryProblemSchema = z.strictObject({
  address: z.string().check(z.meta({ description: 'The address that failed.' })),
  problem: z.string().check(z.meta({ description: 'Bounce, complaint, reject or delivery delay, as SES reports it.' })),
  emailKind: z.string().check(z.meta({ description: 'Which email it was.' })),
  at: dateTime('When SES reported it.'),
});

const recordedDecisionSchema = z.strictObject({
  decision: officerDecisionSchema,
  decidedBy: z.string().check(z.meta({ description: "The recording officer's id." })),
  decidedAt: dateTime('When it was recorded.'),
  corrected: z
    .optional(z.strictObject({ by: z.string().check(z.meta({ description: "The correcting officer's id." })), at: dateTime('When it was corrected.') }))
    .check(z.meta({ description: 'Set when the record was corrected: the latest correction. Why, and the record as first made, are in the history.' })),
});

/** The case as LADO officers and managers see it: allocation, tracks, outcome, duties, retention and every decision. */
export const officerCaseViewSchema = z
  .extend(whereItStandsSchema, {
    allocatedTo: z.optional(allocationSchema),
    reportedAtReferral: reportedAtReferralSchema.check(z.meta({ description: 'What the referral reported of police and social care involvement and of a suspension.' })),
    tracks: z.optional(tracksSchema).check(z.meta({ description: 'The tracks the allegation follows, as last recorded.' })),
    complex: z.optional(z.boolean()).check(z.meta({ description: 'Whether the case is marked complex: its LADO reviews come more often.' })),
    suspended: z.optional(z.boolean()).check(z.meta({ description: 'Whether the person is suspended: the suspension is reviewed.' })),
    outcome: z
      .optional(z.strictObject({ result: outcomeSchema, recordedBy: z.string().check(z.meta({ description: "The recording officer's id." })), recordedAt: dateTime('When it was recorded.') }))
      .check(z.meta({ description: "The allegation's outcome, once recorded." })),
    duties: z.optional(dutiesSchema).check(z.meta({ description: 'The duties that followed the outcome, each pending until the officer confirms it.' })),
    consultationOutcome: z.optional(consultationOutcomeSchema).check(z.meta({ description: 'How a closed consultation ended.' })),
    closure: z.optional(closureSchema).check(z.meta({ description: 'Why and how the case closed, with the retention dates of its records.' })),
    deliveryProblems: z
      .optional(z.array(deliveryProblemSchema))
      .check(z.meta({ description: 'Emails about the case that could not be delivered, for the officer to reach the recipient another way.' })),
    decisions: z
      .array(recordedDecisionSchema)
      .check(z.meta({ description: 'Every decision and record officers posted to the case, oldest first; the why is the rationale inside each.' })),
    previouslyKnown: previouslyKnownSchema,
  })
  .check(z.meta({ description: "A case as LADO officers and managers see it: where it stands and what it is managed by. The referral's content is never returned." }));
export type OfficerCaseView = z.infer<typeof officerCaseViewSchema>;

/** The case as operations see it: where it stands and which execution runs it. */
export const operationsCaseViewSchema = z
  .extend(whereItStandsSchema, {
    executionName: z.string().check(z.meta({
      description: 'The execution that runs the case, or ran it last, by its name in Step Functions: `{caseId}-first-days`, then `{caseId}-management-{n}`.',
    })),
    undeliveredEmails: z.int().check(z.gte(0), z.meta({ description: 'How many emails about the case could not be delivered.' })),
  })
  .check(z.meta({ description: 'A case as operations see it: where it stands and which execution runs it; no decision, no officer, no address.' }));
export type OperationsCaseView = z.infer<typeof operationsCaseViewSchema>;

/**
 * A view, held to its schema's type: what it lacks or mistypes is refused by
 * the return type, and a field the schema does not have by `exactly`, even one
 * spread in.
 */
const exactly =
  <T>() =>
  <V extends T>(view: V & Record<Exclude<keyof V, keyof T>, never>): T =>
    view;

function whereItStands(record: CaseRecord): z.infer<typeof whereItStandsSchema> {
  return exactly<z.infer<typeof whereItStandsSchema>>()({
    caseId: record.caseId,
    status: record.status,
    stage: STAGE_OF[record.status],
    receivedAt: record.receivedAt,
    ...(record.returnedAt ? { returnedAt: record.returnedAt } : {}),
    ...(record.rejectedAt ? { rejectedAt: record.rejectedAt } : {}),
    ...(record.closedAt ? { closedAt: record.closedAt } : {}),
    ...(record.disposedAt ? { disposedAt: record.disposedAt } : {}),
    awaiting: record.awaiting?.kind ?? null,
    missing: record.missing.map((item) => item.label),
    overdueDeadlines: overdueDeadlines(record).map(({ kind, dueAt }) => ({ kind, dueAt })),
    pendingDeadlines: pendingDeadlines(record).map(({ kind, dueAt }) => ({ kind, dueAt })),
    // Emails owed are sent as soon as SES takes them; one owed long means an outage operations are told of.
    owedEmails: (record.owedEmails ?? []).map(({ kind, owedSince }) => ({ kind, owedSince })),
    needsAttention: record.needsAttention ?? null,
  });
}

/** The case as LADO officers and managers see it: allocation, tracks, outcome, duties, retention and every decision. */
export function officerCaseView(record: CaseRecord, previouslyKnown: PreviouslyKnown = NOT_PREVIOUSLY_KNOWN): OfficerCaseView {
  return exactly<OfficerCaseView>()({
    ...whereItStands(record),
    ...(record.allocation ? { allocatedTo: record.allocation } : {}),
    reportedAtReferral: reportedAtReferral(record),
    ...(record.tracks ? { tracks: record.tracks } : {}),
    ...(record.complex !== undefined ? { complex: record.complex } : {}),
    ...(record.suspended !== undefined ? { suspended: record.suspended } : {}),
    ...(record.outcome ? { outcome: recordedOutcome(record.outcome) } : {}),
    ...(record.duties ? { duties: record.duties } : {}),
    ...(record.consultationOutcome ? { consultationOutcome: record.consultationOutcome } : {}),
    ...(record.closure ? { closure: record.closure } : {}),
    ...(record.deliveryProblems?.length ? { deliveryProblems: record.deliveryProblems } : {}),
    decisions: record.decisions,
    // The earlier cases the subject matched, as resolved from the case's ids (functions/shared/previously-known.ts).
    previouslyKnown,
  });
}

function reportedAtReferral({ referral: { allegation } }: CaseRecord): z.infer<typeof reportedAtReferralSchema> {
  return { policeInvolved: allegation.policeInvolved, socialCareInvolved: allegation.socialCareInvolved, subjectSuspended: allegation.subjectSuspended };
}

function recordedOutcome({ recordedAt, recordedBy, ...result }: NonNullable<CaseRecord['outcome']>) {
  return { result, recordedBy, recordedAt };
}

/**
 * The case as operations see it: no decision, no officer, no address. It names
 * the execution that runs the case, or ran it last, as Step Functions lists it,
 * and counts the emails that could not be delivered.
 */
export function operationsCaseView(record: CaseRecord): OperationsCaseView {
  return exactly<OperationsCaseView>()({
    ...whereItStands(record),
    executionName: currentExecutionName(record),
    undeliveredEmails: record.deliveryProblems?.length ?? 0,
  });
}

/**
 * The parts the views pass on from the record as they are: their schemas have
 * exactly the record's fields, so a field added to the record cannot reach the
 * response without reaching the schema too (the compiler refuses either alone).
 */
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type PassedOn = [
  Same<z.infer<typeof allocationSchema>, NonNullable<CaseRecord['allocation']>>,
  Same<z.infer<typeof tracksSchema>, NonNullable<CaseRecord['tracks']>>,
  Same<z.infer<typeof dutiesSchema>, NonNullable<CaseRecord['duties']>>,
  Same<z.infer<typeof closureSchema>, NonNullable<CaseRecord['closure']>>,
  Same<z.infer<typeof deliveryProblemSchema>, NonNullable<CaseRecord['deliveryProblems']>[number]>,
  Same<z.infer<typeof recordedDecisionSchema>, CaseRecord['decisions'][number]>,
  Same<NonNullable<z.infer<typeof whereItStandsSchema.shape.needsAttention>>, NonNullable<CaseRecord['needsAttention']>>,
];
type AllTrue<T extends true[]> = T;
export type CaseViewPassesRecordPartsOnUnchanged = AllTrue<PassedOn>;
