import { settleDeadlines } from '../domain/case';
import { officerDecisionSchema } from '../domain/threshold-decision';
import { acceptAwaitedInput } from '../shared/awaited-input';
import { now } from '../shared/clock';
import { conflict } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';

/** POST /cases/{caseId}/decisions: an officer records a decision, with who and why. */
export const handler = httpHandler({ body: officerDecisionSchema, params: caseParams }, async ({ body: decision, params }) => {
  const at = now();
  const outcome = await acceptAwaitedInput(params.caseId, 'thresholdDecision', (current) => ({
    next: {
      ...current,
      status: 'THRESHOLD_DECIDED',
      deadlines: settleDeadlines(current.deadlines, ['initialConsiderationChase', 'initialConsiderationEscalation'], 'met', at),
      decisions: [...current.decisions, { decision, decidedBy: decision.officerId, decidedAt: at.toISOString() }],
    },
    events: [
      {
        type: 'ThresholdDecisionRecorded',
        actor: decision.officerId,
        at: at.toISOString(),
        rationale: decision.rationale,
        details: { outcome: decision.outcome },
      },
    ],
  }));
  if (!outcome.accepted) {
    throw conflict(`This case is not awaiting a threshold decision: its status is ${outcome.current.status}.`);
  }
  countMetric('ThresholdDecisionRecorded');
  logger.info('Threshold decision recorded', { caseId: params.caseId, outcome: decision.outcome });
  return { statusCode: 202, body: { caseId: params.caseId, status: outcome.record.status } };
});
