import { z } from 'zod';
import type { CaseRecord } from '../domain/case';
import { updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';
import { startManagementPhase } from '../shared/workflow';

const input = z.discriminatedUnion('action', [
  z.object({ caseId: caseIdSchema, action: z.literal('afterThresholdDecision') }),
  z.object({ caseId: caseIdSchema, action: z.literal('handover'), sequence: z.number().int().min(1) }),
]);

/**
 * Hands a case from one execution to the next. After the threshold decision a
 * closed case tells the referrer who leads (on a transfer) and ends; an
 * allegation or consultation is handed to management execution 1. A
 * management execution near its limits hands over to the next number. Each
 * step is idempotent: a retried task starts no second execution.
 */
export const handler = taskHandler(input, async (task) => {
  const at = now().toISOString();
  const target = task.action === 'handover' ? task.sequence + 1 : 1;
  const outcome = await updateCase<{ closed: boolean; leadAuthority?: string }>(task.caseId, (current) => {
    if (current.status === 'CLOSED' || current.status === 'REJECTED') {
      return { result: { closed: true, ...(current.closure?.leadAuthority ? { leadAuthority: current.closure.leadAuthority } : {}) } };
    }
    if (current.phase?.name === 'management' && current.phase.sequence >= target) return { result: { closed: false } };
    const next: CaseRecord = {
      ...current,
      phase: { name: 'management', sequence: target, startedAt: at, wakes: 0 },
      awaiting: { kind: 'officerEvent', since: current.awaiting?.kind === 'officerEvent' ? current.awaiting.since : at },
    };
    const event = { type: 'PhaseStarted', actor: 'system', at, details: { phase: 'management', sequence: target } };
    return { next, events: [event], result: { closed: false } };
  });
  if (!outcome.closed) {
    await startManagementPhase(task.caseId, target);
    logger.info('Management phase started', { caseId: task.caseId, sequence: target });
  }
  const notifications = outcome.leadAuthority && task.action === 'afterThresholdDecision'
    ? [{ caseId: task.caseId, kind: 'transferNotice', key: 'transferNotice' }]
    : [];
  return { closed: outcome.closed, notifications };
});
