import { currentExecutionName } from '../domain/case-id';
import { pendingDeadlines, STAGE_OF, type CaseRecord } from '../domain/case';

/**
 * What GET /cases/{caseId} shows. Never the referral's content: the labels of
 * missing items name fields, not people. LADO officers and managers see what
 * they manage the case by; operations see where it stands and which execution
 * runs it, enough to follow up a stuck or failed one, and no decision.
 */
function whereItStands(record: CaseRecord) {
  return {
    caseId: record.caseId,
    status: record.status,
    stage: STAGE_OF[record.status],
    receivedAt: record.receivedAt,
    ...(record.returnedAt ? { returnedAt: record.returnedAt } : {}),
    ...(record.rejectedAt ? { rejectedAt: record.rejectedAt } : {}),
    ...(record.closedAt ? { closedAt: record.closedAt } : {}),
    awaiting: record.awaiting?.kind ?? null,
    missing: record.missing.map((item) => item.label),
    pendingDeadlines: pendingDeadlines(record).map(({ kind, dueAt }) => ({ kind, dueAt })),
    // Emails owed are sent as soon as SES takes them; one owed long means an outage operations are told of.
    owedEmails: (record.owedEmails ?? []).map(({ kind, owedSince }) => ({ kind, owedSince })),
    needsAttention: record.needsAttention ?? null,
  };
}

/** The case as LADO officers and managers see it: allocation, tracks, outcome, duties, retention and every decision. */
export function officerCaseView(record: CaseRecord) {
  return {
    ...whereItStands(record),
    ...(record.allocation ? { allocatedTo: record.allocation } : {}),
    ...(record.tracks ? { tracks: record.tracks } : {}),
    ...(record.complex !== undefined ? { complex: record.complex } : {}),
    ...(record.suspended !== undefined ? { suspended: record.suspended } : {}),
    ...(record.outcome ? { outcome: recordedOutcome(record.outcome) } : {}),
    ...(record.duties ? { duties: record.duties } : {}),
    ...(record.closure ? { closure: record.closure } : {}),
    ...(record.deliveryProblems?.length ? { deliveryProblems: record.deliveryProblems } : {}),
    decisions: record.decisions,
  };
}

function recordedOutcome({ recordedAt, recordedBy, ...result }: NonNullable<CaseRecord['outcome']>) {
  return { result, recordedBy, recordedAt };
}

/**
 * The case as operations see it: no decision, no officer, no address. It names
 * the execution that runs the case, or ran it last, as Step Functions lists it,
 * and counts the emails that could not be delivered.
 */
export function operationsCaseView(record: CaseRecord) {
  return {
    ...whereItStands(record),
    executionName: currentExecutionName(record),
    undeliveredEmails: record.deliveryProblems?.length ?? 0,
  };
}
