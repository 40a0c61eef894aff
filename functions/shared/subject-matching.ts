import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { heldReferral, type CaseRecord } from '../domain/case';
import { isRefusal, type Refusal, type Transition } from '../domain/lifecycle-rules';
import { applyResubmission, type Referral, type Resubmission } from '../domain/referral-schema';
import { matchableNames, subjectMatchKeys } from '../domain/subject-match';
import { documentClient } from './clients/document-client';
import { getCase } from './case-store';
import { serviceConfig } from './config';
import { subjectItems } from './subject-items';
import { subjectMatchKey } from './subject-match-key';
import { SUBJECT_MATCH_INDEX, SUBJECT_MATCH_KEY } from './table-layout';

/**
 * "Previously known" (seeds/000, reason 1: key demographics let the LADO
 * "check if the member of staff has previously been known to the service";
 * docs/previously-known.md). When a referral is received, and again when a
 * resubmission changes its subject, the subject's match keys
 * (functions/domain/subject-match.ts) are looked up in the SubjectMatch index
 * (one Query a key, never a Scan), and the ids of the earlier cases found are
 * saved on the case, with the subject's own keys, in the transaction that
 * saves the change. The case view resolves the ids (previously-known.ts).
 *
 * The index is read eventually consistently: a referral received within a
 * second or so of another about the same person may not see it. Both are
 * listed to the duty LADO on the same morning, and the later one's officer
 * sees the earlier on a resubmission.
 */
type Item = Record<string, unknown>;

/** The most earlier cases kept on a case, newest first: more than anyone could be matched to but by a shared name and date of birth. */
export const MAX_PREVIOUSLY_KNOWN = 50;

/** The cases other than `caseId`, received at or before `receivedAt`, that hold one of these keys: ids, newest first. */
export async function casesMatching(caseId: string, receivedAt: string, keys: readonly string[]): Promise<string[]> {
  const found = new Map<string, string>();
  await Promise.all(
    keys.map(async (key) => {
      const page = await documentClient().send(
        new QueryCommand({
          TableName: serviceConfig().TABLE_NAME,
          IndexName: SUBJECT_MATCH_INDEX,
          KeyConditionExpression: '#key = :key AND receivedAt <= :receivedAt',
          ExpressionAttributeNames: { '#key': SUBJECT_MATCH_KEY },
          ExpressionAttributeValues: { ':key': key, ':receivedAt': receivedAt },
          ProjectionExpression: 'caseId, receivedAt',
          ScanIndexForward: false,
          Limit: MAX_PREVIOUSLY_KNOWN + 1,
        }),
      );
      for (const item of page?.Items ?? []) {
        const id = String(item['caseId']);
        if (id !== caseId) found.set(id, String(item['receivedAt']));
      }
    }),
  );
  return [...found]
    .sort(([idA, atA], [idB, atB]) => atB.localeCompare(atA) || idA.localeCompare(idB))
    .slice(0, MAX_PREVIOUSLY_KNOWN)
    .map(([id]) => id);
}

/** The subject's keys: none without a date of birth or a name, and then the HMAC key is not even read. */
async function keysOf(subject: Referral['subject']): Promise<string[]> {
  return matchableNames(subject).length ? subjectMatchKeys(subject, await subjectMatchKey()) : [];
}

/** A new case, matched: with the ids of the earlier cases about its subject, and the items of its keys to create with it. */
export async function matchedAtIntake(record: CaseRecord, at: Date): Promise<{ record: CaseRecord; alsoWrite: Item[] }> {
  const keys = await keysOf(heldReferral(record).subject);
  if (!keys.length) return { record, alsoWrite: [] };
  const previouslyKnownCaseIds = await casesMatching(record.caseId, record.receivedAt, keys);
  return { record: { ...record, previouslyKnownCaseIds }, alsoWrite: subjectItems(record.caseId, record.receivedAt, keys, at) };
}

/** A resubmission's subject, matched before the resubmission is saved: what it was matched on, its keys, and the cases found. */
export interface Rematch {
  matchedOn: string;
  keys: string[];
  caseIds: string[];
}

const matchedOn = (subject: Referral['subject']) => JSON.stringify([matchableNames(subject), subject.dateOfBirth ?? null]);

/**
 * Matches the subject a resubmission leaves the referral with, if it supplies
 * the subject (a missing date of birth, a known-as name): the other sections
 * do not change who is matched. Undefined when there is nothing to match again.
 */
export async function rematchFor(caseId: string, resubmission: Resubmission): Promise<Rematch | undefined> {
  if (!resubmission.subject) return undefined;
  const current = await getCase(caseId);
  if (!current || !('referrer' in current.referral)) return undefined;
  const subject = applyResubmission(current.referral, resubmission).subject;
  const keys = await keysOf(subject);
  return { matchedOn: matchedOn(subject), keys, caseIds: keys.length ? await casesMatching(caseId, current.receivedAt, keys) : [] };
}

/**
 * The accepted resubmission with its match: the case's ids of earlier cases
 * replaced (removed when its subject still gives no keys), and its key items
 * rewritten, the slots its former names held and its new ones do not cleared.
 * Only a resubmission changes the subject, and a case accepts one at a time,
 * so the subject saved is the one matched; if it were not, the save is refused
 * rather than made with another subject's match.
 */
export function withRematch<T extends Transition>(
  rematch: Rematch | undefined,
  current: CaseRecord,
  accepted: T | Refusal,
  at: Date,
): (T & { alsoWrite?: Item[] }) | Refusal {
  if (!rematch || isRefusal(accepted)) return accepted;
  const subject = heldReferral(accepted.next).subject;
  if (matchedOn(subject) !== rematch.matchedOn) throw new Error(`The subject of case ${current.caseId} changed while it was being matched`);
  const { previouslyKnownCaseIds: _earlier, ...next } = accepted.next;
  const slotsHeld = 'referrer' in current.referral ? matchableNames(current.referral.subject).length : 0;
  return {
    ...accepted,
    next: rematch.keys.length ? { ...next, previouslyKnownCaseIds: rematch.caseIds } : next,
    alsoWrite: subjectItems(current.caseId, current.receivedAt, rematch.keys, at, slotsHeld),
  };
}
