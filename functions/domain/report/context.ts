import type { WorkingCalendar } from '../calendar';
import type { ThresholdDecision } from '../threshold-decision';
import type { VersionedCase } from '../trail';
import { latestOutcome, readCase, type CaseReading, type Dated } from './cases';
import type { Enquiry, ReportInput } from './input';
import { reportPeriod, type ReportPeriod } from './period';

/**
 * The cases and enquiries read once, and the sets every table, KPI and check
 * counts from, each by its own event's period (period.ts):
 * - referrals: the cases received in the period;
 * - threshold decisions recorded in the period;
 * - allegations opened in the period: threshold decisions of allegation and
 *   consultations escalated to allegation, each a record in the period;
 * - outcomes: the cases whose latest outcome was recorded in the period.
 */
export interface ReportContext {
  period: ReportPeriod;
  calendar: WorkingCalendar;
  cases: CaseReading[];
  /** Case ids whose trail does not rebuild a case with its receipt and referral. */
  unreadable: string[];
  enquiries: Enquiry[];
  referrals: CaseReading[];
  thresholdDecisions: Array<{ reading: CaseReading } & Dated<ThresholdDecision>>;
  allegationsOpened: Array<{ reading: CaseReading; at: string; by: 'threshold decision' | 'escalation' }>;
  outcomes: Array<{ reading: CaseReading; outcome: NonNullable<ReturnType<typeof latestOutcome>> }>;
  /** Every case as it stood at the period's end, as read (period.ts, asAt): those received by then. */
  atEnd: Array<{ reading: CaseReading; record: VersionedCase }>;
}

export function reportContext(input: ReportInput): ReportContext {
  const period = reportPeriod(input.from, input.to, input.computedAt, input.calendar);
  const cases: CaseReading[] = [];
  const unreadable: string[] = [];
  const seen = new Set<string>();
  for (const trail of input.trails) {
    // The reader may hand a case over twice (in the period, and open in it): it counts once.
    if (seen.has(trail.caseId)) continue;
    seen.add(trail.caseId);
    const reading = readCase(trail, input.computedAt);
    if (reading) cases.push(reading);
    else unreadable.push(trail.caseId);
  }
  const enquiries = input.enquiries.filter((enquiry) => period.holds(enquiry.receivedAt));
  const referrals = cases.filter((reading) => period.holds(reading.receivedAt));
  const thresholdDecisions = cases.flatMap((reading) => reading.thresholdDecisions.filter((d) => period.holds(d.at)).map((d) => ({ reading, ...d })));
  const allegationsOpened = cases.flatMap((reading) => [
    ...reading.thresholdDecisions
      .filter((d) => d.decision.outcome === 'allegation' && period.holds(d.at))
      .map((d) => ({ reading, at: d.at, by: 'threshold decision' as const })),
    ...reading.escalations.filter((d) => period.holds(d.at)).map((d) => ({ reading, at: d.at, by: 'escalation' as const })),
  ]);
  const outcomes = cases.flatMap((reading) => {
    const outcome = latestOutcome(reading);
    return outcome && period.holds(outcome.at) ? [{ reading, outcome }] : [];
  });
  const atEnd = cases.flatMap((reading) => {
    const record = reading.asOf(period.asAt);
    return record ? [{ reading, record }] : [];
  });
  return { period, calendar: input.calendar, cases, unreadable, enquiries, referrals, thresholdDecisions, allegationsOpened, outcomes, atEnd };
}
