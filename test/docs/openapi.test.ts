import { reconciliationRequestSchema } from '../../functions/domain/reconciliation';
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { STAGE_OF, type CaseRecord, type CaseStatus } from '../../functions/domain/case';
import { correctionSchema } from '../../functions/domain/corrections';
import { reopeningSchema } from '../../functions/domain/reopening';
import { applyOfficerEvent, officerDecisionSchema, officerEventSchema, type OfficerEvent } from '../../functions/domain/officer-records';
import { missingKeyDemographics } from '../../functions/domain/completeness';
import { addressSchema, REFERRAL_CHANNELS, referralSchema, resubmissionSchema } from '../../functions/domain/referral-schema';
import { DEADLINE_KINDS } from '../../functions/domain/deadline-policy';
import {
  AUDIT_EVENT_TYPES,
  AWAITED_INPUTS,
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  NOTIFICATION_KINDS,
  OFFICER_RECORD_KINDS,
} from '../../functions/domain/lifecycle-contract';
import { API_ROUTES } from '../../functions/api-routes';
import { annualReportSchema } from '../../functions/annual-report/annual-report-view';
import { caseloadsSchema } from '../../functions/caseloads/caseloads-view';
import { caseWorkflowSchema } from '../../functions/case-workflow/workflow-view';
import { dutyListSchema } from '../../functions/duty-list/duty-list-view';
import { executionsPageSchema } from '../../functions/executions/executions-view';
import { officerCaseViewSchema, operationsCaseViewSchema } from '../../functions/get-case/case-view';
import { caseHistorySchema } from '../../functions/get-history/case-history';
import { keyedReferralRequestSchema } from '../../functions/keyed-referral/schemas';
import { keyedResubmissionSchema } from '../../functions/keyed-resubmission/schemas';
import { caseListPageSchema } from '../../functions/list-cases/case-list-view';
import { reconcilerFindingsSchema } from '../../functions/reconciler-findings/findings-view';
import { enquiryLinkSchema, enquiryRequestSchema } from '../../functions/domain/enquiries';
import { enquiryLinkedSchema } from '../../functions/link-enquiry/schemas';
import { enquiryListSchema } from '../../functions/list-enquiries/enquiries-view';
import { enquiryRecordedSchema } from '../../functions/record-enquiry/schemas';
import { buildOpenApiDocument, OPENAPI_YAML_PATH, RECORDS_BY_STATUS, referralExamples } from '../../scripts/openapi';
import { acceptedSchema, errorSchema, reconciliationReportSchema, validationErrorSchema } from '../../scripts/openapi/responses';

interface MediaType {
  schema?: { $ref?: string };
  examples?: Record<string, { value: unknown }>;
}

interface OpenApiDocument {
  openapi: string;
  components: { schemas: Record<string, { enum?: unknown[]; description?: string }> };
  paths: Record<
    string,
    Record<string, { tags?: string[]; security?: Array<Record<string, string[]>>; requestBody?: { content: Record<string, MediaType> }; responses: Record<string, { content?: Record<string, MediaType> }> }>
  >;
}

// Compared as JSON: what the local stack serves and what a reader of the YAML sees.
const built = JSON.parse(JSON.stringify(buildOpenApiDocument())) as OpenApiDocument;

/** Every value in a JSON tree, with its JSON pointer. */
function* walk(value: unknown, pointer = ''): Generator<[string, unknown]> {
  yield [pointer, value];
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* walk(child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  }
}

function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), document);
}

describe('docs/openapi.yaml', () => {
  it('is what scripts/openapi.ts generates', () => {
    const committed: unknown = parseYaml(readFileSync(OPENAPI_YAML_PATH, 'utf8'));
    expect(committed, 'docs/openapi.yaml is out of date: run `npm run openapi` and commit the result').toEqual(built);
  });

  it('describes every route of API_ROUTES', () => {
    for (const route of API_ROUTES) {
      expect(built.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  it('says who may call each route, as the route table does, and how each refuses', () => {
    for (const route of API_ROUTES) {
      const operation = built.paths[route.path]![route.method.toLowerCase()]!;
      expect(operation.security, `${route.method} ${route.path}`).toEqual([route.access.kind === 'portal' ? { portalSigV4: [] } : { officerToken: [] }]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('describes nothing else but the local-only endpoints', () => {
    const routed = new Set(API_ROUTES.map((route) => `${route.method.toLowerCase()} ${route.path}`));
    for (const [path, operations] of Object.entries(built.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!routed.has(`${method} ${path}`)) expect(operation.tags, `${method.toUpperCase()} ${path}`).toEqual(['local-only']);
      }
    }
  });

  it('is a valid OpenAPI document', async () => {
    const result = await new Validator().validate(built as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(built.openapi).toMatch(/^3\.1\./);
  });

  it('has every $ref resolve', () => {
    for (const [pointer, value] of walk(built)) {
      if (!pointer.endsWith('/$ref')) continue;
      expect(typeof value, pointer).toBe('string');
      expect(String(value), pointer).toMatch(/^#\//);
      expect(resolvePointer(built, String(value).slice(1)), `${pointer}: ${String(value)}`).toBeDefined();
    }
  });

  it('has patterns that compile as ECMA-262 unicode regular expressions', () => {
    const patterns = [...walk(built)].filter(([pointer]) => pointer.endsWith('/pattern')).map(([, pattern]) => String(pattern));
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) expect(() => new RegExp(pattern, 'u'), pattern).not.toThrow();
  });

  it('keeps the case-insensitive postcode rule', () => {
    const postcode = resolvePointer(built, '/components/schemas/Address/properties/postcode/pattern');
    const pattern = new RegExp(String(postcode), 'u');
    expect(pattern.test('mb4 7qt')).toBe(true);
    expect(addressSchema.shape.postcode.safeParse('mb4 7qt').success).toBe(true);
  });

  it('has request examples that the handlers accept', () => {
    const schemaFor: Record<string, z.core.$ZodType> = {
      '#/components/schemas/Referral': referralSchema,
      '#/components/schemas/Resubmission': resubmissionSchema,
      '#/components/schemas/KeyedReferralRequest': keyedReferralRequestSchema,
      '#/components/schemas/KeyedResubmission': keyedResubmissionSchema,
      '#/components/schemas/OfficerDecision': officerDecisionSchema,
      '#/components/schemas/Correction': correctionSchema,
      '#/components/schemas/Reopening': reopeningSchema,
      '#/components/schemas/ReconciliationRequest': reconciliationRequestSchema,
      '#/components/schemas/EnquiryRequest': enquiryRequestSchema,
      '#/components/schemas/EnquiryLink': enquiryLinkSchema,
    };
    for (const route of API_ROUTES.filter((candidate) => candidate.method === 'POST')) {
      const media = built.paths[route.path]?.post?.requestBody?.content['application/json'];
      const schema = schemaFor[media?.schema?.$ref ?? ''];
      expect(schema, `schema for ${route.path}`).toBeDefined();
      expect(Object.keys(media?.examples ?? {}).length, `examples for ${route.path}`).toBeGreaterThan(0);
      for (const [name, example] of Object.entries(media?.examples ?? {})) {
        const parsed = z.safeParse(schema!, example.value);
        expect(parsed.error?.issues, `${route.path} example ${name}`).toBeUndefined();
      }
    }
  });

  it('has response examples that match their response schemas', () => {
    // The document's own references, resolved against the document itself.
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(built, 'openapi');
    const absolute = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
    let checked = 0;
    for (const [path, operations] of Object.entries(built.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const media = response.content?.['application/json'] as (MediaType & { example?: unknown }) | undefined;
          if (!media?.schema) continue;
          const validate = ajv.compile(absolute(media.schema));
          const examples = [...Object.entries(media.examples ?? {}).map(([name, example]) => [name, example.value] as const), ...(media.example ? [['example', media.example] as const] : [])];
          for (const [name, value] of examples) {
            expect(validate(value) ? [] : validate.errors, `${method.toUpperCase()} ${path} ${status} ${name}`).toEqual([]);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('has case examples whose decisions the decision handler accepts', () => {
    const examples = built.paths['/cases/{caseId}']?.get?.responses['200']?.content?.['application/json']?.examples ?? {};
    const decisions = Object.values(examples).flatMap((example) => (example.value as { decisions?: Array<{ decision: unknown }> }).decisions ?? []);
    expect(decisions.length).toBeGreaterThan(0);
    for (const { decision } of decisions) expect(officerDecisionSchema.safeParse(decision).error?.issues).toBeUndefined();
  });
});

describe('the responses, generated from the schemas the handlers answer with', () => {
  const answeredWith: Record<string, z.core.$ZodType> = {
    '#/components/schemas/CaseView': officerCaseViewSchema,
    '#/components/schemas/OperationsCaseView': operationsCaseViewSchema,
    '#/components/schemas/CaseHistory': caseHistorySchema,
    '#/components/schemas/CaseList': caseListPageSchema,
    '#/components/schemas/DutyList': dutyListSchema,
    '#/components/schemas/Caseloads': caseloadsSchema,
    '#/components/schemas/CaseWorkflow': caseWorkflowSchema,
    '#/components/schemas/Executions': executionsPageSchema,
    '#/components/schemas/ReconcilerFindings': reconcilerFindingsSchema,
    '#/components/schemas/ReconciliationReport': reconciliationReportSchema,
    '#/components/schemas/AnnualReport': annualReportSchema,
    '#/components/schemas/Accepted': acceptedSchema,
    '#/components/schemas/Error': errorSchema,
    '#/components/schemas/ValidationError': validationErrorSchema,
    '#/components/schemas/EnquiryRecorded': enquiryRecordedSchema,
    '#/components/schemas/EnquiryList': enquiryListSchema,
    '#/components/schemas/EnquiryLinked': enquiryLinkedSchema,
  };
  const zodFor = (schema: { $ref?: string; oneOf?: Array<{ $ref?: string }> } | undefined): z.core.$ZodType | undefined => {
    if (schema?.$ref) return answeredWith[schema.$ref];
    const options = schema?.oneOf?.map(zodFor);
    return options?.every((option) => option !== undefined) ? z.xor(options as [z.core.$ZodType, z.core.$ZodType]) : undefined;
  };

  it('has every success response described by a handler\'s schema, and its examples accepted by it', () => {
    let checked = 0;
    for (const route of API_ROUTES) {
      const operation = built.paths[route.path]![route.method.toLowerCase()]!;
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = response.content?.['application/json'] as (MediaType & { schema?: { oneOf?: Array<{ $ref?: string }> }; example?: unknown }) | undefined;
        const schema = zodFor(media?.schema);
        if (status.startsWith('2')) expect(schema, `${route.method} ${route.path} ${status}`).toBeDefined();
        if (!schema) continue;
        const examples = [...Object.values(media?.examples ?? {}).map((example) => example.value), ...(media?.example ? [media.example] : [])];
        for (const example of examples) {
          expect(z.safeParse(schema, example).error?.issues, `${route.method} ${route.path} ${status}`).toBeUndefined();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("the catalogues, as the core's constants have them", () => {
  const { schemas } = built.components;
  const mentions = (description: string | undefined, value: string) => expect(description, value).toContain(`\`${value}\``);

  it.each([
    ['CaseStatus', CASE_STATUSES],
    ['CaseStage', [...new Set(Object.values(STAGE_OF))]],
    ['DeadlineKind', DEADLINE_KINDS],
    ['AwaitedInput', AWAITED_INPUTS],
    ['NotificationKind', NOTIFICATION_KINDS],
    ['ReferralChannel', REFERRAL_CHANNELS],
  ] as const)('%s lists and describes every value, and no other', (name, values) => {
    expect([...schemas[name]!.enum!].sort()).toEqual([...values].sort());
    for (const value of values) mentions(schemas[name]!.description, value);
  });

  it('AuditEventType takes every event type the core writes, and describes each', () => {
    const ajv = new Ajv2020({ strict: false });
    const isEventType = ajv.compile(schemas['AuditEventType']!);
    for (const type of AUDIT_EVENT_TYPES) expect(isEventType(type), type).toBe(true);
    for (const type of ['Officer:unknown-kind', 'SomethingElse', 'Officer:']) expect(isEventType(type), type).toBe(false);
    for (const type of CASE_EVENT_TYPES) mentions(schemas['AuditEventType']!.description, type);
    for (const kind of OFFICER_RECORD_KINDS) mentions(schemas['AuditEventType']!.description, kind);
  });
});

describe('the records each status accepts, as the decisions operation lists them', () => {
  const base = { officerId: 'lado.mensah', rationale: 'Recorded to probe which statuses accept it.' };
  const allocatedTo = { officerId: 'lado.ahmed', email: 'lado.ahmed@example.gov.uk' };
  const samples: { [K in OfficerEvent['kind']]: Extract<OfficerEvent, { kind: K }> } = {
    tracks: { ...base, kind: 'tracks', police: false, section47: false, employer: 'none' },
    'strategy-meeting-held': { ...base, kind: 'strategy-meeting-held' },
    'employer-action-taken': { ...base, kind: 'employer-action-taken' },
    'disciplinary-hearing-held': { ...base, kind: 'disciplinary-hearing-held' },
    'police-update': { ...base, kind: 'police-update' },
    'review-done': { ...base, kind: 'review-done' },
    suspension: { ...base, kind: 'suspension', suspended: true },
    reallocate: { ...base, kind: 'reallocate', allocatedTo },
    complexity: { ...base, kind: 'complexity', complex: true },
    'escalate-to-allegation': { ...base, kind: 'escalate-to-allegation', harmCriteria: ['risk-of-harm'] },
    'close-consultation': { ...base, kind: 'close-consultation', outcome: 'management action' },
    outcome: {
      ...base,
      kind: 'outcome',
      result: { outcome: 'unsubstantiated', conclusions: ['remained in post'], investigationCompleted: true },
    },
    'dbs-referral-confirmed': { ...base, kind: 'dbs-referral-confirmed' },
    'regulator-referral-considered': { ...base, kind: 'regulator-referral-considered', referred: false },
    'lessons-learned-done': { ...base, kind: 'lessons-learned-done' },
    'feedback-given': { ...base, kind: 'feedback-given', givenBy: 'social worker' },
    close: { ...base, kind: 'close' },
  };
  const listed: Partial<Record<CaseStatus, readonly string[]>> = RECORDS_BY_STATUS;
  const record = (status: CaseStatus): CaseRecord => ({
    caseId: 'LADO-0000000000',
    submissionId: 'portal-probe',
    submissionFingerprint: 'probe',
    status,
    receivedAt: '2026-03-10T10:15:00.000Z',
    referral: referralExamples().complete,
    missing: [],
    deadlines: [],
    decisions: [],
    allocation: allocatedTo,
  });

  it('has a valid sample of every kind', () => {
    expect(Object.keys(samples).sort()).toEqual(officerEventSchema.def.options.map((option) => option.shape.kind.def.values[0]).sort());
    for (const sample of Object.values(samples)) expect(officerEventSchema.safeParse(sample).error?.issues, sample.kind).toBeUndefined();
  });

  it.each(Object.keys(STAGE_OF) as CaseStatus[])('%s', (status) => {
    const at = new Date('2026-03-12T11:05:00.000Z');
    for (const sample of Object.values(samples)) {
      const result = applyOfficerEvent(record(status), sample, at, createWorkingCalendar());
      const refusedForStage = !result.ok && result.conflict.startsWith(`A "${sample.kind}" record does not apply`);
      expect(refusedForStage, `${sample.kind} in ${status}`).toBe(!(listed[status] ?? []).includes(sample.kind));
    }
  });
});

describe('the example referrals', () => {
  const { complete, incomplete } = referralExamples();
  const published = built.paths['/referrals']?.post?.requestBody?.content['application/json']?.examples;

  it('are the ones the document shows, the complete one from docs/examples/referral.json', () => {
    expect(JSON.parse(readFileSync(new URL('../../docs/examples/referral.json', import.meta.url), 'utf8'))).toEqual(complete);
    expect(published?.complete?.value).toEqual(complete);
    expect(published?.incomplete?.value).toEqual(incomplete);
  });

  it('the complete one is valid and lacks no key demographic', () => {
    const parsed = referralSchema.safeParse(complete);
    expect(parsed.error?.issues).toBeUndefined();
    expect(missingKeyDemographics(parsed.data!)).toEqual([]);
  });

  it("the incomplete one is received but lacks the subject's date of birth and address", () => {
    const parsed = referralSchema.safeParse(incomplete);
    expect(parsed.error?.issues).toBeUndefined();
    expect(missingKeyDemographics(parsed.data!).map((item) => item.field)).toEqual(['subject.dateOfBirth', 'subject.address']);
  });
});
