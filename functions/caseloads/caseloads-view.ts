import * as z from '../domain/zod';
import { HIGH_CASELOAD, type OfficerCaseload } from '../domain/case-list';
import { caseListItemSchema } from '../list-cases/case-list-view';

/**
 * What GET /caseloads answers: each officer's open caseload and the team's
 * overdue cases. The handler returns its z.infer, and an officer's entry has
 * exactly OfficerCaseload's fields (checked below); docs/openapi.yaml is
 * generated from it (scripts/openapi).
 */

export const officerCaseloadSchema = z
  .strictObject({
    officerId: z.string().check(z.meta({ description: "The LADO's username." })),
    openCases: z.int().check(
      z.gte(0),
      z.meta({ description: 'How many open cases are allocated to them: allegations under management, consultations and cases with outcome duties.' }),
    ),
    overdue: z.int().check(z.gte(0), z.meta({ description: 'How many of those have a deadline that has fallen and is not met.' })),
    aboveThreshold: z.boolean().check(z.meta({ description: `Whether the caseload is high: more than ${HIGH_CASELOAD} open cases.` })),
  })
  .check(z.meta({ description: "One LADO's open caseload." }));

export const caseloadsSchema = z
  .strictObject({
    threshold: z.int().check(z.gte(0), z.meta({ description: 'The caseload above which a full-time LADO is flagged.' })),
    officers: z.array(officerCaseloadSchema).check(z.meta({ description: 'Each LADO holding an open case, the most loaded first.' })),
    overdue: z.array(caseListItemSchema).check(z.meta({ description: 'The open allocated cases with a deadline that has fallen and is not met, across the team, the most overdue first.' })),
  })
  .check(z.meta({ description: "The team's caseloads, for the manager to balance: who holds how many open cases, and which are overdue." }));
export type Caseloads = z.infer<typeof caseloadsSchema>;

type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type AllTrue<T extends true[]> = T;
export type OfficerCaseloadSchemaIsOfficerCaseload = AllTrue<[Same<z.infer<typeof officerCaseloadSchema>, OfficerCaseload>]>;
