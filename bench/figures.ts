import type { CaseRecord, Deadline } from '../functions/domain/case';
import { DEADLINE_POLICY, type DeadlineKind } from '../functions/domain/deadline-policy';
import { MORNING_LIST } from '../functions/domain/lifecycle-contract';
import type { LocalStepFunctions } from '../local/stepfunctions/engine';
import type { KpiId } from '../functions/domain/report/annual-report';
import type { EmailTally } from './emails';
import { spread } from './instruments';
import type { ExpectedFigures } from './report-reconciliation';

/**
 * Figures read from the system at the year's end: the executions and their
 * histories from the Step Functions engine, and the cases' deadlines from the
 * table.
 */
const CASE_ID_LENGTH = 'LADO-'.length + 10;

export function executionFigures(stepFunctions: LocalStepFunctions, stateMachineArn: string, cases: Map<string, CaseRecord>) {
  const byStatus: Record<string, number> = {};
  const perCase = new Map<string, { transitions: number; events: number; management: number; firstDays: number; running: number }>();
  let transitions = 0;
  let events = 0;
  let firstDays = 0;
  let management = 0;
  let maxEventsInOneExecution = 0;
  for (const execution of stepFunctions.listExecutions({ stateMachineArn })) {
    byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
    const caseId = execution.name.slice(0, CASE_ID_LENGTH);
    const figures = perCase.get(caseId) ?? { transitions: 0, events: 0, management: 0, firstDays: 0, running: 0 };
    const history = stepFunctions.getExecutionHistory(execution.executionArn).events;
    // A state transition is billed for each state entered.
    const entered = history.filter((event) => event.type?.endsWith('StateEntered')).length;
    figures.transitions += entered;
    figures.events += history.length;
    transitions += entered;
    events += history.length;
    maxEventsInOneExecution = Math.max(maxEventsInOneExecution, history.length);
    if (execution.name.endsWith('-first-days')) {
      figures.firstDays++;
      firstDays++;
    } else {
      figures.management++;
      management++;
    }
    if (execution.status === 'RUNNING') figures.running++;
    perCase.set(caseId, figures);
  }

  // Kent once counted 1,600 open cases that were not open (003, 11.11): every open case must have exactly one running execution, and no closed case any.
  const openStatuses = new Set(['CLOSED', 'REJECTED']);
  let openCases = 0;
  let openWithoutOneRunning = 0;
  let closedStillRunning = 0;
  let casesWithoutFirstDays = 0;
  for (const [caseId, record] of cases) {
    const figures = perCase.get(caseId);
    if (!figures || figures.firstDays !== 1) casesWithoutFirstDays++;
    if (!openStatuses.has(record.status)) {
      openCases++;
      if (figures?.running !== 1) openWithoutOneRunning++;
    } else if ((figures?.running ?? 0) > 0) closedStillRunning++;
  }
  const executionsOfUnknownCases = [...perCase.keys()].filter((caseId) => !cases.has(caseId)).length;
  const managed = [...perCase.values()].filter((figures) => figures.management > 0).map((figures) => figures.management);

  return {
    executions: {
      total: firstDays + management,
      byStatus,
      firstDays,
      management,
      openCases,
      running: byStatus['RUNNING'] ?? 0,
      failed: (byStatus['FAILED'] ?? 0) + (byStatus['TIMED_OUT'] ?? 0) + (byStatus['ABORTED'] ?? 0),
      accountedFor: openWithoutOneRunning === 0 && closedStillRunning === 0 && casesWithoutFirstDays === 0 && executionsOfUnknownCases === 0,
      openCasesWithoutOneRunningExecution: openWithoutOneRunning,
      closedCasesStillRunning: closedStillRunning,
      casesWithoutOneFirstDaysExecution: casesWithoutFirstDays,
      executionsOfUnknownCases,
      maxHistoryEventsInOneExecution: maxEventsInOneExecution,
    },
    phases: {
      casesManaged: managed.length,
      managementExecutionsPerManagedCase: spread(managed),
    },
    stateTransitions: { total: transitions, perReferral: spread([...perCase.values()].map((figures) => figures.transitions)) },
    historyEvents: { total: events, perReferral: spread([...perCase.values()].map((figures) => figures.events)) },
  };
}

export interface DeadlineCounts {
  met: number;
  chased: number;
  missed: number;
  openAtYearEnd: number;
  /** Due before the year's end yet neither fired nor met: a timer the workflow failed to keep. */
  pendingPastDue: number;
}

const empty = (): DeadlineCounts => ({ met: 0, chased: 0, missed: 0, openAtYearEnd: 0, pendingPastDue: 0 });

/**
 * Each deadline of each case, once: met (settled in time with no email), chased
 * (settled in time after a due-today reminder, or the first days' chaser), or
 * missed (it fell due: an overdue email, an escalation, a rejection). The
 * first days' pairs count as one deadline each: the resubmission (reminder,
 * then rejection) and the threshold decision (chase, then escalation).
 */
export function deadlineFigures(cases: Iterable<CaseRecord>, yearEndsAt: number) {
  const byKind: Record<string, DeadlineCounts> = {};
  const add = (kind: string, outcome: keyof DeadlineCounts) => {
    (byKind[kind] ??= empty())[outcome]++;
  };
  const classify = (deadline: Deadline): keyof DeadlineCounts => {
    if (deadline.state === 'pending') return Date.parse(deadline.dueAt) > yearEndsAt ? 'openAtYearEnd' : 'pendingPastDue';
    if (deadline.state === 'fired' || Date.parse(deadline.settledAt ?? deadline.dueAt) > Date.parse(deadline.dueAt)) return 'missed';
    // The due-today reminder was sent when the deadline no longer carries its reminder time.
    return DEADLINE_POLICY[deadline.kind].remindOnTheDay && deadline.remindAt === undefined ? 'chased' : 'met';
  };
  const pairs: Array<[name: string, chaser: DeadlineKind, final: DeadlineKind]> = [
    ['resubmission', 'returnReminder', 'returnCutoff'],
    ['thresholdDecision', 'initialConsiderationChase', 'initialConsiderationEscalation'],
  ];
  for (const record of cases) {
    for (const [name, chaserKind, finalKind] of pairs) {
      const chaser = record.deadlines.find((d) => d.kind === chaserKind);
      const final = record.deadlines.find((d) => d.kind === finalKind);
      if (!chaser || !final) continue;
      const finalOutcome = classify(final);
      const chaserOutcome = classify(chaser);
      add(name, finalOutcome === 'missed' ? 'missed' : chaserOutcome === 'missed' ? (finalOutcome === 'met' ? 'chased' : finalOutcome) : finalOutcome);
    }
    for (const deadline of record.deadlines) {
      if (pairs.some(([, chaser, final]) => deadline.kind === chaser || deadline.kind === final)) continue;
      add(deadline.kind, classify(deadline));
    }
  }
  const total = empty();
  for (const counts of Object.values(byKind)) for (const key of Object.keys(total) as Array<keyof DeadlineCounts>) total[key] += counts[key];
  return { total, byKind };
}

/** One event of a case's audit trail, as the bench reads it. */
export interface TrailEvent {
  type: string;
  at: string;
  details?: Record<string, unknown>;
}

/**
 * Nothing lost, nothing sent twice, nothing late: the emails SES received
 * (by the id each carries) set against the sends the trails record and the
 * emails the cases still owe, and each deadline's firing set against its due
 * moment. `allowedLateSeconds` is the longest the workflow's retries can hold
 * a firing up (retryWaitBoundSeconds).
 */
/** The duty LADO's morning list is no case's email: its day's claim, not a trail, records it (functions/morning-list). */
const isMorningList = (emailId: string) => emailId.startsWith(`${MORNING_LIST}/`);

export function deliveryFigures(trails: Map<string, TrailEvent[]>, cases: Map<string, CaseRecord>, emails: EmailTally, allowedLateSeconds: number) {
  const recorded = new Set<string>();
  const lateSeconds: number[] = [];
  const lateByDeadline: Record<string, number> = {};
  for (const events of trails.values()) {
    for (const event of events) {
      if (event.type === 'EmailSent' && typeof event.details?.['emailId'] === 'string') recorded.add(event.details['emailId']);
      if (event.type === 'DeadlineFired' && typeof event.details?.['dueAt'] === 'string') {
        const late = Math.max(0, (Date.parse(event.at) - Date.parse(event.details['dueAt'])) / 1000);
        lateSeconds.push(late);
        if (late > allowedLateSeconds) lateByDeadline[String(event.details['deadline'])] = (lateByDeadline[String(event.details['deadline'])] ?? 0) + 1;
      }
    }
  }
  let sentTwice = 0;
  for (const count of emails.byEmailId.values()) sentTwice += count - 1;
  const owed = [...cases.values()].flatMap((record) => record.owedEmails ?? []);
  return {
    emails: {
      delivered: emails.byEmailId.size,
      /** Messages beyond the first with the same id. */
      sentTwice,
      /** Recorded as sent in a trail, yet SES never received it. */
      recordedButNotDelivered: [...recorded].filter((id) => !emails.byEmailId.has(id)).length,
      /** Received by SES, yet no trail records it sent (a send whose record is still to come). */
      deliveredButNotRecorded: [...emails.byEmailId.keys()].filter((id) => !recorded.has(id) && !isMorningList(id)).length,
      withoutId: emails.withoutId,
      /** Still owed at the end, to be sent at the case's next wake. */
      stillOwed: owed.length,
      oldestOwedSince: owed.map((o) => o.owedSince).sort()[0] ?? null,
    },
    deadlineFirings: {
      fired: lateSeconds.length,
      lateSeconds: spread(lateSeconds),
      allowedLateSeconds,
      lateBeyondRetries: lateSeconds.filter((seconds) => seconds > allowedLateSeconds).length,
      lateBeyondRetriesByDeadline: lateByDeadline,
    },
  };
}

/**
 * The longest the workflow's retries can hold a step up: for each distinct
 * retrier in the definition (Step Functions' Retry fields), its waits added
 * up, and those of every retrier added together, since one wake can run a
 * step under each.
 */
export function retryWaitBoundSeconds(definition: unknown): number {
  const retriers = new Map<string, number>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const retry = (node as { Retry?: unknown }).Retry;
    if (Array.isArray(retry)) {
      for (const rule of retry as Array<{ IntervalSeconds?: number; BackoffRate?: number; MaxAttempts?: number; MaxDelaySeconds?: number }>) {
        const interval = rule.IntervalSeconds ?? 1;
        const backoff = rule.BackoffRate ?? 2;
        const attempts = rule.MaxAttempts ?? 3;
        let total = 0;
        for (let i = 0; i < attempts; i++) total += Math.min(interval * backoff ** i, rule.MaxDelaySeconds ?? Infinity);
        retriers.set(JSON.stringify([interval, backoff, attempts, rule.MaxDelaySeconds]), total);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(definition);
  return [...retriers.values()].reduce((sum, seconds) => sum + seconds, 0);
}

/**
 * The figures of a what-if on staffing, read from what the bench already
 * computes: the deadlines missed (each deadline once, by kind: those that
 * fell due, an overdue email, an escalation or a rejection), and the
 * generator's own figures for the caseload KPIs (each LADO's open allocated
 * cases at each month's end) and the resolution KPIs (allegations whose
 * outcome came within 1, 3 and 12 months of their opening, of those concluded
 * in the period), which the annual report is reconciled against: they stand
 * whether or not the report could be read.
 */
export function staffingFigures(
  deadlines: { total: DeadlineCounts; byKind: Record<string, DeadlineCounts> },
  expectedKpis: ExpectedFigures['kpis'],
) {
  const kpi = (id: KpiId) => (expectedKpis[id] ?? null) as { value: number | null; numerator?: number; denominator?: number; breakdown?: Record<string, number> } | null;
  const average = kpi('caseload-monthly-average');
  const maximum = kpi('caseload-maximum');
  const above = kpi('officers-above-high-caseload');
  const resolution = (id: KpiId) => {
    const found = kpi(id);
    return found ? { percent: found.value, within: found.numerator ?? 0, concluded: found.denominator ?? 0 } : null;
  };
  const months = Object.keys(maximum?.breakdown ?? {}).sort();
  return {
    overdue: {
      total: deadlines.total.missed,
      byKind: Object.fromEntries(
        Object.entries(deadlines.byKind)
          .filter(([, counts]) => counts.missed > 0)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([kind, counts]) => [kind, counts.missed]),
      ),
    },
    caseload: {
      /** The mean, over the months, of the mean open allocated cases per LADO at each month's end. */
      monthlyAverage: average?.value ?? null,
      /** The largest one LADO held at any month's end. */
      maximum: maximum?.value ?? null,
      /** LADOs above 85 (003 §3.5) at any month's end. */
      officersAbove85: above?.value ?? null,
      byMonth: Object.fromEntries(
        months.map((month) => [month, { average: average?.breakdown?.[month] ?? 0, maximum: maximum?.breakdown?.[month] ?? 0, above85: above?.breakdown?.[month] ?? 0 }]),
      ),
    },
    resolution: {
      withinOneMonth: resolution('resolved-within-1-month'),
      withinThreeMonths: resolution('resolved-within-3-months'),
      withinTwelveMonths: resolution('resolved-within-12-months'),
    },
  };
}

/** One line of the stderr summary for the staffing figures. */
export function staffingSummary(figures: ReturnType<typeof staffingFigures>): string[] {
  const { overdue, caseload, resolution } = figures;
  const share = (r: { percent: number | null; within: number; concluded: number } | null) => (r ? `${r.percent ?? '-'}% (${r.within}/${r.concluded})` : '-');
  return [
    `overdue ${overdue.total}: ${Object.entries(overdue.byKind).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'}`,
    `caseload per LADO at month ends: average ${caseload.monthlyAverage ?? '-'}, maximum ${caseload.maximum ?? '-'}, LADOs above 85 ${caseload.officersAbove85 ?? '-'}`,
    `allegations resolved within 1 month ${share(resolution.withinOneMonth)}, 3 months ${share(resolution.withinThreeMonths)}, 12 months ${share(resolution.withinTwelveMonths)}`,
  ];
}
