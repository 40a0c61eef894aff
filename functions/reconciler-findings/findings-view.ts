import * as z from '../domain/zod';
import type { Drift } from '../domain/reconciliation';
import { caseIdSchema } from '../shared/handler';

/**
 * What GET /operations/findings answers: the latest check of the record
 * against the running workflows. The handler returns its z.infer, and each
 * kind of drift has exactly the fields Drift gives it (checked below);
 * docs/openapi.yaml is generated from these schemas (scripts/openapi), and
 * POST /operations/reconciliation reports its drift with the same one.
 */

const dateTime = () => z.iso.datetime();

export const driftSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('caseWithoutExecution'), caseId: caseIdSchema, expectedExecution: z.string() }),
    z.strictObject({ kind: z.literal('executionForClosedCase'), caseId: caseIdSchema, execution: z.string() }),
    z.strictObject({ kind: z.literal('executionForUnknownCase'), execution: z.string() }),
    z.strictObject({ kind: z.literal('deadlinePastDue'), caseId: caseIdSchema, dueAt: dateTime(), execution: z.string() }),
    z.strictObject({ kind: z.literal('emailOwedTooLong'), caseId: caseIdSchema, owedSince: dateTime() }),
    z.strictObject({ kind: z.literal('needsAttention'), caseId: caseIdSchema, step: z.string(), errorClass: z.string(), since: dateTime() }),
  ])
  .check(z.meta({
    description:
      'A disagreement between the record and the running workflows, by its kind: an active case with no running execution (`caseWithoutExecution`), ' +
      'a running execution for a closed case (`executionForClosedCase`) or for no known case (`executionForUnknownCase`), a deadline past due with no timer to fire it (`deadlinePastDue`), ' +
      'an email owed over an hour (`emailOwedTooLong`), and a case whose workflow stopped after a step failed past its retries (`needsAttention`). Case ids and execution names only.',
  }));

export const reconcilerFindingsSchema = z
  .strictObject({
    checkedAt: z.nullable(dateTime()).check(z.meta({ description: 'When the latest check ran; null before any check has run.' })),
    checkedBy: z.nullable(z.string()).check(z.meta({
      description:
        '`reconciler` for the hourly check; for a check operations asked for, the username of the operator, or the ARN of the role session that signed the request with SigV4. Null before any check has run.',
    })),
    activeCases: z.int().check(z.gte(0), z.meta({ description: 'How many active cases were checked.' })),
    runningExecutions: z.int().check(z.gte(0), z.meta({ description: 'How many executions were running.' })),
    drift: z.array(driftSchema).check(z.meta({ description: 'Each disagreement found, by its kind.' })),
  })
  .check(z.meta({ description: 'What the latest check of the record against the running workflows found, when and by whom.' }));
export type ReconcilerFindingsView = z.infer<typeof reconcilerFindingsSchema>;

/** Each kind of drift on its own, so that none gains a field alone. */
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type AllTrue<T extends true[]> = T;
export type DriftSchemaIsDrift = AllTrue<
  [...{ [K in Drift['kind']]: [Same<Extract<z.infer<typeof driftSchema>, { kind: K }>, Extract<Drift, { kind: K }>>] }[Drift['kind']], Same<z.infer<typeof driftSchema>['kind'], Drift['kind']>]
>;
