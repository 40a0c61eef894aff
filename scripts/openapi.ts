import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { z } from 'zod';
import { API_ROUTES, type ApiRoute } from '../infra/api-routes';
import { STAGE_OF, type AwaitedInput, type CaseStage, type CaseStatus } from '../functions/domain/case';
import { caseIdForSubmission } from '../functions/domain/case-id';
import { createWorkingCalendar } from '../functions/domain/calendar';
import { missingKeyDemographics } from '../functions/domain/completeness';
import {
  DEADLINE_KINDS,
  DEADLINE_POLICY,
  deadlinesFor,
  type DeadlineEvent,
  type DeadlineKind,
  type DeadlineMoment,
} from '../functions/domain/deadline-policy';
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
import { officerDecisionSchema, thresholdDecisionSchema, type ThresholdDecision } from '../functions/domain/threshold-decision';
import { caseIdSchema, MAX_BODY_BYTES } from '../functions/shared/handler';

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
  id: string;
  description?: string;
  minProperties?: number;
}

/** The request schemas, converted from zod; shared parts become components of their own. */
function requestSchemas(): Record<string, JsonObject> {
  const registry = z.registry<SchemaMeta>();
  registry.add(caseIdSchema, {
    id: 'CaseId',
    description: 'A case id, issued as `LADO-` and 10 Crockford base32 characters (no I, L, O or U) derived from the submission id.',
  });
  registry.add(referralSchema, {
    id: 'Referral',
    description:
      'A referral as the portal submits it. Key demographics may be left out: the referral is still received, then returned to the referrer for them.',
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
  registry.add(thresholdDecisionSchema, { id: 'ThresholdDecision', description: "The duty LADO's threshold decision, with who made it and why." });
  registry.add(officerDecisionSchema, { id: 'OfficerDecision', description: 'A decision an officer records on a case.' });

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
  THRESHOLD_DECIDED: 'the threshold decision is recorded',
};

const STAGE_MEANING: Record<CaseStage, string> = {
  receipt: 'the referral has arrived and is being checked',
  completeness: 'the referral was returned for missing key details',
  'initial-consideration': 'the duty LADO is considering the referral',
  'threshold-decided': 'the threshold decision is made',
  closed: 'nothing more happens on the case',
};

const AWAITED_MEANING: Record<AwaitedInput, string> = {
  resubmission: "the referrer's missing details (`POST /referrals/{caseId}/resubmission`)",
  thresholdDecision: "the duty LADO's threshold decision (`POST /cases/{caseId}/decisions`)",
};

const EVENT_WORDING: Record<DeadlineEvent, string> = {
  referralFirstReturned: 'the referral was first returned',
  referralComplete: 'the referral became complete',
};

const MOMENT_WORDING: Record<DeadlineMoment, string> = {
  startOfWorkingDay: 'at the opening of the working day',
  endOfWorkingDay: 'at the close of the working day',
};

function deadlineMeaning(kind: DeadlineKind): string {
  const { description, period, at, countedFrom } = DEADLINE_POLICY[kind];
  const unit = period.unit === 'workingDays' ? 'working day' : 'calendar month';
  return `${description}. Due ${MOMENT_WORDING[at]} ${period.count} ${unit}${period.count === 1 ? '' : 's'} after ${EVENT_WORDING[countedFrom]}.`;
}

const dateTime = (description: string) => ({ type: 'string', format: 'date-time', description });

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
      required: ['caseId', 'status', 'stage', 'receivedAt', 'awaiting', 'missing', 'pendingDeadlines', 'decisions'],
      properties: {
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
        decisions: {
          type: 'array',
          description: 'The decisions recorded on the case, oldest first.',
          items: {
            type: 'object',
            required: ['decision', 'decidedBy', 'decidedAt'],
            properties: {
              decision: schemaRef('ThresholdDecision'),
              decidedBy: { type: 'string', description: "The deciding officer's id." },
              decidedAt: dateTime('When the decision was recorded.'),
            },
          },
        },
      },
      description: "Where a case stands. The referral's content is never returned.",
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
  InternalError: {
    description: 'A fault of the service. Nothing about the request is echoed back.',
    ...json({ schema: schemaRef('Error'), example: { message: 'Internal error' } }),
  },
});

// ---------------------------------------------------------------- examples

export function referralExamples(): { complete: Referral; incomplete: Referral } {
  const complete = JSON.parse(readFileSync(REFERRAL_EXAMPLE_PATH, 'utf8')) as Referral;
  const { dateOfBirth: _dateOfBirth, address: _address, ...subject } = complete.subject;
  return { complete, incomplete: { ...complete, submissionId: 'portal-2026-000124', subject } };
}

type Examples = ReturnType<typeof buildExamples>;

function buildExamples() {
  const { complete, incomplete } = referralExamples();
  const calendar = createWorkingCalendar();
  const receivedAt = new Date('2026-03-10T10:15:00.000Z');
  const returnedAt = new Date('2026-03-10T10:15:02.000Z');
  const decidedAt = new Date('2026-03-11T14:40:00.000Z');
  const due = (kinds: DeadlineKind[], from: Date) => deadlinesFor(kinds, from, calendar).map(({ kind, dueAt }) => ({ kind, dueAt: dueAt.toISOString() }));
  const completeCaseId = caseIdForSubmission(complete.submissionId);
  const returnedCaseId = caseIdForSubmission(incomplete.submissionId);
  const allegation: ThresholdDecision = {
    kind: 'threshold',
    officerId: 'duty.lado.okafor',
    outcome: 'allegation',
    harmCriteria: ['harmed-child', 'risk-of-harm'],
    rationale:
      'Marks seen by a parent and two pupil witnesses: the alleged grab meets the harm test. Allegation management meeting to be convened with the school and police.',
  };
  const consultation: ThresholdDecision = {
    kind: 'threshold',
    officerId: 'duty.lado.okafor',
    outcome: 'consultation',
    rationale: 'Contact was brief and proportionate to stop a pupil leaving the room; the school will follow its own conduct procedures.',
  };
  return {
    complete,
    incomplete,
    completeCaseId,
    returnedCaseId,
    // An id no example submission maps to.
    unknownCaseId: caseIdForSubmission('portal-2026-999999'),
    allegation,
    consultation,
    resubmission: { subject: { dateOfBirth: complete.subject.dateOfBirth, address: complete.subject.address } },
    awaitingResubmission: {
      caseId: returnedCaseId,
      status: 'AWAITING_RESUBMISSION',
      stage: STAGE_OF.AWAITING_RESUBMISSION,
      receivedAt: receivedAt.toISOString(),
      returnedAt: returnedAt.toISOString(),
      awaiting: 'resubmission',
      missing: missingKeyDemographics(incomplete).map((item) => item.label),
      pendingDeadlines: due(['returnReminder', 'returnCutoff'], returnedAt),
      decisions: [],
    },
    awaitingDecision: {
      caseId: completeCaseId,
      status: 'AWAITING_THRESHOLD_DECISION',
      stage: STAGE_OF.AWAITING_THRESHOLD_DECISION,
      receivedAt: receivedAt.toISOString(),
      awaiting: 'thresholdDecision',
      missing: [],
      pendingDeadlines: due(['initialConsiderationChase', 'initialConsiderationEscalation'], receivedAt),
      decisions: [],
    },
    decided: {
      caseId: completeCaseId,
      status: 'THRESHOLD_DECIDED',
      stage: STAGE_OF.THRESHOLD_DECIDED,
      receivedAt: receivedAt.toISOString(),
      awaiting: null,
      missing: [],
      pendingDeadlines: [],
      decisions: [{ decision: allegation, decidedBy: allegation.officerId, decidedAt: decidedAt.toISOString() }],
    },
  };
}

// ---------------------------------------------------------------- operations

type RouteKey = `${ApiRoute['method']} ${string}`;

const caseIdParameter = ref('parameters/CaseId');

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
      description:
        'Accepted only while the case awaits a resubmission. A resubmission that still leaves details missing is returned again, but the original three-working-day cut-off stands.',
      parameters: [caseIdParameter],
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
        '500': ref('responses/InternalError'),
      },
    },
    'GET /cases/{caseId}': {
      operationId: 'getCase',
      tags: ['cases'],
      summary: 'Where a case stands',
      description: "The case's status, what it waits for, what is missing, the deadlines still to fall and the decisions made. Never the referral's content.",
      parameters: [caseIdParameter],
      responses: {
        '200': {
          description: 'The case.',
          ...json({
            schema: schemaRef('CaseView'),
            examples: {
              awaitingResubmission: { summary: 'Returned to the referrer', value: examples.awaitingResubmission },
              awaitingThresholdDecision: { summary: 'Waiting for the duty LADO', value: examples.awaitingDecision },
              thresholdDecided: { summary: 'Threshold decision recorded', value: examples.decided },
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
    'POST /cases/{caseId}/decisions': {
      operationId: 'recordDecision',
      tags: ['cases'],
      summary: 'Record an officer’s decision',
      description: "Records the duty LADO's threshold decision, with who made it and why. Accepted only while the case awaits that decision.",
      parameters: [caseIdParameter],
      requestBody: {
        required: true,
        ...json({
          schema: schemaRef('OfficerDecision'),
          examples: {
            allegation: { summary: 'The threshold is met', value: examples.allegation },
            consultation: { summary: 'A consultation only', value: examples.consultation },
          },
        }),
      },
      responses: {
        '202': {
          description: 'Recorded.',
          ...json({ schema: schemaRef('Accepted'), example: { caseId: examples.completeCaseId, status: 'THRESHOLD_DECIDED' } }),
        },
        '400': ref('responses/BadRequest'),
        '404': ref('responses/CaseNotFound'),
        '409': {
          description: 'The case is not awaiting this decision: it came too early, too late, or a second time.',
          ...json({ schema: schemaRef('Error'), example: { message: 'This case is not awaiting a threshold decision: its status is THRESHOLD_DECIDED.' } }),
        },
        '413': ref('responses/PayloadTooLarge'),
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

/** Every route of API_ROUTES, and no other, with its description. */
function apiPaths(examples: Examples): Record<string, JsonObject> {
  const operations: Record<string, JsonObject | undefined> = routeOperations(examples);
  const paths: Record<string, JsonObject> = {};
  for (const route of API_ROUTES) {
    const key = `${route.method} ${route.path}`;
    const operation = operations[key];
    if (!operation) throw new Error(`${key} is in API_ROUTES but scripts/openapi.ts does not describe it`);
    delete operations[key];
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
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
          "the deadlines of the procedure are kept in working days; and the duty LADO's threshold decision is recorded.",
        "A referral's content is stored once, with its case. Only identifiers travel through the workflow, and no endpoint returns the content after it is submitted.",
        'Authentication is not enforced yet: it is added in the production hardening. Until then the API must carry test data only.',
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
      },
      responses: sharedResponses(examples.unknownCaseId),
    },
  };
}

export function renderOpenApiYaml(document: object): string {
  const header = '# Generated by `npm run openapi` from infra/api-routes.ts and the zod schemas: do not edit by hand.\n';
  // No anchors or aliases, so each example reads in full; YAML 1.1 quoting keeps dates strings for 1.1 parsers too.
  return header + stringify(document, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 120, blockQuote: 'literal' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_YAML_PATH, renderOpenApiYaml(buildOpenApiDocument()));
  console.log(`Wrote ${path.relative(process.cwd(), OPENAPI_YAML_PATH)}`);
}
