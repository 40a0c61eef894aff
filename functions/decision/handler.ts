import { routeOf } from '../api-routes';
import { applyOfficerEvent, applyThresholdDecision, officerDecisionSchema, type Applied, type OfficerEvent } from '../domain/case-management';
import type { ThresholdDecision } from '../domain/threshold-decision';
import { acceptAwaitedInput } from '../shared/awaited-input';
import { getTaskToken, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { conflict, forbidden } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';
import { notOwnOfficerIdMessage } from '../shared/officer-access';
import { resumeWorkflow } from '../shared/workflow';

/**
 * POST /cases/{caseId}/decisions: an officer records a decision or an event,
 * with who and why. The threshold decision closes the first-days wait; every
 * later record wakes the case's workflow so that it plans its next deadline.
 * The record is kept under the signed-in officer's own id, never another's.
 */
export const handler = httpHandler({ route: routeOf('decision'), body: officerDecisionSchema, params: caseParams }, async ({ body, params, officer }) => {
  if (!officer || body.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage(officer?.username ?? ''));
  const status = body.kind === 'threshold' ? await recordThresholdDecision(params.caseId, body) : await recordOfficerEvent(params.caseId, body);
  logger.info('Decision recorded', { caseId: params.caseId, kind: body.kind });
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});

async function recordThresholdDecision(caseId: string, decision: ThresholdDecision): Promise<string> {
  const at = now();
  const outcome = await acceptAwaitedInput(caseId, 'thresholdDecision', (current) => ({
    next: applyThresholdDecision(current, decision, at, serviceConfig().calendar),
    events: [
      { type: 'ThresholdDecisionRecorded', actor: decision.officerId, at: at.toISOString(), rationale: decision.rationale, details: { outcome: decision.outcome } },
    ],
  }));
  if (!outcome.accepted) throw conflict(`This case is not awaiting a threshold decision: its status is ${outcome.current.status}.`);
  countMetric('ThresholdDecisionRecorded');
  return outcome.record.status;
}

async function recordOfficerEvent(caseId: string, input: OfficerEvent): Promise<string> {
  const at = now();
  type Result = Applied & { wake?: boolean };
  const result = await updateCase<Result>(caseId, (current) => {
    const applied = applyOfficerEvent(current, input, at, serviceConfig().calendar);
    if (!applied.ok) return { result: applied };
    return { next: applied.next, events: [applied.event], result: { ...applied, wake: current.awaiting?.kind === 'officerEvent' } };
  });
  if (!result.ok) throw conflict(result.conflict);
  // A wait parked before this save holds the token read now; one parked after it plans with this record already.
  const taskToken = result.wake ? await getTaskToken(caseId, 'officerEvent') : undefined;
  if (taskToken) await resumeWorkflow(caseId, taskToken, { received: 'officerEvent' });
  return result.next.status;
}
