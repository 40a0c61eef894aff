import { PublishCommand } from '@aws-sdk/client-sns';
import * as z from '../domain/zod';
import { recordDeliveryProblem } from '../domain/lifecycle-rules';
import { MORNING_LIST } from '../domain/lifecycle-contract';
import { notificationClient } from '../shared/clients/notification-client';
import { decided, updateCase } from '../shared/case-store';
import { now } from '../shared/clock';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { logger } from '../shared/observability';

/**
 * SES delivery problems (bounce, complaint, reject, delivery delay), from the
 * configuration set through EventBridge. The address is flagged on the case,
 * and operations are alerted with the case id and the kind of email only:
 * a rejection notice that never arrived is a safeguarding risk. The duty
 * LADO's morning list is about no one case: operations are alerted alone.
 */
const sesEvent = z.object({
  detail: z.object({
    eventType: z.enum(['Bounce', 'Complaint', 'Reject', 'DeliveryDelay']),
    mail: z.object({
      destination: z.array(z.string()).check(z.minLength(1)),
      // Every email names its case, but the morning list, which is about none.
      tags: z.union([z.object({ caseId: z.tuple([caseIdSchema]), kind: z.tuple([z.string()]) }), z.object({ kind: z.tuple([z.literal(MORNING_LIST)]) })]),
    }),
  }),
});

export const handler = taskHandler(sesEvent, async ({ detail }) => {
  const [caseId] = 'caseId' in detail.mail.tags ? detail.mail.tags.caseId : [];
  const [emailKind] = detail.mail.tags.kind;
  const at = now();
  const report = { addresses: detail.mail.destination, problem: detail.eventType, emailKind };
  if (caseId) await updateCase(caseId, (current) => decided(recordDeliveryProblem(current, report, at), undefined));
  const topicArn = process.env.OPERATIONS_TOPIC_ARN;
  if (!topicArn) throw new Error('OPERATIONS_TOPIC_ARN is not set for this function');
  await notificationClient().send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: `LADO email delivery problem: ${detail.eventType}`,
      Message: caseId
        ? `An email of kind "${emailKind}" for case ${caseId} was not delivered (${detail.eventType}). The address is flagged on the case; check it and contact the recipient another way.`
        : `An email of kind "${emailKind}" was not delivered (${detail.eventType}). Check the address in the deployment settings and reach the recipient another way.`,
    }),
  );
  logger.warn('Email delivery problem', { caseId, problem: detail.eventType, emailKind });
  return { flagged: detail.mail.destination.length };
});
