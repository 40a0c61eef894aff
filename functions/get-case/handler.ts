import { routeOf } from '../api-routes';
import { getCase } from '../shared/case-store';
import { notFound } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';
import { managesCases } from '../shared/officer-access';
import { resolvePreviouslyKnown } from '../shared/previously-known';
import { officerCaseView, operationsCaseView } from './case-view';

/** GET /cases/{caseId}: where the case stands, as much as the caller's group may see. */
export const handler = httpHandler({ route: routeOf('get-case'), params: caseParams }, async ({ params, officer }) => {
  const record = await getCase(params.caseId);
  if (!record) throw notFound(`No case ${params.caseId}`);
  if (!managesCases(officer)) return { statusCode: 200, body: operationsCaseView(record) };
  // Officers only: the earlier cases about the same person, resolved from the ids on the case.
  return { statusCode: 200, body: officerCaseView(record, await resolvePreviouslyKnown(record.previouslyKnownCaseIds ?? [])) };
});
