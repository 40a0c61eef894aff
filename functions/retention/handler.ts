import * as z from '../domain/zod';
import { londonDateOf } from '../domain/calendar';
import { now } from '../shared/clock';
import { taskHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';
import { casesDueForDisposal, disposeOfCase, type DisposalOutcome } from '../shared/records-disposal';
import { errorClass } from '../shared/transient-errors';

/** EventBridge Scheduler's invocation: nothing in it is needed. */
const scheduled = z.looseObject({});

/**
 * A run takes at most this many cases: three times the roughly 600 that fall
 * due on an average day nationally (functions/shared/table-layout.ts), well
 * inside the function's 15 minutes. A backlog is taken up by the next runs.
 */
export const DISPOSALS_PER_RUN = 2000;
/** Cases disposed of at once. */
const CASES_AT_ONCE = 4;

/**
 * The retention job, daily (infra/function-schedule.ts; locally on the
 * virtual clock): disposes of the personal data of every closed case and
 * rejected referral whose LADO retention date has passed, each recorded on
 * its trail with who (the job), when and why (the date). A case that fails is
 * logged by id and tried again the next run; the run then fails, so that the
 * scheduler retries it and the function's error alarm is raised.
 */
export const handler = taskHandler(scheduled, async () => {
  const at = now();
  const due = await casesDueForDisposal(londonDateOf(at), DISPOSALS_PER_RUN);
  const counts: Record<DisposalOutcome['outcome'] | 'failed', number> = { disposed: 0, alreadyDisposed: 0, kept: 0, failed: 0 };
  for (let start = 0; start < due.length; start += CASES_AT_ONCE) {
    await Promise.all(
      due.slice(start, start + CASES_AT_ONCE).map(async (caseId) => {
        try {
          const result = await disposeOfCase(caseId, at);
          counts[result.outcome]++;
          if (result.outcome === 'disposed') logger.info('Personal data disposed of', { caseId, eventsRewritten: result.eventsRewritten });
          if (result.outcome === 'kept') logger.info('Case kept for now', { caseId, why: result.why });
        } catch (error) {
          counts.failed++;
          logger.error('Disposal failed; the next run tries again', { caseId, errorClass: errorClass(error) });
        }
      }),
    );
  }
  countMetric('RecordsDisposed', counts.disposed);
  logger.info('Retention run', { due: due.length, ...counts });
  if (counts.failed > 0) throw new Error(`${counts.failed} of ${due.length} disposals failed`);
  return { due: due.length, ...counts };
});
