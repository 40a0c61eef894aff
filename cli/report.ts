import type { ReportShape } from '../reports/annual-report';
import { renderReportHtml } from '../reports/render-html';
import { renderReportMarkdown } from '../reports/render-markdown';
import { apiRequest, type ApiTarget } from './api-client';

/**
 * The annual report, as a LADO manager asks for it: GET /reports/annual for a
 * period (the current financial year when none is given), written out as
 * JSON, Markdown or one self-contained HTML page (reports/). Shared by
 * `lado report annual` and `npm run report` (package.json), which runs the
 * same command against the local stack by default. The API checks the dates
 * and names any at fault.
 */
export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface AnnualReportRequest {
  /** The period's first and last London days, YYYY-MM-DD; the API defaults each to the financial year of the other, or of today. */
  from?: string;
  to?: string;
}

export async function requestAnnualReport(target: ApiTarget, request: AnnualReportRequest): Promise<ReportShape> {
  const query = new URLSearchParams(Object.entries(request).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return apiRequest<ReportShape>(target, 'GET', `/reports/annual${query.size ? `?${query}` : ''}`);
}

/** The report written out in `format`: JSON as the API answered it, or rendered. */
export async function formatAnnualReport(report: ReportShape, format: ReportFormat): Promise<string> {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2);
    case 'md':
      return renderReportMarkdown(report);
    case 'html':
      return renderReportHtml(report);
  }
}
