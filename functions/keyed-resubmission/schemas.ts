import * as z from '../domain/zod';
import { resubmissionSchema } from '../domain/referral-schema';
import { officerIdSchema } from '../domain/threshold-decision';

/** What an officer sends to key in a returned referral's details: their own id, and the details as the portal would send them. */
export const keyedResubmissionSchema = z.strictObject({ officerId: officerIdSchema, details: resubmissionSchema });
