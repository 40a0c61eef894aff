import type { AwaitedInput, CaseRecord } from './case';

/**
 * Cases outlive executions. A case under management is run by a chain of
 * executions, each handing over to the next well inside Step Functions'
 * limits (a year's duration, 25,000 history events): after PHASE_MAX_DAYS, or
 * once it has waited PHASE_MAX_WAKES times.
 */
export const PHASE_MAX_DAYS = 90;
export const PHASE_MAX_WAKES = 150;
/** With nothing due, a waiting workflow still wakes monthly to re-check. */
export const IDLE_RECHECK_SECONDS = 30 * 24 * 60 * 60;

const CLOSED: ReadonlySet<CaseRecord['status']> = new Set(['CLOSED', 'REJECTED']);

export type PhaseNext = 'wait' | 'handover' | 'closed';

/** Whether the workflow waits on, hands over to the next execution, or ends; and how long it may wait at most. */
export function phaseDecision(record: CaseRecord, awaiting: AwaitedInput, now: Date): { next: PhaseNext; secondsLeft: number } {
  if (awaiting !== 'officerEvent') return { next: 'wait', secondsLeft: IDLE_RECHECK_SECONDS };
  if (CLOSED.has(record.status)) return { next: 'closed', secondsLeft: 1 };
  const phase = record.phase;
  if (!phase) return { next: 'handover', secondsLeft: 1 };
  const endsAt = Date.parse(phase.startedAt) + PHASE_MAX_DAYS * 24 * 60 * 60 * 1000;
  const secondsLeft = Math.floor((endsAt - now.getTime()) / 1000);
  if (secondsLeft <= 0 || phase.wakes >= PHASE_MAX_WAKES) return { next: 'handover', secondsLeft: 1 };
  return { next: 'wait', secondsLeft: Math.min(secondsLeft, IDLE_RECHECK_SECONDS) };
}
