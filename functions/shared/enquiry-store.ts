import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { londonDayBounds, londonMonthOf, monthsOfPeriod } from '../domain/calendar';
import { receiptOfEnquiryId, type Enquiry } from '../domain/enquiries';
import { documentClient } from './clients/document-client';
import { serviceConfig } from './config';
import { ENQUIRIES_PARTITION_PREFIX, ENQUIRY_REQUEST_PARTITION_PREFIX } from './table-layout';

/**
 * The enquiries register in the case table (table-layout.ts): each enquiry
 * under the partition of its London month of receipt, sorted by receipt, so
 * that a period is read with one Query a month and never a Scan; and one item
 * a request, so that a retry under the same Idempotency-Key is answered with
 * the enquiry first recorded. An enquiry is written once, and changed only to
 * link the referral it led to, by a keyed update: its id holds its receipt,
 * and so its key.
 */

type Item = Record<string, unknown>;

/** The key of an enquiry, from its receipt and id. */
export function enquiryKey(receivedAt: string, enquiryId: string): { pk: string; sk: string } {
  return { pk: `${ENQUIRIES_PARTITION_PREFIX}${londonMonthOf(receivedAt)}`, sk: `${receivedAt}#${enquiryId}` };
}

/** The key of an enquiry, from its id alone; undefined when the id is not an enquiry id. */
export function enquiryKeyOf(enquiryId: string): { pk: string; sk: string } | undefined {
  const receivedAt = receiptOfEnquiryId(enquiryId);
  return receivedAt === undefined ? undefined : enquiryKey(receivedAt, enquiryId);
}

const requestKey = (requestHash: string) => ({ pk: `${ENQUIRY_REQUEST_PARTITION_PREFIX}${requestHash}`, sk: 'REQUEST' });
const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });

/** A request is answered from its item for a week, as the officers' other requests are (case-store.ts, RecordedRequest). */
const REQUEST_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

/** Attributes the register keeps beside the enquiry, which a reader of the register does not get. */
const KEPT_BESIDE = ['pk', 'sk', 'recordedAt', 'linkedBy', 'linkedAt'] as const;

function toEnquiry(item: Item): Enquiry {
  const enquiry = { ...item };
  for (const attribute of KEPT_BESIDE) delete enquiry[attribute];
  return enquiry as unknown as Enquiry;
}

/** The request of an enquiry: who sent it under which key (hashed), and a fingerprint of what was sent. */
export interface EnquiryRequestRecord {
  requestHash: string;
  fingerprint: string;
  recordedAt: string;
}

export class EnquiryKeyReusedError extends Error {
  constructor() {
    super('The Idempotency-Key was already used for a different enquiry');
    this.name = 'EnquiryKeyReusedError';
  }
}

/** The case an enquiry names does not exist. */
export class LinkedCaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`No case ${caseId}`);
    this.name = 'LinkedCaseNotFoundError';
  }
}

export class EnquiryNotFoundError extends Error {
  constructor(enquiryId: string) {
    super(`No enquiry ${enquiryId}`);
    this.name = 'EnquiryNotFoundError';
  }
}

/** The enquiry is linked to another case already. */
export class EnquiryAlreadyLinkedError extends Error {
  constructor(readonly linkedCaseId: string) {
    super(`The enquiry is already linked to the case ${linkedCaseId}`);
    this.name = 'EnquiryAlreadyLinkedError';
  }
}

interface CancellationReason {
  Code?: string;
  Item?: Record<string, { S?: string } | undefined>;
}

function cancellationReasons(error: unknown): CancellationReason[] {
  return error instanceof TransactionCanceledException ? ((error.CancellationReasons ?? []) as CancellationReason[]) : [];
}

/** A string attribute of an item a cancelled transaction returned: the document client leaves those raw. */
const rawString = (reason: CancellationReason | undefined, name: string): string | undefined => reason?.Item?.[name]?.S;

async function transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      // Two sends of one request at once collide inside DynamoDB: try again until one has won.
      if (cancellationReasons(error).some((reason) => reason.Code === 'TransactionConflict') && attempt < 10) {
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/**
 * Records an enquiry with its request, in one transaction; with a linked case,
 * only if that case exists. A request already recorded under the same key
 * answers the enquiry it recorded (`created: false`), or throws
 * EnquiryKeyReusedError when it was for another enquiry.
 */
export async function recordEnquiry(enquiry: Enquiry, request: EnquiryRequestRecord): Promise<{ enquiryId: string; created: boolean }> {
  const TableName = serviceConfig().TABLE_NAME;
  const expiresAt = Math.floor(Date.parse(request.recordedAt) / 1000) + REQUEST_LIFETIME_SECONDS;
  try {
    await transact([
      {
        Put: {
          TableName,
          Item: { ...requestKey(request.requestHash), enquiryId: enquiry.enquiryId, fingerprint: request.fingerprint, recordedAt: request.recordedAt, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName,
          Item: { ...enquiryKey(enquiry.receivedAt, enquiry.enquiryId), ...enquiry, recordedAt: request.recordedAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(enquiry.linkedCaseId ? [{ ConditionCheck: { TableName, Key: caseKey(enquiry.linkedCaseId), ConditionExpression: 'attribute_exists(pk)' } }] : []),
    ]);
    return { enquiryId: enquiry.enquiryId, created: true };
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons[0]?.Code === 'ConditionalCheckFailed') {
      if (rawString(reasons[0], 'fingerprint') !== request.fingerprint) throw new EnquiryKeyReusedError();
      return { enquiryId: rawString(reasons[0], 'enquiryId')!, created: false };
    }
    if (enquiry.linkedCaseId && reasons[2]?.Code === 'ConditionalCheckFailed') throw new LinkedCaseNotFoundError(enquiry.linkedCaseId);
    throw error;
  }
}

/**
 * Links an enquiry to the case of the referral it led to, by its key: only an
 * enquiry that exists, to a case that exists, and once. Linking it again to
 * the same case changes nothing and answers as the first time did.
 */
export async function linkEnquiry(enquiryId: string, caseId: string, officerId: string, at: string): Promise<void> {
  const key = enquiryKeyOf(enquiryId);
  if (!key) throw new EnquiryNotFoundError(enquiryId);
  const TableName = serviceConfig().TABLE_NAME;
  try {
    await transact([
      {
        Update: {
          TableName,
          Key: key,
          UpdateExpression: 'SET linkedCaseId = :caseId, linkedBy = :officerId, linkedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(linkedCaseId)',
          ExpressionAttributeValues: { ':caseId': caseId, ':officerId': officerId, ':at': at },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      { ConditionCheck: { TableName, Key: caseKey(caseId), ConditionExpression: 'attribute_exists(pk)' } },
    ]);
  } catch (error) {
    const [enquiry, linkedCase] = cancellationReasons(error);
    if (enquiry?.Code === 'ConditionalCheckFailed') {
      const linked = rawString(enquiry, 'linkedCaseId');
      if (linked === undefined) throw new EnquiryNotFoundError(enquiryId);
      if (linked !== caseId) throw new EnquiryAlreadyLinkedError(linked);
      return;
    }
    if (linkedCase?.Code === 'ConditionalCheckFailed') throw new LinkedCaseNotFoundError(caseId);
    throw error;
  }
}

/** Where a page of a period's enquiries ends: the month being read and the key of the last enquiry given. */
export interface EnquiryPosition {
  month: string;
  sk: string;
}

/**
 * A page of the enquiries received in a period of London dates (both
 * included), in order of receipt: one Query a month, from `after` on, until
 * `limit` are read; `next` is where the following page starts, undefined at
 * the end.
 */
export async function readEnquiryPage(from: string, to: string, limit: number, after?: EnquiryPosition): Promise<{ items: Enquiry[]; next?: EnquiryPosition }> {
  const lower = londonDayBounds(from).start.toISOString();
  // Every key of the last day sorts below its last millisecond followed by '#~'.
  const upper = `${londonDayBounds(to).end.toISOString()}#~`;
  const months = monthsOfPeriod(from, to).filter((month) => !after || month >= after.month);
  const items: Enquiry[] = [];
  for (const month of months) {
    const pk = `${ENQUIRIES_PARTITION_PREFIX}${month}`;
    let startKey: Record<string, unknown> | undefined = after && after.month === month ? { pk, sk: after.sk } : undefined;
    do {
      const page = await documentClient().send(
        new QueryCommand({
          TableName: serviceConfig().TABLE_NAME,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
          ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ':upper': upper },
          Limit: limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      const found = (page.Items ?? []) as Item[];
      items.push(...found.map(toEnquiry));
      startKey = page.LastEvaluatedKey;
      if (items.length >= limit) {
        const last = found.at(-1)!;
        // Full, at the end of a month: the next page starts on the next month, whose first Query may find nothing.
        return { items, next: { month, sk: String(last['sk']) } };
      }
    } while (startKey);
  }
  return { items };
}

/** Every enquiry received in a period of London dates, both included, in order of receipt: one Query a month, page after page. */
export async function listEnquiries(from: string, to: string): Promise<Enquiry[]> {
  const enquiries: Enquiry[] = [];
  let after: EnquiryPosition | undefined;
  do {
    const page = await readEnquiryPage(from, to, 1000, after);
    enquiries.push(...page.items);
    after = page.next;
  } while (after);
  return enquiries;
}
