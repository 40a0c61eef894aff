import { routeOf } from '../api-routes';
import { eventIdOf, getCase, listEventItems } from '../shared/case-store';
import { notFound } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';

/** GET /cases/{caseId}/history: the case's audit trail, oldest first: every decision and email, with who, when and why. */
export const handler = httpHandler({ route: routeOf('get-history'), params: caseParams }, async ({ params }) => {
  if (!(await getCase(params.caseId))) throw notFound(`No case ${params.caseId}`);
  // What changed stays in the table: the trail answers who, when and why.
  const events = (await listEventItems(params.caseId)).map(({ sk, changes: _changes, removed: _removed, parkedFor: _parkedFor, ...event }) => ({ eventId: eventIdOf(sk), ...event }));
  return { statusCode: 200, body: { caseId: params.caseId, events } };
});
