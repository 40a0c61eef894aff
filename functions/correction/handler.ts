import { routeOf } from '../api-routes';
import { correctionSchema, correctRecord, type Correction } from '../domain/corrections';
import { isRefusal, type Refusal } from '../domain/lifecycle-rules';
import { ensureWorkflowRuns, resumeWait } from '../shared/awaited-input';
import { eventIdOf, listEventItems, savedVersion, updateCase } from '../shared/case-store';
import { serviceConfig } from '../shared/config';
import { conflict, forbidden } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';
import { newRequest, recordOncePerKey, type NewRequest } from '../shared/idempotent-request';
import { logger } from '../shared/observability';
import { notOwnOfficerIdMessage } from '../shared/officer-access';

/**
 * POST /cases/{caseId}/corrections: an officer corrects a mistaken record,
 * naming its event in the trail and saying why. The core rebuilds the case
 * from the trail with the correction in place of the original
 * (functions/domain/corrections.ts), or says why it cannot; the rebuilt case
 * is saved with a RecordCorrected event, the original staying in the trail.
 * The correction is kept under the signed-in officer's own id, and a retry
 * under the same Idempotency-Key records nothing twice.
 */
export const handler = httpHandler({ route: routeOf('correction'), body: correctionSchema, params: caseParams }, async ({ body, params, officer, headers }) => {
  if (!officer || body.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage(officer?.username ?? ''));
  const request = newRequest(headers['Idempotency-Key']!, body);
  const status = await recordOncePerKey(params.caseId, request, 'officerEvent', () => correct(params.caseId, body, request));
  logger.info('Record corrected', { caseId: params.caseId, kind: body.record.kind });
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});

async function correct(caseId: string, correction: Correction, request: NewRequest): Promise<string> {
  const at = new Date(request.recordedAt);
  const { calendar } = serviceConfig();
  // Read once: the case is rebuilt from the events before the corrected record, which a later change cannot alter.
  const trail = (await listEventItems(caseId)).map(({ sk, ...event }) => ({ ...event, id: eventIdOf(sk) }));
  const result = await updateCase<Refusal | { status: string; wakeWorkflow: boolean; savedVersion: number }>(caseId, (current) => {
    const corrected = correctRecord(current, trail, correction, at, calendar);
    if (isRefusal(corrected)) return { result: corrected };
    const status = corrected.next.status;
    return { next: corrected.next, events: corrected.events, request: { ...request, status }, result: { status, wakeWorkflow: corrected.wakeWorkflow, savedVersion: savedVersion(current) } };
  });
  if (isRefusal(result)) throw conflict(result.message);
  // As for a new record: a wait parked before this save plans again at once when it must act sooner.
  if (result.wakeWorkflow) await resumeWait(caseId, 'officerEvent', result.savedVersion);
  else await ensureWorkflowRuns(caseId);
  return result.status;
}
