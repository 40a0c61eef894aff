import * as z from '../domain/zod';
import { keyedReferralSchema, STAFF_KEYED_CHANNELS } from '../domain/referral-schema';
import { allocationSchema } from '../domain/threshold-decision';

/**
 * What POST /cases takes. It answers as POST /referrals does, with the case
 * and its status (ReferralAccepted, functions/shared/referral-intake.ts);
 * docs/openapi.yaml is generated from both (scripts/openapi).
 */

/** What an officer sends to key a referral in: how it came, who keys it (their own id and work address), and the referral. */
export const keyedReferralRequestSchema = z.strictObject({
  channel: z.enum(STAFF_KEYED_CHANNELS, { error: `channel must be one of: ${STAFF_KEYED_CHANNELS.join(', ')}` }),
  keyedBy: allocationSchema,
  referral: keyedReferralSchema,
});
