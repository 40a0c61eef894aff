import * as z from './zod';
import type { WorkingCalendar } from './calendar';
import { scheduleDeadlines, type CaseEvent, type CaseRecord } from './case';
import type { DeadlineKind } from './deadline-policy';
import type { AwaitedInput, CaseStatus } from './lifecycle-contract';
import { STOPPED_WORKFLOW_MESSAGE, type Refusal, type Transition } from './lifecycle-rules';
import { officerIdSchema, rationaleSchema } from './threshold-decision';

/**
 * Reopening a closed case: a LADO manager's decision (domain.md: the manager
 * oversees the service), with who and why, when a closed case turns out not to
 * be done: new information about the same allegation, a consultation that
 * needs the LADO again, a case closed at its threshold decision in error. The
 * case reopens to the status it was closed from, and its workflow runs again
 * (the next execution of its chain) with the deadlines that status needs,
 * counted from the reopening, the event that starts them:
 *
 * | closed by                                   | reopens to                  | deadlines (counted from the reopening)          |
 * |---------------------------------------------|-----------------------------|-------------------------------------------------|
 * | `close-consultation`                        | CONSULTATION                | the consultation review                         |
 * | `close` (an allegation after its outcome)   | ALLEGATION_MANAGEMENT       | the LADO review (complex or not), and the suspension review while suspended |
 * | the threshold decision (no further action, transfer) | AWAITING_THRESHOLD_DECISION | the initial-consideration chaser and escalation |
 *
 * Our choices, the sources saying nothing of reopening. An allegation reopens
 * to management, where a new outcome can be recorded (it then replaces the
 * outcome and duties on record, which stay until then; the trail keeps all).
 * The resolution targets are not set again: they measured the first
 * resolution. A rejected referral is not reopened: the referrer submits a new
 * referral with full details (000). A case still sending its closing emails
 * is reopened once they are sent, so that one execution runs it at a time.
 */
export const reopeningSchema = z.strictObject({ officerId: officerIdSchema, rationale: rationaleSchema });
export type Reopening = z.infer<typeof reopeningSchema>;

interface Reopened {
  status: CaseStatus;
  awaits: AwaitedInput;
  deadlines: DeadlineKind[];
}

/** What a closed case reopens to, from the record that closed it; undefined when it closed some other way. */
function reopenedAs(record: CaseRecord): Reopened | undefined {
  const closing = record.decisions.at(-1)?.decision;
  switch (closing?.kind) {
    case 'close-consultation':
      return { status: 'CONSULTATION', awaits: 'officerEvent', deadlines: ['consultationReview'] };
    case 'close':
      return {
        status: 'ALLEGATION_MANAGEMENT',
        awaits: 'officerEvent',
        deadlines: [record.complex ? 'ladoReviewComplex' : 'ladoReview', ...(record.suspended ? (['suspensionReview'] as const) : [])],
      };
    case 'threshold':
      return closing.outcome === 'no-further-action' || closing.outcome === 'transfer'
        ? { status: 'AWAITING_THRESHOLD_DECISION', awaits: 'thresholdDecision', deadlines: ['initialConsiderationChase', 'initialConsiderationEscalation'] }
        : undefined;
    default:
      return undefined;
  }
}

const conflict = (message: string): Refusal => ({ refused: 'conflict', message });

/** Reopens a closed case as of `at`. `awaits`: the input the case's workflow waits for once it runs again. */
export function reopenCase(record: CaseRecord, reopening: Reopening, at: Date, calendar: WorkingCalendar): (Transition & { awaits: AwaitedInput }) | Refusal {
  if (record.needsAttention) return { refused: 'stopped', message: STOPPED_WORKFLOW_MESSAGE };
  if (record.disposedAt !== undefined) return conflict("This case's personal data was disposed of when its retention date passed: it cannot be reopened. A new concern is a new referral.");
  if (record.status === 'REJECTED') return conflict('A rejected referral is not reopened: the referrer submits a new referral with full details.');
  if (record.status !== 'CLOSED') return conflict(`Only a closed case can be reopened: this one is open, its status ${record.status}.`);
  if (record.owedEmails?.length) return conflict('This case is still sending its closing emails: reopen it once they are sent, in a few minutes unless the email service is out.');
  const reopened = reopenedAs(record);
  if (!reopened) return conflict('This case closed in a way that cannot be reopened.');

  const stamp = at.toISOString();
  const { closedAt, closure: _closure, ...open } = record;
  const next: CaseRecord = {
    ...open,
    status: reopened.status,
    awaiting: { kind: reopened.awaits, since: stamp },
    deadlines: [...record.deadlines, ...scheduleDeadlines(reopened.deadlines, at, calendar)],
  };
  // A reopened consultation has not ended: its outcome is recorded when it closes again.
  if (reopened.status === 'CONSULTATION') delete next.consultationOutcome;
  const event: CaseEvent = {
    type: 'CaseReopened',
    actor: reopening.officerId,
    at: stamp,
    rationale: reopening.rationale,
    details: { reopenedTo: reopened.status, ...(closedAt ? { closedAt } : {}) },
  };
  return { next, events: [event], emails: [], awaits: reopened.awaits };
}
