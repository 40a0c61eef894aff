import { routeOf } from '../api-routes';
import { caseView } from '../domain/case';
import { getCase } from '../shared/case-store';
import { notFound } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';

/** GET /cases/{caseId}: where the case stands. Referral content stays out; the labels of missing items are not personal data. */
export const handler = httpHandler({ route: routeOf('get-case'), params: caseParams }, async ({ params }) => {
  const record = await getCase(params.caseId);
  if (!record) throw notFound(`No case ${params.caseId}`);
  return { statusCode: 200, body: caseView(record) };
});
