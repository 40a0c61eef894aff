import type { CaseEvent, CaseRecord } from './case';

/**
 * The audit trail as the core reads it: each event with the fields of the
 * case its change set (its first event of a change carries them) and those it
 * removed, so that the trail alone rebuilds the case, as it stood after any
 * change. Pure: the store (functions/shared/case-store.ts) writes and reads it.
 */
export type VersionedCase = CaseRecord & { version: number };
export type TrailEvent = CaseEvent & { changes?: Partial<VersionedCase>; removed?: string[] };

/** The case as its trail tells it: every change applied in version order. */
export function rebuildCase(events: readonly TrailEvent[]): VersionedCase {
  const record: Record<string, unknown> = {};
  const changing = events.filter((event) => event.changes).sort((a, b) => (a.changes!.version ?? 0) - (b.changes!.version ?? 0));
  for (const event of changing) {
    Object.assign(record, event.changes ?? {});
    for (const field of event.removed ?? []) delete record[field];
  }
  return record as unknown as VersionedCase;
}
