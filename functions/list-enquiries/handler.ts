import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { enquiryPeriodQuerySchema, type EnquiryPeriodQuery } from '../domain/enquiries';
import { readEnquiryPage, type EnquiryPosition } from '../shared/enquiry-store';
import { badRequest } from '../shared/errors';
import { httpHandler } from '../shared/handler';
import { enquiryView, type EnquiryListView } from './enquiries-view';

/**
 * GET /enquiries?from=YYYY-MM-DD&to=YYYY-MM-DD: the enquiries received in a
 * period of London dates, both included, of at most 13 calendar months, in
 * order of receipt: one Query a month of the register (never a Scan), a
 * page at a time.
 */
export const handler = httpHandler({ route: routeOf('list-enquiries'), params: z.object({}), query: enquiryPeriodQuerySchema }, async ({ query }) => {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query);
  const page = await readEnquiryPage(query.from, query.to, query.limit, after);
  const body: EnquiryListView = { items: page.items.map(enquiryView), nextCursor: page.next ? encodeCursor(query, page.next) : null };
  return { statusCode: 200, body };
});

const cursorSchema = z.strictObject({ from: z.string(), to: z.string(), month: z.string().check(z.regex(/^\d{4}-\d{2}$/)), sk: z.string().check(z.minLength(1)) });

const INVALID_CURSOR = [{ path: 'query.cursor', message: 'cursor is not one this list gave: send back nextCursor as it came, with the same period' }];

function encodeCursor(query: EnquiryPeriodQuery, next: EnquiryPosition): string {
  return Buffer.from(JSON.stringify({ from: query.from, to: query.to, ...next })).toString('base64url');
}

/** Where the page starts: a cursor this list gave, for the same period. */
function decodeCursor(cursor: string, query: EnquiryPeriodQuery): EnquiryPosition {
  let parsed: ReturnType<typeof cursorSchema.safeParse>;
  try {
    parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badRequest(INVALID_CURSOR);
  }
  if (!parsed.success || parsed.data.from !== query.from || parsed.data.to !== query.to) throw badRequest(INVALID_CURSOR);
  return { month: parsed.data.month, sk: parsed.data.sk };
}
