import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { londonMonthOf } from '../domain/calendar';
import { isActive, nextWake, type CaseEvent, type CaseRecord } from '../domain/case';
import type { AwaitedInput } from '../domain/lifecycle-contract';
import type { Transition } from '../domain/lifecycle-rules';
import type { TrailEvent } from '../domain/trail';
import { awaitingDecision } from '../domain/morning-list';
import { caseListEntry, officerQueueKey, statusChannelKey } from '../domain/case-list';
import { keptUntil } from '../domain/retention';
import { documentClient } from './clients/document-client';
import { serviceConfig } from './config';
import { CaseNotFoundError } from './errors';
import {
  ACTIVE_CASE_SHARDS,
  AWAITING_DECISION_KEY,
  AWAITING_DECISION_PARTITION,
  CASES_BY_DEADLINE_KEY,
  CASES_BY_DEADLINE_SHARDS,
  CASES_BY_DEADLINE_SORT,
  CASES_BY_OFFICER_KEY,
  CASES_BY_OFFICER_SORT,
  CASES_BY_STATUS_KEY,
  deadlineShard,
  eventMonthPartition,
  EVENTS_BY_MONTH_KEY,
  EVENTS_BY_MONTH_SHARDS,
  NEEDS_ATTENTION_KEY,
  NEEDS_ATTENTION_PARTITION,
  NEEDS_ATTENTION_SORT,
  RETENTION_DUE_SHARDS,
} from './table-layout';

/**
 * The case table, one partition per case, and the audit trail, a table of its
 * own that functions may only append to: an event for every change, written in
 * the same transaction as the change so that no change goes unrecorded. A
 * version number makes every change conditional on the state it was decided
 * from.
 */
export type StoredCase = CaseRecord & { version: number };

type Item = Record<string, unknown>;

/** An audit event as stored: the event, and the case fields it set or removed (or the plan a park was for): the trail's event (trail.ts). */
export type StoredEvent = TrailEvent;

function changesBetween(before: StoredCase, after: StoredCase): Pick<StoredEvent, 'changes' | 'removed'> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(after)) {
    if (JSON.stringify(value) !== JSON.stringify((before as unknown as Record<string, unknown>)[field])) changes[field] = value;
  }
  const removed = Object.keys(before).filter((field) => !(field in after));
  return { changes: changes as Partial<StoredCase>, ...(removed.length ? { removed } : {}) };
}

export { rebuildCase } from '../domain/trail';

const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });

/** Thrown when the case changed between reading it and saving a decision taken on it. */
export class StaleCaseError extends Error {
  constructor(caseId: string) {
    super(`Case ${caseId} changed while it was being updated`);
    this.name = 'StaleCaseError';
  }
}

/**
 * The Put of one audit event into the audit trail (infra/audit-trail.ts). IAM
 * lets functions only PutItem there, and cannot stop a Put from overwriting a
 * key: so the Put only ever creates, and the random suffix keeps keys apart.
 * Events of one instant sort by the case version they were saved with, then
 * by their place in that save: an order that holds across processes and
 * restarts, where a counter in memory would not. Each event carries its
 * EventsByMonth partition (table-layout.ts), derived from its moment and case
 * id, so that a period's events are found by month.
 */
function eventPut(caseId: string, event: StoredEvent, version: number, place: number): { TableName: string; Item: Item; ConditionExpression: string } {
  const sk = `EVENT#${event.at}#${String(version).padStart(8, '0')}.${String(place).padStart(2, '0')}${Math.random().toString(36).slice(2, 6)}`;
  const item = { pk: `CASE#${caseId}`, sk, caseId, ...event, [EVENTS_BY_MONTH_KEY]: eventMonthOf(caseId, event.at) };
  return { TableName: serviceConfig().AUDIT_TABLE_NAME, Item: item, ConditionExpression: 'attribute_not_exists(pk)' };
}

/** A date and a time of day, as toISOString writes an event's moment; a bare date is no moment. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The EventsByMonth partition of an event (table-layout.ts): its London month, and a shard by a hash of its case id. */
export function eventMonthOf(caseId: string, at: string): string {
  if (!ISO_DATE_TIME.test(at) || Number.isNaN(Date.parse(at))) throw new RangeError(`An event's moment must be an ISO-8601 date-time, not ${JSON.stringify(at)}`);
  return eventMonthPartition(londonMonthOf(at), caseIdHash(caseId) % EVENTS_BY_MONTH_SHARDS);
}

export { ACTIVE_CASE_SHARDS, ACTIVE_CASES_INDEX } from './table-layout';
/** Attributes the case item carries for the indexes only: derived from the case on every save, dropped on reading. */
const INDEX_ATTRIBUTES = [
  'activeShard',
  'nextWakeAt',
  'oldestOwedAt',
  'retentionShard',
  'keptUntil',
  AWAITING_DECISION_KEY,
  'immediateRisk',
  'decisionDueAt',
  CASES_BY_STATUS_KEY,
  CASES_BY_OFFICER_KEY,
  CASES_BY_OFFICER_SORT,
  CASES_BY_DEADLINE_KEY,
  CASES_BY_DEADLINE_SORT,
  'nextDeadlineKind',
  NEEDS_ATTENTION_KEY,
  NEEDS_ATTENTION_SORT,
] as const;

/** A stable hash of a case id, which spreads cases over an index's shards. */
function caseIdHash(caseId: string): number {
  let hash = 0;
  for (const char of caseId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash;
}

/** The index shard of an active case: spread by a hash of its id. */
export function activeShardOf(caseId: string): string {
  return `ACTIVE#${caseIdHash(caseId) % ACTIVE_CASE_SHARDS}`;
}

/** The CasesByDeadline shard of an open case with a deadline to meet. */
export function deadlineShardOf(caseId: string): string {
  return deadlineShard(caseIdHash(caseId) % CASES_BY_DEADLINE_SHARDS);
}

/** What lists the case in the case lists' indexes (table-layout.ts): its status and channel, its officer, its next deadline, and whether it needs attention. */
function caseListAttributes(record: StoredCase): Item {
  const { caseId: _caseId, status: _status, receivedAt: _receivedAt, ...entry } = caseListEntry(record);
  return {
    ...entry,
    [CASES_BY_STATUS_KEY]: statusChannelKey(record.status, entry.channel),
    ...(entry.allocatedTo ? { [CASES_BY_OFFICER_SORT]: officerQueueKey(record) } : {}),
    ...(entry.nextDeadlineAt ? { [CASES_BY_DEADLINE_KEY]: deadlineShardOf(record.caseId) } : {}),
    ...(entry.attentionSince ? { [NEEDS_ATTENTION_KEY]: NEEDS_ATTENTION_PARTITION } : {}),
  };
}

/** The RetentionDue shard of a case whose personal data is held until a date. */
export function retentionShardOf(caseId: string): string {
  return `RETAIN#${caseIdHash(caseId) % RETENTION_DUE_SHARDS}`;
}

/** A closed case or rejected referral whose personal data is still held is in the retention job's index, by the date it is kept until. */
function retentionIndexAttributes(record: StoredCase): Item {
  const until = keptUntil(record);
  return until === undefined ? {} : { retentionShard: retentionShardOf(record.caseId), keptUntil: until };
}

function caseItem(record: StoredCase): Item {
  const item: Item = { ...caseKey(record.caseId), ...record, ...retentionIndexAttributes(record), ...caseListAttributes(record) };
  if (!isActive(record)) return item;
  const wake = nextWake(record);
  const oldestOwed = (record.owedEmails ?? []).map((o) => o.owedSince).sort()[0];
  return {
    ...item,
    activeShard: activeShardOf(record.caseId),
    ...(wake !== undefined ? { nextWakeAt: new Date(wake).toISOString() } : {}),
    ...(oldestOwed ? { oldestOwedAt: oldestOwed } : {}),
    ...awaitingDecisionAttributes(record),
  };
}

/** What puts a case in the AwaitingDecision index while it awaits a threshold decision (table-layout.ts): nothing otherwise. */
function awaitingDecisionAttributes(record: StoredCase): Item {
  const entry = awaitingDecision(record);
  if (!entry) return {};
  const { immediateRisk, decisionDueAt } = entry;
  return { [AWAITING_DECISION_KEY]: AWAITING_DECISION_PARTITION, immediateRisk, ...(decisionDueAt ? { decisionDueAt } : {}) };
}

function toRecord(item: Item): StoredCase {
  const { pk: _pk, sk: _sk, ...record } = item;
  for (const attribute of INDEX_ATTRIBUTES) delete record[attribute];
  return record as unknown as StoredCase;
}

function cancellationReasons(error: unknown): string[] {
  return error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None') : [];
}

/** The Puts of items written beside the case in its transaction, as they are. */
function besideCase(items: Item[]): Array<{ Put: { TableName: string; Item: Item } }> {
  return items.map((item) => ({ Put: { TableName: serviceConfig().TABLE_NAME, Item: item } }));
}

/** Whether a transaction whose first item is the case was refused because the case was not as expected: its condition failed, or a change to it raced this one. */
function caseMovedOn(reasons: string[]): boolean {
  return reasons[0] === 'ConditionalCheckFailed' || reasons.includes('TransactionConflict');
}

export async function getCase(caseId: string): Promise<StoredCase | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: serviceConfig().TABLE_NAME, Key: caseKey(caseId), ConsistentRead: true }),
  );
  return Item ? toRecord(Item) : undefined;
}

export async function requireCase(caseId: string): Promise<StoredCase> {
  const found = await getCase(caseId);
  if (!found) throw new CaseNotFoundError(caseId);
  return found;
}

/**
 * Creates the case unless one already exists under that id; answers with the existing case then.
 * `alsoWrite`: items created beside the case in the same transaction (the subject's match keys: subject-items.ts).
 */
export async function createCase(record: CaseRecord, event: CaseEvent, alsoWrite: Item[] = []): Promise<{ created: boolean; record: StoredCase }> {
  const stored: StoredCase = { ...record, version: 1 };
  for (let attempt = 1; ; attempt++) {
    try {
      await write([
        { Put: { TableName: serviceConfig().TABLE_NAME, Item: caseItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: eventPut(record.caseId, { ...event, changes: stored }, stored.version, 0) },
        ...besideCase(alsoWrite),
      ]);
      return { created: true, record: stored };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons[0] === 'ConditionalCheckFailed') {
        return { created: false, record: await requireCase(record.caseId) };
      }
      // Concurrent identical submissions collide inside DynamoDB: try again until one has won.
      if (reasons.includes('TransactionConflict') && attempt < 10) {
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/** Thrown when a save's request item is already stored: the same request was recorded before. */
export class RequestAlreadyRecordedError extends Error {
  constructor(caseId: string) {
    super(`This request was already recorded on case ${caseId}`);
    this.name = 'RequestAlreadyRecordedError';
  }
}

/** The version a change decided from `current` is saved as: what a wait or a request saved with it records. */
export function savedVersion(current: StoredCase): number {
  return current.version + 1;
}

/** Saves the next state of a case with its audit events, if nobody changed the case since `current` was read. */
export async function saveCase(
  current: StoredCase,
  next: CaseRecord,
  events: CaseEvent[],
  alsoWrite: Item[] = [],
  request?: Omit<RecordedRequest, 'caseVersion'>,
): Promise<StoredCase> {
  const stored: StoredCase = { ...next, version: savedVersion(current) };
  // Every change is recorded; the first event carries what changed, so that the trail alone rebuilds the case.
  const [first, ...rest] = events;
  if (!first) throw new Error('A change to a case needs an audit event');
  const recorded = [{ ...first, ...changesBetween(current, stored) }, ...rest];
  try {
    await write([
      {
        Put: {
          TableName: serviceConfig().TABLE_NAME,
          Item: caseItem(stored),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        },
      },
      ...recorded.map((event, place) => ({ Put: eventPut(current.caseId, event, stored.version, place) })),
      ...besideCase(alsoWrite),
      ...(request ? [{ Put: { TableName: serviceConfig().TABLE_NAME, Item: requestItem(current.caseId, { ...request, caseVersion: stored.version }), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
    ]);
    return stored;
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (request && reasons.at(-1) === 'ConditionalCheckFailed') throw new RequestAlreadyRecordedError(current.caseId);
    if (caseMovedOn(reasons)) throw new StaleCaseError(current.caseId);
    throw error;
  }
}

/**
 * Parks a wait without reading the case: the core's park (lifecycle-rules.ts,
 * parkWait; case.ts, parkedOn) as an update in place, on condition that the
 * case stands at the version the wait was planned from, still awaiting that
 * input, with a phase to count the wake in; with its audit event, which says
 * the plan version it parked for in place of the fields it changed, and the
 * items written beside it (the task token), given the version the case is
 * saved as. No index key depends on what it changes. Answers false, having
 * written nothing, when the case is not as planned: the caller then reads it
 * and decides (a retry, an input that arrived, a record since the plan).
 */
export async function parkInPlace(
  caseId: string,
  wait: { awaiting: AwaitedInput; planVersion: number },
  event: CaseEvent,
  alsoWrite: (version: number) => Item[],
): Promise<boolean> {
  const version = wait.planVersion + 1;
  try {
    await write([
      {
        Update: {
          TableName: serviceConfig().TABLE_NAME,
          Key: caseKey(caseId),
          UpdateExpression: 'SET #awaiting.#parkedFor = :planVersion, #phase.#wakes = #phase.#wakes + :one, #version = :version',
          ConditionExpression: '#version = :planVersion AND #awaiting.#kind = :awaiting AND attribute_exists(#phase.#wakes)',
          ExpressionAttributeNames: { '#awaiting': 'awaiting', '#parkedFor': 'parkedFor', '#kind': 'kind', '#phase': 'phase', '#wakes': 'wakes', '#version': 'version' },
          ExpressionAttributeValues: { ':planVersion': wait.planVersion, ':one': 1, ':version': version, ':awaiting': wait.awaiting },
        },
      },
      { Put: eventPut(caseId, { ...event, changes: { version }, parkedFor: wait.planVersion }, version, 0) },
      ...besideCase(alsoWrite(version)),
    ]);
    return true;
  } catch (error) {
    if (caseMovedOn(cancellationReasons(error))) return false;
    throw error;
  }
}

/**
 * A decided change: the case's next state, its audit events, any items written
 * in the same transaction, and the request it records; or only a result, to
 * leave the case as it is.
 */
export type CaseDecision<T> = { next: CaseRecord; events: CaseEvent[]; result: T; alsoWrite?: Item[]; request?: Omit<RecordedRequest, 'caseVersion'> } | { result: T };

/**
 * What the lifecycle core decided, as a save: its next state and events with
 * the items written beside them; or, when it changed nothing, only the result.
 */
export function decided<T>(transition: Transition, result: T, beside: { alsoWrite?: Item[]; request?: Omit<RecordedRequest, 'caseVersion'> } = {}): CaseDecision<T> {
  if (transition.events.length === 0) return { result };
  return { next: transition.next, events: transition.events, result, ...beside };
}

/**
 * Reads the case, lets `decide` work out its next state, and saves it; when the
 * case moved on meanwhile, reads it again and decides again.
 */
export async function updateCase<T>(caseId: string, decide: (current: StoredCase) => CaseDecision<T>): Promise<T> {
  return (await updateCaseFrom(await requireCase(caseId), decide)).result;
}

/**
 * As updateCase, from the case as this invocation last read or saved it: the
 * save is conditional on its version as ever, so a case that has not changed
 * since costs no read, and one that has is read again and decided again.
 * Answers the result and the case as it now stands.
 */
export async function updateCaseFrom<T>(known: StoredCase, decide: (current: StoredCase) => CaseDecision<T>): Promise<{ result: T; record: StoredCase }> {
  let current = known;
  for (let attempt = 1; ; attempt++) {
    const decision = decide(current);
    if (!('next' in decision)) return { result: decision.result, record: current };
    try {
      const record = await saveCase(current, decision.next, decision.events, decision.alsoWrite, decision.request);
      return { result: decision.result, record };
    } catch (error) {
      if (!(error instanceof StaleCaseError && attempt < 10)) throw error;
      current = await requireCase(current.caseId);
    }
  }
}

export async function listEvents(caseId: string): Promise<StoredEvent[]> {
  return (await listEventItems(caseId)).map(({ sk: _sk, ...event }) => event);
}

/** An event's id, as the history gives it: its key in the trail, less the prefix all events share. */
export const eventIdOf = (sk: string): string => sk.slice('EVENT#'.length);

/** Every item a Query answers, page after page; with `limit`, stops once it has that many. */
export async function queryAll<T = Item>(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const remaining = Number.isFinite(limit) ? { Limit: limit - items.length } : {};
    const page = await documentClient().send(new QueryCommand({ ...input, ...remaining, ExclusiveStartKey: startKey }));
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < limit);
  return items;
}

/** A case's audit trail, each event with its key in the trail (`sk`), oldest first. */
export async function listEventItems(caseId: string): Promise<Array<StoredEvent & { sk: string }>> {
  const items = await queryAll<StoredEvent & { pk: string; sk: string; caseId: string; [EVENTS_BY_MONTH_KEY]?: string }>({
    TableName: serviceConfig().AUDIT_TABLE_NAME,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
    ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':events': 'EVENT#' },
    ConsistentRead: true,
  });
  return items.map(({ pk: _pk, caseId: _caseId, [EVENTS_BY_MONTH_KEY]: _month, ...event }) => event);
}

async function write(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<void> {
  await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
}

const CLAIM_LIFETIME_SECONDS = 366 * 24 * 60 * 60;
/**
 * A claim left 'sending' this long belongs to an attempt that died mid-send
 * (well past any function's timeout): a later attempt may take it over. Only
 * there can an email go twice, if the dead attempt's send had reached SES.
 */
export const STALE_CLAIM_SECONDS = 15 * 60;

/** The item a send is claimed under: a case's email by its key, or another email by keys of its own (the morning list's). */
export interface ClaimKey {
  pk: string;
  sk: string;
}

const claimKey = (caseId: string, key: string): ClaimKey => ({ pk: `CASE#${caseId}`, sk: `EMAIL#${key}` });

/**
 * Claims the right to send one email: 'claimed' to send it now; 'sent' when
 * it went already (a retry after the send was recorded); 'inFlight' when
 * another attempt is sending it.
 */
export async function claimNotification(caseId: string, key: string, at: string): Promise<'claimed' | 'sent' | 'inFlight'> {
  return claimSend(claimKey(caseId, key), at);
}

/** Claims one send under its own item: as claimNotification, for an email no case owes. */
export async function claimSend(key: ClaimKey, at: string): Promise<'claimed' | 'sent' | 'inFlight'> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: serviceConfig().TABLE_NAME,
        // A claim only needs to outlive the retries of its task; the table's TTL removes it after a year.
        Item: { ...key, state: 'sending', claimedAt: at, expiresAt: Math.floor(Date.parse(at) / 1000) + CLAIM_LIFETIME_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':stale': new Date(Date.parse(at) - STALE_CLAIM_SECONDS * 1000).toISOString() },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'claimed';
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    // The old item comes back as raw attribute values: the document client does not translate errors.
    const state = (error as { Item?: { state?: { S?: string } | string } }).Item?.state;
    return (typeof state === 'string' ? state : state?.S) === 'sending' ? 'inFlight' : 'sent';
  }
}

/** The claim as it stands once the email went: written with the change that stops owing it. */
export function sentClaimItem(caseId: string, key: string, at: string): Item {
  return sentItem(claimKey(caseId, key), at);
}

/** A claim marked sent, under its own item; `facts` are what else it records (counts, never personal data). */
export function sentItem(key: ClaimKey, at: string, facts: Record<string, number> = {}): Item {
  return { ...key, ...facts, state: 'sent', claimedAt: at, sentAt: at, expiresAt: Math.floor(Date.parse(at) / 1000) + CLAIM_LIFETIME_SECONDS };
}

/** Writes one item beside the case, as it is. */
export async function putItem(item: Item): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: serviceConfig().TABLE_NAME, Item: item }));
}

/** Appends one event to a case's audit trail, after the changes of the case as it stands. */
export async function appendEvent(caseId: string, event: CaseEvent): Promise<void> {
  const version = (await getCase(caseId))?.version ?? 0;
  await documentClient().send(new PutCommand(eventPut(caseId, event, version, 99)));
}

/** Gives a claim back when the email could not be sent, so that the task's retry sends it. */
export async function releaseNotification(caseId: string, key: string): Promise<void> {
  await releaseClaim(claimKey(caseId, key));
}

/** Gives back a claim made with claimSend. */
export async function releaseClaim(key: ClaimKey): Promise<void> {
  await documentClient().send(new DeleteCommand({ TableName: serviceConfig().TABLE_NAME, Key: key }));
}

/**
 * The task token of the case's current wait, an item of its own so that the
 * table's TTL removes it once no wait can still be open: no wait outlasts the
 * workflow's monthly re-check. It never leaves the table but to answer the wait.
 */
const TOKEN_LIFETIME_SECONDS = 32 * 24 * 60 * 60;

/** `caseVersion` is the version of the case saved with the wait: which changes the wait began after. */
export function taskTokenItem(caseId: string, awaiting: AwaitedInput, taskToken: string, at: string, caseVersion: number): Item {
  return { pk: `CASE#${caseId}`, sk: 'TOKEN', awaiting, taskToken, caseVersion, storedAt: at, expiresAt: Math.floor(Date.parse(at) / 1000) + TOKEN_LIFETIME_SECONDS };
}

/** The latest wait, if one is stored for one of these kinds of input: its token, and the case version it began at. */
export async function getTaskToken(caseId: string, waits: readonly AwaitedInput[]): Promise<{ taskToken: string; caseVersion: number } | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: serviceConfig().TABLE_NAME, Key: { pk: `CASE#${caseId}`, sk: 'TOKEN' }, ConsistentRead: true }),
  );
  return Item && waits.includes(Item['awaiting']) ? { taskToken: String(Item['taskToken']), caseVersion: Number(Item['caseVersion'] ?? 0) } : undefined;
}

/**
 * An officer's request as first recorded, under the key the client sent with it
 * (the Idempotency-Key header): a retry finds it and is answered as the first
 * time was, without recording anything twice. Retries come within minutes; the
 * table's TTL removes the item after a week.
 */
export interface RecordedRequest {
  key: string;
  /** A hash of what was asked, to tell a retry from a different request under a reused key. */
  fingerprint: string;
  /** The case's status once the request was recorded: the answer a retry gets. */
  status: string;
  /** The case version saved with the request. */
  caseVersion: number;
  recordedAt: string;
}

const REQUEST_LIFETIME_SECONDS = 7 * 24 * 60 * 60;
const requestKey = (caseId: string, key: string) => ({ pk: `CASE#${caseId}`, sk: `REQUEST#${key}` });

function requestItem(caseId: string, request: RecordedRequest): Item {
  return { ...requestKey(caseId, request.key), ...request, expiresAt: Math.floor(Date.parse(request.recordedAt) / 1000) + REQUEST_LIFETIME_SECONDS };
}

export async function getRecordedRequest(caseId: string, key: string): Promise<RecordedRequest | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: serviceConfig().TABLE_NAME, Key: requestKey(caseId, key), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return {
    key: String(Item['key']),
    fingerprint: String(Item['fingerprint']),
    status: String(Item['status']),
    caseVersion: Number(Item['caseVersion']),
    recordedAt: String(Item['recordedAt']),
  };
}
