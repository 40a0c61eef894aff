import type { AwaitedInput, CaseRecord } from '../domain/case';
import { getTaskToken, updateCase, type CaseEvent, type RecordedRequest, type StoredCase } from './case-store';
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
  request?: Omit<RecordedRequest, 'status'>,
): Promise<Acceptance> {
  const outcome = await updateCase<Acceptance>(caseId, (current) => {
    if (current.awaiting?.kind !== kind) return { result: { accepted: false, current } };
    const { next, events } = apply(current);
    const { awaiting: _closed, ...withoutWait } = next;
    return {
      next: withoutWait,
      events,
      result: { accepted: true, record: withoutWait },
      ...(request ? { request: { ...request, status: withoutWait.status } } : {}),
    };
  });
  if (outcome.accepted) await resumeWait(caseId, kind);
  return outcome;
}

/**
 * Resumes the workflow's wait for this kind of input, if its token is stored.
 * Called once the input is saved: no later wait of this kind can have stored a
 * token since, and a wait that has closed meanwhile is answered harmlessly.
 */
export async function resumeWait(caseId: string, kind: AwaitedInput): Promise<void> {
  const taskToken = await getTaskToken(caseId, kind);
  if (taskToken) await resumeWorkflow(caseId, taskToken, { received: kind });
}
