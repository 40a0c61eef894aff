import * as z from '../domain/zod';
import { parkWait, waitingEvent } from '../domain/lifecycle-rules';
import { AWAITED_INPUTS } from '../domain/lifecycle-contract';
import { parkInPlace, putItem, savedVersion, taskTokenItem, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { AwaitedInputArrivedError } from '../shared/errors';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';

const input = z.object({
  caseId: caseIdSchema,
  awaiting: z.enum(AWAITED_INPUTS),
  taskToken: z.string().check(z.minLength(1)),
  /** The case version the wait was planned from: an officer event since then calls for a new plan at once. */
  planVersion: z.int(),
});

/**
 * Parks the workflow on human input (functions/domain/lifecycle-rules.ts, parkWait):
 * the task token is stored with the case, never emailed. If the input arrived
 * while the workflow was busy with a timer, the wait is already closed: the
 * task fails with AwaitedInputArrived, which the workflow catches to carry on
 * at once. A retry of a wait already parked (its first attempt saved the
 * wait, then crashed) only replaces the token. The case nearly always stands
 * as planned, and is then parked in place without being read; otherwise it
 * is read, and the core decides.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting, taskToken, planVersion }) => {
  const at = now();
  const stamp = at.toISOString();
  if (await parkInPlace(caseId, { awaiting, planVersion }, waitingEvent(awaiting, at), (version) => [taskTokenItem(caseId, awaiting, taskToken, stamp, version)])) return {};
  const parked = await updateCase<'parked' | 'arrived' | { retriedAt: number }>(caseId, (current) => {
    const park = parkWait(current, { awaiting, planVersion }, at);
    if (park.parked === 'arrived') return { result: 'arrived' };
    if (park.parked === 'alreadyParked') return { result: { retriedAt: current.version } };
    return { next: park.next, events: park.events, result: 'parked', alsoWrite: [taskTokenItem(caseId, awaiting, taskToken, stamp, savedVersion(current))] };
  });
  if (parked === 'arrived') {
    logger.info('Awaited input had already arrived', { caseId, awaiting });
    throw new AwaitedInputArrivedError(caseId);
  }
  if (typeof parked === 'object') await putItem(taskTokenItem(caseId, awaiting, taskToken, stamp, parked.retriedAt));
  return {};
});
