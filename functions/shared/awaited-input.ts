import type { AwaitedInput, CaseRecord } from '../domain/case';
import { getTaskToken, savedVersion, updateCase, type CaseEvent, type RecordedRequest, type StoredCase } from './case-store';
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
  request?: Omit<RecordedRequest, 'status' | 'caseVersion'>,
): Promise<Acceptance> {
  const outcome = await updateCase<Acceptance & { savedVersion?: number }>(caseId, (current) => {
    if (current.awaiting?.kind !== kind) return { result: { accepted: false, current } };
    const { next, events } = apply(current);
    const { awaiting: _closed, ...withoutWait } = next;
    return {
      next: withoutWait,
      events,
      result: { accepted: true, record: withoutWait, savedVersion: savedVersion(current) },
      ...(request ? { request: { ...request, status: withoutWait.status } } : {}),
    };
  });
  if (!outcome.accepted) return outcome;
  await resumeWait(caseId, kind, outcome.savedVersion!);
  return { accepted: true, record: outcome.record };
}

/**
 * Resumes the workflow's wait for this kind of input, if one began before the
 * input was saved as version `inputVersion` of the case: the wait the input was for. A
 * wait that began after it (a timer found the input first and the workflow
 * moved on, or a retry comes late) started with the input already in the case,
 * and must not take it for new. A wait that has closed meanwhile is answered
 * harmlessly.
 */
export async function resumeWait(caseId: string, kind: AwaitedInput, inputVersion: number): Promise<void> {
  const wait = await getTaskToken(caseId, kind);
  if (wait && wait.caseVersion < inputVersion) await resumeWorkflow(caseId, wait.taskToken, { received: kind });
}
