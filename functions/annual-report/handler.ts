import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { computeAnnualReport, DEFAULT_SETTINGS_THRESHOLD, financialYear } from '../domain/report/annual-report';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { httpHandler } from '../shared/handler';
import { readReportInput } from '../shared/report-store';
import { annualReportQuerySchema, type AnnualReportQuery, type AnnualReportView } from './annual-report-view';

/**
 * GET /reports/annual: the annual report on a period of London days, by
 * default the current financial year, for LADO managers. The period's cases
 * are read from the audit trail's month index and the active cases, never a
 * Scan (functions/shared/report-store.ts), and the report is the core's pure
 * function of their trails (functions/domain/report).
 */

/** The period asked for: a day left out is taken from the financial year of the other, or of today. */
export function reportPeriod(query: AnnualReportQuery, today: string): { from: string; to: string } {
  if (query.from && query.to) return { from: query.from, to: query.to };
  if (query.from) return { from: query.from, to: financialYear(query.from).to };
  if (query.to) return { from: financialYear(query.to).from, to: query.to };
  return financialYear(today);
}

export const handler = httpHandler({ route: routeOf('annual-report'), params: z.object({}), query: annualReportQuerySchema }, async ({ query }) => {
  const { from, to } = reportPeriod(query, serviceConfig().calendar.localDateOf(now()));
  const input = await readReportInput(from, to);
  const body: AnnualReportView = computeAnnualReport({ ...input, settingsThreshold: DEFAULT_SETTINGS_THRESHOLD });
  return { statusCode: 200, body };
});
