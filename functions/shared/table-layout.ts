/**
 * Facts about the case table that the store and the CDK construct share.
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
