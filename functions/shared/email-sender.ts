import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { EMAIL_ID_HEADER } from '../domain/case-id';
import type { Email } from '../notifier/templates';
import { emailClient } from './clients/email-client';
import { serviceConfig } from './config';

/**
 * Sends one rendered email through SES, from the service's address and
 * through its configuration set where there is one. Delivery problems come
 * back by the tags (a case, a kind), and the id header names this one email
 * (EMAIL_ID_HEADER), so that a recipient's system or an audit can tell a
 * repeat from a new email: neither carries anything of the content.
 */
export async function sendEmail(email: Email, tags: Record<string, string>, id: string): Promise<void> {
  await emailClient().send(
    new SendEmailCommand({
      FromEmailAddress: serviceConfig().EMAIL_FROM,
      Destination: { ToAddresses: email.to },
      ...(process.env.SES_CONFIGURATION_SET ? { ConfigurationSetName: process.env.SES_CONFIGURATION_SET } : {}),
      EmailTags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value })),
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          Headers: [{ Name: EMAIL_ID_HEADER, Value: id }],
        },
      },
    }),
  );
}
