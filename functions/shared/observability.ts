import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * One logger and one metrics sink for every function. Logs carry identifiers
 * (case id, submission id, state) and never referral content: no event logging,
 * no response capture.
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
  | 'EmailSent';

export function countMetric(name: BusinessMetric, count = 1): void {
  metrics.addMetric(name, MetricUnit.Count, count);
}
