import { routeOf } from '../api-routes';
import { correctionSchema, correctRecord, type Correction } from '../domain/corrections';
import { saveOfficerRecord } from '../shared/awaited-input';
import { eventIdOf, listEventItems } from '../shared/case-store';
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
  const saved = await saveOfficerRecord(caseId, request, (current) => correctRecord(current, trail, correction, at, calendar));
  if (typeof saved !== 'string') throw conflict(saved.message);
  return saved;
}
