import { CLOSED_STATUSES, type CaseRecord } from './case';
import type { AwaitedInput, FirstDaysStep, TimerOutcome } from './lifecycle-contract';

/**
 * Cases outlive executions. A case is run by a chain of executions, each
 * handing over to the next well inside Step Functions' limits (a year's
 * duration, 25,000 history events): after PHASE_MAX_DAYS, or once it has
 * waited PHASE_MAX_WAKES times. The first days hand over too, so that a
 * threshold decision that never comes cannot time an execution out.
 */
export const PHASE_MAX_DAYS = 90;
export const PHASE_MAX_WAKES = 150;
/** With nothing due, a waiting workflow still wakes monthly to re-check. */
export const IDLE_RECHECK_SECONDS = 30 * 24 * 60 * 60;

/** What the phase says of a wait: every timer outcome but the input's arrival, which the case's wait says. */
export type PhaseNext = Exclude<TimerOutcome, 'inputArrived'>;

/** Whether the workflow waits on, hands over to the next execution, or ends; and how long it may wait at most. */
export function phaseDecision(record: CaseRecord, awaiting: AwaitedInput, now: Date): { next: PhaseNext; secondsLeft: number } {
  if (CLOSED_STATUSES.has(record.status)) return { next: 'closed', secondsLeft: 1 };
  const phase = record.phase;
  if (!phase) return awaiting === 'officerEvent' ? { next: 'handover', secondsLeft: 1 } : { next: 'wait', secondsLeft: IDLE_RECHECK_SECONDS };
  const endsAt = Date.parse(phase.startedAt) + PHASE_MAX_DAYS * 24 * 60 * 60 * 1000;
  const secondsLeft = Math.floor((endsAt - now.getTime()) / 1000);
  if (secondsLeft <= 0 || phase.wakes >= PHASE_MAX_WAKES) return { next: 'handover', secondsLeft: 1 };
  return { next: 'wait', secondsLeft: Math.min(secondsLeft, IDLE_RECHECK_SECONDS) };
}

/** Where a first-days execution takes up a referral, whether it starts the referral's life or resumes it from the stored case. */
export function firstDaysStep(record: CaseRecord): FirstDaysStep {
  switch (record.status) {
    case 'RECEIVED':
      return 'checkCompleteness';
    case 'AWAITING_RESUBMISSION':
      return 'awaitResubmission';
    case 'AWAITING_THRESHOLD_DECISION':
      return 'awaitThresholdDecision';
    case 'REJECTED':
      return 'closed';
    default:
      // The threshold decision is recorded: the case is closed by it or goes on to management.
      return 'afterThresholdDecision';
  }
}
