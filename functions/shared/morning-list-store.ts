import type { AwaitingDecision } from '../domain/morning-list';
import { claimSend, queryAll, releaseClaim, sentItem, type ClaimKey } from './case-store';
import { serviceConfig } from './config';
import { AWAITING_DECISION_INDEX, AWAITING_DECISION_KEY, AWAITING_DECISION_PARTITION, AWAITING_DECISION_PROJECTION, MORNING_LIST_PARTITION } from './table-layout';

/**
 * What the morning list reads and writes in the case table: the referrals
 * awaiting a threshold decision, from their sparse index (never a Scan, never
 * a case item), and one claim a day under its own partition, so that each
 * day's list goes once however often the schedule fires.
 */
export async function listAwaitingDecision(): Promise<AwaitingDecision[]> {
  return queryAll<AwaitingDecision>({
    TableName: serviceConfig().TABLE_NAME,
    IndexName: AWAITING_DECISION_INDEX,
    KeyConditionExpression: '#key = :awaiting',
    ProjectionExpression: ['receivedAt', ...AWAITING_DECISION_PROJECTION].join(', '),
    ExpressionAttributeNames: { '#key': AWAITING_DECISION_KEY },
    ExpressionAttributeValues: { ':awaiting': AWAITING_DECISION_PARTITION },
  });
}

const dayKey = (date: string): ClaimKey => ({ pk: MORNING_LIST_PARTITION, sk: `DATE#${date}` });

export const claimMorningList = (date: string, at: string) => claimSend(dayKey(date), at);

/** The day's claim once its list went: how many referrals it listed, and nothing else. */
export const morningListSentItem = (date: string, at: string, referrals: number) => sentItem(dayKey(date), at, { referrals });

export const releaseMorningList = (date: string) => releaseClaim(dayKey(date));
