import * as z from '../domain/zod';
import { routeOf } from '../api-routes';
import { referralSchema } from '../domain/referral-schema';
import { httpHandler } from '../shared/handler';
import { takeReferral } from '../shared/referral-intake';

/** POST /referrals: a portal submission. Idempotent on the portal's submission id. */
export const handler = httpHandler({ route: routeOf('intake'), body: referralSchema, params: z.object({}) }, async ({ body: referral }) => {
  const received = await takeReferral(referral, { channel: 'portal' }, 'This submission id was already used for a different referral: give each referral its own submission id');
  return { statusCode: 202, body: received };
});
