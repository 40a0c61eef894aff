import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../domain/zod';
import type { CaseRecord } from '../domain/case';
import { CONSULTATION_OUTCOMES, OUTCOMES } from '../domain/outcome';
import { THRESHOLD_OUTCOMES } from '../domain/threshold-decision';
import { documentClient } from './clients/document-client';
import { serviceConfig } from './config';
import { caseIdSchema } from './handler';

/**
 * "Previously known" as officers see it (seeds/000, reason 1 of "Important
 * information about making a referral"; docs/previously-known.md): the earlier
 * cases whose subject matched this case's name and date of birth, each with
 * when it was received, the route its threshold decision took and how it
 * ended. Identifiers, dates and categories only: no name, no rationale. A
 * match is a lead for the officer to check, never a finding: two people can
 * share a name and a date of birth.
 */
const dateTime = (description: string) => z.iso.datetime().check(z.meta({ description }));

/** Every outcome a case can end with: an allegation's (003, 8.3) or a consultation's (003 §5, Table 6). */
const ENDED_WITH = [...new Set<string>([...OUTCOMES, ...CONSULTATION_OUTCOMES])] as [string, ...string[]];

export const previouslyKnownCaseSchema = z.strictObject({
  caseId: caseIdSchema,
  receivedAt: dateTime('When the earlier referral was received.'),
  decision: z
    .nullable(z.enum(THRESHOLD_OUTCOMES))
    .check(z.meta({ description: 'The route its threshold decision took (allegation when a consultation was escalated to one since); null while undecided, and for a rejected referral.' })),
  outcome: z
    .nullable(z.enum(ENDED_WITH))
    .check(z.meta({ description: "The allegation's outcome, or how the consultation ended, once recorded; null until then." })),
});

export const previouslyKnownSchema = z
  .strictObject({
    count: z.int().check(z.gte(0), z.meta({ description: 'How many earlier cases matched.' })),
    cases: z.array(previouslyKnownCaseSchema).check(z.meta({ description: 'The earlier cases, newest first.' })),
  })
  .check(z.meta({
    description:
      "Earlier cases whose subject had the same name (or known-as name) and date of birth, after normalising case, spacing, diacritics and punctuation. For the officer to check: a shared name and date of birth is matched too, and a typing mistake, a changed surname not given as a known-as name or a wrong date of birth is missed. A referral without the subject's date of birth is matched against nothing (count 0; `missing` names the date of birth). Cases whose personal data has been disposed of are not listed.",
  }));

export type PreviouslyKnown = z.infer<typeof previouslyKnownSchema>;
export type PreviouslyKnownCase = z.infer<typeof previouslyKnownCaseSchema>;

export const NOT_PREVIOUSLY_KNOWN: PreviouslyKnown = { count: 0, cases: [] };

type Summarised = Pick<CaseRecord, 'caseId' | 'receivedAt' | 'decisions' | 'outcome' | 'consultationOutcome' | 'disposedAt'>;

/** The route the case's threshold decision took: its latest, or allegation if a consultation was escalated to one after it. */
function routeOf(decisions: Summarised['decisions']): PreviouslyKnownCase['decision'] {
  const at = decisions.findLastIndex((recorded) => recorded.decision.kind === 'threshold');
  const threshold = decisions[at]?.decision;
  if (threshold?.kind !== 'threshold') return null;
  return decisions.slice(at + 1).some((recorded) => recorded.decision.kind === 'escalate-to-allegation') ? 'allegation' : threshold.outcome;
}

/** One earlier case as the view lists it. */
export function previouslyKnownCase(record: Summarised): PreviouslyKnownCase {
  return {
    caseId: record.caseId,
    receivedAt: record.receivedAt,
    decision: routeOf(record.decisions ?? []),
    outcome: record.outcome?.outcome ?? record.consultationOutcome ?? null,
  };
}

const ATTRIBUTES = ['caseId', 'receivedAt', 'decisions', 'outcome', 'consultationOutcome', 'disposedAt'] as const;
/** Keys one BatchGetItem may ask for. */
const BATCH = 100;
const ATTEMPTS = 5;

async function readCases<T = Summarised>(caseIds: readonly string[], attributes: readonly string[] = ATTRIBUTES): Promise<T[]> {
  const tableName = serviceConfig().TABLE_NAME;
  const found: T[] = [];
  for (let start = 0; start < caseIds.length; start += BATCH) {
    let keys: Array<Record<string, unknown>> = caseIds.slice(start, start + BATCH).map((caseId) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }));
    for (let attempt = 1; keys.length; attempt++) {
      const answer = await documentClient().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: keys,
              ProjectionExpression: attributes.map((attribute) => `#${attribute}`).join(', '),
              ExpressionAttributeNames: Object.fromEntries(attributes.map((attribute) => [`#${attribute}`, attribute])),
            },
          },
        }),
      );
      found.push(...((answer?.Responses?.[tableName] ?? []) as T[]));
      keys = (answer?.UnprocessedKeys?.[tableName]?.Keys ?? []) as Array<Record<string, unknown>>;
      if (keys.length && attempt >= ATTEMPTS) throw new Error(`${keys.length} earlier cases could not be read after ${ATTEMPTS} attempts`);
      if (keys.length) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
  return found;
}

/**
 * The earlier cases a case names (its `previouslyKnownCaseIds`), read with one
 * BatchGetItem a hundred, newest first. A case disposed of since is left out:
 * its personal data has gone, and with it that this person was its subject.
 */
export async function resolvePreviouslyKnown(caseIds: readonly string[]): Promise<PreviouslyKnown> {
  if (caseIds.length === 0) return NOT_PREVIOUSLY_KNOWN;
  const cases = (await readCases([...new Set(caseIds)]))
    .filter((record) => record.disposedAt === undefined)
    .map(previouslyKnownCase)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.caseId.localeCompare(b.caseId));
  return { count: cases.length, cases };
}

/**
 * "Previously known" for each of several cases (the duty LADO's list): each
 * case's earlier ids read in one batch, then every earlier case named, read
 * once however many cases name it.
 */
export async function previouslyKnownFor(caseIds: readonly string[]): Promise<Map<string, PreviouslyKnown>> {
  const named = await readCases<Pick<CaseRecord, 'caseId' | 'previouslyKnownCaseIds'>>(caseIds, ['caseId', 'previouslyKnownCaseIds']);
  const earlier = new Map((await resolvePreviouslyKnown(named.flatMap((record) => record.previouslyKnownCaseIds ?? []))).cases.map((known) => [known.caseId, known]));
  return new Map(
    named.map((record) => {
      const cases = (record.previouslyKnownCaseIds ?? []).flatMap((id) => earlier.get(id) ?? []).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.caseId.localeCompare(b.caseId));
      return [record.caseId, { count: cases.length, cases }];
    }),
  );
}
