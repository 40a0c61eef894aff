import { routeOf } from '../api-routes';
import { decideThreshold, isRefusal, recordOfficerEvent } from '../domain/lifecycle-rules';
import { officerDecisionSchema, type OfficerEvent } from '../domain/officer-records';
import type { ThresholdDecision } from '../domain/threshold-decision';
import { acceptAwaitedInput, saveOfficerRecord } from '../shared/awaited-input';
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
 * planned, or end (functions/domain/lifecycle-rules.ts decides both).
 * The record is kept under the signed-in officer's own id, never another's,
 * and a retry under the same Idempotency-Key records nothing twice.
 */
export const handler = httpHandler({ route: routeOf('decision'), body: officerDecisionSchema, params: caseParams }, async ({ body, params, officer, headers }) => {
  if (!officer || body.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage(officer?.username ?? ''));
  const request = newRequest(headers['Idempotency-Key']!, body);
  const awaited = body.kind === 'threshold' ? 'thresholdDecision' : 'officerEvent';
  const status = await recordOncePerKey(params.caseId, request, awaited, () =>
    body.kind === 'threshold' ? recordThresholdDecision(params.caseId, body, request) : recordOfficerRecord(params.caseId, body, request),
  );
  logger.info('Decision recorded', { caseId: params.caseId, kind: body.kind });
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});

async function recordThresholdDecision(caseId: string, decision: ThresholdDecision, request: NewRequest): Promise<string> {
  const at = new Date(request.recordedAt);
  const { calendar } = serviceConfig();
  const outcome = await acceptAwaitedInput(caseId, 'thresholdDecision', (current) => decideThreshold(current, decision, at, calendar), request);
  if (isRefusal(outcome)) throw conflict(outcome.message);
  countMetric('ThresholdDecisionRecorded');
  return outcome.record.status;
}

async function recordOfficerRecord(caseId: string, input: OfficerEvent, request: NewRequest): Promise<string> {
  const at = new Date(request.recordedAt);
  const { calendar } = serviceConfig();
  const saved = await saveOfficerRecord(caseId, request, (current) => recordOfficerEvent(current, input, at, calendar));
  if (typeof saved !== 'string') throw conflict(saved.message);
  return saved;
}
