import { createHash } from 'node:crypto';
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import * as z from '../domain/zod';
import { londonDayBounds } from '../domain/calendar';
import { ALLOCATED_STATUSES, planCaseList, statusChannelKey, type CaseListEntry, type CaseListPlan, type CaseListQuery, type ListIndex, type PartitionRead } from '../domain/case-list';
import { REFERRAL_CHANNELS } from '../domain/referral-schema';
import { queryAll } from './case-store';
import { documentClient } from './clients/document-client';
import { serviceConfig } from './config';
import { badRequest } from './errors';
import {
  CASE_LIST_PROJECTION,
  CASES_BY_DEADLINE_INDEX,
  CASES_BY_DEADLINE_KEY,
  CASES_BY_DEADLINE_SHARDS,
  CASES_BY_DEADLINE_SORT,
  CASES_BY_OFFICER_INDEX,
  CASES_BY_OFFICER_KEY,
  CASES_BY_OFFICER_SORT,
  CASES_BY_STATUS_INDEX,
  CASES_BY_STATUS_KEY,
  deadlineShard,
  NEEDS_ATTENTION_INDEX,
  NEEDS_ATTENTION_KEY,
  NEEDS_ATTENTION_SORT,
} from './table-layout';

/**
 * Runs a case list's plan (functions/domain/case-list.ts) against its index:
 * one Query per partition, merged in the order of the index's sort key, a
 * page at a time. The cursor records where each partition was left, so the
 * next page reads on from there; it is bound to the filters it was made for.
 */

type Item = Record<string, unknown>;

const INDEXES: Record<ListIndex, { name: string; partitionKey: string; sortKey: string }> = {
  byStatus: { name: CASES_BY_STATUS_INDEX, partitionKey: CASES_BY_STATUS_KEY, sortKey: 'receivedAt' },
  byOfficer: { name: CASES_BY_OFFICER_INDEX, partitionKey: CASES_BY_OFFICER_KEY, sortKey: CASES_BY_OFFICER_SORT },
  byDeadline: { name: CASES_BY_DEADLINE_INDEX, partitionKey: CASES_BY_DEADLINE_KEY, sortKey: CASES_BY_DEADLINE_SORT },
  needsAttention: { name: NEEDS_ATTENTION_INDEX, partitionKey: NEEDS_ATTENTION_KEY, sortKey: NEEDS_ATTENTION_SORT },
};

/** The shards of CasesByDeadline. */
export const DEADLINE_SHARDS = Array.from({ length: CASES_BY_DEADLINE_SHARDS }, (_, shard) => deadlineShard(shard));

/** Where a partition was left: after the entry with this sort key and case id, or finished. */
const positionSchema = z.union([z.literal('done'), z.tuple([z.string(), z.string()])]);
const cursorSchema = z.strictObject({ filters: z.string(), at: z.record(z.string(), positionSchema) });
type Position = z.infer<typeof positionSchema>;

const INVALID_CURSOR = [{ path: 'query.cursor', message: 'cursor is not one this list gave: send back nextCursor as it came, with the same filters' }];

/** A fingerprint of the filters, so that a cursor is not read against another list. */
function filtersOf(query: CaseListQuery): string {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  const sorted = Object.fromEntries(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 16);
}

function decodeCursor(cursor: string, filters: string): Record<string, Position> {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success && parsed.data.filters === filters) return parsed.data.at;
  } catch {
    // Not base64url JSON: refused below.
  }
  throw badRequest(INVALID_CURSOR);
}

const encodeCursor = (filters: string, at: Record<string, Position>): string => Buffer.from(JSON.stringify({ filters, at })).toString('base64url');

/** One partition's read in progress: entries fetched and not yet taken, and where DynamoDB left off. */
interface PartitionState {
  read: PartitionRead;
  buffer: Item[];
  startKey: Item | undefined;
  exhausted: boolean;
  last: Position | undefined;
}

/** The moments bounding the London days of a receipt range. */
function receiptBounds(query: CaseListQuery) {
  return {
    ...(query.receivedFrom ? { from: londonDayBounds(query.receivedFrom).start.toISOString() } : {}),
    ...(query.receivedTo ? { to: londonDayBounds(query.receivedTo).end.toISOString() } : {}),
  };
}

export interface CaseListPage {
  entries: CaseListEntry[];
  nextCursor: string | null;
}

/** A page of the list the query names, and the cursor of the next page (null at the end). */
export async function listCases(query: CaseListQuery, now: Date): Promise<CaseListPage> {
  const plan = planCaseList(query, now, receiptBounds(query), DEADLINE_SHARDS);
  const filters = filtersOf(query);
  const positions = query.cursor ? decodeCursor(query.cursor, filters) : {};
  const index = INDEXES[plan.index];
  const states: PartitionState[] = plan.reads.map((read) => {
    const position = positions[read.partition];
    return {
      read,
      buffer: [],
      startKey: position && position !== 'done' ? startKeyAfter(plan.index, read.partition, position) : undefined,
      exhausted: position === 'done',
      last: position,
    };
  });
  const entries = await merge(states, plan, index, query.limit);
  const more = states.some((state) => state.buffer.length > 0 || !state.exhausted);
  if (!more) return { entries, nextCursor: null };
  const at = Object.fromEntries(
    states.flatMap((state) => {
      if (state.buffer.length === 0 && state.exhausted) return [[state.read.partition, 'done' as const]];
      return state.last ? [[state.read.partition, state.last]] : [];
    }),
  );
  return { entries, nextCursor: encodeCursor(filters, at) };
}

/**
 * The index key of the entry a partition was left after. Every list index
 * carries the table's keys, and each case has one entry per index: its id
 * gives the table's key.
 */
function startKeyAfter(listIndex: ListIndex, partition: string, [sortValue, caseId]: [string, string]): Item {
  const index = INDEXES[listIndex];
  return { [index.partitionKey]: partition, [index.sortKey]: sortValue, pk: `CASE#${caseId}`, sk: 'CASE' };
}

/** Takes entries in the index's order from every partition until the page is full or every partition is read. */
async function merge(states: PartitionState[], plan: CaseListPlan, index: (typeof INDEXES)[ListIndex], limit: number): Promise<CaseListEntry[]> {
  const page: CaseListEntry[] = [];
  const pageSize = Math.min(Math.max(limit, 10), 100);
  while (page.length < limit) {
    await Promise.all(states.filter((state) => state.buffer.length === 0 && !state.exhausted).map((state) => fetchInto(state, index, pageSize)));
    const live = states.filter((state) => state.buffer.length > 0);
    if (live.length === 0) break;
    const next = live.reduce((best, state) => (compare(state.buffer[0]!, best.buffer[0]!, index.sortKey) < 0 ? state : best));
    const item = next.buffer.shift()!;
    next.last = [String(item[index.sortKey]), String(item['caseId'])];
    const entry = toEntry(item);
    if (plan.residual(entry)) page.push(entry);
  }
  return page;
}

const compare = (a: Item, b: Item, sortKey: string): number =>
  String(a[sortKey]).localeCompare(String(b[sortKey])) || String(a['caseId']).localeCompare(String(b['caseId']));

async function fetchInto(state: PartitionState, index: (typeof INDEXES)[ListIndex], pageSize: number): Promise<void> {
  const { read } = state;
  const names: Record<string, string> = { '#p': index.partitionKey };
  const values: Record<string, unknown> = { ':p': read.partition };
  let range = '';
  if (read.from !== undefined && read.to !== undefined) {
    range = ' AND #s BETWEEN :from AND :to';
    Object.assign(values, { ':from': read.from, ':to': read.to });
  } else if (read.from !== undefined) {
    range = ' AND #s >= :from';
    values[':from'] = read.from;
  } else if (read.to !== undefined) {
    range = ' AND #s <= :to';
    values[':to'] = read.to;
  }
  // DynamoDB refuses a name the expressions do not use.
  if (range) names['#s'] = index.sortKey;
  const projection = [...new Set([...CASE_LIST_PROJECTION, index.sortKey])];
  projection.forEach((attribute, i) => (names[`#a${i}`] = attribute));
  const page: QueryCommandOutput = await documentClient().send(
    new QueryCommand({
      TableName: serviceConfig().TABLE_NAME,
      IndexName: index.name,
      KeyConditionExpression: `#p = :p${range}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ProjectionExpression: projection.map((_, i) => `#a${i}`).join(', '),
      ExclusiveStartKey: state.startKey,
      Limit: pageSize,
    }),
  );
  state.buffer.push(...(page.Items ?? []));
  state.startKey = page.LastEvaluatedKey;
  state.exhausted = page.LastEvaluatedKey === undefined;
}

function toEntry(item: Item): CaseListEntry {
  return Object.fromEntries(CASE_LIST_PROJECTION.filter((attribute) => item[attribute] !== undefined).map((attribute) => [attribute, item[attribute]])) as unknown as CaseListEntry;
}

/** How many open cases an officer holds: a COUNT of their open entries, no item read. */
export async function openCaseload(officerId: string): Promise<number> {
  let count = 0;
  let startKey: Item | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: serviceConfig().TABLE_NAME,
        IndexName: CASES_BY_OFFICER_INDEX,
        KeyConditionExpression: '#p = :p AND begins_with(#s, :open)',
        ExpressionAttributeNames: { '#p': CASES_BY_OFFICER_KEY, '#s': CASES_BY_OFFICER_SORT },
        ExpressionAttributeValues: { ':p': officerId, ':open': 'OPEN#' },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/**
 * Every open allocated case's list entry: the partitions of CasesByStatus for
 * the statuses that hold a caseload, read whole (a service's open caseload,
 * tens of thousands of small entries nationally at most).
 */
export async function openAllocatedEntries(): Promise<CaseListEntry[]> {
  const index = INDEXES.byStatus;
  const partitions = ALLOCATED_STATUSES.flatMap((status) => REFERRAL_CHANNELS.map((channel) => statusChannelKey(status, channel)));
  const pages = await Promise.all(
    partitions.map((partition) =>
      queryAll<Item>({
        TableName: serviceConfig().TABLE_NAME,
        IndexName: index.name,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': index.partitionKey },
        ExpressionAttributeValues: { ':p': partition },
      }),
    ),
  );
  return pages.flat().map(toEntry);
}
