import * as z from '../domain/zod';
import { keyedReferralSchema, STAFF_KEYED_CHANNELS } from '../domain/referral-schema';
import { officerIdSchema } from '../domain/threshold-decision';

/**
 * What POST /cases takes. It answers as POST /referrals does, with the case
 * and its status (ReferralAccepted, functions/shared/referral-intake.ts);
 * docs/openapi.yaml is generated from both (scripts/openapi).
 */

/** The officer keying it in: their own id, and the work address its acknowledgement and any return go to when the referrer gave no email. */
const keyingOfficerSchema = z
  .strictObject({
    officerId: officerIdSchema,
    email: z.email({ error: "The keying officer's email must be a valid email address" }),
  })
  .check(z.meta({ description: 'The officer keying the referral in: their own id, as they sign in, and their work email, to which the acknowledgement and any return go when the referrer gave none.' }));

/** What an officer sends to key a referral in: how it came, who keys it (their own id and work address), and the referral. */
export const keyedReferralRequestSchema = z.strictObject({
  channel: z.enum(STAFF_KEYED_CHANNELS, { error: `channel must be one of: ${STAFF_KEYED_CHANNELS.join(', ')}` }),
  keyedBy: keyingOfficerSchema,
  referral: keyedReferralSchema,
});
