import * as z from '../domain/zod';
import { MORNING_LIST } from '../domain/lifecycle-contract';
import { morningList, morningListDate, morningListEmailId, type AwaitingDecision } from '../domain/morning-list';
import { renderMorningList } from '../notifier/templates';
import { putItem } from '../shared/case-store';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { sendEmail } from '../shared/email-sender';
import { taskHandler } from '../shared/handler';
import { claimMorningList, listAwaitingDecision, morningListSentItem, releaseMorningList } from '../shared/morning-list-store';
import { countMetric, logger } from '../shared/observability';

/** EventBridge Scheduler's invocation: nothing in it is needed. */
const scheduled = z.looseObject({});

/**
 * The duty LADO's morning list, run daily at the opening of the working day
 * (infra/function-schedule.ts; locally the virtual clock fires it). On a
 * working day by the service calendar, it emails the referrals awaiting a
 * threshold decision, oldest first, immediate risk marked
 * (functions/domain/morning-list.ts). Once a day: the day is claimed before
 * the list is read, so a retried or repeated run sends nothing twice. No list
 * is sent when nothing awaits a decision. It records the day and the count,
 * and logs dates and counts only.
 */
export const handler = taskHandler(scheduled, async () => {
  const at = now();
  const config = serviceConfig();
  const date = morningListDate(at, config.calendar);
  if (date === undefined) return { date: config.calendar.localDateOf(at), sent: false, reason: 'notAWorkingDay' };
  const stamp = at.toISOString();
  const claim = await claimMorningList(date, stamp);
  if (claim !== 'claimed') {
    logger.info('Morning list already sent or being sent', { date, claim });
    return { date, sent: false, reason: claim };
  }
  let list: AwaitingDecision[];
  try {
    list = morningList(await listAwaitingDecision());
    if (list.length > 0) await send(date, at, list);
  } catch (error) {
    // Given back, so that the scheduler's retry sends the day's list.
    await releaseMorningList(date);
    throw error;
  }
  await putItem(morningListSentItem(date, stamp, list.length));
  if (list.length > 0) countMetric('EmailSent');
  logger.info('Morning list done', { date, referrals: list.length, immediateRisk: list.filter((entry) => entry.immediateRisk).length });
  return { date, sent: list.length > 0, referrals: list.length };
});

async function send(date: string, at: Date, list: AwaitingDecision[]): Promise<void> {
  const config = serviceConfig();
  const email = renderMorningList(list, { date, at, dutyLadoEmail: config.DUTY_LADO_EMAIL, officerCaseUrl: config.OFFICER_CASE_URL });
  // Tagged with the kind alone: it is about no one case.
  await sendEmail(email, { kind: MORNING_LIST }, morningListEmailId(date));
}
