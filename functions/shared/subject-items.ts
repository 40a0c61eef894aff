import { SUBJECT_MATCH_KEY } from './table-layout';

/**
 * The items that put a case's subject in the SubjectMatch index
 * (table-layout.ts): one a match key, beside the case in its partition,
 * `sk` = `SUBJECT#00`, `SUBJECT#01`…, each with the key, the case id and the
 * time of receipt. They are written with the change of the case they belong
 * to, in its transaction: created with the case, replaced by a resubmission
 * that changes the subject, cleared when its personal data is disposed of.
 *
 * A slot no longer used is cleared by a Put that leaves only its keys and an
 * expiry of now: it leaves the index at once, holding nothing, and the table's
 * TTL removes the empty item within days. A Put, not a Delete, so that the
 * store's saves (which put the items written beside a case) and the retention
 * job (which may only put) can clear slots as they write everything else.
 */
type Item = Record<string, unknown>;

/** A subject's names are its name and at most ten known-as names (referral-schema.ts): eleven keys at most. */
export const SUBJECT_SLOTS = 11;

const slotKey = (caseId: string, slot: number) => ({ pk: `CASE#${caseId}`, sk: `SUBJECT#${String(slot).padStart(2, '0')}` });

/** The item of one slot that no longer holds a key. */
function clearedSlot(caseId: string, slot: number, at: Date): Item {
  return { ...slotKey(caseId, slot), expiresAt: Math.floor(at.getTime() / 1000) };
}

/**
 * The items of a subject's match keys, slot by slot; with `slotsHeld`, the
 * slots the case held before that the new keys do not fill are cleared.
 */
export function subjectItems(caseId: string, receivedAt: string, keys: readonly string[], at: Date, slotsHeld = 0): Item[] {
  if (keys.length > SUBJECT_SLOTS) throw new Error(`A subject has at most ${SUBJECT_SLOTS} match keys; ${keys.length} were made`);
  const held = keys.map((key, slot) => ({ ...slotKey(caseId, slot), [SUBJECT_MATCH_KEY]: key, caseId, receivedAt }));
  const cleared = Array.from({ length: Math.max(0, Math.min(slotsHeld, SUBJECT_SLOTS) - keys.length) }, (_, offset) => clearedSlot(caseId, keys.length + offset, at));
  return [...held, ...cleared];
}

/**
 * Every slot a case can hold, cleared: what the retention job writes with the
 * case it disposes of. All of them, whatever the subject held, so that no key
 * outlives the case's personal data even if the way keys are counted changed
 * since they were written.
 */
export function clearedSubjectItems(caseId: string, at: Date): Item[] {
  return Array.from({ length: SUBJECT_SLOTS }, (_, slot) => clearedSlot(caseId, slot, at));
}
