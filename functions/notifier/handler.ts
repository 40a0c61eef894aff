import * as z from '../domain/zod';
import { heldReferral, type OwedEmail } from '../domain/case';
import { emailId } from '../domain/case-id';
import { planTimer, recordEmailSent, recordEmailUndeliverable } from '../domain/lifecycle-rules';
import { AWAITED_INPUTS, type NotifierPlanResult, type NotifierResult } from '../domain/lifecycle-contract';
import type { StoredCase } from '../shared/case-store';
import { claimNotification, decided, putItem, releaseNotification, requireCase, sentClaimItem, updateCaseFrom } from '../shared/case-store';
import { now } from '../shared/clock';
import { serviceConfig } from '../shared/config';
import { sendEmail } from '../shared/email-sender';
import { caseIdSchema, taskHandler } from '../shared/handler';
import { countMetric, logger } from '../shared/observability';
import { alertOperations } from '../shared/operations-alerts';
import { errorClass, isTransient, TransientTaskError } from '../shared/transient-errors';
import { renderEmail, withEmergencyRoutes, type EmailContext } from './templates';

const input = z.object({
  caseId: caseIdSchema,
  step: z.string().check(z.minLength(1), z.maxLength(80)),
  /** In a wait, the input it waits for: the notifier then plans the wait again once the emails are sent. */
  awaiting: z.optional(z.enum(AWAITED_INPUTS)),
});

/** SES refuses these for the message or its address itself: sending again cannot succeed. */
const UNDELIVERABLE = new Set(['MessageRejected', 'BadRequestException', 'MailFromDomainNotVerifiedException']);

function firstDueAt(record: StoredCase, kind: string): Date | undefined {
  const deadline = record.deadlines.find((d) => d.kind === kind);
  return deadline ? new Date(deadline.dueAt) : undefined;
}

/** Where the referrer's emails go: their own address, else the officer who keyed the referral in, to pass on. */
function referrerAddress(record: StoredCase, email: string | undefined): Pick<EmailContext, 'referrerEmail' | 'passOnToReferrer'> {
  if (email) return { referrerEmail: email };
  if (!record.keyedBy) throw new Error(`Case ${record.caseId} has no address for its referrer`);
  return { referrerEmail: record.keyedBy.email, passOnToReferrer: true };
}

function contextFor(record: StoredCase, owed: OwedEmail): EmailContext {
  const config = serviceConfig();
  // The occurrence named, else the latest deadline of that kind (a rescheduled review).
  const ofKind = record.deadlines.filter((d) => d.kind === owed.deadline);
  const about = ofKind.find((d) => d.dueAt === owed.dueAt) ?? ofKind.at(-1);
  const { referrer } = heldReferral(record);
  return {
    caseId: record.caseId,
    referrerName: referrer.name,
    ...referrerAddress(record, referrer.email),
    missing: record.missing,
    cutoffAt: firstDueAt(record, 'returnCutoff'),
    decisionDueAt: firstDueAt(record, 'initialConsiderationChase'),
    dutyLadoEmail: config.DUTY_LADO_EMAIL,
    managerEmail: config.LADO_MANAGER_EMAIL,
    officerCaseUrl: config.OFFICER_CASE_URL,
    frontDoorPhone: config.FRONT_DOOR_PHONE,
    outOfHoursPhone: config.OUT_OF_HOURS_PHONE,
    ...(record.allocation ? { allocatedLadoEmail: record.allocation.email } : {}),
    ...(record.closure?.receivingAuthority ? { receivingAuthority: record.closure.receivingAuthority } : {}),
    ...(record.closure?.noFurtherAction ? { noFurtherAction: record.closure.noFurtherAction } : {}),
    ...(about ? { deadline: { kind: about.kind, dueAt: new Date(about.dueAt) } } : {}),
  };
}

async function send(record: StoredCase, owed: OwedEmail): Promise<void> {
  const context = contextFor(record, owed);
  let email = renderEmail(owed.kind, context);
  if (owed.kind === 'acknowledgement' && record.referral.allegation.immediateRisk) email = withEmergencyRoutes(email, context);
  await sendEmail(email, { caseId: record.caseId, kind: owed.kind }, emailId(record.caseId, owed.key));
}

/** Stops owing the email, recording it sent, in one transaction with its claim marked sent; answers the case as it then stands. */
async function recordSent(known: StoredCase, owed: OwedEmail, at: string): Promise<StoredCase> {
  const { caseId } = known;
  const { record } = await updateCaseFrom(known, (current) => decided(recordEmailSent(current, owed, new Date(at)), undefined, { alsoWrite: [sentClaimItem(caseId, owed.key, at)] }));
  return record;
}

/** Stops owing an email SES refuses outright, flagging it on the case for operations to reach the recipient another way. */
async function recordUndeliverable(known: StoredCase, owed: OwedEmail, problem: string, at: string): Promise<StoredCase> {
  const { caseId } = known;
  const { record } = await updateCaseFrom(known, (current) => decided(recordEmailUndeliverable(current, owed, problem, new Date(at)), undefined));
  await alertOperations('LADO email undeliverable', `An email of kind "${owed.kind}" for case ${caseId} was refused by SES (${problem}). It is flagged on the case.`, { caseId, emailKind: owed.kind, problem });
  return record;
}

/**
 * The notifier: sends every email the case owes, each through SES at most once
 * per key (its claim), and stops owing each in the transaction that records it
 * sent. An email SES cannot take now stays owed, and the task fails with a
 * transient error so that the workflow tries again later; nothing is lost.
 * In a wait, it then plans the wait from the case as its sends left it, as
 * the deadlines function would (lifecycle-rules.ts, planTimer): the firing's
 * own plan, made while the emails were owed, would wake within the hour to
 * retry them, and would be stale for an officer's wait, which parks only on
 * the case version it was planned from.
 */
export const handler = taskHandler(input, async ({ caseId, awaiting }): Promise<NotifierResult | NotifierPlanResult> => {
  const record = await requireCase(caseId);
  // The case as this invocation last read or saved it: each record of a send starts from it.
  let latest = record;
  let sent = 0;
  let stillOwed = 0;
  let transientFailure: unknown;
  for (const owed of record.owedEmails ?? []) {
    const at = now().toISOString();
    const claim = await claimNotification(caseId, owed.key, at);
    if (claim === 'inFlight') {
      stillOwed++;
      continue;
    }
    if (claim === 'claimed') {
      try {
        await send(record, owed);
      } catch (error) {
        await releaseNotification(caseId, owed.key);
        if (UNDELIVERABLE.has(errorClass(error))) {
          latest = await recordUndeliverable(latest, owed, errorClass(error), at);
          continue;
        }
        stillOwed++;
        transientFailure ??= error;
        logger.warn('Email not sent yet; it stays owed', { caseId, kind: owed.kind, errorClass: errorClass(error) });
        continue;
      }
      // Marked sent at once, so that a retry after a failure below records it without sending it again.
      // If this write fails, the record of the send below writes the same mark in its transaction.
      await putItem(sentClaimItem(caseId, owed.key, at)).catch((error: unknown) =>
        logger.warn('Sent mark not written yet; the record of the send carries it', { caseId, kind: owed.kind, errorClass: errorClass(error) }),
      );
      sent++;
      countMetric('EmailSent');
      logger.info('Email sent', { caseId, kind: owed.kind });
    }
    latest = await recordSent(latest, owed, at);
  }
  if (transientFailure !== undefined) {
    throw isTransient(transientFailure) ? new TransientTaskError(transientFailure) : transientFailure;
  }
  if (awaiting === undefined) return { sent, owed: stillOwed };
  return { ...planTimer(latest, awaiting, now()), sent, owed: stillOwed };
});
