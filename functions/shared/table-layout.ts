/**
 * Facts about the case table and the audit trail that the store and the CDK constructs share.
 *
 * ActiveCases is a sparse index of the cases still active (open, owing an
 * email, or needing attention), which the reconciler reads instead of
 * scanning the table. Its partition key spreads a national caseload (about
 * 220,000 referrals a year, tens of thousands open at once) over shards that
 * no write or read makes hot; its sort key is the case id.
 */
export const ACTIVE_CASES_INDEX = 'ActiveCases';
export const ACTIVE_CASE_SHARDS = 16;
/** What the index carries besides its keys: identifiers, statuses and times, never personal data. */
export const ACTIVE_CASES_PROJECTION = ['status', 'receivedAt', 'phase', 'nextWakeAt', 'oldestOwedAt', 'needsAttention'] as const;

/**
 * RetentionDue is a sparse index of the closed cases and rejected referrals
 * whose personal data is still held, by the date it is kept until (the LADO
 * retention date): the retention job reads what has passed instead of
 * scanning the table (functions/retention). A case enters it when it closes
 * and leaves it when it is disposed of, or reopened.
 *
 * Sized for a national caseload: about 220,000 referrals a year kept 25 years
 * (6 when rejected) hold some 5 million entries, of which about 600 fall due a
 * day. Its partition key spreads them over 4 shards by a hash of the case id,
 * so no partition takes every closure's write (a few a minute at peak) and the
 * job's four Queries, one a shard, each read about 150 entries a day: one
 * page. Its sort key is the date, so each Query reads only what has passed.
 * It carries its keys only, the case named by the table's.
 */
export const RETENTION_DUE_INDEX = 'RetentionDue';
export const RETENTION_DUE_SHARDS = 4;

/**
 * The audit trail's one exception to append-only: the attributes of an event
 * that carry personal data, which the retention job alone may rewrite once
 * the case's retention date has passed (functions/shared/records-disposal.ts).
 * IAM holds it to these and the key (infra/audit-trail.ts, grantDisposal).
 */
export const DISPOSABLE_EVENT_ATTRIBUTES = ['changes', 'rationale'] as const;

/**
 * AwaitingDecision is a sparse index of the referrals awaiting the duty LADO's
 * threshold decision (case.ts, awaitsThresholdDecision), which the morning
 * list reads once each working day (functions/morning-list). A case enters
 * it when it comes to await the decision and leaves it when decided,
 * rejected or closed.
 *
 * Sized for a national caseload: about 220,000 referrals a year, some 900 a
 * working day, each awaiting its decision a day or so, hold a few thousand
 * entries at most; entering and leaving are two index writes a referral, a
 * few a minute at peak. One partition takes both, far below a partition's
 * limits, so it is not sharded; its sort key is the time of receipt, so the
 * one Query reads the list oldest first. It carries only the case id, the
 * immediate-risk flag and when the decision is due: a reader of the index can
 * reach nothing personal. ActiveCases was the alternative, filtered on status:
 * it reads every active case (tens of thousands) to find these, and carries
 * neither the flag nor the due time, which would need each case read whole.
 */
export const AWAITING_DECISION_INDEX = 'AwaitingDecision';
/** The index's partition key, and its one value. */
export const AWAITING_DECISION_KEY = 'awaitingDecision';
export const AWAITING_DECISION_PARTITION = 'AWAITING';
export const AWAITING_DECISION_PROJECTION = ['caseId', 'immediateRisk', 'decisionDueAt'] as const;

/** The partition the morning list records each day's sending under: the only items it may write. */
export const MORNING_LIST_PARTITION = 'MORNING-LIST';
