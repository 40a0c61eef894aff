import type { AwaitedInput, CaseRecord } from '../domain/case';
import { getTaskToken, updateCase, type CaseEvent, type StoredCase } from './case-store';
import { resumeWorkflow } from './workflow';

/**
 * Human input (a resubmission, an officer's decision) is accepted only while the
 * workflow waits for it. Storing the input and closing the wait is one
 * conditional write, so a repeated or late callback finds nothing to close.
 */
export type Acceptance = { accepted: true; record: CaseRecord } | { accepted: false; current: StoredCase };

export async function acceptAwaitedInput(
  caseId: string,
  kind: AwaitedInput,
  apply: (current: StoredCase) => { next: CaseRecord; events: CaseEvent[] },
): Promise<Acceptance> {
  type Outcome = { accepted: false; current: StoredCase } | { accepted: true; record: CaseRecord };
  const outcome = await updateCase<Outcome>(caseId, (current) => {
    if (current.awaiting?.kind !== kind) return { result: { accepted: false, current } };
    const { next, events } = apply(current);
    const { awaiting: _closed, ...withoutWait } = next;
    return { next: withoutWait, events, result: { accepted: true, record: withoutWait } };
  });
  if (!outcome.accepted) return outcome;
  // Read after the wait is closed: no later wait of this kind can have stored a token since.
  const taskToken = await getTaskToken(caseId, kind);
  if (taskToken) await resumeWorkflow(caseId, taskToken, { received: kind });
  return { accepted: true, record: outcome.record };
}
