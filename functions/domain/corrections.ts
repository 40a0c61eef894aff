import * as z from './zod';
import type { WorkingCalendar } from './calendar';
import { callsWorkflowBack, CLOSED_STATUSES, setAsOf, type CaseEvent, type CaseRecord, type Deadline, type RecordedDecision } from './case';
import { fingerprint } from './case-id';
import { OFFICER_RECORD_EVENT_PREFIX } from './lifecycle-contract';
import { STOPPED_WORKFLOW_MESSAGE, type Refusal, type Transition } from './lifecycle-rules';
import { applyOfficerEvent, applyThresholdDecision, officerDecisionSchema, type OfficerDecision } from './officer-records';
import { officerIdSchema, rationaleSchema } from './threshold-decision';
import { rebuildCase, type TrailEvent } from './trail';

/**
 * Corrections (004 paras 44 to 47: records accurate at every stage, and the
 * rationale of each decision traceable). An officer corrects a mistaken
 * record by naming its event in the trail and giving the record as it should
 * have been, and why. The original stays in the trail as it was written; the
 * case is rebuilt from the trail: as it stood before the record, then the
 * officers' records from that one on, each through its own rule at the moment
 * it was made, with the correction in place of the original. What the
 * workflow and the emails made of the case (its wait, its execution, emails
 * owed and undelivered, deadlines fired) stays as it happened.
 *
 * What cannot be corrected is refused, saying why:
 * - anything but an officer's record (a deadline, an email, the workflow's steps);
 * - a record corrected into another kind, or a threshold decision into
 *   another outcome: that is a different record, made through the case's own
 *   records, or by reopening the case (reopening.ts);
 * - the threshold decision once management has started (a record follows it):
 *   the records made since rest on it, and change it by their own rules
 *   (reallocate, escalate-to-allegation, complexity);
 * - a record under another author than its own: the record stays theirs, the
 *   correction is recorded as the corrector's;
 * - a correction that leaves a later record invalid (a meeting held that the
 *   corrected tracks no longer call for, a close with duties the corrected
 *   outcome makes outstanding);
 * - a record made before the case was reopened: the reopening, a manager's
 *   decision on the case as it closed, rests on it;
 * - a case whose workflow stopped for operations, or whose personal data was
 *   disposed of.
 */
export const EVENT_ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#\d{8}\.\d{2}[0-9a-z]{0,4}$/;

/** What an officer sends to POST /cases/{caseId}/corrections. */
export const correctionSchema = z.strictObject({
  officerId: officerIdSchema,
  /** Why the record is corrected. */
  rationale: rationaleSchema,
  eventId: z.string({ error: 'Name the event of the record to correct: its eventId in the history' }).check(z.regex(EVENT_ID_PATTERN, "The eventId must be an event's id as the history gives it")),
  record: officerDecisionSchema,
});
export type Correction = z.infer<typeof correctionSchema>;

/** An event of the trail with its id there (the history gives it as `eventId`). */
export type IdentifiedEvent = TrailEvent & { id: string };

/** The events that record an officer's record, each as the first event of its change: the threshold decision, and the records after it. */
const isOfficerRecordEvent = (event: TrailEvent) => event.type === 'ThresholdDecisionRecorded' || event.type.startsWith(OFFICER_RECORD_EVENT_PREFIX);

const conflict = (message: string): Refusal => ({ refused: 'conflict', message });

/**
 * Who decides each field of a case, so that a correction knows what to take
 * from the case as rebuilt: officers' records (taken from it), the workflow
 * and the emails (the wait, the execution, emails owed and undelivered, the
 * referral and its checks: kept as they stand), or both (the deadlines,
 * merged by mergeDeadlines). The compiler holds it complete: a field added
 * to the case fails to compile here until someone says who decides it.
 */
const DECIDED_BY: { readonly [K in keyof Required<CaseRecord>]: 'officers' | 'workflow' | 'both' } = {
  caseId: 'workflow',
  submissionId: 'workflow',
  channel: 'workflow',
  keyedBy: 'workflow',
  submissionFingerprint: 'workflow',
  status: 'officers',
  receivedAt: 'workflow',
  referral: 'workflow',
  missing: 'workflow',
  completenessChecks: 'workflow',
  returnedAt: 'workflow',
  referralCompleteAt: 'workflow',
  rejectedAt: 'workflow',
  deadlines: 'both',
  // Closed with the case when the rebuilt case is closed (below).
  awaiting: 'workflow',
  decisions: 'officers',
  allocation: 'officers',
  complex: 'officers',
  suspended: 'officers',
  tracks: 'officers',
  outcome: 'officers',
  duties: 'officers',
  consultationOutcome: 'officers',
  closedAt: 'officers',
  closure: 'officers',
  deliveryProblems: 'workflow',
  phase: 'workflow',
  receiptRecordedAt: 'workflow',
  owedEmails: 'workflow',
  needsAttention: 'workflow',
  disposedAt: 'workflow',
  // Matched when the referral is received or resubmitted (functions/shared/subject-matching.ts).
  previouslyKnownCaseIds: 'workflow',
};
const OFFICER_FIELDS = (Object.keys(DECIDED_BY) as Array<keyof CaseRecord>).filter((field) => DECIDED_BY[field] === 'officers');

const sameDeadline = (a: Deadline, b: Deadline) => a.kind === b.kind && a.dueAt === b.dueAt;

/**
 * The rebuilt case's deadlines, with what happened to each since: one the
 * rebuilt case still has pending, and the case had, stays as it happened
 * (fired, or its notices sent), unless the correction undid the record that
 * met it; one it no longer has goes; a new one is set as of the correction,
 * so one already past due falls due a working day on, as any deadline set
 * late (`setAsOf`).
 */
function mergeDeadlines(rebuilt: readonly Deadline[], current: readonly Deadline[], at: Date, calendar: WorkingCalendar): Deadline[] {
  return rebuilt.map((deadline) => {
    if (deadline.state !== 'pending') return deadline;
    const happened = current.find((candidate) => sameDeadline(candidate, deadline));
    if (!happened) return setAsOf(deadline, at, calendar);
    return happened.state === 'met' ? setAsOf(deadline, at, calendar) : happened;
  });
}

/** Applies one officer record as its rule does: a refusal says why it no longer applies. */
function reapply(record: CaseRecord, recorded: RecordedDecision, decision: OfficerDecision, calendar: WorkingCalendar): CaseRecord | string {
  const at = new Date(recorded.decidedAt);
  if (decision.kind === 'threshold') return applyThresholdDecision(record, decision, at, calendar);
  const applied = applyOfficerEvent(record, decision, at, calendar);
  return applied.ok ? applied.next : applied.conflict;
}

/** Whether two records say the same, whatever the order of their fields. */
const sameRecord = (a: OfficerDecision, b: OfficerDecision) => fingerprint(a) === fingerprint(b);

/**
 * Corrects the record the trail's event `correction.eventId` recorded, as of
 * `at`; `trail` is the case's trail, oldest first. `wakeWorkflow`: the
 * workflow parked on officers' records must act sooner than it planned.
 */
export function correctRecord(
  current: CaseRecord,
  trail: readonly IdentifiedEvent[],
  correction: Correction,
  at: Date,
  calendar: WorkingCalendar,
): (Transition & { wakeWorkflow: boolean }) | Refusal {
  if (current.needsAttention) return { refused: 'stopped', message: STOPPED_WORKFLOW_MESSAGE };
  if (current.disposedAt !== undefined) return conflict("This case's personal data was disposed of when its retention date passed: its records can no longer be corrected.");
  const event = trail.find((candidate) => candidate.id === correction.eventId);
  if (!event) return conflict(`This case's trail has no event ${correction.eventId}: name the event of the record to correct, as the history gives it.`);
  if (!isOfficerRecordEvent(event) || event.changes?.decisions === undefined || event.changes.version === undefined) {
    return conflict(`Only an officer's record can be corrected: event ${correction.eventId} is a ${event.type}.`);
  }
  const index = event.changes.decisions.length - 1;
  const original = current.decisions[index];
  if (!original) return conflict(`The record of event ${correction.eventId} is not on this case.`);
  const { record } = correction;
  if (record.kind !== original.decision.kind) {
    return conflict(`A "${original.decision.kind}" record can only be corrected into another "${original.decision.kind}" record: a "${record.kind}" record is a new record, made through the decisions of the case.`);
  }
  if (record.kind === 'threshold' && original.decision.kind === 'threshold') {
    if (record.outcome !== original.decision.outcome) {
      return conflict(`A threshold decision of ${original.decision.outcome} cannot be corrected into ${record.outcome}: a different route is a new decision, made by reopening the case (a LADO manager) or through its own records.`);
    }
    if (index < current.decisions.length - 1) {
      return conflict('The threshold decision cannot be corrected once management has started: the records made since rest on it. Change what it decided through those records (reallocate, escalate-to-allegation, complexity).');
    }
  }
  if (record.officerId !== original.decision.officerId) {
    return conflict(`The corrected record keeps its author, ${original.decision.officerId}: give their officerId in it. The correction itself is recorded as yours.`);
  }
  if (sameRecord(record, original.decision)) return conflict('The corrected record is the same as the record held: there is nothing to correct.');
  const version = event.changes.version;
  if (trail.some((candidate) => candidate.type === 'CaseReopened' && (candidate.changes?.version ?? 0) > version)) {
    return conflict('A record made before the case was reopened cannot be corrected: the reopening rests on the case as it was closed.');
  }

  // The case as it stood before the record, from the trail; then every officer's record from it on, the correction in its place.
  // An earlier record corrected before is replayed too, as corrected: the trail's events before this record hold it as first made.
  const from = current.decisions.findIndex((recorded, place) => place === index || recorded.corrected !== undefined);
  const startedBy = trail.find((candidate) => isOfficerRecordEvent(candidate) && candidate.changes?.decisions?.length === from + 1);
  const startsAt = startedBy?.changes?.version ?? version;
  const { version: _before, ...before } = rebuildCase(trail.filter((candidate) => (candidate.changes?.version ?? 0) < startsAt));
  let rebuilt: CaseRecord = before;
  for (const [offset, recorded] of current.decisions.slice(from).entries()) {
    const decision = from + offset === index ? record : recorded.decision;
    const next = reapply(rebuilt, recorded, decision, calendar);
    if (typeof next === 'string') {
      return conflict(`The correction would make a later record invalid: the "${recorded.decision.kind}" record of ${recorded.decidedAt}. ${next}`);
    }
    rebuilt = next;
  }
  // Each record keeps its author and time, and the marks of earlier corrections; the corrected one is marked with this one.
  const decisions = rebuilt.decisions.map((recorded, place) =>
    place === index ? { ...recorded, corrected: { by: correction.officerId, at: at.toISOString() } } : { ...recorded, ...(current.decisions[place]?.corrected ? { corrected: current.decisions[place]!.corrected } : {}) },
  );

  const next: Record<string, unknown> = { ...current };
  for (const field of OFFICER_FIELDS) {
    if (rebuilt[field] === undefined) delete next[field];
    else next[field] = rebuilt[field];
  }
  next['decisions'] = decisions;
  next['deadlines'] = mergeDeadlines(rebuilt.deadlines, current.deadlines, at, calendar);
  if (CLOSED_STATUSES.has(rebuilt.status)) delete next['awaiting'];
  const corrected = next as unknown as CaseRecord;

  const recordedEvent: CaseEvent = {
    type: 'RecordCorrected',
    actor: correction.officerId,
    at: at.toISOString(),
    rationale: correction.rationale,
    details: { eventId: correction.eventId, kind: original.decision.kind, recordedAt: original.decidedAt },
  };
  return {
    next: corrected,
    events: [recordedEvent],
    emails: [],
    wakeWorkflow: current.awaiting?.kind === 'officerEvent' && callsWorkflowBack(current, corrected),
  };
}
