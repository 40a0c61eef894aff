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
 * EventsByMonth is an index of the audit trail by the London month of each
 * event: the cases with any event in a period (the annual report,
 * functions/shared/report-store.ts) are read a month and a shard at a time,
 * never by a Scan. Every event is written with `eventMonth` =
 * `<YYYY-MM>#<shard>` (case-store.ts, eventPut), the shard 0 to 7 by a hash
 * of the case id, and the index sorts by the event's own key (`sk` =
 * `EVENT#<at>#…`), so a Query reads a range of moments within its month. It
 * carries the keys only: `pk` names the case, whose trail the reader then
 * reads whole from the table.
 *
 * Sized for a national caseload: about 220,000 referrals a year, a few dozen
 * events each, some 9 million events a year, 750,000 a month. Every event is
 * written into the current month, so a month unsharded would take every
 * event's index write: 0.3 a second on average, but the deadlines of tens of
 * thousands of open cases fall at the close of the same working day, and a
 * throttled index write throttles the transaction that saves the case. Eight
 * shards spread those bursts eight ways, each far below a partition's 1,000
 * writes a second, and split a month into eight Queries of about 90,000
 * entries each, read in parallel. The attribute is derived from the event's
 * moment and case id alone, never changed afterwards: the retention job's
 * rewrite of `changes` and `rationale` leaves it, and the index entry, as
 * they were.
 */
export const EVENTS_BY_MONTH_INDEX = 'EventsByMonth';
export const EVENTS_BY_MONTH_KEY = 'eventMonth';
export const EVENTS_BY_MONTH_SHARDS = 8;

/** The EventsByMonth partition of a London month (YYYY-MM) and a shard. */
export function eventMonthPartition(month: string, shard: number): string {
  return `${month}#${shard}`;
}

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

/**
 * SubjectMatch is a sparse index of the subject's match keys, which the
 * intake and the resubmission read to find earlier cases about the same
 * person ("previously known": seeds/000, reason 1; docs/previously-known.md).
 * A case's subject has a name and up to ten known-as names, and an index
 * attribute holds one value, so each key is an item of its own beside the
 * case (`sk` = `SUBJECT#<n>`), written in the transaction that creates the
 * case, replaced by a resubmission that changes the subject, and cleared when
 * the case's personal data is disposed of. The key is a keyed hash
 * (HMAC-SHA256) of a normalised name and the date of birth: nothing in the
 * index can be read back as a name or a date, and it is still personal data.
 *
 * Sized for a national caseload: about 220,000 referrals a year, one to a few
 * keys each, kept for the LADO retention period: some 6 to 10 million
 * entries. The hash spreads them evenly over the partition key, so no
 * partition is hot: a partition is one person, a few entries at most. Each
 * referral costs one Query a key, a few a minute at peak. The sort key is the
 * time of receipt, so a Query reads only the cases received before. It
 * carries the case id besides its keys.
 */
export const SUBJECT_MATCH_INDEX = 'SubjectMatch';
export const SUBJECT_MATCH_KEY = 'subjectKey';
export const SUBJECT_MATCH_PROJECTION = ['caseId'] as const;

/**
 * The case lists of GET /cases (functions/list-cases), each served by a key
 * of its own: never a Scan. Every attribute below is derived from the case
 * on every save (case-store.ts, caseItem), and none holds personal data: ids,
 * statuses, channels, officer usernames and moments.
 *
 * CasesByStatus holds every case, by status and channel, newest receipt
 * last: the list by status, by stage (the statuses of the stage), by
 * channel, and by date of receipt (a range on the sort key). Its partitions
 * are the 8 statuses times 3 channels; a list that names neither reads the
 * 24 together, merged in order of receipt. National volume: about 220,000
 * referrals a year, so a status such as CLOSED gathers millions of entries
 * over the years, but a partition's limits are on throughput, not size, and
 * every case writes its entry a few dozen times over months (52 requests a
 * referral in all): about 0.4 writes a second in the whole table, spread over
 * the open statuses. No partition comes near its 1,000 writes a second.
 */
export const CASES_BY_STATUS_INDEX = 'CasesByStatus';
export const CASES_BY_STATUS_KEY = 'statusChannel';

/**
 * CasesByOfficer holds every allocated case under its LADO's username: open
 * cases first by their next deadline (`OPEN#<due>`, `OPEN#~` with none), then
 * closed ones by closure (`PAST#<closedAt>`). It serves an officer's list,
 * their overdue cases (a range below now), and a caseload (a COUNT of the
 * open ones). An officer holds tens of cases, never enough to heat a partition.
 */
export const CASES_BY_OFFICER_INDEX = 'CasesByOfficer';
export const CASES_BY_OFFICER_KEY = 'allocatedTo';
export const CASES_BY_OFFICER_SORT = 'officerQueue';

/**
 * CasesByDeadline is a sparse index of the open cases with a deadline not
 * yet met, by its moment: overdue cases (a range below now) and those due
 * before a moment. Spread over 4 shards by a hash of the case id, read
 * together and merged: tens of thousands of open cases nationally, each
 * rewriting its entry when its next deadline moves.
 */
export const CASES_BY_DEADLINE_INDEX = 'CasesByDeadline';
export const CASES_BY_DEADLINE_KEY = 'deadlineShard';
export const CASES_BY_DEADLINE_SORT = 'nextDeadlineAt';
export const CASES_BY_DEADLINE_SHARDS = 4;
/** The partition key of one CasesByDeadline shard. */
export const deadlineShard = (shard: number): string => `DUE#${shard}`;

/**
 * NeedsAttention is a sparse index of the cases whose workflow stopped after
 * a step failed past its retries, by when: operations' list of what to
 * repair. A handful at any time, in one partition.
 */
export const NEEDS_ATTENTION_INDEX = 'NeedsAttention';
export const NEEDS_ATTENTION_KEY = 'attention';
export const NEEDS_ATTENTION_PARTITION = 'ATTENTION';
export const NEEDS_ATTENTION_SORT = 'attentionSince';

/** What every list index carries besides its keys: what a list item shows (functions/domain/case-list.ts), and nothing personal. */
export const CASE_LIST_PROJECTION = [
  'caseId',
  'status',
  'receivedAt',
  'channel',
  'nextDeadlineAt',
  'nextDeadlineKind',
  'allocatedTo',
  'immediateRisk',
  'attentionSince',
] as const;

/** The partition the reconciler keeps its latest findings under, for operations to read (GET /operations/findings). */
export const RECONCILER_FINDINGS_KEY = { pk: 'RECONCILER', sk: 'LATEST' } as const;

/**
 * The enquiries register (functions/shared/enquiry-store.ts): partitions of
 * its own, one a London month of receipt (`ENQUIRIES#YYYY-MM`), each
 * enquiry under `<receivedAt>#<enquiryId>`, so that a period is read with
 * one Query a month, in order of receipt, never a Scan. About 1,300
 * enquiries a year in a county (003 §2.1), some 200,000 nationally: a few
 * dozen writes an hour in the month's partition. Beside them, one item a request
 * (`ENQUIRY-REQUEST#<hash of officer and Idempotency-Key>`, TTL a week)
 * answers a retry with the enquiry first recorded. Nothing in either names
 * anyone but the officer who answered.
 */
export const ENQUIRIES_PARTITION_PREFIX = 'ENQUIRIES#';
export const ENQUIRY_REQUEST_PARTITION_PREFIX = 'ENQUIRY-REQUEST#';
