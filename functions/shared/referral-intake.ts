import type { CaseStatus } from '../domain/lifecycle-contract';
import { isSameSubmission, receiveReferral, type ReferralSource } from '../domain/lifecycle-rules';
import type { Referral } from '../domain/referral-schema';
import { createCase } from './case-store';
import { now } from './clock';
import { conflict } from './errors';
import { countMetric, logger } from './observability';
import { matchedAtIntake } from './subject-matching';
import { startFirstDays } from './workflow';

/** What POST /referrals and POST /cases answer: the case the referral is under, and its status (the Accepted schema of docs/openapi.yaml). */
export interface ReferralAccepted {
  caseId: string;
  status: CaseStatus;
}

/**
 * Takes a referral in, from the portal or keyed in by staff: stores the case
 * under the id its submission id gives, unless that submission is stored
 * already, and starts its workflow. Idempotent: the same submission again
 * answers with its case; a different referral under a used id is refused with
 * `reusedIdMessage`.
 */
export async function takeReferral(referral: Referral, source: ReferralSource, reusedIdMessage: string): Promise<ReferralAccepted> {
  const { next: received, events } = receiveReferral(referral, now(), source);
  const { caseId } = received;
  // Matched against earlier cases about the same person, its match keys created with it (subject-matching.ts).
  const matched = await matchedAtIntake(received, new Date(received.receivedAt));
  const { created, record: stored } = await createCase(matched.record, events[0]!, matched.alsoWrite);
  if (!created && !isSameSubmission(stored, received)) throw conflict(reusedIdMessage);
  // Started on every delivery, not only the first: a retry after a crash between
  // storing the case and starting its workflow must still start it.
  await startFirstDays(caseId);
  if (created) countMetric('ReferralReceived');
  logger.info('Referral received', { caseId, channel: source.channel, duplicate: !created });
  return { caseId, status: stored.status };
}
