import type { z } from 'zod';
import type { CreateDocumentOptions, ZodOpenApiComponentsObject } from 'zod-openapi';
import { annualReportSchema } from '../../functions/annual-report/annual-report-view';
import { caseloadsSchema, officerCaseloadSchema } from '../../functions/caseloads/caseloads-view';
import { caseWorkflowSchema } from '../../functions/case-workflow/workflow-view';
import { correctionSchema } from '../../functions/domain/corrections';
import { officerDecisionSchema, officerEventSchema } from '../../functions/domain/officer-records';
import { outcomeSchema } from '../../functions/domain/outcome';
import { reconciliationRequestSchema } from '../../functions/domain/reconciliation';
import {
  addressSchema,
  allegationSchema,
  childrenSchema,
  childSchema,
  employerSchema,
  keyedReferralSchema,
  keyedReferrerSchema,
  referralSchema,
  referrerSchema,
  resubmissionSchema,
  subjectSchema,
} from '../../functions/domain/referral-schema';
import { reopeningSchema } from '../../functions/domain/reopening';
import { allocationSchema, officerIdSchema, rationaleSchema, thresholdDecisionSchema } from '../../functions/domain/threshold-decision';
import { dutyListSchema, dutyReferralSchema } from '../../functions/duty-list/duty-list-view';
import { executionSchema, executionsPageSchema } from '../../functions/executions/executions-view';
import {
  awaitedInputSchema,
  caseStageSchema,
  caseStatusSchema,
  deadlineKindSchema,
  dutiesSchema,
  notificationKindSchema,
  officerCaseViewSchema,
  operationsCaseViewSchema,
} from '../../functions/get-case/case-view';
import { auditEventTypeSchema, caseEventSchema, caseHistorySchema } from '../../functions/get-history/case-history';
import { keyedReferralRequestSchema } from '../../functions/keyed-referral/schemas';
import { keyedResubmissionSchema } from '../../functions/keyed-resubmission/schemas';
import { caseListItemSchema, caseListPageSchema, referralChannelSchema } from '../../functions/list-cases/case-list-view';
import { driftSchema, reconcilerFindingsSchema } from '../../functions/reconciler-findings/findings-view';
import {
  enquiryAskerSchema,
  enquiryIdSchema,
  enquiryLinkSchema,
  enquiryOutcomeSchema,
  enquiryRequestSchema,
  enquirySectorSchema,
  enquirySubsectorSchema,
  enquiryTopicSchema,
} from '../../functions/domain/enquiries';
import { enquiryLinkedSchema } from '../../functions/link-enquiry/schemas';
import { enquiryListSchema, enquirySchema } from '../../functions/list-enquiries/enquiries-view';
import { enquiryRecordedSchema } from '../../functions/record-enquiry/schemas';
import { caseIdSchema } from '../../functions/shared/handler';
import { previouslyKnownSchema } from '../../functions/shared/previously-known';
import { catalogueDescriptions, deadlineMeaning, EVENT_KIND_MEANING, THRESHOLD_OUTCOME_MEANING } from './prose';
import {
  acceptedSchema,
  clockAdvanceSchema,
  clockTimeSchema,
  errorSchema,
  reconciliationReportSchema,
  validationErrorSchema,
} from './responses';

/**
 * The schemas that are components of their own, by name. Each is a zod schema
 * the handlers use: zod-openapi renders it as a request (what is accepted) or
 * a response (what is answered) as the document uses it, and writes a $ref
 * wherever it appears.
 */
export const schemaComponents = {
  // Requests: what the handlers validate with.
  CaseId: caseIdSchema,
  Referral: referralSchema,
  Referrer: referrerSchema,
  Subject: subjectSchema,
  Employer: employerSchema,
  Address: addressSchema,
  Children: childrenSchema,
  Child: childSchema,
  Allegation: allegationSchema,
  Resubmission: resubmissionSchema,
  KeyedReferralRequest: keyedReferralRequestSchema,
  KeyedResubmission: keyedResubmissionSchema,
  KeyedReferral: keyedReferralSchema,
  KeyedReferrer: keyedReferrerSchema,
  OfficerId: officerIdSchema,
  Rationale: rationaleSchema,
  Allocation: allocationSchema,
  ThresholdDecision: thresholdDecisionSchema,
  OfficerEvent: officerEventSchema,
  AllegationOutcome: outcomeSchema,
  OfficerDecision: officerDecisionSchema,
  Correction: correctionSchema,
  Reopening: reopeningSchema,
  ReconciliationRequest: reconciliationRequestSchema,
  ClockAdvance: clockAdvanceSchema,
  EnquiryRequest: enquiryRequestSchema,
  EnquiryLink: enquiryLinkSchema,
  EnquiryId: enquiryIdSchema,
  // Responses: what the handlers answer with.
  Accepted: acceptedSchema,
  CaseView: officerCaseViewSchema,
  OperationsCaseView: operationsCaseViewSchema,
  CaseHistory: caseHistorySchema,
  CaseEvent: caseEventSchema,
  PreviouslyKnown: previouslyKnownSchema,
  CaseList: caseListPageSchema,
  CaseListItem: caseListItemSchema,
  DutyList: dutyListSchema,
  DutyReferral: dutyReferralSchema,
  Caseloads: caseloadsSchema,
  OfficerCaseload: officerCaseloadSchema,
  CaseWorkflow: caseWorkflowSchema,
  Executions: executionsPageSchema,
  Execution: executionSchema,
  ReconcilerFindings: reconcilerFindingsSchema,
  Drift: driftSchema,
  ReconciliationReport: reconciliationReportSchema,
  AnnualReport: annualReportSchema,
  Error: errorSchema,
  ValidationError: validationErrorSchema,
  ClockTime: clockTimeSchema,
  EnquiryRecorded: enquiryRecordedSchema,
  EnquiryList: enquiryListSchema,
  Enquiry: enquirySchema,
  EnquiryLinked: enquiryLinkedSchema,
  // The catalogues.
  CaseStatus: caseStatusSchema,
  CaseStage: caseStageSchema,
  DeadlineKind: deadlineKindSchema,
  AwaitedInput: awaitedInputSchema,
  NotificationKind: notificationKindSchema,
  AuditEventType: auditEventTypeSchema,
  ReferralChannel: referralChannelSchema,
  EnquirySector: enquirySectorSchema,
  EnquirySubsector: enquirySubsectorSchema,
  EnquiryAsker: enquiryAskerSchema,
  EnquiryTopic: enquiryTopicSchema,
  EnquiryOutcome: enquiryOutcomeSchema,
} satisfies ZodOpenApiComponentsObject['schemas'];

interface SchemaMeta {
  description?: string;
  minProperties?: number;
  uniqueItems?: boolean;
}

/**
 * What the document says of schemas the core defines without words: the
 * request schemas, and the catalogues, whose meanings are worded from the
 * core's tables (./prose.ts). Written onto each schema as it is rendered.
 */
const described = new Map<z.core.$ZodType, SchemaMeta>([
  [caseIdSchema, { description: 'A case id, issued as `LADO-` and 10 Crockford base32 characters (no I, L, O or U) derived from the submission id.' }],
  [reconciliationRequestSchema, { description: 'Whether to repair what the check finds, or only report it.' }],
  [
    referralSchema,
    {
      description:
        'A referral as the portal submits it. Key demographics may be left out: the referral is still received, then returned to the referrer for them. ' +
        'Text holds no control characters and no unpaired surrogates (long text, such as the description, may hold tabs and line breaks). ' +
        "Dates of birth fall between 1900 and today, a child's no later than the date the allegation arose; the allegation cannot arise, nor its events happen, in the future; " +
        "the subject's start date is not before their date of birth. The subject may be under 18.",
    },
  ],
  [referrerSchema, { description: 'Who is making the referral.' }],
  [subjectSchema, { description: 'The person the allegation is about.' }],
  [employerSchema, { description: "The subject's employer or setting." }],
  [childrenSchema, { description: 'The children concerned: identified, with their details, or explicitly not identified.' }],
  [
    keyedReferralRequestSchema,
    {
      description:
        'A referral keyed in by staff from a form emailed to the service or from a telephone call: how it came in, who keys it (`keyedBy`: the signed-in officer, by username and work email), and the referral.',
    },
  ],
  [
    keyedResubmissionSchema,
    {
      description:
        "The details a referral keyed in by staff was returned for, keyed in by the signed-in officer (`officerId`) as its referrer gives them: `details` as the portal's resubmission takes them.",
    },
  ],
  [keyedReferralRequestSchema.shape.channel, { description: 'How the referral came in: `email-form`, a form emailed to the service; `phone`, a telephone call.' }],
  [
    keyedReferralSchema,
    {
      description:
        "A referral as staff key it in: the portal's referral, under the same rules, with the referrer as staff take their details and no submission id (the request's Idempotency-Key stands for it).",
    },
  ],
  [
    keyedReferrerSchema,
    {
      description:
        'Who made the referral: a parent or carer, a member of the public, or a professional. When they give no email, the acknowledgement and any return for missing details go to the officer who keyed the referral in.',
    },
  ],
  [
    resubmissionSchema,
    {
      description: 'What a returned referral lacked. Each field supplied replaces the one held; at least one section must be sent.',
      // The refinement "at least one section", exactly: JSON has no undefined, and unknown keys are refused.
      minProperties: 1,
    },
  ],
  [officerIdSchema, { description: 'The id of the officer who makes the record.' }],
  [rationaleSchema, { description: 'Why: kept with the record and in the case history.' }],
  [allocationSchema, { description: 'The LADO the case is allocated to, who is emailed about its deadlines.' }],
  [thresholdDecisionSchema, { description: "The duty LADO's threshold decision, with who made it and why." }],
  ...thresholdDecisionSchema.def.options.map((option) => [option, { description: THRESHOLD_OUTCOME_MEANING[option.shape.outcome.def.values[0]!] }] as const),
  [officerEventSchema, { description: 'What an officer records on a case after the threshold decision, with who and why.' }],
  ...officerEventSchema.def.options.map((option) => [option, { description: EVENT_KIND_MEANING[option.shape.kind.def.values[0]!] }] as const),
  [
    outcomeSchema,
    {
      description:
        'The outcome of an allegation. The employer has a duty to refer to the DBS, which the LADO follows up, when the allegation is substantiated ' +
        'and the person is dismissed or the employer ceases to use their services, or when the person resigned and the investigation could not be completed.',
    },
  ],
  // The refinement "each conclusion once", exactly.
  [outcomeSchema.shape.conclusions, { uniqueItems: true }],
  [officerDecisionSchema, { description: 'A decision or record an officer posts to a case: the threshold decision, or a record of what happened after it.' }],
  ...Object.entries(catalogueDescriptions).map(([name, description]) => [schemaComponents[name as keyof typeof catalogueDescriptions], { description }] as const),
  ...(['dbsReferral', 'regulatorReferral', 'lessonsLearned', 'childFeedback'] as const).map((duty) => [dutiesSchema.shape[duty], { description: deadlineMeaning(duty) }] as const),
]);

/** Widens upper-case letter ranges; any other letter would need a real regex rewrite, so it is refused. */
function caseInsensitive(source: string): string {
  const widened = source.replace(/A-Z(?!a-z)/g, 'A-Za-z');
  const otherLetters = widened.replaceAll('A-Za-z', '').replace(/\\[A-Za-z]/g, '');
  if (/[A-Za-z]/.test(otherLetters)) throw new Error(`Cannot write the case-insensitive pattern /${source}/i without its flag`);
  return widened;
}

/** How each schema is rendered, beyond what zod says of it. */
export const renderOptions: CreateDocumentOptions = {
  override: ({ zodSchema, jsonSchema }) => {
    Object.assign(jsonSchema, described.get(zodSchema));
    // A safe integer's bounds tell a reader nothing.
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    // A `format` says all a date's or a duration's pattern would, and far more readably.
    if (['date', 'date-time', 'duration'].includes(String(jsonSchema.format))) delete jsonSchema.pattern;
    // JSON Schema patterns carry no flags: a case-insensitive one is widened by hand.
    for (const check of zodSchema._zod.def.checks ?? []) {
      const { pattern } = check._zod.def as { pattern?: unknown };
      if (pattern instanceof RegExp && pattern.flags.includes('i') && jsonSchema.pattern === pattern.source) {
        jsonSchema.pattern = caseInsensitive(pattern.source);
      }
    }
  },
};
