import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';

/**
 * One logger, one metrics sink and one tracer for every function. Logs carry
 * identifiers (case id, submission id, state) and never referral content: no
 * event logging, and traces capture no responses. Outside Lambda the tracer
 * is off by itself.
 */
export const logger = new Logger({ serviceName: 'lado-referrals' });

// Metrics' own diagnostics go through the logger, so they follow its level.
export const metrics = new Metrics({ namespace: 'LadoReferrals', serviceName: 'lado-referrals', logger });

export const tracer = new Tracer({ serviceName: 'lado-referrals', captureHTTPsRequests: false });

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
