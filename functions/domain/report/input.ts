import type { WorkingCalendar } from '../calendar';
import type { CaseEvent } from '../case';
import type { Enquiry } from '../enquiries';

/**
 * What the annual report is computed from: the audit trails of the cases,
 * the enquiries, and the few facts of the moment the reader adds. Nothing
 * here is read from AWS, the environment or the clock: the reader
 * (functions/shared) gathers it, and the report is a pure function of it.
 */

/**
 * One event of a case's audit trail as the store holds it
 * (functions/shared/case-store.ts, StoredEvent): the first event of each
 * change carries the case fields it set (`changes`, with the case `version`)
 * and those it removed, so that the trail alone rebuilds the case
 * (trail.ts, rebuildCase).
 */
export type StoredEventLike = CaseEvent & { changes?: Record<string, unknown>; removed?: string[] };

/** A case's whole audit trail, oldest event first, as the trail holds it. */
export interface CaseTrail {
  caseId: string;
  events: StoredEventLike[];
}

/**
 * An enquiry, as the enquiries register records it (enquiries.ts; 003 §2.2):
 * a setting asks, without naming anyone, whether to refer. The register
 * defines it; the report counts it.
 */
export type { Enquiry } from '../enquiries';
export { ENQUIRY_OUTCOMES, type EnquiryOutcome } from '../enquiry-choices';

export interface ReportInput {
  /** The period's first day, London, YYYY-MM-DD. */
  from: string;
  /** The period's last day, London, YYYY-MM-DD, inclusive. */
  to: string;
  /** When the report is computed: nothing after it is counted, and the period's end is read as of it when it comes later. */
  computedAt: Date;
  /**
   * Every case with any event in the period, and every case open at any time
   * in it, each trail whole from the receipt. For the settings intelligence,
   * also every case received in the rolling 12 months to the period's end
   * (the same cases when the period is a financial year).
   */
  trails: CaseTrail[];
  /** The enquiries received in the period. */
  enquiries: Enquiry[];
  /** Executions running now, when the period ends today or later; otherwise null. */
  runningWorkflows: number | null;
  calendar: WorkingCalendar;
  /** Referrals about one setting in the rolling 12 months that flag it (settings.ts, DEFAULT_SETTINGS_THRESHOLD). */
  settingsThreshold: number;
}
