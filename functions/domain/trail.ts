import { parkedOn, type CaseEvent, type CaseRecord } from './case';

/**
 * The audit trail as the core reads it: each event with the fields of the
 * case its change set (its first event of a change carries them) and those it
 * removed, so that the trail alone rebuilds the case, as it stood after any
 * change. A park written in place, without reading the case, carries instead
 * the plan version it parked for (`parkedFor`), and the rebuild applies the
 * park as the core does (case.ts, parkedOn). Pure: the store
 * (functions/shared/case-store.ts) writes and reads it.
 */
export type VersionedCase = CaseRecord & { version: number };
export type TrailEvent = CaseEvent & { changes?: Partial<VersionedCase>; removed?: string[]; parkedFor?: number };

/** The case as its trail tells it: every change applied in version order. */
export function rebuildCase(events: readonly TrailEvent[]): VersionedCase {
  let record: Record<string, unknown> = {};
  const changing = events.filter((event) => event.changes).sort((a, b) => (a.changes!.version ?? 0) - (b.changes!.version ?? 0));
  for (const event of changing) {
    Object.assign(record, event.changes ?? {});
    for (const field of event.removed ?? []) delete record[field];
    if (event.parkedFor !== undefined) record = parkedOn(record as unknown as CaseRecord, event.parkedFor) as unknown as Record<string, unknown>;
  }
  return record as unknown as VersionedCase;
}
