import { londonDateParameter, pageLimitParameter } from './query-parameters';
import * as z from './zod';
import { CLOSED_STATUSES, STAGE_OF, type CaseRecord, type CaseStage, type Deadline } from './case';
import type { DeadlineKind } from './deadline-policy';
import { CASE_STATUSES, type CaseStatus } from './lifecycle-contract';
import { REFERRAL_CHANNELS, type ReferralChannel } from './referral-schema';

/**
 * The case lists officers and operations read (GET /cases): what one item
 * shows, the filters a list takes, and which key serves each filter. Pure:
 * the store (functions/shared/case-lists.ts) runs the plan.
 */

/** The deadline a case must meet next: its earliest deadline not yet met, overdue (fired) or pending. */
export function nextDeadline(record: Pick<CaseRecord, 'deadlines' | 'status'>): Pick<Deadline, 'kind' | 'dueAt'> | undefined {
  if (CLOSED_STATUSES.has(record.status)) return undefined;
  const open = record.deadlines.filter((d) => d.state !== 'met').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  return open ? { kind: open.kind, dueAt: open.dueAt } : undefined;
}

/** How a case came in: portal submissions before channels were recorded came through the portal. */
export const channelOf = (record: Pick<CaseRecord, 'channel'>): ReferralChannel => record.channel ?? 'portal';

/** The LADO a case is allocated to, by username. */
export const allocatedTo = (record: Pick<CaseRecord, 'allocation'>): string | undefined => record.allocation?.officerId;

/** A case as a list shows it: identifiers, statuses and moments; the officer and the risk flag only for those who manage cases. */
export interface CaseListItem {
  caseId: string;
  status: CaseStatus;
  stage: CaseStage;
  receivedAt: string;
  channel: ReferralChannel;
  nextDeadline: { kind: DeadlineKind; dueAt: string } | null;
  allocatedTo?: string | null;
  immediateRisk?: boolean;
  needsAttention: boolean;
}

/** The attributes of a case's index entry that a list item is made from (functions/shared/table-layout.ts, CASE_LIST_PROJECTION). */
export interface CaseListEntry {
  caseId: string;
  status: CaseStatus;
  receivedAt: string;
  channel: ReferralChannel;
  nextDeadlineAt?: string;
  nextDeadlineKind?: DeadlineKind;
  allocatedTo?: string;
  immediateRisk: boolean;
  attentionSince?: string;
}

/** The index entry's list attributes, from the case. */
export function caseListEntry(record: CaseRecord): CaseListEntry {
  const next = nextDeadline(record);
  const officer = allocatedTo(record);
  return {
    caseId: record.caseId,
    status: record.status,
    receivedAt: record.receivedAt,
    channel: channelOf(record),
    ...(next ? { nextDeadlineAt: next.dueAt, nextDeadlineKind: next.kind } : {}),
    ...(officer ? { allocatedTo: officer } : {}),
    immediateRisk: record.referral.allegation.immediateRisk ?? false,
    ...(record.needsAttention ? { attentionSince: record.needsAttention.since } : {}),
  };
}

/** The item a list shows: operations see ids, stages and workflow state, not who handles the case nor what it is about. */
export function caseListItem(entry: CaseListEntry, managesCases: boolean): CaseListItem {
  return {
    caseId: entry.caseId,
    status: entry.status,
    stage: STAGE_OF[entry.status],
    receivedAt: entry.receivedAt,
    channel: entry.channel,
    nextDeadline: entry.nextDeadlineAt && entry.nextDeadlineKind ? { kind: entry.nextDeadlineKind, dueAt: entry.nextDeadlineAt } : null,
    ...(managesCases ? { allocatedTo: entry.allocatedTo ?? null, immediateRisk: entry.immediateRisk } : {}),
    needsAttention: entry.attentionSince !== undefined,
  };
}

export const CASE_LIST_DEFAULT_LIMIT = 25;
export const CASE_LIST_MAX_LIMIT = 100;

const STAGES = [...new Set(CASE_STATUSES.map((status) => STAGE_OF[status]))] as [CaseStage, ...CaseStage[]];
const trueOnly = (what: string) => z.literal('true', { error: `${what} takes only the value true` });

/** The query string of GET /cases. Each filter narrows the list; every one is served by an index key (planCaseList). */
export const caseListQuerySchema = z
  .strictObject({
    status: z
      .optional(z.enum(CASE_STATUSES, { error: `status must be one of: ${CASE_STATUSES.join(', ')}` }))
      .check(z.meta({ description: 'Only the cases in this status.' })),
    stage: z
      .optional(z.enum(STAGES, { error: `stage must be one of: ${STAGES.join(', ')}` }))
      .check(z.meta({ description: 'Only the cases in this stage; with `status`, the status must be one of the stage.' })),
    officer: z
      .optional(z.string().check(z.regex(/^[^\s:,]{1,128}$/, 'officer must be an officer username')))
      .check(z.meta({ description: 'Only the cases allocated to this LADO, by username: their open cases by next deadline, then their closed ones.' })),
    overdue: z.optional(trueOnly('overdue')).check(z.meta({ description: '`true`: only the open cases whose next deadline has fallen and is not met.' })),
    dueBefore: z
      .optional(z.iso.datetime({ offset: true, error: 'dueBefore must be an ISO-8601 date-time, e.g. 2026-09-01T09:00:00Z' }))
      .check(z.meta({ description: 'Only the open cases whose next deadline falls before this moment, written with its offset, e.g. `2026-09-01T09:00:00Z`.' })),
    needsAttention: z
      .optional(trueOnly('needsAttention'))
      .check(z.meta({ description: '`true`: only the cases whose workflow stopped after a step failed past its retries.' })),
    receivedFrom: z.optional(londonDateParameter('receivedFrom')).check(z.meta({ description: 'Only the cases received on or after this day, in London.' })),
    receivedTo: z.optional(londonDateParameter('receivedTo')).check(z.meta({ description: 'Only the cases received on or before this day, in London.' })),
    channel: z
      .optional(z.enum(REFERRAL_CHANNELS, { error: `channel must be one of: ${REFERRAL_CHANNELS.join(', ')}` }))
      .check(z.meta({ description: 'Only the cases that came in this way.' })),
    limit: pageLimitParameter(CASE_LIST_DEFAULT_LIMIT, CASE_LIST_MAX_LIMIT, 'cases'),
    cursor: z
      .optional(z.string().check(z.maxLength(4096, 'cursor is too long')))
      .check(z.meta({ description: "The previous page's `nextCursor`, as it came, with the same filters." })),
  })
  .check(z.superRefine((query, ctx) => {
    if (query.status && query.stage && STAGE_OF[query.status] !== query.stage) {
      ctx.addIssue({ code: 'custom', path: ['stage'], message: `status ${query.status} is not in stage ${query.stage}` });
    }
    if (query.receivedFrom && query.receivedTo && query.receivedFrom > query.receivedTo) {
      ctx.addIssue({ code: 'custom', path: ['receivedTo'], message: 'receivedTo must not be before receivedFrom' });
    }
  }));
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

/** One Query of a plan: a partition of an index, and the range of its sort key to read (inclusive). */
export interface PartitionRead {
  partition: string;
  from?: string;
  to?: string;
  /** A prefix the sort key must begin with, when the range alone does not bound it. */
  prefix?: string;
}

export type ListIndex = 'byStatus' | 'byOfficer' | 'byDeadline' | 'needsAttention';

/**
 * Which index serves a list, the partitions it reads and their ranges, and
 * what is checked on each entry read: the filters the index's key does not
 * hold. Order of choice, most selective first: needs attention (a handful),
 * an officer (tens), overdue or due before (the open cases due by then),
 * then status, stage, channel and receipt (every case, by status).
 */
export interface CaseListPlan {
  index: ListIndex;
  reads: PartitionRead[];
  /** The sort order of the merged list: by the index's sort key, each partition already in that order. */
  residual: (entry: CaseListEntry) => boolean;
}

/** The London day a list's receipt range starts or ends, as the moment bounds of `receivedAt` (ISO strings compare in order). */
export interface ReceiptBounds {
  from?: string;
  to?: string;
}

/** The statuses a list reads: the one named, those of the stage named, or all. */
function statusesOf(query: Pick<CaseListQuery, 'status' | 'stage'>): readonly CaseStatus[] {
  if (query.status) return [query.status];
  if (query.stage) return CASE_STATUSES.filter((status) => STAGE_OF[status] === query.stage);
  return CASE_STATUSES;
}

/** The partition of CasesByStatus a case is listed in. */
export const statusChannelKey = (status: CaseStatus, channel: ReferralChannel): string => `${status}#${channel}`;

/** The sort key of CasesByOfficer: open cases first by their next deadline, then closed ones by closure (PAST sorts after OPEN). */
export function officerQueueKey(record: Pick<CaseRecord, 'status' | 'deadlines' | 'closedAt' | 'rejectedAt' | 'receivedAt'>): string {
  if (CLOSED_STATUSES.has(record.status)) return `PAST#${record.closedAt ?? record.rejectedAt ?? record.receivedAt}`;
  return `OPEN#${nextDeadline(record)?.dueAt ?? '~'}`;
}

/**
 * The plan of a list: `now` decides what is overdue, `receipt` gives the
 * London days of receivedFrom/receivedTo as moments, `deadlineShards` the
 * shards of CasesByDeadline.
 */
export function planCaseList(query: CaseListQuery, now: Date, receipt: ReceiptBounds, deadlineShards: readonly string[]): CaseListPlan {
  const dueBy = [query.overdue ? now.toISOString() : undefined, query.dueBefore ? new Date(query.dueBefore).toISOString() : undefined]
    .filter((moment): moment is string => moment !== undefined)
    .sort()[0];
  const statuses = new Set(statusesOf(query));
  const checks: Array<(entry: CaseListEntry) => boolean> = [];
  const checkStatus = () => checks.push((entry) => statuses.has(entry.status));
  const checkChannel = () => query.channel && checks.push((entry) => entry.channel === query.channel);
  const checkReceipt = () =>
    (receipt.from || receipt.to) &&
    checks.push((entry) => (!receipt.from || entry.receivedAt >= receipt.from) && (!receipt.to || entry.receivedAt <= receipt.to));
  const checkDue = () =>
    dueBy && checks.push((entry) => entry.nextDeadlineAt !== undefined && entry.nextDeadlineAt < dueBy);
  const checkOfficer = () => query.officer && checks.push((entry) => entry.allocatedTo === query.officer);
  const checkAttention = () => query.needsAttention && checks.push((entry) => entry.attentionSince !== undefined);
  const residual = (entry: CaseListEntry) => checks.every((check) => check(entry));

  if (query.needsAttention) {
    [checkStatus, checkChannel, checkReceipt, checkDue, checkOfficer].forEach((add) => add());
    return { index: 'needsAttention', reads: [{ partition: 'ATTENTION' }], residual };
  }
  if (query.officer) {
    [checkStatus, checkChannel, checkReceipt].forEach((add) => add());
    // A due filter reads the officer's open cases due by then; else every case of theirs.
    const reads: PartitionRead[] = dueBy ? [{ partition: query.officer, from: 'OPEN#', to: `OPEN#${dueBy}`, prefix: 'OPEN#' }] : [{ partition: query.officer }];
    if (dueBy) checkDue();
    return { index: 'byOfficer', reads, residual };
  }
  if (dueBy) {
    [checkStatus, checkChannel, checkReceipt, checkDue].forEach((add) => add());
    return { index: 'byDeadline', reads: deadlineShards.map((partition) => ({ partition, to: dueBy })), residual };
  }
  // Status, stage and channel are the partition; receipt is the range.
  const channels = query.channel ? [query.channel] : REFERRAL_CHANNELS;
  const reads = [...statuses].flatMap((status) =>
    channels.map((channel) => ({ partition: statusChannelKey(status, channel), ...(receipt.from ? { from: receipt.from } : {}), ...(receipt.to ? { to: receipt.to } : {}) })),
  );
  return { index: 'byStatus', reads, residual };
}

/** A high caseload for a full-time LADO: "more than 85" (seeds/003 §3.5). */
export const HIGH_CASELOAD = 85;

/** The open statuses in which a case is allocated to a LADO: its caseload. */
export const ALLOCATED_STATUSES: readonly CaseStatus[] = ['ALLEGATION_MANAGEMENT', 'CONSULTATION', 'OUTCOME_DUTIES'];

export interface OfficerCaseload {
  officerId: string;
  openCases: number;
  overdue: number;
  aboveThreshold: boolean;
}

/**
 * Each officer's caseload, from the open allocated cases' list entries:
 * how many they hold, how many are overdue at `now`, and whether the load is
 * high; most loaded first. And the overdue cases across the team, most
 * overdue first.
 */
export function caseloads(entries: readonly CaseListEntry[], now: Date): { officers: OfficerCaseload[]; overdue: CaseListEntry[] } {
  const at = now.toISOString();
  const isOverdue = (entry: CaseListEntry) => entry.nextDeadlineAt !== undefined && entry.nextDeadlineAt < at;
  const byOfficer = new Map<string, OfficerCaseload>();
  for (const entry of entries) {
    if (!entry.allocatedTo) continue;
    const load = byOfficer.get(entry.allocatedTo) ?? { officerId: entry.allocatedTo, openCases: 0, overdue: 0, aboveThreshold: false };
    load.openCases += 1;
    if (isOverdue(entry)) load.overdue += 1;
    load.aboveThreshold = load.openCases > HIGH_CASELOAD;
    byOfficer.set(entry.allocatedTo, load);
  }
  return {
    officers: [...byOfficer.values()].sort((a, b) => b.openCases - a.openCases || a.officerId.localeCompare(b.officerId)),
    overdue: entries.filter(isOverdue).sort((a, b) => a.nextDeadlineAt!.localeCompare(b.nextDeadlineAt!) || a.caseId.localeCompare(b.caseId)),
  };
}
