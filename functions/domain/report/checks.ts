import { CLOSED_STATUSES, isActive } from '../case';
import { latestOutcome } from './cases';
import type { ReportContext } from './context';
import type { CheckId, CheckResult, Table } from './output';
import { DECISION_LABELS, rowCount } from './tables';

/**
 * The report reconciles with itself, and with what runs (domain.md: "the
 * count of open cases must always agree with the workflows actually
 * running"; 003 §11.11: 1,600 cases shown open that were not). Each check
 * says whether it holds, why, and the figures it compared.
 */

type Outcome = keyof typeof DECISION_LABELS;

/** Threshold decisions in the trail's events against the referral decisions table, outcome by outcome. */
function decisionsReconcile(context: ReportContext, decisions: Table): CheckResult {
  const fromEvents: Record<string, number> = {};
  let events = 0;
  for (const reading of context.cases) {
    for (const event of reading.events) {
      if (event.type !== 'ThresholdDecisionRecorded' || !context.period.holds(event.at)) continue;
      events++;
      const outcome = String(event.details?.['outcome'] ?? 'unknown');
      fromEvents[outcome] = (fromEvents[outcome] ?? 0) + 1;
    }
  }
  const rows = Object.fromEntries((Object.keys(DECISION_LABELS) as Outcome[]).map((outcome) => [outcome, rowCount(decisions, DECISION_LABELS[outcome])])) as Record<Outcome, number>;
  const sum = rows.allegation + rows.consultation + rows['no-further-action'] + rows.transfer;
  const disagreeing = [...new Set([...Object.keys(rows), ...Object.keys(fromEvents)])].filter((outcome) => (fromEvents[outcome] ?? 0) !== (rows[outcome as Outcome] ?? 0)).sort();
  const ok = events === sum && disagreeing.length === 0;
  return {
    ok,
    detail: ok
      ? `${events} threshold decisions recorded in the period: ${rows.allegation} allegations, ${rows.consultation} consultations, ${rows['no-further-action']} no further action, ${rows.transfer} transfers`
      : `${events} threshold decision events in the trails against ${sum} decisions on the cases (allegations + consultations + no further action + transfers)` +
        (disagreeing.length ? `; they differ for: ${disagreeing.join(', ')}` : ''),
    decisions: events,
    allegations: rows.allegation,
    consultations: rows.consultation,
    noFurtherAction: rows['no-further-action'],
    transfers: rows.transfer,
  };
}

/**
 * Outcomes recorded in the period against the allegations managed in it: each
 * outcome must conclude an allegation opened by the period's end and not
 * concluded before the period began.
 */
function outcomesWithinAllegations(context: ReportContext): CheckResult {
  const { period } = context;
  const managed = new Set(
    context.cases
      .filter((reading) => {
        if (!reading.allegationOpenedAt || period.dateOf(reading.allegationOpenedAt) > period.to) return false;
        const outcome = latestOutcome(reading);
        return !outcome || period.dateOf(outcome.at) >= period.from;
      })
      .map((reading) => reading.caseId),
  );
  const orphans = context.outcomes
    .filter(({ reading, outcome }) => !managed.has(reading.caseId) || (reading.allegationOpenedAt !== undefined && Date.parse(reading.allegationOpenedAt) > Date.parse(outcome.at)))
    .map(({ reading }) => reading.caseId)
    .sort();
  const outcomes = context.outcomes.length;
  const ok = outcomes <= managed.size && orphans.length === 0;
  return {
    ok,
    detail: ok
      ? `${outcomes} outcomes recorded in the period, of ${managed.size} allegations managed in it`
      : orphans.length
        ? `${orphans.length} outcomes recorded on cases that were not an allegation before them: ${orphans.join(', ')}`
        : `${outcomes} outcomes recorded in the period exceed the ${managed.size} allegations managed in it`,
    outcomes,
    allegations: managed.size,
    allegationsOpened: context.allegationsOpened.length,
    withoutAllegation: orphans,
  };
}

/**
 * The cases whose workflow should be running now against the executions
 * running: the open cases, less those whose workflow stopped for operations,
 * and the closed ones still sending their closing emails (case.ts, isActive;
 * reconciliation.ts). Only when the period ends today or later.
 */
function openCasesMatchWorkflows(context: ReportContext, runningWorkflows: number | null): CheckResult {
  const atEnd = context.atEnd.map(({ record }) => record);
  const openCases = atEnd.filter((record) => !CLOSED_STATUSES.has(record.status)).length;
  if (runningWorkflows === null || context.period.asAt.getTime() !== context.period.computedAt.getTime()) {
    return {
      ok: null,
      skipped: true,
      detail: "Skipped: the period ended before the report was computed, so the executions running now say nothing of the open cases at its end",
      openCases,
      runningWorkflows,
    };
  }
  const stopped = atEnd.filter((record) => !CLOSED_STATUSES.has(record.status) && record.needsAttention !== undefined).length;
  const closing = atEnd.filter((record) => CLOSED_STATUSES.has(record.status) && isActive(record) && record.needsAttention === undefined).length;
  const expectedRunning = atEnd.filter((record) => isActive(record) && record.needsAttention === undefined).length;
  const ok = expectedRunning === runningWorkflows;
  const expected = `${openCases} open cases, less ${stopped} stopped for operations, plus ${closing} closed still sending emails: ${expectedRunning} workflows should be running`;
  return {
    ok,
    detail: ok ? `${expected}, and ${runningWorkflows} are` : `${expected}, but ${runningWorkflows} are`,
    openCases,
    stopped,
    closingEmails: closing,
    expectedRunning,
    runningWorkflows,
  };
}

/** Every trail handed over rebuilds a case with its receipt and referral: one that does not is left out of every count. */
function trailsReadable(context: ReportContext): CheckResult {
  const ok = context.unreadable.length === 0;
  return {
    ok,
    detail: ok
      ? `${context.cases.length} trails read`
      : `${context.unreadable.length} trails do not rebuild a case with its receipt and referral, and are left out: ${context.unreadable.join(', ')}`,
    trails: context.cases.length + context.unreadable.length,
    unreadable: [...context.unreadable].sort(),
  };
}

export function computeChecks(context: ReportContext, decisions: Table, runningWorkflows: number | null): Record<CheckId, CheckResult> {
  return {
    'decisions-reconcile': decisionsReconcile(context, decisions),
    'outcomes-within-allegations': outcomesWithinAllegations(context),
    'open-cases-match-workflows': openCasesMatchWorkflows(context, runningWorkflows),
    'trails-readable': trailsReadable(context),
  };
}
