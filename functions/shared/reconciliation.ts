import { ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { ActiveCase } from '../domain/reconciliation';
import type { Drift, ReconcilerFindings, ReconciliationReport, Repair } from '../domain/reconciliation-report';
import { casesToLookUp, findDrift, whenClosed } from '../domain/reconciliation';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients/document-client';
import { stepFunctionsClient } from './clients/step-functions-client';
import { appendEvent, getCase, putItem, queryAll } from './case-store';
import { ACTIVE_CASE_SHARDS, ACTIVE_CASES_INDEX, ACTIVE_CASES_PROJECTION, RECONCILER_FINDINGS_KEY } from './table-layout';
import { now } from './clock';
import { serviceConfig } from './config';
import { restartWorkflow } from './execution-chain';
import { logger } from './observability';
import { errorClass } from './transient-errors';
import { executionArn, unqualifiedStateMachineArn } from './workflow';

/**
 * The reconciler: proves the record. It reads the active cases from their
 * index (never a Scan) and the running executions from Step Functions, and
 * reports every disagreement (functions/domain/reconciliation.ts). Asked to
 * repair, it restarts what can be restarted from the stored case and stops
 * what runs for nothing, each recorded with who asked.
 */

// What a check reports, and what operations read of the latest (functions/domain/reconciliation-report.ts).
export type { ReconcilerFindings, ReconciliationReport, Repair } from '../domain/reconciliation-report';

const PROJECTION = ['caseId', ...ACTIVE_CASES_PROJECTION].map((name) => (name === 'status' ? '#status' : name)).join(', ');

export async function listActiveCases(): Promise<ActiveCase[]> {
  const shards = Array.from({ length: ACTIVE_CASE_SHARDS }, (_, shard) => `ACTIVE#${shard}`);
  const pages = await Promise.all(
    shards.map((shard) =>
      queryAll<ActiveCase>({
        TableName: serviceConfig().TABLE_NAME,
        IndexName: ACTIVE_CASES_INDEX,
        KeyConditionExpression: 'activeShard = :shard',
        ProjectionExpression: PROJECTION,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':shard': shard },
      }),
    ),
  );
  return pages.flat();
}

/** Every running execution of the lifecycle, whichever version or alias started it. */
export async function listRunningExecutions(): Promise<string[]> {
  const machine = unqualifiedStateMachineArn();
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stepFunctionsClient().send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'RUNNING', maxResults: 1000, nextToken }));
    names.push(...(page.executions ?? []).map((execution) => execution.name!));
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}

/** `graceMinutes` 0 when no execution can be merely settling (after the local engine restarted). */
export async function reconcile(options: { repair: boolean; actor: string; graceMinutes?: number }): Promise<ReconciliationReport> {
  const [activeCases, running] = await Promise.all([listActiveCases(), listRunningExecutions()]);
  const closed = new Map<string, string>();
  for (const caseId of casesToLookUp(activeCases, running)) {
    const record = await getCase(caseId);
    if (record) closed.set(caseId, whenClosed(record));
  }
  const checkedAt = now();
  const drift = findDrift(activeCases, running, closed, checkedAt, options.graceMinutes);
  const report: ReconciliationReport = { checkedAt: checkedAt.toISOString(), activeCases: activeCases.length, runningExecutions: running.length, drift };
  if (options.repair) {
    report.repairs = [];
    for (const found of drift) report.repairs.push(await repair(found, options.actor));
  }
  return report;
}

async function stop(execution: string, reason: string): Promise<void> {
  await stepFunctionsClient().send(new StopExecutionCommand({ executionArn: executionArn(execution), error: 'Reconciler', cause: reason }));
}

const restarted = (execution: string | undefined) =>
  execution
    ? { action: 'restarted' as const, execution }
    : { action: 'none' as const, detail: 'Nothing to restart: the case is no longer active, or its workflow is running again' };

async function repair(found: Drift, actor: string): Promise<Repair> {
  const base = { drift: found.kind, ...('caseId' in found ? { caseId: found.caseId } : {}), ...('execution' in found ? { execution: found.execution } : {}) };
  try {
    switch (found.kind) {
      case 'needsAttention':
      case 'caseWithoutExecution': {
        const started = await restartWorkflow(found.caseId, actor, `Repaired by the reconciler: ${found.kind}`);
        return { ...base, ...restarted(started) };
      }
      case 'deadlinePastDue': {
        // The running execution will not fire it: stop it and take the case up afresh, which fires what is due.
        await stop(found.execution, 'A deadline fell due with no timer to fire it');
        const started = await restartWorkflow(found.caseId, actor, 'Repaired by the reconciler: deadlinePastDue');
        return { ...base, ...restarted(started) };
      }
      case 'executionForClosedCase':
        await stop(found.execution, 'The case is closed');
        await appendEvent(found.caseId, { type: 'ExecutionStopped', actor, at: now().toISOString(), rationale: 'Repaired by the reconciler: the case is closed', details: { execution: found.execution } });
        return { ...base, action: 'stopped' };
      case 'executionForUnknownCase':
        await stop(found.execution, 'No such case');
        logger.warn('Stopped an execution for no known case', { execution: found.execution, actor });
        return { ...base, action: 'stopped' };
      case 'emailOwedTooLong':
        // Its execution is running and sends owed emails again every hour: there is nothing to restart.
        return { ...base, action: 'none', detail: 'The running workflow sends it again every hour until SES takes it' };
    }
  } catch (error) {
    logger.error('Repair failed', { ...base, errorClass: errorClass(error) });
    return { ...base, action: 'failed', detail: errorClass(error) };
  }
}

/** Keeps a check's findings as the latest, replacing the last: the reconciler's hourly run and every check operations ask for. */
export async function saveFindings(report: ReconciliationReport, checkedBy: string): Promise<void> {
  const { checkedAt, activeCases, runningExecutions, drift } = report;
  await putItem({ ...RECONCILER_FINDINGS_KEY, checkedAt, activeCases, runningExecutions, drift, checkedBy });
}

/** The latest check's findings, if any check has run. */
export async function latestFindings(): Promise<ReconcilerFindings | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: serviceConfig().TABLE_NAME, Key: RECONCILER_FINDINGS_KEY }));
  if (!Item) return undefined;
  const { checkedAt, activeCases, runningExecutions, drift, checkedBy } = Item as ReconcilerFindings;
  return { checkedAt, activeCases, runningExecutions, drift, checkedBy };
}
