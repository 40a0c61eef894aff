import { CASE_MANAGING_GROUPS, routeOf } from '../api-routes';
import { getCase } from '../shared/case-store';
import { notFound } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';
import { officerCaseView, operationsCaseView } from './case-view';

/** GET /cases/{caseId}: where the case stands, as much as the caller's group may see. */
export const handler = httpHandler({ route: routeOf('get-case'), params: caseParams }, async ({ params, officer }) => {
  const record = await getCase(params.caseId);
  if (!record) throw notFound(`No case ${params.caseId}`);
  const managesCases = officer?.groups.some((group) => (CASE_MANAGING_GROUPS as readonly string[]).includes(group)) ?? false;
  return { statusCode: 200, body: managesCases ? officerCaseView(record) : operationsCaseView(record) };
});
