import { PublishCommand } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { notificationClient } from '../shared/aws-clients';
import { updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';

/**
 * SES delivery problems (bounce, complaint, reject, delivery delay), from the
 * configuration set through EventBridge. The address is flagged on the case,
 * and operations are alerted with the case id and the kind of email only:
 * a rejection notice that never arrived is a safeguarding risk.
 */
const sesEvent = z.object({
  detail: z.object({
    eventType: z.enum(['Bounce', 'Complaint', 'Reject', 'DeliveryDelay']),
    mail: z.object({
      destination: z.array(z.string()).min(1),
      tags: z.object({ caseId: z.tuple([caseIdSchema]), kind: z.tuple([z.string()]) }),
    }),
  }),
});

export const handler = taskHandler(sesEvent, async ({ detail }) => {
  const [caseId] = detail.mail.tags.caseId;
  const [emailKind] = detail.mail.tags.kind;
  const at = now().toISOString();
  await updateCase(caseId, (current) => {
    const flagged = detail.mail.destination.map((address) => ({ address, problem: detail.eventType, emailKind, at }));
    return {
      next: { ...current, deliveryProblems: [...(current.deliveryProblems ?? []), ...flagged] },
      events: [{ type: 'EmailDeliveryProblem', actor: 'system', at, details: { problem: detail.eventType, emailKind } }],
      result: undefined,
    };
  });
  const topicArn = process.env.OPERATIONS_TOPIC_ARN;
  if (!topicArn) throw new Error('OPERATIONS_TOPIC_ARN is not set for this function');
  await notificationClient().send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: `LADO email delivery problem: ${detail.eventType}`,
      Message: `An email of kind "${emailKind}" for case ${caseId} was not delivered (${detail.eventType}). The address is flagged on the case; check it and contact the recipient another way.`,
    }),
  );
  logger.warn('Email delivery problem', { caseId, problem: detail.eventType, emailKind });
  return { flagged: detail.mail.destination.length };
});
