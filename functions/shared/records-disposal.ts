import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isRefusal } from '../domain/lifecycle-rules';
import { anonymisedEvent, disposeOfPersonalData } from '../domain/retention';
import { documentClient } from './clients/document-client';
import { listEventItems, queryAll, requireCase, saveCase, StaleCaseError } from './case-store';
import { serviceConfig } from './config';
import { clearedSubjectItems } from './subject-items';
import { DISPOSABLE_EVENT_ATTRIBUTES, RETENTION_DUE_INDEX, RETENTION_DUE_SHARDS } from './table-layout';

/**
 * Disposal of personal data once a case's retention date has passed
 * (functions/domain/retention.ts decides what goes). The case is found in the
 * sparse RetentionDue index, never by a Scan; its audit trail is rewritten
 * first, event by event, then the case is saved anonymised with the
 * RecordsDisposed event, which takes it out of the index. A run that stops
 * between the two leaves the case in the index, and the next run finishes it:
 * rewriting an event already rewritten changes nothing.
 *
 * The trail stays append-only for every other function. This one alone may
 * UpdateItem its events, and IAM holds it to the two attributes that carry
 * personal data, `changes` (what the case became, the referral included) and
 * `rationale` (infra/audit-trail.ts, grantDisposal): who, when, what kind and
 * the details of each event cannot be changed, and no event can be deleted.
 */

/** The cases whose LADO retention date is before `today` (YYYY-MM-DD, London), at most `limit`, earliest first in each shard. */
export async function casesDueForDisposal(today: string, limit: number): Promise<string[]> {
  const perShard = Math.ceil(limit / RETENTION_DUE_SHARDS);
  const shards = await Promise.all(
    Array.from({ length: RETENTION_DUE_SHARDS }, async (_, shard) => {
      const found = await queryAll(
        {
          TableName: serviceConfig().TABLE_NAME,
          IndexName: RETENTION_DUE_INDEX,
          KeyConditionExpression: 'retentionShard = :shard AND keptUntil < :today',
          ProjectionExpression: 'pk',
          ExpressionAttributeValues: { ':shard': `RETAIN#${shard}`, ':today': today },
        },
        perShard,
      );
      return found.map((item) => String(item['pk']).slice('CASE#'.length));
    }),
  );
  return shards.flat();
}

/** Events rewritten at once: a long trail is a few hundred events. */
const EVENT_WRITES_AT_ONCE = 10;

async function rewriteEvents(caseId: string): Promise<number> {
  const updates = (await listEventItems(caseId)).flatMap((event) => {
    const update = anonymisedEvent(event);
    return update ? [{ sk: event.sk, update }] : [];
  });
  for (let start = 0; start < updates.length; start += EVENT_WRITES_AT_ONCE) {
    await Promise.all(
      updates.slice(start, start + EVENT_WRITES_AT_ONCE).map(({ sk, update }) => {
        const fields = DISPOSABLE_EVENT_ATTRIBUTES.filter((field) => update[field] !== undefined);
        return documentClient().send(
          new UpdateCommand({
            TableName: serviceConfig().AUDIT_TABLE_NAME,
            Key: { pk: `CASE#${caseId}`, sk },
            UpdateExpression: `SET ${fields.map((field) => `#${field} = :${field}`).join(', ')}`,
            // Only ever an event already written: an update must never create one.
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: Object.fromEntries(fields.map((field) => [`#${field}`, field])),
            ExpressionAttributeValues: Object.fromEntries(fields.map((field) => [`:${field}`, update[field]])),
          }),
        );
      }),
    );
  }
  return updates.length;
}

export type DisposalOutcome = { outcome: 'disposed'; eventsRewritten: number } | { outcome: 'alreadyDisposed' } | { outcome: 'kept'; why: string };

/** Disposes of one case's personal data at `at`, if its retention date has passed. */
export async function disposeOfCase(caseId: string, at: Date): Promise<DisposalOutcome> {
  for (let attempt = 1; ; attempt++) {
    const current = await requireCase(caseId);
    const transition = disposeOfPersonalData(current, at);
    if (isRefusal(transition)) return { outcome: 'kept', why: transition.message };
    if (transition.events.length === 0) return { outcome: 'alreadyDisposed' };
    const eventsRewritten = await rewriteEvents(caseId);
    try {
      // With the subject's match keys cleared: a keyed hash of a name and a date of birth is personal data too (subject-items.ts).
      await saveCase(current, transition.next, transition.events, clearedSubjectItems(caseId, at));
      return { outcome: 'disposed', eventsRewritten };
    } catch (error) {
      // The case changed meanwhile (an email sent, say): decide again, and rewrite what its change added to the trail.
      if (error instanceof StaleCaseError && attempt < 5) continue;
      throw error;
    }
  }
}
