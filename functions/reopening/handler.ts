import { routeOf } from '../api-routes';
import { isRefusal, type Refusal } from '../domain/lifecycle-rules';
import { reopenCase, reopeningSchema, type Reopening } from '../domain/reopening';
import { updateCase } from '../shared/case-store';
import { serviceConfig } from '../shared/config';
import { conflict, forbidden } from '../shared/errors';
import { restartWorkflow } from '../shared/execution-chain';
import { caseParams, httpHandler } from '../shared/handler';
import { newRequest, recordOncePerKey, type NewRequest } from '../shared/idempotent-request';
import { logger } from '../shared/observability';
import { notOwnOfficerIdMessage } from '../shared/officer-access';
import { errorClass } from '../shared/transient-errors';

/**
 * POST /cases/{caseId}/reopening: a LADO manager reopens a closed case,
 * saying why (functions/domain/reopening.ts decides to what, and with which
 * deadlines). The reopening is saved with a CaseReopened event, then the
 * case's workflow is restarted from the stored case: the next execution of
 * its chain takes it up where it now stands, and its deadlines fire on time.
 * Kept under the signed-in manager's own id; a retry under the same
 * Idempotency-Key records nothing twice and starts the workflow if the first
 * request stopped before it did.
 */
export const handler = httpHandler({ route: routeOf('reopening'), body: reopeningSchema, params: caseParams }, async ({ body, params, officer, headers }) => {
  if (!officer || body.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage(officer?.username ?? ''));
  const request = newRequest(headers['Idempotency-Key']!, body);
  // Any wait from before the reopening belonged to the execution that ran the case until it closed, which has ended: a retry restarts the workflow if none runs.
  const status = await recordOncePerKey(params.caseId, request, 'officerEvent', () => reopen(params.caseId, body, request));
  logger.info('Case reopened', { caseId: params.caseId, status });
  return { statusCode: 202, body: { caseId: params.caseId, status } };
});

async function reopen(caseId: string, reopening: Reopening, request: NewRequest): Promise<string> {
  const at = new Date(request.recordedAt);
  const { calendar } = serviceConfig();
  const result = await updateCase<Refusal | { status: string }>(caseId, (current) => {
    const reopened = reopenCase(current, reopening, at, calendar);
    if (isRefusal(reopened)) return { result: reopened };
    const status = reopened.next.status;
    return { next: reopened.next, events: reopened.events, request: { ...request, status }, result: { status } };
  });
  if (isRefusal(result)) throw conflict(result.message);
  try {
    await restartWorkflow(caseId, reopening.officerId, 'The case was reopened');
  } catch (error) {
    // The reopening is stored: the reconciler finds an open case without an execution, and restarts it.
    logger.error('Workflow not restarted after a reopening; the reconciler will restart it', { caseId, errorClass: errorClass(error) });
  }
  return result.status;
}
