import { routeOf } from '../api-routes';
import { applyOfficerEvent, applyThresholdDecision, officerDecisionSchema, type Applied, type OfficerEvent } from '../domain/officer-records';
import { callsWorkflowBack } from '../domain/case';
import type { ThresholdDecision } from '../domain/threshold-decision';
import { acceptAwaitedInput, ensureWorkflowRuns, refuseIfStopped, resumeWait } from '../shared/awaited-input';
import { savedVersion, updateCase } from '../shared/case-store';
import { serviceConfig } from '../shared/config';
import { conflict, forbidden } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';
import { newRequest, recordOncePerKey, type NewRequest } from '../shared/idempotent-request';
import { countMetric, logger } from '../shared/observability';
import { notOwnOfficerIdMessage } from '../shared/officer-access';

/**
 * POST /cases/{caseId}/decisions: an officer records a decision or an event,
 * with who and why. The threshold decision closes the first-days wait; a later
 * record wakes the case's workflow when the workflow must act sooner than it
 * planned, or end.
 * The record is kept under the signed-in officer's own id, never another's,
 * and a retry under the same Idempotency-Key records nothing twice.
 */
export const handler = httpHandler({ route: routeOf('decision'), body: officerDecisionSchema, params: caseParams }, async ({ body, params, officer, headers }) => {
  if (!officer || body.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage(officer?.username ?? ''));
  const request = newRequest(headers['Idempotency-Key']!, body);
  const awaited = body.kind === 'threshold' ? 'thresholdDecision' : 'officerEvent';
  const status = await recordOncePerKey(params.caseId, request, awaited, () =>
    body.kind === 'threshold' ? recordThresholdDecision(params.caseId, body, request) : recordOfficerEvent(params.caseId, body, request),
  );
  logger.info('Decision recorded', { caseId: params.caseId, kind: body.kind });
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});

async function recordThresholdDecision(caseId: string, decision: ThresholdDecision, request: NewRequest): Promise<string> {
  const at = new Date(request.recordedAt);
  const outcome = await acceptAwaitedInput(
    caseId,
    'thresholdDecision',
    (current) => ({
      next: applyThresholdDecision(current, decision, at, serviceConfig().calendar),
      events: [
        { type: 'ThresholdDecisionRecorded', actor: decision.officerId, at: request.recordedAt, rationale: decision.rationale, details: { outcome: decision.outcome } },
      ],
    }),
    request,
  );
  if (!outcome.accepted) throw conflict(`This case is not awaiting a threshold decision: its status is ${outcome.current.status}.`);
  countMetric('ThresholdDecisionRecorded');
  return outcome.record.status;
}

async function recordOfficerEvent(caseId: string, input: OfficerEvent, request: NewRequest): Promise<string> {
  const at = new Date(request.recordedAt);
  const result = await updateCase<Applied & { wake?: boolean; savedVersion?: number }>(caseId, (current) => {
    refuseIfStopped(current);
    const applied = applyOfficerEvent(current, input, at, serviceConfig().calendar);
    if (!applied.ok) return { result: applied };
    const wake = current.awaiting?.kind === 'officerEvent' && callsWorkflowBack(current, applied.next);
    return { next: applied.next, events: [applied.event], request: { ...request, status: applied.next.status }, result: { ...applied, wake, savedVersion: savedVersion(current) } };
  });
  if (!result.ok) throw conflict(result.conflict);
  // A wait parked after this save plans with this record already: only one parked before it is woken.
  if (result.wake) await resumeWait(caseId, 'officerEvent', result.savedVersion!);
  else await ensureWorkflowRuns(caseId);
  return result.next.status;
}
