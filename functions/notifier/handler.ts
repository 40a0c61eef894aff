import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import type { StoredCase } from '../shared/case-store';
import { appendEvent, claimNotification, releaseNotification, requireCase } from '../shared/case-store';
import { emailClient } from '../shared/aws-clients';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';
import { DEADLINE_KINDS, type DeadlineKind } from '../domain/deadline-policy';
import { NOTIFICATION_KINDS, renderEmail, withEmergencyRoutes, type EmailContext, type NotificationKind } from './templates';

const input = z.object({
  caseId: caseIdSchema,
  kind: z.enum(NOTIFICATION_KINDS),
  /** Names this one email: a retry with the same key sends nothing more. */
  key: z.string().min(1).max(200),
  /** For due-soon and overdue emails: which deadline, and which occurrence of it. */
  deadline: z.enum(DEADLINE_KINDS).optional(),
  dueAt: z.iso.datetime().optional(),
});

const RECIPIENT_ROLE: Record<NotificationKind, string> = {
  acknowledgement: 'referrer',
  immediateRiskAlert: 'dutyLado',
  returnRequest: 'referrer',
  returnReminder: 'referrer',
  returnCutoff: 'referrer',
  initialConsiderationChase: 'dutyLado',
  initialConsiderationEscalation: 'ladoManager',
  transferNotice: 'referrer',
  deadlineDueSoon: 'allocatedLado',
  deadlineOverdue: 'allocatedLado',
};

function firstDueAt(record: StoredCase, kind: string): Date | undefined {
  const deadline = record.deadlines.find((d) => d.kind === kind);
  return deadline ? new Date(deadline.dueAt) : undefined;
}

function contextFor(record: StoredCase, deadline: DeadlineKind | undefined, dueAt: string | undefined): EmailContext {
  const config = serviceConfig();
  // The occurrence named, else the latest deadline of that kind (a rescheduled review).
  const ofKind = record.deadlines.filter((d) => d.kind === deadline);
  const about = ofKind.find((d) => d.dueAt === dueAt) ?? ofKind.at(-1);
  return {
    caseId: record.caseId,
    referrerName: record.referral.referrer.name,
    referrerEmail: record.referral.referrer.email,
    missing: record.missing,
    cutoffAt: firstDueAt(record, 'returnCutoff'),
    decisionDueAt: firstDueAt(record, 'initialConsiderationChase'),
    dutyLadoEmail: config.DUTY_LADO_EMAIL,
    managerEmail: config.LADO_MANAGER_EMAIL,
    officerCaseUrl: config.OFFICER_CASE_URL,
    frontDoorPhone: config.FRONT_DOOR_PHONE,
    outOfHoursPhone: config.OUT_OF_HOURS_PHONE,
    ...(record.allocation ? { allocatedLadoEmail: record.allocation.email } : {}),
    ...(record.closure?.leadAuthority ? { leadAuthority: record.closure.leadAuthority } : {}),
    ...(about ? { deadline: { kind: about.kind, dueAt: new Date(about.dueAt) } } : {}),
  };
}

/** The notifier: renders one email from the case and sends it through SES, at most once per key. */
export const handler = taskHandler(input, async ({ caseId, kind, key, deadline, dueAt }) => {
  const record = await requireCase(caseId);
  const context = contextFor(record, deadline, dueAt);
  let email = renderEmail(kind, context);
  if (kind === 'acknowledgement' && record.referral.allegation.immediateRisk) email = withEmergencyRoutes(email, context);

  const claimed = await claimNotification(caseId, key, now().toISOString());
  if (!claimed) {
    logger.info('Email already sent', { caseId, kind });
    return { sent: false };
  }
  try {
    await emailClient().send(
      new SendEmailCommand({
        FromEmailAddress: serviceConfig().EMAIL_FROM,
        Destination: { ToAddresses: email.to },
        // Delivery problems come back tagged with the case and the kind of email, never the content.
        ...(process.env.SES_CONFIGURATION_SET ? { ConfigurationSetName: process.env.SES_CONFIGURATION_SET } : {}),
        EmailTags: [
          { Name: 'caseId', Value: caseId },
          { Name: 'kind', Value: kind },
        ],
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  } catch (error) {
    await releaseNotification(caseId, key);
    throw error;
  }
  await appendEvent(caseId, { type: 'EmailSent', actor: 'system', at: now().toISOString(), details: { kind, recipient: RECIPIENT_ROLE[kind], ...(deadline ? { deadline } : {}) } });
  countMetric('EmailSent');
  logger.info('Email sent', { caseId, kind });
  return { sent: true };
});
