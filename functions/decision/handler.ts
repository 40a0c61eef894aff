import { routeOf } from '../api-routes';
import { applyOfficerEvent, applyThresholdDecision, officerDecisionSchema, type Applied, type OfficerDecision, type OfficerEvent } from '../domain/case-management';
import { callsWorkflowBack } from '../domain/case';
import { fingerprint } from '../domain/case-id';
import type { ThresholdDecision } from '../domain/threshold-decision';
import { acceptAwaitedInput, resumeWait } from '../shared/awaited-input';
import { getRecordedRequest, RequestAlreadyRecordedError, updateCase, type RecordedRequest } from '../shared/case-store';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { conflict, forbidden, HttpError } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';
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
  const request = { key: headers['Idempotency-Key']!, fingerprint: fingerprint(body), recordedAt: now().toISOString() };
  const status = await recordOnce(params.caseId, body, request);
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});

type NewRequest = Omit<RecordedRequest, 'status'>;

/**
 * Records the decision with its request, unless the request was recorded
 * before. A new request costs no extra read: a retry shows itself when the save
 * finds its request already stored, or when the case, having moved on, refuses
 * the record, and only then is the first request looked up.
 */
async function recordOnce(caseId: string, decision: OfficerDecision, request: NewRequest): Promise<string> {
  try {
    const status = decision.kind === 'threshold' ? await recordThresholdDecision(caseId, decision, request) : await recordOfficerEvent(caseId, decision, request);
    logger.info('Decision recorded', { caseId, kind: decision.kind });
    return status;
  } catch (error) {
    const mayBeRetry = error instanceof RequestAlreadyRecordedError || (error instanceof HttpError && error.statusCode === 409);
    const earlier = mayBeRetry ? await getRecordedRequest(caseId, request.key) : undefined;
    if (!earlier) throw error;
    return answerRetry(caseId, decision, request, earlier);
  }
}

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
  const result = await updateCase<Applied & { wake?: boolean }>(caseId, (current) => {
    const applied = applyOfficerEvent(current, input, at, serviceConfig().calendar);
    if (!applied.ok) return { result: applied };
    const wake = current.awaiting?.kind === 'officerEvent' && callsWorkflowBack(current, applied.next);
    return { next: applied.next, events: [applied.event], request: { ...request, status: applied.next.status }, result: { ...applied, wake } };
  });
  if (!result.ok) throw conflict(result.conflict);
  // A wait parked before this save holds the token read now; one parked after it plans with this record already.
  if (result.wake) await resumeWait(caseId, 'officerEvent');
  else logger.info('Record leaves the planned wake as it is', { caseId, kind: input.kind });
  return result.next.status;
}

/**
 * A retry is answered as the first request was. It also finishes the first
 * request's work, in case that stopped between saving and waking the workflow.
 */
async function answerRetry(caseId: string, decision: OfficerDecision, request: NewRequest, earlier: RecordedRequest): Promise<string> {
  if (earlier.fingerprint !== request.fingerprint) {
    throw new HttpError(422, 'This Idempotency-Key was already used for a different record on this case: send a new key with each new record.');
  }
  await resumeWait(caseId, decision.kind === 'threshold' ? 'thresholdDecision' : 'officerEvent');
  logger.info('Retried decision answered as first recorded', { caseId, kind: decision.kind });
  return earlier.status;
}
