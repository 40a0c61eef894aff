import { createHash } from 'node:crypto';
import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { forbidden } from '../shared/errors';
import { httpHandler } from '../shared/handler';
import { notOwnOfficerIdMessage } from '../shared/officer-access';
import { takeReferral, type ReferralAccepted } from '../shared/referral-intake';
import { keyedReferralRequestSchema } from './schemas';

export { keyedReferralRequestSchema } from './schemas';

/**
 * The submission id of a keyed-in referral, from the officer and the request's
 * Idempotency-Key: a retry lands on the same case, and no two officers' keys
 * can collide.
 */
export function keyedSubmissionId(officerId: string, idempotencyKey: string): string {
  return `keyed:${createHash('sha256').update(`${officerId}\n${idempotencyKey}`).digest('base64url').slice(0, 32)}`;
}

/**
 * POST /cases: a referral keyed in by staff from a form emailed by a parent,
 * carer or member of the public, or from a telephone call (000, 002). The same
 * lifecycle follows as for the portal's; acknowledgements and returns go to
 * the referrer's email, or to the keying officer when the referrer gave none.
 */
export const handler = httpHandler(
  { route: routeOf('keyed-referral'), body: keyedReferralRequestSchema, params: z.object({}) },
  async ({ body, officer, headers }) => {
    if (!officer || body.keyedBy.officerId !== officer.username) throw forbidden(notOwnOfficerIdMessage());
    const submissionId = keyedSubmissionId(officer.username, headers['Idempotency-Key']!);
    const received: ReferralAccepted = await takeReferral(
      { ...body.referral, submissionId },
      { channel: body.channel, keyedBy: body.keyedBy },
      'This Idempotency-Key was already used for a different referral: use a new key for each new referral',
    );
    return { statusCode: 202, body: received };
  },
);
