import { CLOSED_STATUSES, startOfPeriod, type Deadline } from '../case';
import { ALLOCATED_STATUSES, HIGH_CASELOAD } from '../case-list';
import { DEADLINE_POLICY, deadlineAt, periodEndsAt, type DeadlineKind } from '../deadline-policy';
import type { OfficerRecordKind } from '../lifecycle-contract';
import { OWED_EMAIL_ALERT_MINUTES } from '../reconciliation';
import { firstOutcome, stateAt, type CaseReading } from './cases';
import type { ReportContext } from './context';
import { countBy, mean, median, percent, round } from './measures';
import type { Kpi, KpiId } from './output';
import { monthsOf } from './period';

/**
 * The KPIs Kent's report asks for (003 §11.10 and recommendation 10:
 * timeliness of responses, drift, caseload per officer, use of the portal,
 * strategy meetings), each a pure count over the cases' trails. Each says
 * which event places it in the period; docs/reports.md defines each one.
 */

/**
 * Referrals acknowledged within this many minutes of receipt: Kent records
 * portal referrals "within 10 minutes" (003 §3.6), and the acknowledgement
 * is the referrer's proof that the referral was sent correctly (000).
 */
export const ACKNOWLEDGEMENT_WITHIN_MINUTES = 10;

/**
 * The share of allegations to resolve within each resolution target of the
 * deadline policy (deadline-policy.ts: one, three and twelve calendar months
 * from the allegation's opening), from the long-standing national targets
 * (domain.md stage 5): 80% within 1 month, 90% within 3 months, and "all but
 * the most exceptional" within 12 months, taken as 95%. Not 100%: one case
 * held up by criminal proceedings, which the service does not control (003
 * §3.5, §8.8: court dates, forensics), would miss a target of 100% for the
 * whole year, so it could not tell a service in difficulty from one with a
 * single long police case; 95% allows one case in twenty. A policy value an
 * authority may change.
 */
export const RESOLUTION_TARGETS = { resolutionOneMonth: 80, resolutionThreeMonths: 90, resolutionTwelveMonths: 95 } as const satisfies Partial<Record<DeadlineKind, number>>;

/**
 * An open case has drifted when no officer has recorded anything on it for
 * longer than the review cycle of an ordinary allegation (deadline-policy.ts,
 * ladoReview: 20 working days; 004 para 42): by then even its periodic
 * review is overdue.
 */
export const DRIFT_WORKING_DAYS = DEADLINE_POLICY.ladoReview.period.count;

/** The statutory timescales (004 paras 27, 40, 41) and the officer record that meets each. */
const TIMESCALES: Array<{ id: KpiId; kind: DeadlineKind; metBy: OfficerRecordKind; title: string; source: string }> = [
  {
    id: 'strategy-meeting-within-7-working-days',
    kind: 'strategyMeeting',
    metBy: 'strategy-meeting-held',
    title: 'Strategy meetings held within 7 working days of the referral',
    source: '004 para 27; 003 §11.10, recommendation 10',
  },
  {
    id: 'employer-action-within-3-working-days',
    kind: 'employerAction',
    metBy: 'employer-action-taken',
    title: 'Employer action within 3 working days of the initial consideration',
    source: '004 para 40; 003 §11.10, recommendation 10',
  },
  {
    id: 'disciplinary-hearing-within-15-working-days',
    kind: 'disciplinaryHearing',
    metBy: 'disciplinary-hearing-held',
    title: 'Disciplinary hearings held within 15 working days',
    source: '004 para 41; 003 §11.10, recommendation 10',
  },
];

const RESOLUTIONS: Array<{ id: KpiId; kind: keyof typeof RESOLUTION_TARGETS; title: string }> = [
  { id: 'resolved-within-1-month', kind: 'resolutionOneMonth', title: 'Allegations resolved within 1 month' },
  { id: 'resolved-within-3-months', kind: 'resolutionThreeMonths', title: 'Allegations resolved within 3 months' },
  { id: 'resolved-within-12-months', kind: 'resolutionTwelveMonths', title: 'Allegations resolved within 12 months' },
];
const RESOLUTION_SOURCE = 'domain.md stage 5 (national targets); deadline-policy.ts resolution targets; 004 para 39; 003 §3.5, §8.8';

const HOUR_MS = 60 * 60 * 1000;
const detail = (value: string | number | boolean | string[] | undefined) => (value === undefined ? undefined : String(value));

/**
 * How each statutory timescale falling due in the period went, from the
 * deadline records and the trail: missed when it fell due unmet (the trail
 * records it fired, even if met later, or it was settled only after it);
 * met when its own record was made by then; superseded when it was settled otherwise before falling due (tracks
 * recorded again, the outcome or the closure), and so left out.
 */
export function timescaleResults(context: ReportContext, kind: DeadlineKind, metBy: OfficerRecordKind): { met: number; missed: number; superseded: number; notYetDue: number } {
  const results = { met: 0, missed: 0, superseded: 0, notYetDue: 0 };
  for (const reading of context.cases) {
    const fired = new Set(reading.events.filter((e) => e.type === 'DeadlineFired' && e.details?.['deadline'] === kind).map((e) => detail(e.details?.['dueAt'])));
    // A deadline set again for the same moment (tracks recorded again) is one deadline: the last record of it says how it ended.
    const byDue = new Map<string, Deadline>();
    for (const deadline of reading.record.deadlines ?? []) if (deadline.kind === kind) byDue.set(deadline.dueAt, deadline);
    const meetings = new Set(reading.record.decisions.filter((d) => d.decision.kind === metBy).map((d) => d.decidedAt));
    for (const [dueAt, deadline] of byDue) {
      if (!context.period.dateIn(dueAt)) continue;
      const late = deadline.settledAt !== undefined && Date.parse(deadline.settledAt) > Date.parse(dueAt);
      if (fired.has(dueAt) || deadline.state === 'fired' || late) results.missed++;
      else if (deadline.state === 'pending') results.notYetDue++;
      else if (deadline.settledAt !== undefined && meetings.has(deadline.settledAt)) results.met++;
      else results.superseded++;
    }
  }
  return results;
}

/** When a case's allegation must be resolved by, for one resolution target: its deadline record, or the policy's period counted from its opening. */
function resolutionDue(reading: CaseReading, kind: DeadlineKind, context: ReportContext): string | undefined {
  const recorded = (reading.record.deadlines ?? []).filter((d) => d.kind === kind).at(-1);
  if (recorded) return recorded.dueAt;
  const from = startOfPeriod('allegationOpened', reading.record);
  if (!from) return undefined;
  const policy = DEADLINE_POLICY[kind];
  return periodEndsAt(policy.period, policy.at, from, context.calendar).toISOString();
}

/** The last thing an officer recorded on a case by an instant: a decision or record, a correction or a reopening; its receipt when none. */
function lastOfficerRecord(reading: CaseReading, record: { decisions: Array<{ decidedAt: string }>; receivedAt: string }, by: Date): string {
  const moments = [
    record.receivedAt,
    ...record.decisions.map((d) => d.decidedAt),
    ...reading.events.filter((e) => (e.type === 'RecordCorrected' || e.type === 'CaseReopened') && Date.parse(e.at) <= by.getTime()).map((e) => e.at),
  ];
  return moments.reduce((latest, moment) => (Date.parse(moment) > Date.parse(latest) ? moment : latest));
}

export function computeKpis(context: ReportContext): Record<KpiId, Kpi> {
  const { period, calendar, referrals } = context;
  const kpis: Partial<Record<KpiId, Kpi>> = {};

  // ---------------------------------------------------------------- acknowledgement
  const waits = referrals.map((reading) => {
    const sent = reading.events.find((e) => e.type === 'EmailSent' && e.details?.['kind'] === 'acknowledgement');
    return sent ? Date.parse(sent.at) - Date.parse(reading.receivedAt) : undefined;
  });
  const acknowledged = waits.filter((wait): wait is number => wait !== undefined);
  const medianWait = median(acknowledged);
  const withinTarget = acknowledged.filter((wait) => wait <= ACKNOWLEDGEMENT_WITHIN_MINUTES * 60_000).length;
  kpis['acknowledgement-median-hours'] = {
    title: 'Median time from receipt to acknowledgement',
    value: medianWait === null ? null : round(medianWait / HOUR_MS, 3),
    unit: 'hours',
    denominator: acknowledged.length,
    source: '000 (the acknowledgement); 003 §3.6, §11.10',
    breakdown: { acknowledged: acknowledged.length, notAcknowledged: referrals.length - acknowledged.length },
  };
  kpis['acknowledged-within-10-minutes'] = {
    title: `Referrals acknowledged within ${ACKNOWLEDGEMENT_WITHIN_MINUTES} minutes of receipt`,
    value: percent(withinTarget, referrals.length),
    unit: '%',
    numerator: withinTarget,
    denominator: referrals.length,
    target: 100,
    targetIs: 'at least',
    source: '003 §3.6 (recorded within 10 minutes), §11.10; 000',
  };

  // ---------------------------------------------------------------- threshold decisions
  let decidedInTime = 0;
  let notMeasurable = 0;
  const decisionDays: number[] = [];
  for (const reading of context.cases) {
    // A case's first threshold decision: one taken again after a reopening is not an initial consideration.
    const first = reading.thresholdDecisions[0];
    if (!first || !period.holds(first.at)) continue;
    const ready = startOfPeriod('readyForThresholdDecision', reading.record);
    if (!ready) {
      notMeasurable++;
      continue;
    }
    const decided = new Date(first.at);
    if (decided.getTime() <= deadlineAt('initialConsiderationChase', ready, calendar).getTime()) decidedInTime++;
    decisionDays.push(Math.max(0, calendar.workingDaysBetween(ready, decided)));
  }
  kpis['threshold-decision-within-one-working-day'] = {
    title: 'Threshold decisions within one working day of the referral being ready for one',
    value: percent(decidedInTime, decisionDays.length),
    unit: '%',
    numerator: decidedInTime,
    denominator: decisionDays.length,
    target: 100,
    targetIs: 'at least',
    source: '004 paras 12, 16, 22; deadline-policy.ts initialConsiderationChase; 003 §11.10, recommendation 10',
    ...(notMeasurable ? { breakdown: { notMeasurable } } : {}),
  };
  const medianDays = median(decisionDays);
  kpis['threshold-decision-median-working-days'] = {
    title: 'Median working days from the referral being ready to its threshold decision',
    value: medianDays === null ? null : round(medianDays, 1),
    unit: 'working days',
    denominator: decisionDays.length,
    target: 1,
    targetIs: 'at most',
    source: '004 paras 12, 16, 22; 003 §11.10, recommendation 10',
  };

  // ---------------------------------------------------------------- statutory timescales
  for (const timescale of TIMESCALES) {
    const { met, missed, superseded, notYetDue } = timescaleResults(context, timescale.kind, timescale.metBy);
    kpis[timescale.id] = {
      title: timescale.title,
      value: percent(met, met + missed),
      unit: '%',
      numerator: met,
      denominator: met + missed,
      target: 100,
      targetIs: 'at least',
      source: timescale.source,
      breakdown: { met, missed, superseded, notYetDue },
    };
  }
  const meetingsHeld = context.cases.flatMap((r) => r.record.decisions.filter((d) => d.decision.kind === 'strategy-meeting-held' && period.holds(d.decidedAt))).length;
  kpis['strategy-meetings-held'] = {
    title: 'Strategy meetings held',
    value: meetingsHeld,
    unit: 'meetings',
    source: '003 recommendation 10 (numbers of strategy meetings attended); 004 para 27',
  };

  // ---------------------------------------------------------------- resolution
  const concluded = context.cases.flatMap((reading) => {
    const first = firstOutcome(reading);
    return first && period.holds(first.at) ? [{ reading, at: first.at }] : [];
  });
  for (const resolution of RESOLUTIONS) {
    let within = 0;
    let measured = 0;
    for (const { reading, at } of concluded) {
      const due = resolutionDue(reading, resolution.kind, context);
      if (!due) continue;
      measured++;
      if (Date.parse(at) <= Date.parse(due)) within++;
    }
    kpis[resolution.id] = {
      title: resolution.title,
      value: percent(within, measured),
      unit: '%',
      numerator: within,
      denominator: measured,
      target: RESOLUTION_TARGETS[resolution.kind],
      targetIs: 'at least',
      source: RESOLUTION_SOURCE,
    };
  }

  // ---------------------------------------------------------------- drift
  const open = context.atEnd.filter(({ record }) => !CLOSED_STATUSES.has(record.status));
  // More than 20 working days since: the 21st working day after the last record has come by the period's end.
  const endDate = period.dateOf(period.asAt);
  const drifting = open
    .filter(({ reading, record }) => {
      const last = new Date(lastOfficerRecord(reading, { decisions: record.decisions ?? [], receivedAt: record.receivedAt }, period.asAt));
      return calendar.addWorkingDays(last, DRIFT_WORKING_DAYS + 1) <= endDate;
    })
    .map(({ reading }) => reading.caseId)
    .sort();
  kpis['drift'] = {
    title: `Open cases with no officer record for more than ${DRIFT_WORKING_DAYS} working days at the period's end`,
    value: drifting.length,
    unit: 'cases',
    numerator: drifting.length,
    denominator: open.length,
    target: 0,
    targetIs: 'at most',
    source: '003 §11.10, recommendation 10 (drift); 004 para 42',
    caseIds: drifting,
  };

  // ---------------------------------------------------------------- caseload
  const monthly: Record<string, number> = {};
  const monthlyMaximum: Record<string, number> = {};
  const aboveByMonth: Record<string, number> = {};
  const above = new Set<string>();
  let maximum: number | null = null;
  for (const { month, readAt } of monthsOf(period)) {
    const loads = countBy(
      context.cases.flatMap((reading) => {
        const state = stateAt(reading.timeline, readAt);
        return state && state.officerId && ALLOCATED_STATUSES.includes(state.status) ? [state.officerId] : [];
      }),
    );
    const counts = Object.values(loads);
    const average = mean(counts);
    if (average !== null) monthly[month] = round(average, 1);
    const largest = counts.length ? Math.max(...counts) : 0;
    monthlyMaximum[month] = largest;
    maximum = Math.max(maximum ?? 0, largest);
    const high = Object.entries(loads).filter(([, load]) => load > HIGH_CASELOAD).map(([officer]) => officer);
    aboveByMonth[month] = high.length;
    high.forEach((officer) => above.add(officer));
  }
  const monthlyAverage = mean(Object.values(monthly));
  kpis['caseload-monthly-average'] = {
    title: 'Average open allocated cases per LADO, month by month',
    value: monthlyAverage === null ? null : round(monthlyAverage, 1),
    unit: 'cases',
    target: HIGH_CASELOAD,
    targetIs: 'at most',
    source: '003 §3.5 (a high caseload is more than 85; the 2023–24 average was 59)',
    breakdown: monthly,
  };
  kpis['caseload-maximum'] = {
    title: "The largest LADO's caseload at any month's end",
    value: maximum,
    unit: 'cases',
    target: HIGH_CASELOAD,
    targetIs: 'at most',
    source: '003 §3.5',
    breakdown: monthlyMaximum,
  };
  kpis['officers-above-high-caseload'] = {
    title: `LADOs holding more than ${HIGH_CASELOAD} open cases at any month's end`,
    value: above.size,
    unit: 'officers',
    target: 0,
    targetIs: 'at most',
    source: '003 §3.5',
    breakdown: aboveByMonth,
  };

  // ---------------------------------------------------------------- returns and rejections
  const returned = referrals.filter((r) => r.record.returnedAt !== undefined);
  const rejected = referrals.filter((r) => r.record.status === 'REJECTED' || r.record.rejectedAt !== undefined);
  const resubmissionDays = returned.flatMap((reading) => {
    const returnedAt = reading.record.returnedAt!;
    const resubmitted = reading.events.find((e) => e.type === 'ResubmissionReceived' && Date.parse(e.at) >= Date.parse(returnedAt));
    return resubmitted ? [Math.max(0, calendar.workingDaysBetween(new Date(returnedAt), new Date(resubmitted.at)))] : [];
  });
  kpis['referrals-returned'] = {
    title: 'Referrals returned to the referrer for missing key details',
    value: percent(returned.length, referrals.length),
    unit: '%',
    numerator: returned.length,
    denominator: referrals.length,
    source: '000 (returned for missing details); 004 para 20; 003 §3.6',
  };
  kpis['referrals-rejected'] = {
    title: 'Referrals rejected when the missing details did not come within three working days',
    value: percent(rejected.length, referrals.length),
    unit: '%',
    numerator: rejected.length,
    denominator: referrals.length,
    source: '000 (rejected on the third working day)',
  };
  const medianResubmission = median(resubmissionDays);
  kpis['resubmission-median-working-days'] = {
    title: 'Median working days from the first return to the resubmission',
    value: medianResubmission === null ? null : round(medianResubmission, 1),
    unit: 'working days',
    denominator: resubmissionDays.length,
    target: 3,
    targetIs: 'at most',
    source: '000 (three working days)',
  };

  // ---------------------------------------------------------------- channels and emails
  const portal = referrals.filter((r) => r.channel === 'portal').length;
  kpis['portal-share'] = {
    title: 'Referrals through the portal',
    value: percent(portal, referrals.length),
    unit: '%',
    numerator: portal,
    denominator: referrals.length,
    source: '003 §3.6, recommendation 10 (use of the Portal); 002',
  };
  const undelivered = context.cases.flatMap((r) => r.events.filter((e) => e.type === 'EmailDeliveryProblem' && period.holds(e.at)));
  kpis['emails-undelivered'] = {
    title: 'Emails that could not be delivered',
    value: undelivered.length,
    unit: 'emails',
    target: 0,
    targetIs: 'at most',
    source: '000 (the acknowledgement is the referrer’s proof of sending); 003 §11.10',
    breakdown: countBy(undelivered.map((e) => detail(e.details?.['emailKind']) ?? 'unknown')),
  };
  const owed = context.atEnd.flatMap(({ record }) => record.owedEmails ?? []);
  const longOwed = owed.filter((email) => period.asAt.getTime() - Date.parse(email.owedSince) > OWED_EMAIL_ALERT_MINUTES * 60_000).length;
  kpis['emails-owed-at-end'] = {
    title: "Emails still owed at the period's end",
    value: owed.length,
    unit: 'emails',
    target: 0,
    targetIs: 'at most',
    source: '000; 003 §11.10',
    breakdown: { ...countBy(owed.map((email) => email.kind)), [`owed over ${OWED_EMAIL_ALERT_MINUTES} minutes`]: longOwed },
  };

  return kpis as Record<KpiId, Kpi>;
}
