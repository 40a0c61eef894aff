import { pendingDeadlines, STAGE_OF } from '../domain/case';
import { getCase } from '../shared/case-store';
import { notFound } from '../shared/errors';
import { caseParams, httpHandler } from '../shared/handler';

/** GET /cases/{caseId}: where the case stands. Referral content stays out; the labels of missing items are not personal data. */
export const handler = httpHandler({ params: caseParams }, async ({ params }) => {
  const record = await getCase(params.caseId);
  if (!record) throw notFound(`No case ${params.caseId}`);
  return {
    statusCode: 200,
    body: {
      caseId: record.caseId,
      status: record.status,
      stage: STAGE_OF[record.status],
      receivedAt: record.receivedAt,
      ...(record.returnedAt ? { returnedAt: record.returnedAt } : {}),
      ...(record.rejectedAt ? { rejectedAt: record.rejectedAt } : {}),
      awaiting: record.awaiting?.kind ?? null,
      missing: record.missing.map((item) => item.label),
      pendingDeadlines: pendingDeadlines(record).map(({ kind, dueAt }) => ({ kind, dueAt })),
      decisions: record.decisions,
    },
  };
});
