import { DRIFT_KINDS, reconciliationRequestSchema } from '../functions/domain/reconciliation';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { z } from 'zod';
import { API_ROUTES, OFFICER_GROUPS, routeOf, type ApiRoute } from '../functions/api-routes';
import {
  scheduleDeadlines,
  STAGE_OF,
  type AwaitedInput,
  type CaseEvent,
  type CaseRecord,
  type CaseStage,
  type CaseStatus,
} from '../functions/domain/case';
import { caseIdForSubmission, fingerprint } from '../functions/domain/case-id';
import { createWorkingCalendar } from '../functions/domain/calendar';
import {
  applyOfficerEvent,
  applyThresholdDecision,
  EMPLOYER_TRACKS,
  officerDecisionSchema,
  officerEventSchema,
  RECORDS_BY_STATUS,
  type Applied,
  type OfficerDecision,
  type OfficerEvent,
} from '../functions/domain/officer-records';
import { missingKeyDemographics } from '../functions/domain/completeness';
import {
  DEADLINE_KINDS,
  DEADLINE_POLICY,
  type DeadlineEvent,
  type DeadlineKind,
  type DeadlineMoment,
  type Period,
} from '../functions/domain/deadline-policy';
import { outcomeSchema } from '../functions/domain/outcome';
import {
  addressSchema,
  allegationSchema,
  childrenSchema,
  childSchema,
  employerSchema,
  referralSchema,
  referrerSchema,
  resubmissionSchema,
  subjectSchema,
  type Referral,
} from '../functions/domain/referral-schema';
import {
  allocationSchema,
  officerIdSchema,
  rationaleSchema,
  thresholdDecisionSchema,
  type ThresholdDecision,
} from '../functions/domain/threshold-decision';
import { officerCaseView, operationsCaseView } from '../functions/get-case/case-view';
import {
  caseIdSchema,
  IDEMPOTENCY_KEY_PATTERN,
  MAX_BODY_BYTES,
  RETRY_AFTER_SECONDS,
  SERVICE_UNAVAILABLE_MESSAGE,
  UNSUPPORTED_MEDIA_TYPE_MESSAGE,
} from '../functions/shared/handler';
import { KEY_REUSED_MESSAGE } from '../functions/shared/idempotent-request';
import { notInGroupsMessage, notOwnOfficerIdMessage } from '../functions/shared/officer-access';

/**
 * Writes docs/openapi.yaml, the HTTP contract, from the route table (API_ROUTES)
 * and the zod schemas the handlers validate with, so that the document cannot
 * drift from the code. Run with `npm run openapi`.
 */

type JsonObject = Record<string, unknown>;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_YAML_PATH = path.join(projectRoot, 'docs', 'openapi.yaml');
const REFERRAL_EXAMPLE_PATH = path.join(projectRoot, 'docs', 'examples', 'referral.json');

const LOCAL_SERVER = { url: 'http://127.0.0.1:3000', description: 'The local stack (`npm start`); the port follows LADO_API_PORT' };

const ref = (component: string) => ({ $ref: `#/components/${component}` });
const schemaRef = (name: string) => ref(`schemas/${name}`);
const json = (body: JsonObject) => ({ content: { 'application/json': body } });
const bulletList = (entries: Array<[string, string]>) => entries.map(([name, text]) => `- \`${name}\`: ${text}`).join('\n');

// ---------------------------------------------------------------- request bodies

interface SchemaMeta {
  /** Makes the schema a component of its own; without it the metadata is written inline. */
  id?: string;
  description?: string;
  minProperties?: number;
  uniqueItems?: boolean;
}

const THRESHOLD_OUTCOME_MEANING: Record<ThresholdDecision['outcome'], string> = {
  allegation: 'The harm threshold is met. The case is allocated to the LADO named in `allocatedTo` and moves to `ALLEGATION_MANAGEMENT`.',
  consultation:
    'The threshold is not met for now. The case is allocated to the LADO named in `allocatedTo` and moves to `CONSULTATION`, kept under review.',
  'no-further-action': "No further LADO action: a matter for the employer's own procedures. The case moves to `CLOSED`.",
  transfer: 'Another authority leads, where the person works. The case moves to `CLOSED` and the referrer is told who leads.',
};

const EVENT_KIND_MEANING: Record<OfficerEvent['kind'], string> = {
  tracks:
    'Which tracks the allegation follows. A police investigation needs the police target date, which becomes the `policeReview` deadline; ' +
    'possible section 47 enquiries set the `strategyMeeting` deadline; the employer track sets `employerAction` or `disciplinaryHearing`.',
  'strategy-meeting-held': 'The strategy meeting was held: meets the outstanding `strategyMeeting` deadline.',
  'employer-action-taken': 'The employer acted: meets the outstanding `employerAction` deadline.',
  'disciplinary-hearing-held': 'The disciplinary hearing was held: meets the outstanding `disciplinaryHearing` deadline.',
  'police-update': 'Progress was reviewed with the police: meets the outstanding `policeReview` deadline and sets the next one when the police give a new target date.',
  'review-done': 'The periodic review was done: the next review (`ladoReview`, `ladoReviewComplex` or `consultationReview`) is counted from now.',
  suspension: 'Whether the person is suspended. While they are, the suspension is reviewed (`suspensionReview`).',
  reallocate: "Allocates the case to another LADO, who receives its deadline emails from now on.",
  complexity: 'Marks the allegation complex, or no longer complex: a complex one is reviewed more often (`ladoReviewComplex`).',
  'escalate-to-allegation': 'The consultation becomes an allegation meeting the harm criteria named: the case moves to `ALLEGATION_MANAGEMENT`.',
  'close-consultation': 'The consultation closes below the harm threshold: the case moves to `CLOSED`.',
  outcome:
    "The allegation's outcome. The management deadlines are met, the case moves to `OUTCOME_DUTIES` and the duties that follow fall due: " +
    'considering a regulator referral, always; confirming the DBS referral, where the employer has that duty; a lessons-learned review, after a substantiated allegation.',
  'dbs-referral-confirmed': 'The employer has made the DBS referral: ends the `dbsReferral` chase.',
  'regulator-referral-considered': 'A referral to the professional regulator was considered with the employer; `referred` says whether one was made.',
  'lessons-learned-done': 'The lessons-learned review was held with the case manager.',
  close: 'Closes the case once no duty is outstanding: the case moves to `CLOSED`.',
};

/** The request schemas, converted from zod; shared parts become components of their own. */
function requestSchemas(): Record<string, JsonObject> {
  const registry = z.registry<SchemaMeta>();
  registry.add(caseIdSchema, {
    id: 'CaseId',
    description: 'A case id, issued as `LADO-` and 10 Crockford base32 characters (no I, L, O or U) derived from the submission id.',
  });
  registry.add(reconciliationRequestSchema, { id: 'ReconciliationRequest', description: 'Whether to repair what the check finds, or only report it.' });
  registry.add(referralSchema, {
    id: 'Referral',
    description:
      'A referral as the portal submits it. Key demographics may be left out: the referral is still received, then returned to the referrer for them. ' +
      'Text holds no control characters and no unpaired surrogates (long text, such as the description, may hold tabs and line breaks). ' +
      "Dates of birth fall between 1900 and today, a child's no later than the date the allegation arose; the allegation cannot arise, nor its events happen, in the future; " +
      "the subject's start date is not before their date of birth. The subject may be under 18.",
  });
  registry.add(referrerSchema, { id: 'Referrer', description: 'Who is making the referral.' });
  registry.add(subjectSchema, { id: 'Subject', description: 'The person the allegation is about.' });
  registry.add(employerSchema, { id: 'Employer', description: "The subject's employer or setting." });
  registry.add(addressSchema, { id: 'Address' });
  registry.add(childrenSchema, {
    id: 'Children',
    description: 'The children concerned: identified, with their details, or explicitly not identified.',
  });
  registry.add(childSchema, { id: 'Child' });
  registry.add(allegationSchema, { id: 'Allegation' });
  registry.add(resubmissionSchema, {
    id: 'Resubmission',
    description: 'What a returned referral lacked. Each field supplied replaces the one held; at least one section must be sent.',
    // The refinement "at least one section", exactly: JSON has no undefined, and unknown keys are refused.
    minProperties: 1,
  });
  registry.add(officerIdSchema, { id: 'OfficerId', description: 'The id of the officer who makes the record.' });
  registry.add(rationaleSchema, { id: 'Rationale', description: 'Why: kept with the record and in the case history.' });
  registry.add(allocationSchema, { id: 'Allocation', description: 'The LADO the case is allocated to, who is emailed about its deadlines.' });
  registry.add(thresholdDecisionSchema, { id: 'ThresholdDecision', description: "The duty LADO's threshold decision, with who made it and why." });
  for (const option of thresholdDecisionSchema.options) {
    registry.add(option, { description: THRESHOLD_OUTCOME_MEANING[option.shape.outcome.value] });
  }
  registry.add(officerEventSchema, { id: 'OfficerEvent', description: 'What an officer records on a case after the threshold decision, with who and why.' });
  for (const option of officerEventSchema.options) {
    registry.add(option, { description: EVENT_KIND_MEANING[option.shape.kind.value] });
  }
  registry.add(outcomeSchema, {
    id: 'AllegationOutcome',
    description:
      'The outcome of an allegation. The employer has a duty to refer to the DBS, which the LADO follows up, when the allegation is substantiated ' +
      'and the person is dismissed or the employer ceases to use their services, or when the person resigned and the investigation could not be completed.',
  });
  // The refinement "each conclusion once", exactly.
  registry.add(outcomeSchema.shape.conclusions, { uniqueItems: true });
  registry.add(officerDecisionSchema, {
    id: 'OfficerDecision',
    description: 'A decision or record an officer posts to a case: the threshold decision, or a record of what happened after it.',
  });

  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    metadata: registry,
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ zodSchema, jsonSchema }) => {
      // A `format` says all a date's pattern would, and far more readably.
      if (jsonSchema.format === 'date' || jsonSchema.format === 'date-time') delete jsonSchema.pattern;
      // JSON Schema patterns carry no flags: a case-insensitive one is widened by hand.
      for (const check of zodSchema._zod.def.checks ?? []) {
        const { pattern } = check._zod.def as { pattern?: unknown };
        if (pattern instanceof RegExp && pattern.flags.includes('i') && jsonSchema.pattern === pattern.source) {
          jsonSchema.pattern = caseInsensitive(pattern.source);
        }
      }
    },
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _dialect, $id: _id, ...schema }]) => [name, schema as JsonObject]),
  );
}

/** Widens upper-case letter ranges; any other letter would need a real regex rewrite, so it is refused. */
function caseInsensitive(source: string): string {
  const widened = source.replace(/A-Z(?!a-z)/g, 'A-Za-z');
  const otherLetters = widened.replaceAll('A-Za-z', '').replace(/\\[A-Za-z]/g, '');
  if (/[A-Za-z]/.test(otherLetters)) throw new Error(`Cannot write the case-insensitive pattern /${source}/i without its flag`);
  return widened;
}

// ---------------------------------------------------------------- responses

const STATUS_MEANING: Record<CaseStatus, string> = {
  RECEIVED: 'received; the completeness check is under way',
  AWAITING_RESUBMISSION: 'returned to the referrer, who has three working days to supply the missing key details',
  REJECTED: 'rejected because the missing details did not arrive in time; the referrer must submit a new referral',
  AWAITING_THRESHOLD_DECISION: "complete; waiting for the duty LADO's threshold decision",
  ALLEGATION_MANAGEMENT: 'the harm threshold is met; the allocated LADO manages the allegation to its outcome',
  CONSULTATION: 'below the threshold for now; the allocated LADO keeps it under review until it closes or becomes an allegation',
  OUTCOME_DUTIES: 'the outcome is recorded; the duties that follow it are outstanding',
  CLOSED: 'closed: no further action, transferred to another authority, a consultation closed, or an allegation concluded',
};

const STAGE_MEANING: Record<CaseStage, string> = {
  receipt: 'the referral has arrived and is being checked',
  completeness: 'the referral was returned for missing key details',
  'initial-consideration': 'the duty LADO is considering the referral',
  'allegation-management': 'the allegation is investigated and reviewed until its outcome',
  consultation: 'the concern is reviewed below the harm threshold',
  'outcome-and-duties': 'the outcome is recorded and the duties after it are followed up',
  closed: 'nothing more happens on the case',
};

const AWAITED_MEANING: Record<AwaitedInput, string> = {
  resubmission: "the referrer's missing details (`POST /referrals/{caseId}/resubmission`)",
  thresholdDecision: "the duty LADO's threshold decision (`POST /cases/{caseId}/decisions`)",
  officerEvent: 'any officer record while the case is managed (`POST /cases/{caseId}/decisions`), between its deadlines',
};

const EVENT_WORDING: Record<DeadlineEvent, string> = {
  referralFirstReturned: 'the referral was first returned',
  referralComplete: 'the referral became complete',
  referralReceived: 'the referral was received',
  tracksRecorded: 'the officer recorded the tracks the allegation follows',
  lastReview: 'the case was allocated or last reviewed',
  suspensionRecorded: 'the suspension was recorded or last reviewed',
  outcomeRecorded: 'the outcome was recorded',
  officerSetDate: 'the date the officer sets',
};

const MOMENT_WORDING: Record<DeadlineMoment, string> = {
  startOfWorkingDay: 'at the opening of the working day',
  endOfWorkingDay: 'at the close of the working day',
};

const UNIT_WORDING: Record<Exclude<Period['unit'], 'officerSetDate'>, string> = { workingDays: 'working day', calendarMonths: 'calendar month' };

function deadlineMeaning(kind: DeadlineKind): string {
  const { description, period, at, countedFrom, remindOnTheDay, repeats } = DEADLINE_POLICY[kind];
  const due =
    period.unit === 'officerSetDate'
      ? // deadlineOnDate takes the close of the day whatever the row's moment.
        `Due ${MOMENT_WORDING.endOfWorkingDay} on ${EVENT_WORDING[countedFrom]}, or on the next working day when that date is not one`
      : `Due ${MOMENT_WORDING[at]} ${period.count} ${UNIT_WORDING[period.unit]}${period.count === 1 ? '' : 's'} after ${EVENT_WORDING[countedFrom]}` +
        (repeats ? `, and chased again every ${period.count} ${UNIT_WORDING[period.unit]}s until confirmed` : '');
  const reminder = remindOnTheDay ? ' The allocated LADO is reminded on the morning of the day.' : '';
  return `${description}. ${due}.${reminder}`;
}

/** Which records each status accepts: the rule's own table. */
export { RECORDS_BY_STATUS };

/** The audit trail's event types, from the handlers that write them. */
const HISTORY_EVENT_MEANING: Array<[string, string]> = [
  ['ReferralReceived', "the portal's submission arrived"],
  ['ReferralReturned', 'the referral was returned to the referrer for missing key details'],
  ['ResubmissionReceived', 'the referrer sent missing details'],
  ['ReferralComplete', 'the referral holds every key detail'],
  ['ReferralRejected', 'the missing details did not arrive by the cut-off'],
  ['ThresholdDecisionRecorded', "the duty LADO's threshold decision"],
  ['Officer:<kind>', 'an officer record, named by its `kind` (see `OfficerEvent`)'],
  ['DeadlineReminder', 'the allocated LADO was reminded of a deadline falling due that day'],
  ['DeadlineFired', 'a deadline fell due before it was met'],
  ['EmailSent', "an email was sent: its kind and the recipient's role"],
  ['WorkflowWaiting', 'the workflow waits for the input named'],
  ['PhaseStarted', 'a new workflow execution took the case over'],
];

const dateTime = (description: string) => ({ type: 'string', format: 'date-time', description });

/** What every caller of GET /cases/{caseId} sees: where the case stands (functions/get-case/case-view.ts). */
const WHERE_IT_STANDS_REQUIRED = ['caseId', 'status', 'stage', 'receivedAt', 'awaiting', 'missing', 'pendingDeadlines', 'owedEmails', 'needsAttention'];
const whereItStands: JsonObject = {
  caseId: schemaRef('CaseId'),
  status: schemaRef('CaseStatus'),
  stage: schemaRef('CaseStage'),
  receivedAt: dateTime('When the referral was received.'),
  returnedAt: dateTime('When the referral was first returned as incomplete; absent if it never was.'),
  rejectedAt: dateTime('When the referral was rejected; absent unless it was.'),
  awaiting: {
    enum: [...Object.keys(AWAITED_MEANING), null],
    description: `The input the workflow waits for, or null:\n${bulletList(Object.entries(AWAITED_MEANING))}`,
  },
  missing: {
    type: 'array',
    items: { type: 'string' },
    description: 'The key details still missing, as the referrer reads them.',
  },
  pendingDeadlines: {
    type: 'array',
    description: 'Deadlines still to fall, earliest first.',
    items: {
      type: 'object',
      required: ['kind', 'dueAt'],
      properties: { kind: schemaRef('DeadlineKind'), dueAt: dateTime('When the deadline falls.') },
    },
  },
  closedAt: dateTime('When the case closed; absent while it is open, and for a rejected referral (see `rejectedAt`).'),
  owedEmails: {
    type: 'array',
    description: 'Emails the case owes and has not yet sent (SES refused them so far): each is sent, once, as soon as SES takes it.',
    items: { type: 'object', required: ['kind', 'owedSince'], properties: { kind: { type: 'string' }, owedSince: dateTime('Since when it is owed.') } },
  },
  needsAttention: {
    type: ['object', 'null'],
    description: "Set when the case's workflow stopped after a step failed past its retries: the step and the error's class, for operations to repair.",
    required: ['step', 'errorClass', 'since', 'execution'],
    properties: { step: { type: 'string' }, errorClass: { type: 'string' }, since: dateTime('When it stopped.'), execution: { type: 'string' } },
  },
};

function responseSchemas(): Record<string, JsonObject> {
  return {
    CaseStatus: {
      type: 'string',
      enum: Object.keys(STATUS_MEANING),
      description: `Where the case waits:\n${bulletList(Object.entries(STATUS_MEANING))}`,
    },
    CaseStage: {
      type: 'string',
      enum: Object.keys(STAGE_MEANING),
      description: `The part of the procedure the case is in:\n${bulletList(Object.entries(STAGE_MEANING))}`,
    },
    DeadlineKind: {
      type: 'string',
      enum: DEADLINE_KINDS,
      description: `The deadlines the workflow keeps:\n${bulletList(DEADLINE_KINDS.map((kind) => [kind, deadlineMeaning(kind)]))}`,
    },
    Accepted: {
      type: 'object',
      required: ['caseId', 'status'],
      properties: { caseId: schemaRef('CaseId'), status: schemaRef('CaseStatus') },
      description: 'The request was accepted; the workflow carries on in the background.',
    },
    CaseView: {
      type: 'object',
      required: [...WHERE_IT_STANDS_REQUIRED, 'decisions'],
      additionalProperties: false,
      properties: {
        ...whereItStands,
        allocatedTo: schemaRef('Allocation'),
        tracks: {
          type: 'object',
          required: ['police', 'section47', 'employer'],
          additionalProperties: false,
          description: 'The tracks the allegation follows, as last recorded.',
          properties: {
            police: { type: 'boolean', description: 'Whether the police are investigating.' },
            section47: { type: 'boolean', description: 'Whether section 47 enquiries may apply.' },
            employer: { enum: [...EMPLOYER_TRACKS], description: "The employer's track." },
          },
        },
        complex: { type: 'boolean', description: 'Whether the case is marked complex: its LADO reviews come more often.' },
        suspended: { type: 'boolean', description: 'Whether the person is suspended: the suspension is reviewed.' },
        outcome: {
          type: 'object',
          required: ['result', 'recordedBy', 'recordedAt'],
          additionalProperties: false,
          description: "The allegation's outcome, once recorded.",
          properties: {
            result: schemaRef('AllegationOutcome'),
            recordedBy: { type: 'string', description: "The recording officer's id." },
            recordedAt: dateTime('When it was recorded.'),
          },
        },
        duties: {
          type: 'object',
          additionalProperties: false,
          description: 'The duties that followed the outcome, each pending until the officer confirms it.',
          properties: Object.fromEntries(
            (['dbsReferral', 'regulatorReferral', 'lessonsLearned'] as const).map((duty) => [duty, { enum: ['pending', 'done'], description: deadlineMeaning(duty) }]),
          ),
        },
        closure: {
          type: 'object',
          required: ['reason', 'employerRecordsUntil', 'ladoRecordUntil'],
          additionalProperties: false,
          description: 'Why and how the case closed, with the retention dates of its records.',
          properties: {
            reason: { type: 'string', description: 'Why the case closed.' },
            leadAuthority: { type: 'string', description: 'On a transfer: the authority that leads.' },
            employerRecordsUntil: {
              type: ['string', 'null'],
              format: 'date',
              description: "Until when the employer keeps the allegation on the person's file; null when it is removed (a malicious allegation).",
            },
            ladoRecordUntil: { type: 'string', format: 'date', description: "Until when the LADO service keeps its own record." },
          },
        },
        deliveryProblems: {
          type: 'array',
          description: 'Emails about the case that could not be delivered, for the officer to reach the recipient another way.',
          items: {
            type: 'object',
            required: ['address', 'problem', 'emailKind', 'at'],
            additionalProperties: false,
            properties: {
              address: { type: 'string', description: 'The address that failed.' },
              problem: { type: 'string', description: 'Bounce, complaint, reject or delivery delay, as SES reports it.' },
              emailKind: { type: 'string', description: 'Which email it was.' },
              at: dateTime('When SES reported it.'),
            },
          },
        },
        decisions: {
          type: 'array',
          description: 'Every decision and record officers posted to the case, oldest first; the why is the rationale inside each.',
          items: {
            type: 'object',
            required: ['decision', 'decidedBy', 'decidedAt'],
            properties: {
              decision: schemaRef('OfficerDecision'),
              decidedBy: { type: 'string', description: "The recording officer's id." },
              decidedAt: dateTime('When it was recorded.'),
            },
          },
        },
      },
      description: "A case as LADO officers and managers see it: where it stands and what it is managed by. The referral's content is never returned.",
    },
    OperationsCaseView: {
      type: 'object',
      required: [...WHERE_IT_STANDS_REQUIRED, 'executionName', 'undeliveredEmails'],
      additionalProperties: false,
      properties: {
        ...whereItStands,
        executionName: {
          type: 'string',
          description: 'The execution that runs the case, or ran it last, by its name in Step Functions: `{caseId}-first-days`, then `{caseId}-management-{n}`.',
        },
        undeliveredEmails: { type: 'integer', minimum: 0, description: 'How many emails about the case could not be delivered.' },
      },
      description: 'A case as operations see it: where it stands and which execution runs it; no decision, no officer, no address.',
    },
    CaseHistory: {
      type: 'object',
      required: ['caseId', 'events'],
      properties: {
        caseId: schemaRef('CaseId'),
        events: { type: 'array', description: 'The audit trail, oldest first.', items: schemaRef('CaseEvent') },
      },
      description: "A case's append-only audit trail.",
    },
    CaseEvent: {
      type: 'object',
      required: ['type', 'actor', 'at'],
      properties: {
        type: { type: 'string', description: `What happened:\n${bulletList(HISTORY_EVENT_MEANING)}` },
        actor: { type: 'string', description: 'Who acted: an officer id, `referrer`, or `system` for the workflow.' },
        at: dateTime('When it happened.'),
        rationale: { type: 'string', description: "The officer's reason, on decisions and records." },
        details: {
          type: 'object',
          description: 'What kind of change, as identifiers and labels: never referral content, and not the case fields it changed.',
          additionalProperties: { type: ['string', 'number', 'boolean', 'array'], items: { type: 'string' } },
        },
      },
      description: 'One entry of the audit trail: who, when, why and what kind of change.',
    },
    Error: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
    ValidationError: {
      type: 'object',
      required: ['message', 'errors'],
      properties: {
        message: { type: 'string' },
        errors: {
          type: 'array',
          description: 'One entry per field at fault.',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: {
              path: { type: 'string', description: 'The field, dotted, e.g. `subject.address.postcode`; `body` for the body as a whole.' },
              message: { type: 'string', description: 'What is wrong, in words a referrer can act on.' },
            },
          },
        },
      },
    },
    ClockTime: {
      type: 'object',
      required: ['now'],
      properties: { now: dateTime("The local stack's virtual time.") },
    },
    ClockAdvance: {
      oneOf: [
        {
          type: 'object',
          required: ['advanceTo'],
          additionalProperties: false,
          properties: { advanceTo: dateTime('The instant to move to, with its offset, e.g. `2026-09-01T09:00:00Z`.') },
        },
        {
          type: 'object',
          required: ['advanceBy'],
          additionalProperties: false,
          properties: { advanceBy: { type: 'string', format: 'duration', description: 'An ISO-8601 duration, e.g. `P3D` or `PT2H`.' } },
        },
      ],
    },
  };
}

const errorExample = (message: string, errors?: Array<{ path: string; message: string }>) => ({ value: errors ? { message, errors } : { message } });

const sharedResponses = (unknownCaseId: string) => ({
  BadRequest: {
    description: 'The request is not valid: each field at fault is listed.',
    ...json({
      schema: schemaRef('ValidationError'),
      example: { message: 'The request is not valid', errors: [{ path: 'pathParameters.caseId', message: 'The case id must look like LADO-XXXXXXXXXX' }] },
    }),
  },
  PayloadTooLarge: {
    description: `The body is over ${MAX_BODY_BYTES / 1024} KB.`,
    ...json({
      schema: schemaRef('ValidationError'),
      example: { message: 'The request body is too large', errors: [{ path: 'body', message: `The body must be at most ${MAX_BODY_BYTES / 1024} KB` }] },
    }),
  },
  CaseNotFound: {
    description: 'No case has this id.',
    ...json({ schema: schemaRef('Error'), example: { message: `Case ${unknownCaseId} does not exist` } }),
  },
  Unauthorized: {
    description: "No token, or one the officer user pool did not issue or that has expired: API Gateway's answer. Locally, no development token or a garbled one.",
    ...json({ schema: schemaRef('Error'), example: { message: 'Unauthorized' } }),
  },
  IdempotencyKeyReused: {
    description: 'The Idempotency-Key was already used on this case for a request with other content.',
    ...json({ schema: schemaRef('Error'), example: { message: KEY_REUSED_MESSAGE } }),
  },
  UnsupportedMediaType: {
    description: 'The request has a body that is not sent as `application/json` (a `charset` other than `utf-8` included), or has no Content-Type.',
    ...json({
      schema: schemaRef('ValidationError'),
      example: {
        message: UNSUPPORTED_MEDIA_TYPE_MESSAGE,
        errors: [{ path: 'headers.Content-Type', message: 'Content-Type must be application/json, with no charset or charset=utf-8' }],
      },
    }),
  },
  ServiceUnavailable: {
    description:
      'DynamoDB or Step Functions was briefly unavailable or throttled. Every request is safe to send again as it was (the same body and Idempotency-Key): ' +
      'whatever was recorded is recorded whole, and a retry records nothing twice.',
    headers: {
      'Retry-After': { description: 'Seconds to wait before sending the request again.', schema: { type: 'integer', minimum: 1 }, example: RETRY_AFTER_SECONDS },
    },
    ...json({ schema: schemaRef('Error'), example: { message: SERVICE_UNAVAILABLE_MESSAGE } }),
  },
  InternalError: {
    description: 'A fault of the service. Nothing about the request is echoed back.',
    ...json({ schema: schemaRef('Error'), example: { message: 'Internal error' } }),
  },
});

/** What every route may answer whatever it does: a busy dependency, and, for a route that takes a body, a body that is not JSON. */
const commonResponses = (operation: JsonObject): JsonObject => ({
  ...('requestBody' in operation ? { '415': ref('responses/UnsupportedMediaType') } : {}),
  '503': ref('responses/ServiceUnavailable'),
});

// ---------------------------------------------------------------- examples

export function referralExamples(): { complete: Referral; incomplete: Referral } {
  const complete = JSON.parse(readFileSync(REFERRAL_EXAMPLE_PATH, 'utf8')) as Referral;
  const { dateOfBirth: _dateOfBirth, address: _address, ...subject } = complete.subject;
  return { complete, incomplete: { ...complete, submissionId: 'portal-2026-000124', subject } };
}

type Examples = ReturnType<typeof buildExamples>;


const applied = (result: Applied) => {
  if (!result.ok) throw new Error(`An example record was refused: ${result.conflict}`);
  return result;
};

const refused = (result: Applied) => {
  if (result.ok) throw new Error(`An example record meant to be refused was applied: ${result.event.type}`);
  return result.conflict;
};

const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

/** Example cases, taken through the domain rules so that statuses, deadlines and conflicts are the real ones. */
function buildExamples() {
  const { complete, incomplete } = referralExamples();
  const calendar = createWorkingCalendar();
  const receivedAt = new Date('2026-03-10T10:15:00.000Z');
  const returnedAt = later(receivedAt, 2);
  const decidedAt = new Date('2026-03-11T14:40:00.000Z');
  const tracksAt = new Date('2026-03-12T11:05:00.000Z');
  const outcomeAt = new Date('2026-05-20T15:30:00.000Z');
  const allocatedTo = { officerId: 'lado.mensah', email: 'lado.mensah@example.gov.uk' };
  const received = (referral: Referral): CaseRecord => ({
    caseId: caseIdForSubmission(referral.submissionId),
    submissionId: referral.submissionId,
    submissionFingerprint: fingerprint(referral),
    status: 'RECEIVED',
    receivedAt: receivedAt.toISOString(),
    referral,
    missing: [],
    deadlines: [],
    decisions: [],
  });
  const awaitingResubmission: CaseRecord = {
    ...received(incomplete),
    status: 'AWAITING_RESUBMISSION',
    returnedAt: returnedAt.toISOString(),
    missing: missingKeyDemographics(incomplete),
    awaiting: { kind: 'resubmission', since: returnedAt.toISOString() },
    deadlines: scheduleDeadlines(['returnReminder', 'returnCutoff'], returnedAt, calendar),
  };
  const awaitingDecision: CaseRecord = {
    ...received(complete),
    status: 'AWAITING_THRESHOLD_DECISION',
    awaiting: { kind: 'thresholdDecision', since: receivedAt.toISOString() },
    deadlines: scheduleDeadlines(['initialConsiderationChase', 'initialConsiderationEscalation'], receivedAt, calendar),
  };

  const allegation: ThresholdDecision = {
    kind: 'threshold',
    officerId: 'duty.lado.okafor',
    outcome: 'allegation',
    harmCriteria: ['harmed-child', 'risk-of-harm'],
    rationale:
      'Marks seen by a parent and two pupil witnesses: the alleged grab meets the harm test. Allegation management meeting to be convened with the school and police.',
    allocatedTo,
  };
  const consultation: ThresholdDecision = {
    kind: 'threshold',
    officerId: 'duty.lado.okafor',
    outcome: 'consultation',
    rationale: 'Contact was brief and proportionate to stop a pupil leaving the room; the school will follow its own conduct procedures.',
    allocatedTo,
  };
  const noFurtherAction: ThresholdDecision = {
    kind: 'threshold',
    officerId: 'duty.lado.okafor',
    outcome: 'no-further-action',
    rationale: 'A complaint about teaching style with no suggestion of harm to a child: for the school to handle under its complaints policy.',
  };
  const tracks: OfficerEvent = {
    kind: 'tracks',
    officerId: allocatedTo.officerId,
    rationale: 'Police are investigating a possible assault and will review progress with the CPS by 24 April; section 47 enquiries may apply; the school investigates under its disciplinary procedure.',
    police: true,
    policeTargetDate: '2026-04-24',
    section47: true,
    employer: 'investigation',
  };
  const outcome: OfficerEvent = {
    kind: 'outcome',
    officerId: allocatedTo.officerId,
    rationale: "The school's investigation and the police evidence establish the grab; the governors dismissed the teacher at the disciplinary hearing.",
    result: { outcome: 'substantiated', subOutcome: 'dismissal', conclusions: ['dismissed'], investigationCompleted: true },
  };

  const managed: CaseRecord = {
    ...applyThresholdDecision(awaitingDecision, allegation, decidedAt, calendar),
    awaiting: { kind: 'officerEvent', since: later(decidedAt, 1).toISOString() },
  };
  const tracked = applied(applyOfficerEvent(managed, tracks, tracksAt, calendar));
  const concluded = applied(applyOfficerEvent(tracked.next, outcome, outcomeAt, calendar));
  const underConsultation = applyThresholdDecision(awaitingDecision, consultation, decidedAt, calendar);
  const bareRecord = (kind: 'strategy-meeting-held' | 'close'): OfficerEvent => ({
    kind,
    officerId: allocatedTo.officerId,
    rationale: 'Recorded by the allocated LADO.',
  });

  const history: CaseEvent[] = [
    { type: 'ReferralReceived', actor: 'referrer', at: receivedAt.toISOString(), details: { submissionId: complete.submissionId } },
    { type: 'EmailSent', actor: 'system', at: later(receivedAt, 1).toISOString(), details: { kind: 'acknowledgement', recipient: 'referrer' } },
    { type: 'ReferralComplete', actor: 'system', at: later(receivedAt, 2).toISOString() },
    { type: 'WorkflowWaiting', actor: 'system', at: later(receivedAt, 2).toISOString(), details: { awaiting: 'thresholdDecision' } },
    {
      type: 'ThresholdDecisionRecorded',
      actor: allegation.officerId,
      at: decidedAt.toISOString(),
      rationale: allegation.rationale,
      details: { outcome: allegation.outcome },
    },
    { type: 'PhaseStarted', actor: 'system', at: later(decidedAt, 1).toISOString(), details: { phase: 'management', sequence: 1 } },
    { type: 'WorkflowWaiting', actor: 'system', at: later(decidedAt, 1).toISOString(), details: { awaiting: 'officerEvent' } },
    tracked.event,
  ];

  return {
    complete,
    incomplete,
    completeCaseId: awaitingDecision.caseId,
    returnedCaseId: awaitingResubmission.caseId,
    // An id no example submission maps to.
    unknownCaseId: caseIdForSubmission('portal-2026-999999'),
    allegation,
    consultation,
    noFurtherAction,
    tracks,
    outcome,
    statusAfter: {
      allegation: managed.status,
      noFurtherAction: applyThresholdDecision(awaitingDecision, noFurtherAction, decidedAt, calendar).status,
      outcome: concluded.next.status,
    },
    conflicts: {
      wrongStage: refused(applyOfficerEvent(underConsultation, outcome, outcomeAt, calendar)),
      nothingOutstanding: refused(applyOfficerEvent(managed, bareRecord('strategy-meeting-held'), tracksAt, calendar)),
      dutiesOutstanding: refused(applyOfficerEvent(concluded.next, bareRecord('close'), later(outcomeAt, 60), calendar)),
    },
    resubmission: { subject: { dateOfBirth: complete.subject.dateOfBirth, address: complete.subject.address } },
    awaitingResubmission: officerCaseView(awaitingResubmission),
    awaitingDecision: officerCaseView(awaitingDecision),
    allegationManagement: officerCaseView(tracked.next),
    concluded: officerCaseView(concluded.next),
    forOperations: operationsCaseView({
      ...tracked.next,
      phase: { name: 'management', sequence: 1, startedAt: later(decidedAt, 1).toISOString(), wakes: 2 },
    }),
    history: { caseId: awaitingDecision.caseId, events: history },
  };
}

// ---------------------------------------------------------------- operations

type RouteKey = `${ApiRoute['method']} ${string}`;

const caseIdParameter = ref('parameters/CaseId');

const IDEMPOTENCY_NOTE = (what: string) =>
  `Each ${what} is sent with an \`Idempotency-Key\` header: a new random value (a UUID) for each new ${what}, and the same value when retrying it after a timeout or a network error. ` +
  `A retry is answered as the first request was, and records nothing twice; the key is kept for a week. A key sent again with a different ${what} is refused with 422.`;

function routeOperations(examples: Examples): Record<RouteKey, JsonObject> {
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
          schema: schemaRef('Referral'),
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
          ...json({ schema: schemaRef('Accepted'), example: { caseId: examples.completeCaseId, status: 'RECEIVED' } }),
        },
        '400': {
          description: 'The request is not valid: each field at fault is listed.',
          ...json({
            schema: schemaRef('ValidationError'),
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
            schema: schemaRef('Error'),
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
        ...json({ schema: schemaRef('Resubmission'), examples: { missingDetails: { summary: "The subject's date of birth and address", value: examples.resubmission } } }),
      },
      responses: {
        '202': {
          description: 'Accepted: the completeness check runs again.',
          ...json({ schema: schemaRef('Accepted'), example: { caseId: examples.returnedCaseId, status: 'RECEIVED' } }),
        },
        '400': ref('responses/BadRequest'),
        '404': ref('responses/CaseNotFound'),
        '409': {
          description: 'The case is not awaiting a resubmission: never returned, already resubmitted, or rejected.',
          ...json({
            schema: schemaRef('Error'),
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
            schema: { oneOf: [schemaRef('CaseView'), schemaRef('OperationsCaseView')] },
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
          ...json({ schema: schemaRef('Error'), example: { message: `No case ${examples.unknownCaseId}` } }),
        },
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
          ...json({ schema: schemaRef('CaseHistory'), examples: { allegationManagement: { summary: 'An allegation under management', value: examples.history } } }),
        },
        '400': ref('responses/BadRequest'),
        '404': {
          description: 'No case has this id.',
          ...json({ schema: schemaRef('Error'), example: { message: `No case ${examples.unknownCaseId}` } }),
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
          schema: schemaRef('OfficerDecision'),
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
            schema: schemaRef('Accepted'),
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
            schema: schemaRef('Error'),
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
            schema: schemaRef('Error'),
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
          schema: schemaRef('ReconciliationRequest'),
          examples: { repair: { summary: 'Check, and repair what can be repaired', value: { repair: true } } },
        }),
      },
      responses: {
        '200': {
          description: 'What was found, and with `repair`, what was done.',
          ...json({
            schema: {
              type: 'object',
              required: ['checkedAt', 'activeCases', 'runningExecutions', 'drift'],
              properties: {
                checkedAt: { type: 'string', format: 'date-time' },
                activeCases: { type: 'integer' },
                runningExecutions: { type: 'integer' },
                drift: { type: 'array', items: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: [...DRIFT_KINDS] } } } },
                repairs: { type: 'array', items: { type: 'object', required: ['drift', 'action'], properties: { action: { type: 'string', enum: ['restarted', 'stopped', 'none', 'failed'] } } } },
              },
            },
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
  };
}

const LOCAL_ONLY = 'Served by the local stack only: the deployed API does not have this endpoint.';

const localPaths = {
  '/local/clock': {
    get: {
      operationId: 'getClock',
      tags: ['local-only'],
      summary: 'The virtual time',
      description: LOCAL_ONLY,
      servers: [LOCAL_SERVER],
      responses: { '200': { description: 'The virtual time.', ...json({ schema: schemaRef('ClockTime') }) } },
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
          schema: schemaRef('ClockAdvance'),
          examples: {
            advanceTo: { summary: 'To an instant', value: { advanceTo: '2026-03-16T09:00:00Z' } },
            advanceBy: { summary: 'By a duration', value: { advanceBy: 'P3D' } },
          },
        }),
      },
      responses: {
        '200': { description: 'The clock has moved and all it set off has settled.', ...json({ schema: schemaRef('ClockTime') }) },
        '400': {
          description: 'The body is not valid, or names a time in the past.',
          ...json({
            schema: schemaRef('ValidationError'),
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
      responses: { '200': { description: 'This OpenAPI document.', ...json({ schema: { type: 'object' } }) } },
    },
  },
};

// ---------------------------------------------------------------- access

const securitySchemes = {
  portalSigV4: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      'AWS Signature Version 4 for the service `execute-api`, signed with the credentials of the portal\'s IAM role (the deployment setting `portalPrincipalArn`): ' +
      'the `Authorization`, `X-Amz-Date` and, for temporary credentials, `X-Amz-Security-Token` headers. The API\'s resource policy refuses every other principal. ' +
      'Locally: `Authorization: Bearer dev:portal`.',
    'x-amazon-apigateway-authtype': 'awsSigv4',
  },
  officerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'The ID token of an officer signed in to the officer user pool (Cognito, with MFA), whose username is their officer id. ' +
      `Its groups (${OFFICER_GROUPS.map((group) => `\`${group}\``).join(', ')}) decide which officer endpoints answer. ` +
      'Locally: `Authorization: Bearer dev:<username>:<group>[,<group>…]`.',
  },
};

const officerGroupsOf = (name: ApiRoute['function']): readonly string[] => {
  const { access } = routeOf(name);
  return access.kind === 'officer' ? access.groups : [];
};

/** What a route's access rule adds to its operation: the security requirement, who may call it, and the refusals. */
function accessOf(route: ApiRoute): { security: JsonObject[]; who: string; responses: JsonObject } {
  if (route.access.kind === 'portal') {
    return {
      security: [{ portalSigV4: [] }],
      who: "Called by the portal only, with requests signed by its IAM role (SigV4).",
      responses: {
        '401': { description: 'Locally, no development token or a garbled one. (API Gateway answers an unsigned request with 403.)', ...json({ schema: schemaRef('Error'), example: { message: 'Unauthorized' } }) },
        '403': {
          description: "The request is not signed, is signed wrongly, or by another principal than the portal's role.",
          ...json({ schema: schemaRef('Error'), example: { message: 'Missing Authentication Token' } }),
        },
      },
    };
  }
  const groups = route.access.groups;
  return {
    security: [{ officerToken: [] }],
    who: `Open to signed-in officers in the groups ${groups.map((group) => `\`${group}\``).join(', ')}.`,
    responses: {
      '401': ref('responses/Unauthorized'),
      '403': {
        description: 'The officer is in none of the groups this endpoint is open to.',
        ...json({ schema: schemaRef('Error'), example: { message: notInGroupsMessage(groups) } }),
      },
    },
  };
}

/** Every route of API_ROUTES, and no other, with its description and who may call it. */
function apiPaths(examples: Examples): Record<string, JsonObject> {
  const operations: Record<string, JsonObject | undefined> = routeOperations(examples);
  const paths: Record<string, JsonObject> = {};
  for (const route of API_ROUTES) {
    const key = `${route.method} ${route.path}`;
    const operation = operations[key];
    if (!operation) throw new Error(`${key} is in API_ROUTES but scripts/openapi.ts does not describe it`);
    delete operations[key];
    const { responses, ...described } = operation as { responses: JsonObject; description: string };
    const access = accessOf(route);
    const merged: JsonObject = { ...access.responses, ...commonResponses(operation), ...responses };
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: {
        ...described,
        description: `${described.description}\n\n${access.who}`,
        security: access.security,
        responses: Object.fromEntries(Object.keys(merged).sort().map((status) => [status, merged[status]])),
      },
    };
  }
  const unrouted = Object.keys(operations);
  if (unrouted.length) throw new Error(`scripts/openapi.ts describes routes that API_ROUTES lacks: ${unrouted.join(', ')}`);
  return paths;
}

// ---------------------------------------------------------------- the document

export function buildOpenApiDocument(): object {
  const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const examples = buildExamples();
  return {
    openapi: '3.1.1',
    info: {
      title: 'LADO referrals',
      version,
      description: [
        'The workflow for referrals to the Local Authority Designated Officer (LADO) about people who work with children: a portal submits a referral; ' +
          'an incomplete one is returned to the referrer and rejected if the missing details do not arrive within three working days; ' +
          "the duty LADO's threshold decision is recorded; allegations and consultations are then managed by the allocated LADO through their outcome, " +
          'the duties that follow it and closure. The deadlines of the procedure are kept in working days, and every decision is kept with who made it, when and why.',
        "A referral's content is stored once, with its case. Only identifiers travel through the workflow, and no endpoint returns the content after it is submitted.",
        "Who may call what: the portal's endpoints take requests signed with the portal's IAM role (SigV4); the officers' endpoints take the ID token of an officer " +
          'signed in to the officer user pool, and each answers only the groups it names. Locally, development tokens stand in for both (see the security schemes).',
      ].join('\n\n'),
    },
    servers: [
      LOCAL_SERVER,
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com/v1',
        description: 'The deployed API Gateway stage',
        variables: {
          apiId: { default: 'abcdef1234', description: "The REST API's id, from the stack's endpoint output" },
          region: { default: 'eu-west-2', description: 'The AWS region deployed to' },
        },
      },
    ],
    tags: [
      { name: 'referrals', description: 'What the referral portal sends.' },
      { name: 'cases', description: 'What officers read and record.' },
      { name: 'local-only', description: 'Served by the local stack (`npm start`) to drive and inspect it. The deployed API does not have these endpoints.' },
    ],
    paths: { ...apiPaths(examples), ...localPaths },
    components: {
      schemas: { ...requestSchemas(), ...responseSchemas() },
      parameters: {
        CaseId: { name: 'caseId', in: 'path', required: true, schema: schemaRef('CaseId'), example: examples.completeCaseId },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'A new random value for each new request; the same value when retrying one.',
          schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
          example: '0b8f6c1e-5d0a-4c52-9a57-6f1f0f7f3f2d',
        },
      },
      responses: sharedResponses(examples.unknownCaseId),
      securitySchemes,
    },
  };
}

export function renderOpenApiYaml(document: object): string {
  const header = '# Generated by `npm run openapi` from functions/api-routes.ts and the zod schemas: do not edit by hand.\n';
  // No anchors or aliases, so each example reads in full; YAML 1.1 quoting keeps dates strings for 1.1 parsers too.
  return header + stringify(document, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 120, blockQuote: 'literal' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_YAML_PATH, renderOpenApiYaml(buildOpenApiDocument()));
  console.log(`Wrote ${path.relative(process.cwd(), OPENAPI_YAML_PATH)}`);
}
