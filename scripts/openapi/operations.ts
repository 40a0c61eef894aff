import * as z from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import type { ApiRoute } from '../../functions/api-routes';
import { annualReportQuerySchema, annualReportSchema, MAX_REPORT_YEARS } from '../../functions/annual-report/annual-report-view';
import { caseloadsSchema } from '../../functions/caseloads/caseloads-view';
import { caseWorkflowSchema } from '../../functions/case-workflow/workflow-view';
import { caseListQuerySchema, HIGH_CASELOAD } from '../../functions/domain/case-list';
import { correctionSchema } from '../../functions/domain/corrections';
import { officerDecisionSchema } from '../../functions/domain/officer-records';
import { reconciliationRequestSchema } from '../../functions/domain/reconciliation';
import { referralSchema, resubmissionSchema } from '../../functions/domain/referral-schema';
import { reopeningSchema } from '../../functions/domain/reopening';
import { dutyListSchema } from '../../functions/duty-list/duty-list-view';
import { executionsPageSchema, executionsQuerySchema } from '../../functions/executions/executions-view';
import { officerCaseViewSchema, operationsCaseViewSchema } from '../../functions/get-case/case-view';
import { keyedResubmissionSchema } from '../../functions/keyed-resubmission/schemas';
import { caseHistorySchema } from '../../functions/get-history/case-history';
import { keyedReferralRequestSchema } from '../../functions/keyed-referral/schemas';
import { caseListPageSchema } from '../../functions/list-cases/case-list-view';
import { reconcilerFindingsSchema } from '../../functions/reconciler-findings/findings-view';
import { enquiryLinkSchema, enquiryPeriodQuerySchema, enquiryRequestSchema, ENQUIRY_PERIOD_MAX_MONTHS } from '../../functions/domain/enquiries';
import { enquiryLinkedSchema } from '../../functions/link-enquiry/schemas';
import { enquiryListSchema } from '../../functions/list-enquiries/enquiries-view';
import { ENQUIRY_KEY_REUSED_MESSAGE, enquiryRecordedSchema } from '../../functions/record-enquiry/schemas';
import { notInGroupsMessage, notOwnOfficerIdMessage } from '../../functions/shared/officer-access';
import { officerGroupsOf } from './access';
import { RECORDS_BY_STATUS } from './catalogues';
import { enquiryExamples } from './enquiry-examples';
import type { Examples } from './examples';
import { bulletList, errorExample, json, LOCAL_SERVER, ref } from './objects';
import {
  acceptedSchema,
  clockAdvanceSchema,
  clockTimeSchema,
  errorSchema,
  reconciliationReportSchema,
  validationErrorSchema,
} from './responses';

/**
 * What each operation does, in words, with its bodies and examples: one entry
 * per route of API_ROUTES (./paths.ts adds who may call it), and the local
 * stack's own endpoints.
 */

type RouteKey = `${ApiRoute['method']} ${string}`;

const caseIdParameter = ref('parameters/CaseId');

const IDEMPOTENCY_NOTE = (what: string) =>
  `Each ${what} is sent with an \`Idempotency-Key\` header: a new random value (a UUID) for each new ${what}, and the same value when retrying it after a timeout or a network error. ` +
  `A retry is answered as the first request was, and records nothing twice; the key is kept for a week. A key sent again with a different ${what} is refused with 422.`;

export function routeOperations(examples: Examples): Record<RouteKey, ZodOpenApiOperationObject> {
  return {
    'POST /referrals': {
      operationId: 'submitReferral',
      tags: ['referrals'],
      summary: 'Submit a referral',
      description:
        "Receives a referral from the portal and starts its case. Idempotent on the portal's `submissionId`: the same submission sent again " +
        'answers 202 with the same case id and starts nothing new. A referral lacking key demographics is still received; it is then returned to the referrer by email.',
      requestBody: {
        required: true,
        ...json({
          schema: referralSchema,
          examples: {
            complete: { summary: 'A complete referral', value: examples.complete },
            incomplete: {
              summary: "A referral without the subject's date of birth and address",
              description: 'Received, then returned to the referrer for the missing details.',
              value: examples.incomplete,
            },
          },
        }),
      },
      responses: {
        '202': {
          description: "Received, or already received under this submission id: the case's current status is given.",
          ...json({ schema: acceptedSchema, example: { caseId: examples.completeCaseId, status: 'RECEIVED' } }),
        },
        '400': {
          description: 'The request is not valid: each field at fault is listed.',
          ...json({
            schema: validationErrorSchema,
            example: {
              message: 'The request is not valid',
              errors: [
                { path: 'subject.address.postcode', message: 'The postcode must be a UK postcode' },
                { path: 'allegation.arose', message: 'The date the allegation arose must be a date written YYYY-MM-DD' },
              ],
            },
          }),
        },
        '409': {
          description: 'The submission id was already used for a different referral.',
          ...json({
            schema: errorSchema,
            example: { message: 'This submission id was already used for a different referral: give each referral its own submission id' },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '500': ref('responses/InternalError'),
      },
    },
    'POST /referrals/{caseId}/resubmission': {
      operationId: 'resubmitReferral',
      tags: ['referrals'],
      summary: 'Supply the details a returned referral lacked',
      description: [
        'Accepted only while the case awaits a resubmission. A resubmission that still leaves details missing is returned again, but the original three-working-day cut-off stands.',
        IDEMPOTENCY_NOTE('resubmission'),
      ].join('\n\n'),
      parameters: [caseIdParameter, ref('parameters/IdempotencyKey')],
      requestBody: {
        required: true,
        ...json({ schema: resubmissionSchema, examples: { missingDetails: { summary: "The subject's date of birth and address", value: examples.resubmission } } }),
      },
      responses: {
        '202': {
          description: 'Accepted: the completeness check runs again.',
          ...json({ schema: acceptedSchema, example: { caseId: examples.returnedCaseId, status: 'RECEIVED' } }),
        },
        '400': ref('responses/BadRequest'),
        '404': ref('responses/CaseNotFound'),
        '409': {
          description: 'The case is not awaiting a resubmission: never returned, already resubmitted, or rejected.',
          ...json({
            schema: errorSchema,
            examples: {
              rejected: errorExample(
                'This referral was rejected on 2026-03-13T17:00:00.000Z because the missing details were not supplied within three working days. Please submit a new referral with full and correct details.',
              ),
              notAwaiting: errorExample('This referral is not awaiting a resubmission: its status is AWAITING_THRESHOLD_DECISION.'),
            },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '422': ref('responses/IdempotencyKeyReused'),
        '500': ref('responses/InternalError'),
      },
    },
    'POST /cases/{caseId}/resubmission': {
      operationId: 'keyInResubmission',
      tags: ['cases'],
      summary: 'Key in the details a keyed-in referral was returned for',
      description: [
        'For LADO officers and managers, on a referral keyed in by staff (`POST /cases`): its referrer, often a parent or member of the public, has no portal account and gives the missing details by telephone or email, and the officer keys them in. ' +
          "The same rules as the portal's resubmission: accepted only while the case awaits one, checked against the referral held as a whole, the original cut-off standing. A portal referral is refused with 409: its referrer supplies the details through the portal. `officerId` is the officer signed in.",
        IDEMPOTENCY_NOTE('resubmission'),
      ].join('\n\n'),
      parameters: [caseIdParameter, ref('parameters/IdempotencyKey')],
      requestBody: {
        required: true,
        ...json({
          schema: keyedResubmissionSchema,
          examples: { missingDetails: { summary: "The referrer's telephone number, given on a call back", value: { officerId: 'duty.1', details: { referrer: { phone: '01632 960 555' } } } } },
        }),
      },
      responses: {
        '202': {
          description: 'Accepted: the completeness check runs again.',
          ...json({ schema: acceptedSchema, example: { caseId: examples.keyedCaseId, status: 'RECEIVED' } }),
        },
        '400': ref('responses/BadRequest'),
        '403': {
          description: 'The officer is in none of the groups this endpoint is open to, or `officerId` names another officer than the one signed in.',
          ...json({
            schema: errorSchema,
            examples: {
              notInGroups: errorExample(notInGroupsMessage(officerGroupsOf('keyed-resubmission'))),
              notOwnOfficerId: errorExample(notOwnOfficerIdMessage()),
            },
          }),
        },
        '404': ref('responses/CaseNotFound'),
        '409': {
          description: 'The case is not awaiting a resubmission, or came through the portal.',
          ...json({
            schema: errorSchema,
            examples: {
              portal: errorExample('This referral came through the portal: its referrer supplies the missing details there'),
              notAwaiting: errorExample('This referral is not awaiting a resubmission: its status is AWAITING_THRESHOLD_DECISION.'),
            },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '422': ref('responses/IdempotencyKeyReused'),
        '500': ref('responses/InternalError'),
      },
    },
    'GET /cases/{caseId}': {
      operationId: 'getCase',
      tags: ['cases'],
      summary: 'Where a case stands',
      description:
        "The case's status, what it waits for, what is missing and the deadlines still to fall; never the referral's content. " +
        'LADO officers and managers also see what the case is managed by: its allocation, tracks, outcome, duties, retention dates, undelivered emails and every decision and record (`CaseView`). ' +
        'Operations see instead the name of the execution that runs the case, and how many of its emails could not be delivered (`OperationsCaseView`).',
      parameters: [caseIdParameter],
      responses: {
        '200': {
          description: "The case, as the caller's group may see it.",
          ...json({
            schema: z.xor([officerCaseViewSchema, operationsCaseViewSchema]),
            examples: {
              awaitingResubmission: { summary: 'Returned to the referrer', value: examples.awaitingResubmission },
              awaitingThresholdDecision: { summary: 'Waiting for the duty LADO', value: examples.awaitingDecision },
              allegationManagement: {
                summary: 'An allegation under management',
                description: 'The threshold decision and the tracks are recorded; the workflow waits for the next record or deadline.',
                value: examples.allegationManagement,
              },
              outcomeDuties: {
                summary: 'After a substantiated outcome',
                description: 'The DBS referral, regulator referral and lessons-learned duties are pending.',
                value: examples.concluded,
              },
              forOperations: { summary: 'The same allegation, as operations see it', value: examples.forOperations },
            },
          }),
        },
        '400': ref('responses/BadRequest'),
        '404': {
          description: 'No case has this id.',
          ...json({ schema: errorSchema, example: { message: `No case ${examples.unknownCaseId}` } }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'GET /cases': {
      operationId: 'listCases',
      tags: ['cases'],
      summary: 'List cases',
      description: [
        'A page of cases, by status, stage, allocated LADO, deadline, attention, receipt and channel. Filters combine, and every one is served by an index of the table, never a Scan. ' +
          'The list is read from the index of its most selective filter, and comes in that index’s order: the cases needing attention, the oldest stop first; a LADO’s cases, their open ones by next deadline, then their closed ones; ' +
          'the cases due by a moment (`overdue`, `dueBefore`), the soonest deadline first; else the cases of the statuses, stage and channel asked for, the oldest referral first.',
        'Page on by sending `nextCursor` back as `cursor`, with the same filters. LADO officers and managers see who each case is allocated to and whether a child is at immediate risk; ' +
          "operations see the same list without either. Identifiers, statuses and moments only: never the referral's content.",
      ].join('\n\n'),
      requestParams: { query: caseListQuerySchema },
      responses: {
        '200': {
          description: "A page of cases, as the caller's group may see them.",
          ...json({
            schema: caseListPageSchema,
            examples: {
              forOfficers: { summary: 'As LADO officers and managers see it', value: examples.caseList },
              forOperations: { summary: 'The same page, as operations see it', value: examples.caseListForOperations },
            },
          }),
        },
        '400': {
          description: 'A filter is not valid, two contradict each other, or the cursor is not one this list gave: each parameter at fault is listed.',
          ...json({ schema: validationErrorSchema, example: { message: 'The request is not valid', errors: examples.caseListRefused } }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'POST /cases': {
      operationId: 'keyReferral',
      tags: ['cases'],
      summary: 'Key in a referral received by email or telephone',
      description: [
        'For LADO officers and managers. Records a referral that reached the service other than through the portal: a form emailed by a parent, carer or member of the public, or a telephone call. ' +
          "Its case follows the same lifecycle as a portal referral's: acknowledged, returned for key details that are missing, then awaiting the duty LADO's threshold decision. " +
          'The acknowledgement and any return go to the referrer’s email, or to the officer who keyed the referral in when the referrer gave none. `keyedBy` is that officer: the one signed in.',
        "The `Idempotency-Key` header names the referral, in place of the portal's submission id: a new random value (a UUID) for each new referral, and the same value when retrying it after a timeout or a network error. " +
          'A retry answers 202 with the same case and starts nothing new; the key sent again with a different referral is refused with 409.',
      ].join('\n\n'),
      parameters: [ref('parameters/IdempotencyKey')],
      requestBody: {
        required: true,
        ...json({
          schema: keyedReferralRequestSchema,
          examples: { phone: { summary: 'A parent telephones the service', value: examples.keyedReferral } },
        }),
      },
      responses: {
        '202': {
          description: "Received, or already received under this key: the case's current status is given.",
          ...json({ schema: acceptedSchema, example: { caseId: examples.keyedCaseId, status: 'RECEIVED' } }),
        },
        '400': {
          description: 'The request is not valid: each field at fault is listed.',
          ...json({ schema: validationErrorSchema, example: { message: 'The request is not valid', errors: examples.keyedReferralRefused } }),
        },
        '403': {
          description: 'The officer is in none of the groups this endpoint is open to, or `keyedBy` names another officer than the one signed in.',
          ...json({
            schema: errorSchema,
            examples: {
              notInGroups: errorExample(notInGroupsMessage(officerGroupsOf('keyed-referral'))),
              notOwnOfficerId: errorExample(notOwnOfficerIdMessage(examples.keyedReferral.keyedBy.officerId)),
            },
          }),
        },
        '409': {
          description: 'The Idempotency-Key was already used for a different referral.',
          ...json({
            schema: errorSchema,
            example: { message: 'This Idempotency-Key was already used for a different referral: use a new key for each new referral' },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '500': ref('responses/InternalError'),
      },
    },
    'GET /duty/referrals': {
      operationId: 'getDutyList',
      tags: ['cases'],
      summary: "The duty LADO's list",
      description:
        "The referrals awaiting a threshold decision, read from the morning list's index (never a Scan), in the order the duty LADO works them: a child at immediate risk first, " +
        'then the decision due soonest, then the oldest referral. Each comes with when its decision is due, and the earlier cases about the same person (`previouslyKnown`) for the duty LADO to check. ' +
        "Identifiers, moments and flags only: the case (`GET /cases/{caseId}`) holds the rest.",
      responses: {
        '200': {
          description: 'The referrals awaiting a threshold decision.',
          ...json({ schema: dutyListSchema, examples: { twoAwaiting: { summary: 'A child at immediate risk first', value: examples.dutyList } } }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'GET /caseloads': {
      operationId: 'getCaseloads',
      tags: ['cases'],
      summary: "The team's caseloads",
      description:
        "For LADO managers. Each LADO's open caseload (the allegations under management, consultations and cases with outcome duties allocated to them), how many of those are overdue, " +
        `and whether the load is high: more than ${HIGH_CASELOAD} open cases for a full-time LADO. Then the overdue cases across the team, the most overdue first, to reallocate or chase. ` +
        'Read from the index of cases by status, never a Scan.',
      responses: {
        '200': {
          description: 'Each LADO’s caseload, and the overdue cases.',
          ...json({ schema: caseloadsSchema, examples: { oneOverdue: { summary: 'Two LADOs, one strategy meeting overdue', value: examples.caseloads } } }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'GET /reports/annual': {
      operationId: 'getAnnualReport',
      tags: ['reports'],
      summary: 'The annual report on a period',
      description: [
        'For LADO managers. The annual report on a period of London days, both included: by default the current financial year (1 April to 31 March); ' +
          'a day left out is taken from the financial year of the other. Its tables of counts (enquiries, referrals, decisions, allegations and their outcomes, children, open cases), ' +
          'its KPIs against their targets, the settings referred about most in the rolling 12 months to its end, and the checks of the report against itself and the running workflows, ' +
          'each under a stable id (`docs/reports.md`). Counts and case ids: no personal data.',
        "Computed when asked from the audit trails of the period's cases, which are found through the audit trail's index by month and the index of active cases, never a Scan. " +
          `A period covers at most ${MAX_REPORT_YEARS} years. A year for one authority is computed in seconds.`,
      ].join('\n\n'),
      requestParams: { query: annualReportQuerySchema },
      responses: {
        '200': {
          description: 'The report.',
          ...json({ schema: annualReportSchema, examples: { abridged: { summary: 'A financial year, abridged: one table, one KPI, one check', value: annualReportExample } } }),
        },
        '400': {
          description: 'A day is not a date, the period ends before it starts, or it covers more than five years: each parameter at fault is listed.',
          ...json({
            schema: validationErrorSchema,
            examples: {
              inverted: errorExample('The request is not valid', [{ path: 'query.to', message: 'to must not be before from' }]),
              malformed: errorExample('The request is not valid', [{ path: 'query.from', message: 'from must be a date written YYYY-MM-DD' }]),
            },
          }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'GET /cases/{caseId}/workflow': {
      operationId: 'getCaseWorkflow',
      tags: ['cases'],
      summary: "Where a case's workflow stands",
      description:
        "The lifecycle as deployed, drawn as a Mermaid flowchart from the state machine's own definition, and the state the case's current execution is in, or was in when it ended. " +
        "State names and statuses only: nothing of the case's content.",
      parameters: [caseIdParameter],
      responses: {
        '200': {
          description: "The lifecycle, and the state of the case's execution.",
          ...json({
            schema: caseWorkflowSchema,
            examples: {
              awaitingOfficerEvent: {
                summary: 'An allegation waiting for the next record or deadline',
                description: 'Abridged: the flowchart of the deployed lifecycle draws every state, not the management loop alone.',
                value: examples.workflow,
              },
            },
          }),
        },
        '400': ref('responses/BadRequest'),
        '404': ref('responses/CaseNotFound'),
        '500': ref('responses/InternalError'),
      },
    },
    'GET /cases/{caseId}/history': {
      operationId: 'getCaseHistory',
      tags: ['cases'],
      summary: "A case's history",
      description:
        "The case's append-only audit trail, oldest first: every decision, record, deadline and email, with who acted, when and why. " +
        'What each change did to the case stays in the table; the trail gives only its kind.',
      parameters: [caseIdParameter],
      responses: {
        '200': {
          description: 'The audit trail.',
          ...json({ schema: caseHistorySchema, examples: { allegationManagement: { summary: 'An allegation under management', value: examples.history } } }),
        },
        '400': ref('responses/BadRequest'),
        '404': {
          description: 'No case has this id.',
          ...json({ schema: errorSchema, example: { message: `No case ${examples.unknownCaseId}` } }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'POST /cases/{caseId}/decisions': {
      operationId: 'recordDecision',
      tags: ['cases'],
      summary: 'Record an officer’s decision or record',
      description: [
        "Records the duty LADO's threshold decision, or what happened on the case after it. Each record says who (`officerId`, the signed-in officer's username) and why (`rationale`); " +
          'every one is kept, in the case (`GET /cases/{caseId}`) and in its audit trail with who, when and why (`GET /cases/{caseId}/history`).',
        `Which records each status accepts (the \`kind\`):\n${bulletList(
          Object.entries(RECORDS_BY_STATUS).map(([status, kinds]) => [status, kinds.map((kind) => `\`${kind}\``).join(', ')]),
        )}`,
        'A record for another stage is refused with 409, as is one with nothing to act on: a meeting, action, hearing or police review that is not outstanding, ' +
          'a duty already done, or closing while duties are outstanding.',
        IDEMPOTENCY_NOTE('record'),
      ].join('\n\n'),
      parameters: [caseIdParameter, ref('parameters/IdempotencyKey')],
      requestBody: {
        required: true,
        ...json({
          schema: officerDecisionSchema,
          examples: {
            allegation: { summary: 'The threshold is met', value: examples.allegation },
            consultation: { summary: 'A consultation only', value: examples.consultation },
            noFurtherAction: { summary: 'No further LADO action', value: examples.noFurtherAction },
            tracks: { summary: 'The tracks an allegation follows', value: examples.tracks },
            outcome: { summary: "The allegation's outcome", value: examples.outcome },
          },
        }),
      },
      responses: {
        '202': {
          description: "Recorded: the case's new status is given.",
          ...json({
            schema: acceptedSchema,
            examples: {
              allegation: { summary: 'After an allegation decision', value: { caseId: examples.completeCaseId, status: examples.statusAfter.allegation } },
              noFurtherAction: {
                summary: 'After no further action (or a transfer)',
                value: { caseId: examples.completeCaseId, status: examples.statusAfter.noFurtherAction },
              },
              outcome: { summary: 'After the outcome', value: { caseId: examples.completeCaseId, status: examples.statusAfter.outcome } },
            },
          }),
        },
        '400': ref('responses/BadRequest'),
        '403': {
          description: 'The officer is in none of the groups this endpoint is open to, or the record names another officer than the one signed in.',
          ...json({
            schema: errorSchema,
            examples: {
              notInGroups: errorExample(notInGroupsMessage(officerGroupsOf('decision'))),
              notOwnOfficerId: errorExample(notOwnOfficerIdMessage(examples.allegation.officerId)),
            },
          }),
        },
        '404': ref('responses/CaseNotFound'),
        '409': {
          description: 'The case cannot take this record now: it is for another stage, came a second time, or has nothing to act on.',
          ...json({
            schema: errorSchema,
            examples: {
              notAwaitingThresholdDecision: errorExample('This case is not awaiting a threshold decision: its status is ALLEGATION_MANAGEMENT.'),
              wrongStage: errorExample(examples.conflicts.wrongStage),
              nothingOutstanding: errorExample(examples.conflicts.nothingOutstanding),
              dutiesOutstanding: errorExample(examples.conflicts.dutiesOutstanding),
            },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '422': ref('responses/IdempotencyKeyReused'),
        '500': ref('responses/InternalError'),
      },
    },
    'POST /cases/{caseId}/corrections': {
      operationId: 'correctRecord',
      tags: ['cases'],
      summary: 'Correct a mistaken record',
      description: [
        'Corrects an officer’s record made in error: name its event by the `eventId` the history gives, send the record as it should have been (the same kind, under its own author), and say why. ' +
          'The original stays in the audit trail as it was written. The case is rebuilt from the trail: as it stood before the record, then every officer’s record from it on, each by its own rule at the moment it was made, with the correction in its place. ' +
          'What the workflow made of the case since (its wait, deadlines that fired, emails sent) stays as it happened; a deadline the mistaken record called for and the corrected one does not goes; one the corrected record calls for is set as of the correction, a working day on if its time has already passed. ' +
          'The correction is recorded as a `RecordCorrected` event with who, when, why and the event corrected, and the record is marked corrected in the case.',
        'Refused with 409, saying why: an event that is not an officer’s record; a record corrected into another kind (a new record is made through `POST /cases/{caseId}/decisions`), or a threshold decision into another outcome (a LADO manager reopens the case instead); ' +
          'the threshold decision once management has started (any record follows it); a record under another author; a correction that would leave a later record invalid; a record made before the case was reopened; a case stopped for operations, or whose personal data was disposed of.',
        IDEMPOTENCY_NOTE('correction'),
      ].join('\n\n'),
      parameters: [caseIdParameter, ref('parameters/IdempotencyKey')],
      requestBody: {
        required: true,
        ...json({
          schema: correctionSchema,
          examples: {
            tracks: {
              summary: 'The employer track was entered wrongly',
              value: {
                officerId: examples.tracks.officerId,
                rationale: 'The employer confirmed a hearing without further investigation, not action without a disciplinary.',
                eventId: examples.history.events.at(-1)!.eventId,
                record: { ...examples.tracks, employer: 'hearing-without-investigation' },
              },
            },
          },
        }),
      },
      responses: {
        '202': {
          description: "Corrected: the case's status, rebuilt, is given.",
          ...json({ schema: acceptedSchema, example: { caseId: examples.completeCaseId, status: examples.statusAfter.allegation } }),
        },
        '400': ref('responses/BadRequest'),
        '403': {
          description: 'The officer is in none of the groups this endpoint is open to, or the correction names another officer than the one signed in.',
          ...json({
            schema: errorSchema,
            examples: {
              notInGroups: errorExample(notInGroupsMessage(officerGroupsOf('correction'))),
              notOwnOfficerId: errorExample(notOwnOfficerIdMessage(examples.tracks.officerId)),
            },
          }),
        },
        '404': ref('responses/CaseNotFound'),
        '409': {
          description: 'The record cannot be corrected so: the answer says why.',
          ...json({
            schema: errorSchema,
            examples: {
              managementStarted: errorExample(
                'The threshold decision cannot be corrected once management has started: the records made since rest on it. Change what it decided through those records (reallocate, escalate-to-allegation, complexity).',
              ),
              laterRecordInvalid: errorExample(
                'The correction would make a later record invalid: the "employer-action-taken" record of 2026-11-26T09:00:00.000Z. No employer action is outstanding on this case.',
              ),
            },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '422': ref('responses/IdempotencyKeyReused'),
        '500': ref('responses/InternalError'),
      },
    },
    'POST /cases/{caseId}/reopening': {
      operationId: 'reopenCase',
      tags: ['cases'],
      summary: 'Reopen a closed case',
      description: [
        'For LADO managers. Reopens a closed case, saying why: a consultation to `CONSULTATION`, an allegation closed after its outcome to `ALLEGATION_MANAGEMENT` (a new outcome then replaces the one on record), ' +
          'a case closed at its threshold decision (no further action, transfer) to `AWAITING_THRESHOLD_DECISION`. ' +
          "Its workflow runs again, as the next execution of the case's chain, with the deadlines that status needs counted from the reopening: the consultation review, the LADO review, or the duty LADO's initial consideration. " +
          'Recorded as a `CaseReopened` event with who, when and why.',
        'Refused with 409: a case that is open, a rejected referral (the referrer submits a new one), a case whose personal data was disposed of, one still sending its closing emails (reopen it once they are sent), or one stopped for operations.',
        IDEMPOTENCY_NOTE('reopening'),
      ].join('\n\n'),
      parameters: [caseIdParameter, ref('parameters/IdempotencyKey')],
      requestBody: {
        required: true,
        ...json({
          schema: reopeningSchema,
          examples: { newEvidence: { summary: 'New information about the same allegation', value: { officerId: 'lado.manager.1', rationale: 'The police have new evidence about the same allegation.' } } },
        }),
      },
      responses: {
        '202': {
          description: "Reopened: the case's new status is given, and its workflow runs again.",
          ...json({ schema: acceptedSchema, example: { caseId: examples.completeCaseId, status: 'ALLEGATION_MANAGEMENT' } }),
        },
        '400': ref('responses/BadRequest'),
        '403': {
          description: 'The officer is not a LADO manager, or the reopening names another officer than the one signed in.',
          ...json({
            schema: errorSchema,
            examples: {
              notInGroups: errorExample(notInGroupsMessage(officerGroupsOf('reopening'))),
              notOwnOfficerId: errorExample(notOwnOfficerIdMessage('lado.manager.1')),
            },
          }),
        },
        '404': ref('responses/CaseNotFound'),
        '409': {
          description: 'The case cannot be reopened: the answer says why.',
          ...json({
            schema: errorSchema,
            examples: {
              open: errorExample('Only a closed case can be reopened: this one is open, its status ALLEGATION_MANAGEMENT.'),
              rejected: errorExample('A rejected referral is not reopened: the referrer submits a new referral with full details.'),
            },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '422': ref('responses/IdempotencyKeyReused'),
        '500': ref('responses/InternalError'),
      },
    },
    'GET /operations/executions': {
      operationId: 'listExecutions',
      tags: ['operations'],
      summary: "The lifecycle's executions",
      description:
        "For operations. The executions of the lifecycle's state machine, newest first, all of them or those of one status, each with the case it runs, read from its name. " +
        'Page on by sending `nextCursor` back as `cursor`, with the same status. Names, statuses and times only: an execution’s input holds its case id and nothing else.',
      requestParams: { query: executionsQuerySchema },
      responses: {
        '200': {
          description: 'A page of executions.',
          ...json({ schema: executionsPageSchema, examples: { oneCase: { summary: "An allegation's two executions", value: examples.executions } } }),
        },
        '400': {
          description: 'A parameter is not valid, or the cursor is not one this list gave: each parameter at fault is listed.',
          ...json({ schema: validationErrorSchema, example: { message: 'The request is not valid', errors: examples.executionsRefused } }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'GET /operations/findings': {
      operationId: 'getReconcilerFindings',
      tags: ['operations'],
      summary: 'What the latest check of the record found',
      description:
        "For operations. The findings of the latest check of the record against the running workflows: the reconciler's hourly run, or a check operations asked for (`POST /operations/reconciliation`), " +
        'with when it ran and who ran it. Each disagreement is given by its kind, as the reconciliation reports it; `checkedAt` and `checkedBy` are null before any check has run. ' +
        'Case ids and execution names only.',
      responses: {
        '200': {
          description: 'The latest findings.',
          ...json({
            schema: reconcilerFindingsSchema,
            examples: {
              found: { summary: 'The hourly check found a case with no running execution', value: examples.findings },
              neverChecked: {
                summary: 'Before any check has run',
                value: { checkedAt: null, checkedBy: null, activeCases: 0, runningExecutions: 0, drift: [] },
              },
            },
          }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'POST /operations/reconciliation': {
      operationId: 'reconcile',
      tags: ['operations'],
      summary: 'Check the record against the running workflows, and repair',
      description: [
        'For operations. Compares every active case (open, owing an email, or needing attention; read from the ActiveCases index, never a Scan) with the running executions, ' +
          'and reports each disagreement: an active case with no running execution, a running execution for a closed or unknown case, a deadline past due with no timer to fire it, ' +
          'an email owed over an hour, and a case whose workflow stopped and needs attention. The same checks run hourly on AWS and count the drift for an alarm.',
        'With `{"repair": true}` it restarts each stopped workflow from the stored case (the next execution of its phase takes the case up where it stands), ' +
          "and stops executions that run for nothing; each repair is recorded on its case with the operator's username. Case ids and execution names only: no names, no decisions.",
      ].join('\n\n'),
      requestBody: {
        required: true,
        ...json({
          schema: reconciliationRequestSchema,
          examples: { repair: { summary: 'Check, and repair what can be repaired', value: { repair: true } } },
        }),
      },
      responses: {
        '200': {
          description: 'What was found, and with `repair`, what was done.',
          ...json({
            schema: reconciliationReportSchema,
            example: {
              checkedAt: '2026-11-24T10:00:00.000Z',
              activeCases: 2,
              runningExecutions: 1,
              drift: [{ kind: 'caseWithoutExecution', caseId: examples.unknownCaseId, expectedExecution: `${examples.unknownCaseId}-first-days` }],
              repairs: [{ drift: 'caseWithoutExecution', caseId: examples.unknownCaseId, action: 'restarted', execution: `${examples.unknownCaseId}-first-days-2` }],
            },
          }),
        },
        '400': ref('responses/BadRequest'),
        '500': ref('responses/InternalError'),
      },
    },
    ...enquiryOperations(examples),
  };
}

/** The enquiries register (003 §2.2): its three routes. */
function enquiryOperations(examples: Examples): Record<RouteKey, ZodOpenApiOperationObject> {
  const enquiries = enquiryExamples(examples.completeCaseId);
  return {
    'POST /enquiries': {
      operationId: 'recordEnquiry',
      tags: ['cases'],
      summary: 'Record an enquiry',
      description: [
        'For the LADO enquiries officer (LADO officers and managers): records an enquiry, a question from a setting or anyone else about whether to refer, asked without naming anyone (003 §2.2). ' +
          'Every field is a choice from a catalogue: when it came in, the sector and subsector of the setting, who asked, the topic and how it ended; and the officer who answered, the one signed in. ' +
          'No free text is taken: a field the schema does not list is refused, and so is a label outside its catalogue. An enquiry has no workflow.',
        'The referral it led to is linked when it arrives (`POST /enquiries/{enquiryId}/link`), or given at once as `linkedCaseId`; either way only a case that exists.',
        "Sent with an `Idempotency-Key` header: a new random value (a UUID) for each new enquiry, the same value when retrying it. A retry answers 201 with the same enquiry id and records nothing twice, also when the first request left `receivedAt` to the moment of recording; the key is kept for a week. The key sent again with a different enquiry is refused with 422.",
      ].join('\n\n'),
      parameters: [ref('parameters/IdempotencyKey')],
      requestBody: {
        required: true,
        ...json({
          schema: enquiryRequestSchema,
          examples: {
            employer: { summary: 'A primary school asks whether to refer', value: enquiries.request },
            fostering: { summary: 'An agency check for a fostering service', value: enquiries.requestFromFostering },
          },
        }),
      },
      responses: {
        '201': {
          description: 'Recorded, or already recorded under this key: the enquiry id.',
          ...json({ schema: enquiryRecordedSchema, example: enquiries.recorded }),
        },
        '400': {
          description: 'The request is not valid: each field at fault is listed, a field the register does not have, a label outside its catalogue, a receipt in the future, a linked case that does not exist.',
          ...json({ schema: validationErrorSchema, example: { message: 'The request is not valid', errors: enquiries.refused } }),
        },
        '403': {
          description: 'The officer is in none of the groups this endpoint is open to, or `officerId` names another officer than the one signed in.',
          ...json({
            schema: errorSchema,
            examples: {
              notInGroups: errorExample(notInGroupsMessage(officerGroupsOf('record-enquiry'))),
              notOwnOfficerId: errorExample(notOwnOfficerIdMessage(enquiries.officerId)),
            },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '422': {
          description: 'The Idempotency-Key was already used for a different enquiry.',
          ...json({ schema: errorSchema, example: { message: ENQUIRY_KEY_REUSED_MESSAGE } }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'GET /enquiries': {
      operationId: 'listEnquiries',
      tags: ['cases'],
      summary: "A period's enquiries",
      description: [
        `The enquiries received from \`from\` to \`to\` (London dates, both included), in order of receipt: a period of at most ${ENQUIRY_PERIOD_MAX_MONTHS} calendar months, read with one Query a month of the register, never a Scan. ` +
          'Choices from the catalogues, the linked case and the officer who answered: nobody else is named.',
        'Page on by sending `nextCursor` back as `cursor`, with the same period.',
      ].join('\n\n'),
      requestParams: { query: enquiryPeriodQuerySchema },
      responses: {
        '200': {
          description: "A page of the period's enquiries.",
          ...json({ schema: enquiryListSchema, examples: { twoEnquiries: { summary: 'One linked to the referral it led to', value: enquiries.list } } }),
        },
        '400': {
          description: `A date is not valid, \`to\` comes before \`from\`, the period spans more than ${ENQUIRY_PERIOD_MAX_MONTHS} calendar months, or the cursor is not one this list gave: each parameter at fault is listed.`,
          ...json({ schema: validationErrorSchema, example: { message: 'The request is not valid', errors: enquiries.periodRefused } }),
        },
        '500': ref('responses/InternalError'),
      },
    },
    'POST /enquiries/{enquiryId}/link': {
      operationId: 'linkEnquiry',
      tags: ['cases'],
      summary: 'Link an enquiry to the referral it led to',
      description:
        'Records the case of the referral an enquiry led to (003 §2.5 counts the enquiries that met the harm threshold), with the officer who links it, the one signed in. ' +
        'Only a case that exists, and once: linking the enquiry to the same case again answers 200 as the first time did, and changes nothing; to another case is refused with 409. ' +
        'Being the same however often it is sent, the request needs no Idempotency-Key.',
      parameters: [
        {
          name: 'enquiryId',
          in: 'path',
          required: true,
          schema: ref('schemas/EnquiryId'),
          example: enquiries.linked.enquiryId,
        },
      ],
      requestBody: {
        required: true,
        ...json({ schema: enquiryLinkSchema, examples: { referral: { summary: 'The referral the school made', value: enquiries.link } } }),
      },
      responses: {
        '200': {
          description: 'Linked: the enquiry and its case.',
          ...json({ schema: enquiryLinkedSchema, example: enquiries.linked }),
        },
        '400': {
          description: 'The request is not valid, or no case has the id given: each field at fault is listed.',
          ...json({
            schema: validationErrorSchema,
            example: { message: 'The request is not valid', errors: [{ path: 'caseId', message: `No case has the id ${examples.unknownCaseId}` }] },
          }),
        },
        '403': {
          description: 'The officer is in none of the groups this endpoint is open to, or `officerId` names another officer than the one signed in.',
          ...json({
            schema: errorSchema,
            examples: {
              notInGroups: errorExample(notInGroupsMessage(officerGroupsOf('link-enquiry'))),
              notOwnOfficerId: errorExample(notOwnOfficerIdMessage(enquiries.officerId)),
            },
          }),
        },
        '404': {
          description: 'No enquiry has this id.',
          ...json({ schema: errorSchema, example: { message: `No enquiry ${enquiries.linked.enquiryId}` } }),
        },
        '409': {
          description: 'The enquiry is linked to another case already.',
          ...json({
            schema: errorSchema,
            example: { message: `This enquiry is already linked to the case ${examples.returnedCaseId}: an enquiry is linked to one referral` },
          }),
        },
        '413': ref('responses/PayloadTooLarge'),
        '500': ref('responses/InternalError'),
      },
    },
  };
}

/** An annual report as GET /reports/annual answers it, abridged to one table, one KPI and one check. */
const annualReportExample = {
  period: { from: '2025-04-01', to: '2026-03-31' },
  computedAt: '2026-04-01T08:30:00.000Z',
  asAt: '2026-03-31T22:59:59.999Z',
  tables: {
    'referral-decisions': {
      title: 'Referral decisions (threshold decisions recorded)',
      source: '003 Table 7; §2.4, §5.1, §6.1',
      rows: [
        { label: 'allegation', count: 412 },
        { label: 'consultation', count: 731 },
        { label: 'no further action', count: 244 },
        { label: 'transfer', count: 19 },
        { label: 'rejected: missing details not supplied', count: 38 },
      ],
    },
  },
  kpis: {
    'threshold-decision-within-one-working-day': {
      title: 'Threshold decisions within one working day of the referral being ready for one',
      value: 91.5,
      unit: '%',
      numerator: 1286,
      denominator: 1406,
      target: 100,
      targetIs: 'at least',
      source: '004 paras 12, 16, 22; deadline-policy.ts initialConsiderationChase; 003 §11.10, recommendation 10',
    },
  },
  settings: [],
  settingsWindow: { from: '2025-04-01', to: '2026-03-31', threshold: 3, referrals: 1444, settingNotHeld: 31, flagged: 0 },
  checks: {
    'decisions-reconcile': {
      ok: true,
      detail: '1406 threshold decisions recorded in the period: 412 allegations, 731 consultations, 244 no further action, 19 transfers',
      decisions: 1406,
      allegations: 412,
      consultations: 731,
      noFurtherAction: 244,
      transfers: 19,
    },
  },
};

const LOCAL_ONLY = 'Served by the local stack only: the deployed API does not have this endpoint.';

export const localPaths: ZodOpenApiPathsObject = {
  '/local/clock': {
    get: {
      operationId: 'getClock',
      tags: ['local-only'],
      summary: 'The virtual time',
      description: LOCAL_ONLY,
      servers: [LOCAL_SERVER],
      responses: { '200': { description: 'The virtual time.', ...json({ schema: clockTimeSchema }) } },
    },
    post: {
      operationId: 'advanceClock',
      tags: ['local-only'],
      summary: 'Move the virtual time forward',
      description: `${LOCAL_ONLY} Answers once every timer due by the new time has fired and its effects (case updates, emails) are stored.`,
      servers: [LOCAL_SERVER],
      requestBody: {
        required: true,
        ...json({
          schema: clockAdvanceSchema,
          examples: {
            advanceTo: { summary: 'To an instant', value: { advanceTo: '2026-03-16T09:00:00Z' } },
            advanceBy: { summary: 'By a duration', value: { advanceBy: 'P3D' } },
          },
        }),
      },
      responses: {
        '200': { description: 'The clock has moved and all it set off has settled.', ...json({ schema: clockTimeSchema }) },
        '400': {
          description: 'The body is not valid, or names a time in the past.',
          ...json({
            schema: validationErrorSchema,
            examples: {
              past: errorExample('The clock only moves forward', [{ path: 'advanceTo', message: 'must not be before 2026-03-16T09:00:00.000Z' }]),
              badBody: errorExample('The request is not valid', [
                { path: 'body', message: 'Send {"advanceTo": "<ISO-8601 date-time>"} or {"advanceBy": "<ISO-8601 duration>"}' },
              ]),
            },
          }),
        },
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      tags: ['local-only'],
      summary: 'This document, as JSON',
      description: LOCAL_ONLY,
      servers: [LOCAL_SERVER],
      responses: { '200': { description: 'This OpenAPI document.', ...json({ schema: { type: 'object' as const } }) } },
    },
  },
};
