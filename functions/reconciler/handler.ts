import * as z from '../domain/zod';
import { DRIFT_KINDS } from '../domain/reconciliation';
import { taskHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';
import { alertOperations } from '../shared/operations-alerts';
import { reconcile, saveFindings } from '../shared/reconciliation';

/** EventBridge Scheduler's invocation: nothing in it is needed. */
const scheduled = z.looseObject({});

/**
 * The reconciler on its schedule: checks the record, counts the drift (an
 * alarm fires above zero) and tells operations what it found. It repairs
 * nothing by itself: a repair is asked for, and recorded with who asked,
 * through POST /operations/reconciliation.
 */
export const handler = taskHandler(scheduled, async () => {
  const report = await reconcile({ repair: false, actor: 'reconciler' });
  await saveFindings(report, 'reconciler');
  const byKind = Object.fromEntries(DRIFT_KINDS.map((kind) => [kind, report.drift.filter((d) => d.kind === kind).length]));
  countMetric('ReconcilerDrift', report.drift.length);
  countMetric('CasesNeedingAttention', byKind['needsAttention'] ?? 0);
  countMetric('EmailsOwedTooLong', byKind['emailOwedTooLong'] ?? 0);
  if (report.drift.length > 0) {
    const cases = report.drift.map((d) => ('caseId' in d ? d.caseId : d.execution)).slice(0, 20);
    await alertOperations(
      'LADO reconciler found drift',
      `The reconciler found ${report.drift.length} problem(s): ${JSON.stringify(byKind)}. First cases: ${cases.join(', ')}. Repair with POST /operations/reconciliation {"repair": true}; see the runbook.`,
      { drift: report.drift.length },
    );
  }
  logger.info('Reconciled', { activeCases: report.activeCases, runningExecutions: report.runningExecutions, drift: report.drift.length, ...byKind });
  return { drift: report.drift.length, ...byKind };
});
