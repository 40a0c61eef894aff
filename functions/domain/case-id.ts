import { createHash } from 'node:crypto';
import { CASE_ID_BODY, CASE_ID_PREFIX, PHASE_NAMES, type PhaseName } from './lifecycle-contract';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The case id is derived from the portal's submission id, so that a submission
 * sent twice, or retried after a timeout, lands on the same case.
 */
export function caseIdForSubmission(submissionId: string): string {
  const digest = createHash('sha256').update(`submission:${submissionId}`).digest();
  let id = '';
  for (let i = 0; i < 10; i++) id += CROCKFORD[digest[i]! % 32];
  return `${CASE_ID_PREFIX}${id}`;
}

/** A fingerprint of the submitted content, independent of key order. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * One execution per case, phase and number, named so that starting it twice
 * starts it once: the first days (`-first-days`, and `-first-days-2`, … when
 * resumed), then management executions numbered 1, 2, …
 */
export function executionName(caseId: string, phase: PhaseName, sequence = 1): string {
  if (phase === 'first-days') return sequence === 1 ? `${caseId}-first-days` : `${caseId}-first-days-${sequence}`;
  return `${caseId}-management-${sequence}`;
}

/** The execution that runs the case now, or ran it last, by the phase the case records. */
export function currentExecutionName({ caseId, phase }: { caseId: string; phase?: { name: PhaseName; sequence: number } | undefined }): string {
  return phase ? executionName(caseId, phase.name, phase.sequence) : executionName(caseId, 'first-days');
}

/** The case, phase and number an execution's name stands for; undefined for a name this service did not give. */
const EXECUTION_NAME = new RegExp(`^(${CASE_ID_PREFIX}${CASE_ID_BODY})-(${PHASE_NAMES.join('|')})(?:-(\\d{1,6}))?$`);

export function parseExecutionName(name: string): { caseId: string; phase: PhaseName; sequence: number } | undefined {
  const match = EXECUTION_NAME.exec(name);
  if (!match) return undefined;
  const phase = match[2] as PhaseName;
  if (phase === 'management' && match[3] === undefined) return undefined;
  return { caseId: match[1]!, phase, sequence: match[3] === undefined ? 1 : Number(match[3]) };
}

/** The header every email carries, naming which owed email it is (the case and the email's key), never its content. */
export const EMAIL_ID_HEADER = 'X-Lado-Email-Id';

/** One email of one case: the key under which it was owed and claimed, so a repeat carries the same id. */
export function emailId(caseId: string, owedKey: string): string {
  return `${caseId}/${owedKey}`;
}
