import { z } from 'zod';
import { routeOf } from '../api-routes';
import { isSameSubmission, receiveReferral } from '../domain/lifecycle-rules';
import { referralSchema } from '../domain/referral-schema';
import { createCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { conflict } from '../shared/errors';
import { httpHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';
import { startFirstDays } from '../shared/workflow';

/** POST /referrals: a portal submission. Idempotent on the portal's submission id. */
export const handler = httpHandler({ route: routeOf('intake'), body: referralSchema, params: z.object({}) }, async ({ body: referral }) => {
  const { next: received, events } = receiveReferral(referral, now());
  const { caseId } = received;
  const { created, record: stored } = await createCase(received, events[0]!);
  if (!created && !isSameSubmission(stored, received)) {
    throw conflict('This submission id was already used for a different referral: give each referral its own submission id');
  }
  // Started on every delivery, not only the first: a retry after a crash between
  // storing the case and starting its workflow must still start it.
  await startFirstDays(caseId);
  if (created) countMetric('ReferralReceived');
  logger.info('Referral received', { caseId, duplicate: !created });
  return { statusCode: 202, body: { caseId, status: stored.status } };
});
