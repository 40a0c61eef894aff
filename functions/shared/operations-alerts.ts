import { PublishCommand } from '@aws-sdk/client-sns';
import { notificationClient } from './clients/notification-client';
import { logger } from './observability';

/**
 * Tells operations that something needs a person: one ERROR line always (the
 * alert locally), and a message on the operations topic where one is
 * configured (on AWS). Identifiers and error classes only.
 */
export async function alertOperations(subject: string, message: string, fields: Record<string, string | number | undefined>): Promise<void> {
  logger.error(subject, { alert: true, ...fields });
  const topicArn = process.env.OPERATIONS_TOPIC_ARN;
  if (!topicArn) return;
  await notificationClient().send(new PublishCommand({ TopicArn: topicArn, Subject: subject.slice(0, 100), Message: message }));
}
