import * as z from '../domain/zod';
import type { CaseEvent } from '../domain/case';
import { CASE_EVENT_TYPES, OFFICER_RECORD_EVENT_PREFIX, OFFICER_RECORD_KINDS } from '../domain/lifecycle-contract';
import { caseIdSchema } from '../shared/handler';

/** What happened: one of the case events, or `Officer:` and the kind of an officer record (the lifecycle contract lists both). */
export const caseEventTypeSchema = z.enum(CASE_EVENT_TYPES);
export const officerRecordEventTypeSchema = z.templateLiteral([OFFICER_RECORD_EVENT_PREFIX, z.enum(OFFICER_RECORD_KINDS)]);
export const auditEventTypeSchema = z.union([caseEventTypeSchema, officerRecordEventTypeSchema]);

/**
 * What GET /cases/{caseId}/history answers: the audit trail, each entry as
 * CaseEvent has it once the handler has taken out what changed, with its id. The schema
 * has exactly CaseEvent's fields (checked below), and docs/openapi.yaml is
 * generated from it (scripts/openapi), which also says what each type means.
 */
export const caseEventSchema = z
  .strictObject({
    eventId: z.string().check(z.meta({ description: "The event's id in the trail: a correction names the record it corrects by it (POST /cases/{caseId}/corrections)." })),
    type: auditEventTypeSchema,
    actor: z.string().check(z.meta({ description: 'Who acted: an officer id, `referrer`, or `system` for the workflow.' })),
    at: z.iso.datetime().check(z.meta({ description: 'When it happened.' })),
    rationale: z.optional(z.string()).check(z.meta({ description: "The officer's reason, on decisions and records." })),
    details: z
      .optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])))
      .check(z.meta({ description: 'What kind of change, as identifiers and labels: never referral content, and not the case fields it changed.' })),
  })
  .check(z.meta({ description: 'One entry of the audit trail: who, when, why and what kind of change.' }));

export const caseHistorySchema = z
  .strictObject({
    caseId: caseIdSchema,
    events: z.array(caseEventSchema).check(z.meta({ description: 'The audit trail, oldest first.' })),
  })
  .check(z.meta({ description: "A case's append-only audit trail." }));
export type CaseHistory = z.infer<typeof caseHistorySchema>;

/** The schema's entry and CaseEvent, with its id in the trail, have the same fields, of the same types: neither can gain one alone. */
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type AllTrue<T extends true[]> = T;
export type CaseEventSchemaIsCaseEvent = AllTrue<[Same<z.infer<typeof caseEventSchema>, CaseEvent & { eventId: string }>]>;
