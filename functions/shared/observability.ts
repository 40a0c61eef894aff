import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

/**
 * One logger and one metrics sink for every function. Logs carry identifiers
 * (case id, submission id, state) and never referral content: no event
 * logging. There is no tracer in the code: Lambda's active tracing records
 * each invocation (its cold start included) in the workflow's and the API's
 * X-Ray traces, and the X-Ray SDK that would split an invocation into its SDK
 * calls would add about 90 KB and 15 ms to every cold start (docs/bench.md).
 */
export const logger = new Logger({ serviceName: 'lado-referrals' });

// Metrics' own diagnostics go through the logger, so they follow its level.
export const metrics = new Metrics({ namespace: 'LadoReferrals', serviceName: 'lado-referrals', logger });

export type BusinessMetric =
  | 'ReferralReceived'
  | 'ReferralReturned'
  | 'ReferralRejected'
  | 'ReferralComplete'
  | 'ThresholdDecisionRecorded'
  | 'DecisionChased'
  | 'DecisionEscalated'
  | 'EmailSent'
  | 'ReconcilerDrift'
  | 'CasesNeedingAttention'
  | 'EmailsOwedTooLong'
  | 'RecordsDisposed';

export function countMetric(name: BusinessMetric, count = 1): void {
  metrics.addMetric(name, MetricUnit.Count, count);
}

/**
 * How long a threshold decision has been waiting, each time the workflow plans
 * its wait: the maximum over a period is the oldest pending decision's age.
 */
export function recordPendingDecisionAge(hours: number): void {
  metrics.addMetric('PendingDecisionAgeHours', MetricUnit.Count, Math.round(hours * 10) / 10);
}

/**
 * Flushes the invocation's metrics, if it recorded any. Powertools' own
 * middleware warns on every invocation that records none, which drowned the
 * log; here an invocation without metrics publishes nothing and says nothing.
 */
export function publishMetricsIfAny(): MiddlewareObj {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}
