import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { caseListItem, caseListQuerySchema } from '../domain/case-list';
import { listCases } from '../shared/case-lists';
import { now } from '../shared/clock';
import { httpHandler } from '../shared/handler';
import { managesCases } from '../shared/officer-access';
import type { CaseListPageView } from './case-list-view';

/**
 * GET /cases: a page of the cases the filters name, each filter served by an
 * index (functions/domain/case-list.ts), and the cursor of the next page.
 * Operations get the list without who handles a case or its risk flag.
 */
export const handler = httpHandler(
  { route: routeOf('list-cases'), params: z.object({}), query: caseListQuerySchema },
  async ({ query, officer }) => {
    const page = await listCases(query, now());
    const full = managesCases(officer);
    const body: CaseListPageView = { items: page.entries.map((entry) => caseListItem(entry, full)), nextCursor: page.nextCursor };
    return { statusCode: 200, body };
  },
);
