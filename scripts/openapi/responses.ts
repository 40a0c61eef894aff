import * as z from 'zod';
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { DRIFT_KINDS } from '../../functions/domain/reconciliation';
import { caseStatusSchema } from '../../functions/get-case/case-view';
import { driftSchema } from '../../functions/reconciler-findings/findings-view';
import type { FieldError } from '../../functions/shared/errors';
import {
  caseIdSchema,
  MAX_BODY_BYTES,
  OUT_OF_TIME_MESSAGE,
  RETRY_AFTER_SECONDS,
  SERVICE_UNAVAILABLE_MESSAGE,
  UNSUPPORTED_MEDIA_TYPE_MESSAGE,
} from '../../functions/shared/handler';
import { KEY_REUSED_MESSAGE } from '../../functions/shared/idempotent-request';
import type { ReconciliationReport } from '../../functions/shared/reconciliation';
import type { ReferralAccepted } from '../../functions/shared/referral-intake';
import { json, ref } from './objects';

/**
 * The response bodies whose handlers have no schema of their own to export
 * (the case view, the history, the lists and the others have theirs beside
 * their handlers). Where the core has a type for the body, the schema is held
 * to it by the compiler.
 */

type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type AllTrue<T extends true[]> = T;

const dateTime = (description?: string) => (description ? z.iso.datetime().meta({ description }) : z.iso.datetime());

export const acceptedSchema = z
  .object({ caseId: caseIdSchema, status: caseStatusSchema })
  .meta({ description: 'The request was accepted; the workflow carries on in the background.' });

export const errorSchema = z.object({ message: z.string() });

const fieldErrorSchema = z.object({
  path: z.string().meta({ description: 'The field, dotted, e.g. `subject.address.postcode`; `body` for the body as a whole.' }),
  message: z.string().meta({ description: 'What is wrong, in words a referrer can act on.' }),
});
export const validationErrorSchema = z.object({
  message: z.string(),
  errors: z.array(fieldErrorSchema).meta({ description: 'One entry per field at fault.' }),
});

const repairSchema = z.strictObject({
  drift: z.enum(DRIFT_KINDS),
  caseId: z.optional(caseIdSchema),
  execution: z.string().optional(),
  action: z.enum(['restarted', 'stopped', 'none', 'failed']),
  detail: z.string().optional(),
});

export const reconciliationReportSchema = z
  .strictObject({
    checkedAt: dateTime('When the check ran.'),
    activeCases: z.int().min(0).meta({ description: 'How many active cases were checked.' }),
    runningExecutions: z.int().min(0).meta({ description: 'How many executions were running.' }),
    drift: z.array(driftSchema).meta({ description: 'Each disagreement found, by its kind.' }),
    repairs: z.array(repairSchema).optional().meta({ description: 'With `repair`: what was done about each.' }),
  })
  .meta({ description: 'What the reconciliation found and, asked to repair, what it did.' });

export type ResponseSchemasMatchTheirTypes = AllTrue<
  [
    Same<z.infer<typeof acceptedSchema>, ReferralAccepted>,
    Same<z.infer<typeof fieldErrorSchema>, FieldError>,
    Same<z.infer<typeof reconciliationReportSchema>, ReconciliationReport>,
    Same<z.infer<typeof repairSchema>, NonNullable<ReconciliationReport['repairs']>[number]>,
  ]
>;

/** The local stack's clock (local/api-server.ts), which keeps its own request schema. */
export const clockTimeSchema = z.object({ now: dateTime("The local stack's virtual time.") });
export const clockAdvanceSchema = z.xor([
  z.strictObject({ advanceTo: z.iso.datetime({ offset: true }).meta({ description: 'The instant to move to, with its offset, e.g. `2026-09-01T09:00:00Z`.' }) }),
  z.strictObject({ advanceBy: z.iso.duration().meta({ description: 'An ISO-8601 duration, e.g. `P3D` or `PT2H`.' }) }),
]);

/** The answers many routes share, as components. */
export const sharedResponses = (unknownCaseId: string): Record<string, ZodOpenApiResponseObject> => ({
  BadRequest: {
    description: 'The request is not valid: each field at fault is listed.',
    ...json({
      schema: validationErrorSchema,
      example: { message: 'The request is not valid', errors: [{ path: 'pathParameters.caseId', message: 'The case id must look like LADO-XXXXXXXXXX' }] },
    }),
  },
  PayloadTooLarge: {
    description: `The body is over ${MAX_BODY_BYTES / 1024} KB.`,
    ...json({
      schema: validationErrorSchema,
      example: { message: 'The request body is too large', errors: [{ path: 'body', message: `The body must be at most ${MAX_BODY_BYTES / 1024} KB` }] },
    }),
  },
  CaseNotFound: {
    description: 'No case has this id.',
    ...json({ schema: errorSchema, example: { message: `Case ${unknownCaseId} does not exist` } }),
  },
  Unauthorized: {
    description: "No token, or one the officer user pool did not issue or that has expired: API Gateway's answer. Locally, no development token or a garbled one.",
    ...json({ schema: errorSchema, example: { message: 'Unauthorized' } }),
  },
  IdempotencyKeyReused: {
    description: 'The Idempotency-Key was already used on this case for a request with other content.',
    ...json({ schema: errorSchema, example: { message: KEY_REUSED_MESSAGE } }),
  },
  UnsupportedMediaType: {
    description: 'The request has a body that is not sent as `application/json` (a `charset` other than `utf-8` included), or has no Content-Type.',
    ...json({
      schema: validationErrorSchema,
      example: {
        message: UNSUPPORTED_MEDIA_TYPE_MESSAGE,
        errors: [{ path: 'headers.Content-Type', message: 'Content-Type must be application/json, with no charset or charset=utf-8' }],
      },
    }),
  },
  ServiceUnavailable: {
    description:
      'DynamoDB or Step Functions was briefly unavailable or throttled. Every request is safe to send again as it was (the same body and Idempotency-Key): ' +
      'whatever was recorded is recorded whole, and a retry records nothing twice.',
    headers: {
      'Retry-After': { description: 'Seconds to wait before sending the request again.', schema: { type: 'integer', minimum: 1 }, example: RETRY_AFTER_SECONDS },
    },
    ...json({ schema: errorSchema, example: { message: SERVICE_UNAVAILABLE_MESSAGE } }),
  },
  OutOfTime: {
    description:
      "The request's work did not finish within the time a request may take (API Gateway's 29 seconds): it is answered before the gateway would cut it off. " +
      'It is safe to send again as it was; a smaller request (a shorter period, a smaller page) takes less time.',
    ...json({ schema: errorSchema, example: { message: OUT_OF_TIME_MESSAGE } }),
  },
  InternalError: {
    description: 'A fault of the service. Nothing about the request is echoed back.',
    ...json({ schema: errorSchema, example: { message: 'Internal error' } }),
  },
});

/** What every route may answer whatever it does: a busy dependency, work that ran out of time, and, for a route that takes a body, a body that is not JSON. */
export const commonResponses = (takesBody: boolean): ZodOpenApiResponsesObject => ({
  ...(takesBody ? { '415': ref('responses/UnsupportedMediaType') } : {}),
  '503': ref('responses/ServiceUnavailable'),
  '504': ref('responses/OutOfTime'),
});
