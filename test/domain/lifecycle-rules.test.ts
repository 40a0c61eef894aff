import { describe, expect, it } from 'vitest';
import { rebuildCase, type TrailEvent } from '../../functions/domain/trail';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { caseIdForSubmission, fingerprint } from '../../functions/domain/case-id';
import { scheduleFor, startOfPeriod, type CaseRecord, type Deadline, type OwedEmail } from '../../functions/domain/case';
import {
  checkCompleteness,
  decideThreshold,
  fireDueDeadlines,
  flagNeedsAttention,
  goesOnToManagement,
  handOver,
  isRefusal,
  isSameSubmission,
  nextExecution,
  parkWait,
  planWait,
  receiveReferral,
  recordDeliveryProblem,
  recordEmailSent,
  recordEmailUndeliverable,
  recordOfficerEvent,
  recordReceipt,
  resubmit,
  restartExecution,
  STOPPED_WORKFLOW_MESSAGE,
  type Refusal,
  type Transition,
} from '../../functions/domain/lifecycle-rules';
import { officerDecisionSchema, type OfficerEvent } from '../../functions/domain/officer-records';
import { OWED_EMAIL_RETRY_SECONDS } from '../../functions/domain/case';
import { IDLE_RECHECK_SECONDS, PHASE_MAX_WAKES } from '../../functions/domain/phases';
import type { ThresholdDecision } from '../../functions/domain/threshold-decision';
import { completeReferral, referralMissingDateOfBirthAndAddress } from '../support/referrals';

/**
 * The lifecycle core, command by command: pure, so each is tested with a case,
 * a command, a moment and the calendar, and no table. The handlers' own tests
 * (test/functions) check that what the core decides is saved as one write.
 */
const calendar = createWorkingCalendar();
const MONDAY = new Date('2026-11-23T09:30:00Z');
const at = (iso: string) => new Date(iso);
const why = 'Recorded after discussion with the case manager.';
const LADO = { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' };

function received(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return { ...receiveReferral(completeReferral(), MONDAY).next, ...overrides };
}

/** A transition that applied, or the test fails with the refusal. */
function applied<T extends Transition>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) throw new Error(`Refused: ${outcome.message}`);
  return outcome;
}

function refused(outcome: Transition | Refusal): Refusal {
  if (!isRefusal(outcome)) throw new Error('Applied where a refusal was expected');
  return outcome;
}

const threshold = (outcome: ThresholdDecision['outcome'], extra: Record<string, unknown> = {}) =>
  officerDecisionSchema.parse({ kind: 'threshold', officerId: 'duty.1', rationale: why, outcome, ...extra }) as ThresholdDecision;
const officerRecord = (input: Record<string, unknown>) => officerDecisionSchema.parse({ officerId: LADO.officerId, rationale: why, ...input }) as OfficerEvent;

/** A complete referral checked on Monday 23 November: awaiting its threshold decision. */
function awaitingDecision(): CaseRecord {
  return checkCompleteness(recordReceipt(received(), MONDAY).next, at('2026-11-23T09:31:00Z'), calendar).next;
}

/** An allegation decided on Monday 23 November at 15:00, with its management wait open. */
function managed(): CaseRecord {
  const decided = applied(decideThreshold(awaitingDecision(), threshold('allegation', { harmCriteria: ['harmed-child'], allocatedTo: LADO }), at('2026-11-23T15:00:00Z'), calendar));
  return handOver(decided.next, { target: { phase: 'management', sequence: 1 }, cause: { type: 'PhaseStarted', actor: 'system' } }, at('2026-11-23T15:00:01Z')).next;
}

const pending = (record: CaseRecord) => record.deadlines.filter((d) => d.state === 'pending').map(({ kind, dueAt }) => [kind, dueAt]);

describe('receive', () => {
  it("makes the portal's submission a case, received now, under an id derived from the submission id", () => {
    const referral = completeReferral();
    const { next, events, emails } = receiveReferral(referral, MONDAY);

    expect(next).toEqual({
      caseId: caseIdForSubmission(referral.submissionId),
      submissionId: referral.submissionId,
      submissionFingerprint: fingerprint(referral),
      channel: 'portal',
      status: 'RECEIVED',
      receivedAt: MONDAY.toISOString(),
      referral,
      missing: [],
      deadlines: [],
      decisions: [],
    });
    expect(events).toEqual([{ type: 'ReferralReceived', actor: 'referrer', at: MONDAY.toISOString(), details: { submissionId: referral.submissionId, channel: 'portal' } }]);
    expect(emails).toEqual([]);
  });

  it('makes a referral keyed in by staff a case of its channel, received by the officer who keyed it', () => {
    const referral = completeReferral();
    const keyedBy = { officerId: 'duty.1', email: 'duty1@lado.example.gov.uk' };
    const { next, events } = receiveReferral(referral, MONDAY, { channel: 'phone', keyedBy });
    expect(next).toMatchObject({ channel: 'phone', keyedBy, status: 'RECEIVED' });
    expect(events).toEqual([{ type: 'ReferralReceived', actor: 'duty.1', at: MONDAY.toISOString(), details: { submissionId: referral.submissionId, channel: 'phone' } }]);
  });

  it('tells a submission sent again from another referral under a reused submission id', () => {
    const referral = completeReferral();
    const first = receiveReferral(referral, MONDAY).next;
    expect(isSameSubmission(first, receiveReferral(referral, at('2026-11-23T09:35:00Z')).next)).toBe(true);
    const other = { ...completeReferral(), submissionId: referral.submissionId };
    expect(isSameSubmission(first, receiveReferral(other, MONDAY).next)).toBe(false);
  });

  it('records the receipt once, owing the acknowledgement, and says the referral is to be checked', () => {
    const receipt = recordReceipt(received(), at('2026-11-23T09:30:02Z'));

    expect(receipt.step).toBe('checkCompleteness');
    expect(receipt.next.receiptRecordedAt).toBe('2026-11-23T09:30:02.000Z');
    expect(receipt.next.phase).toEqual({ name: 'first-days', sequence: 1, startedAt: '2026-11-23T09:30:02.000Z', wakes: 0 });
    expect(receipt.emails).toEqual([{ key: 'acknowledgement', kind: 'acknowledgement', owedSince: '2026-11-23T09:30:02.000Z' }]);
    expect(receipt.next.owedEmails).toEqual(receipt.emails);
    expect(receipt.events).toEqual([{ type: 'ReceiptRecorded', actor: 'system', at: '2026-11-23T09:30:02.000Z', details: { immediateRisk: false } }]);

    const again = recordReceipt(receipt.next, at('2026-11-23T09:40:00Z'));
    expect(again).toEqual({ next: receipt.next, events: [], emails: [], step: 'checkCompleteness' });
  });

  it('owes the duty LADO an alert too when a child is at immediate risk', () => {
    const referral = completeReferral();
    const atRisk = received({ referral: { ...referral, allegation: { ...referral.allegation, immediateRisk: true } } });

    expect(recordReceipt(atRisk, MONDAY).emails.map((email) => email.kind)).toEqual(['acknowledgement', 'immediateRiskAlert']);
  });

  it('takes a referral further along up where it stands, changing nothing', () => {
    const decided = { ...awaitingDecision(), status: 'CONSULTATION' as const };
    expect(recordReceipt(awaitingDecision(), MONDAY).step).toBe('awaitThresholdDecision');
    expect(recordReceipt(decided, MONDAY)).toMatchObject({ step: 'afterThresholdDecision', events: [] });
  });
});

describe('check completeness', () => {
  it('moves a complete referral to initial consideration, its chase and escalation counted from when it became complete', () => {
    const check = checkCompleteness(received(), at('2026-11-23T09:31:00Z'), calendar);

    expect(check.complete).toBe(true);
    expect(check.next).toMatchObject({
      status: 'AWAITING_THRESHOLD_DECISION',
      completenessChecks: 1,
      referralCompleteAt: '2026-11-23T09:31:00.000Z',
      awaiting: { kind: 'thresholdDecision', since: '2026-11-23T09:31:00.000Z' },
    });
    expect(pending(check.next)).toEqual([
      ['initialConsiderationChase', '2026-11-24T17:00:00.000Z'],
      ['initialConsiderationEscalation', '2026-11-25T17:00:00.000Z'],
    ]);
    expect(check.events).toEqual([{ type: 'ReferralComplete', actor: 'system', at: '2026-11-23T09:31:00.000Z' }]);
    expect(check.emails).toEqual([]);
  });

  it('returns an incomplete referral, opening the three-working-day window from the return and owing the return email', () => {
    // Returned on Friday 27 November: day 1 is Monday 30.
    const friday = at('2026-11-27T15:00:00Z');
    const check = checkCompleteness(received({ referral: referralMissingDateOfBirthAndAddress() }), friday, calendar);

    expect(check.complete).toBe(false);
    expect(check.next).toMatchObject({ status: 'AWAITING_RESUBMISSION', returnedAt: friday.toISOString(), awaiting: { kind: 'resubmission' } });
    expect(check.next.missing.map((item) => item.field)).toEqual(['subject.dateOfBirth', 'subject.address']);
    expect(pending(check.next)).toEqual([
      ['returnReminder', '2026-12-01T17:00:00.000Z'],
      ['returnCutoff', '2026-12-02T17:00:00.000Z'],
    ]);
    expect(check.emails).toEqual([{ key: 'returnRequest-1', kind: 'returnRequest', owedSince: friday.toISOString() }]);
    expect(check.events).toEqual([
      { type: 'ReferralReturned', actor: 'system', at: friday.toISOString(), details: { missing: ['subject.dateOfBirth', 'subject.address'], firstReturn: true } },
    ]);
  });

  it('returns a resubmission still incomplete under the original cut-off, owing a second return email', () => {
    const first = checkCompleteness(received({ referral: referralMissingDateOfBirthAndAddress() }), at('2026-11-23T09:31:00Z'), calendar).next;
    const resubmitted = applied(resubmit(first, { employer: { name: 'Larkspur Primary School' } }, at('2026-11-24T10:00:00Z'))).next;
    const second = checkCompleteness(resubmitted, at('2026-11-24T10:00:01Z'), calendar);

    expect(second.next.returnedAt).toBe(first.returnedAt);
    expect(second.next.deadlines).toEqual(first.deadlines);
    expect(second.emails.map((email) => email.key)).toEqual(['returnRequest-2']);
    expect(second.events[0]?.details).toMatchObject({ firstReturn: false });
  });

  it('meets the return window once a resubmission completes the referral', () => {
    const first = checkCompleteness(received({ referral: referralMissingDateOfBirthAndAddress() }), at('2026-11-23T09:31:00Z'), calendar).next;
    const { dateOfBirth, address } = completeReferral().subject;
    const resubmitted = applied(resubmit(first, { subject: { dateOfBirth, address } }, at('2026-11-24T10:00:00Z'))).next;
    const check = checkCompleteness(resubmitted, at('2026-11-24T10:00:01Z'), calendar);

    expect(check.complete).toBe(true);
    expect(check.next.deadlines.filter((d) => d.kind.startsWith('return')).map((d) => d.state)).toEqual(['met', 'met']);
    // Counted from the moment it became complete, not from the receipt.
    expect(pending(check.next)).toEqual([
      ['initialConsiderationChase', '2026-11-25T17:00:00.000Z'],
      ['initialConsiderationEscalation', '2026-11-26T17:00:00.000Z'],
    ]);
  });

  it('checks only a referral just received or resubmitted: otherwise answers from the status, changing nothing', () => {
    const returned = checkCompleteness(received({ referral: referralMissingDateOfBirthAndAddress() }), MONDAY, calendar).next;
    expect(checkCompleteness(returned, MONDAY, calendar)).toEqual({ next: returned, events: [], emails: [], complete: false });
    expect(checkCompleteness(awaitingDecision(), MONDAY, calendar)).toMatchObject({ events: [], complete: true });
  });
});

describe('resubmit', () => {
  const returned = () => checkCompleteness(received({ referral: referralMissingDateOfBirthAndAddress() }), MONDAY, calendar).next;
  const { dateOfBirth, address } = completeReferral().subject;

  it('applies the missing details, closes the wait and takes the referral back to the check', () => {
    const resubmission = applied(resubmit(returned(), { subject: { dateOfBirth, address } }, at('2026-11-24T10:00:00Z')));

    expect(resubmission.next.status).toBe('RECEIVED');
    expect(resubmission.next).not.toHaveProperty('awaiting');
    expect(resubmission.next.referral.subject).toMatchObject({ dateOfBirth, address });
    expect(resubmission.events).toEqual([
      { type: 'ResubmissionReceived', actor: 'referrer', at: '2026-11-24T10:00:00.000Z', details: { fields: ['subject.dateOfBirth', 'subject.address'] } },
    ]);
  });

  it('refuses one the case does not await, telling a rejected referrer to submit again', () => {
    expect(refused(resubmit(awaitingDecision(), { subject: { dateOfBirth } }, MONDAY))).toEqual({
      refused: 'notAwaiting',
      message: 'This referral is not awaiting a resubmission: its status is AWAITING_THRESHOLD_DECISION.',
    });
    const rejected = { ...returned(), status: 'REJECTED' as const, rejectedAt: '2026-11-26T17:00:00.000Z' };
    delete rejected.awaiting;
    expect(refused(resubmit(rejected, { subject: { dateOfBirth } }, MONDAY)).message).toMatch(/rejected on 2026-11-26T17:00:00.000Z .* submit a new referral/);
  });

  it('refuses one that contradicts the referral held, naming the field', () => {
    const contradiction = refused(resubmit(returned(), { subject: { dateOfBirth, startDate: '1980-01-01' } }, MONDAY));

    expect(contradiction.refused).toBe('contradicts');
    expect(contradiction.issues?.issues.map((issue) => issue.path.join('.'))).toEqual(['subject.startDate']);
  });

  it('refuses any input while the workflow is stopped for operations', () => {
    const stopped = { ...returned(), needsAttention: { step: 'CheckCompleteness', errorClass: 'Error', since: MONDAY.toISOString(), execution: 'x' } };
    expect(refused(resubmit(stopped, { subject: { dateOfBirth } }, MONDAY))).toEqual({ refused: 'stopped', message: STOPPED_WORKFLOW_MESSAGE });
  });
});

describe('plan a wait', () => {
  it('waits until the next deadline, changing nothing', () => {
    const record = awaitingDecision();
    const plan = planWait(record, 'thresholdDecision', at('2026-11-24T16:00:00Z'));

    expect(plan).toEqual({ next: record, events: [], emails: [], wait: { next: 'wait', seconds: 3600, owed: 1 } });
  });

  it('moves on without waiting when the input arrived first, and ends with the case', () => {
    expect(planWait(received(), 'resubmission', MONDAY).wait).toEqual({ next: 'inputArrived', seconds: 1, owed: 0 });
    expect(planWait({ ...received(), status: 'REJECTED' }, 'resubmission', MONDAY).wait).toEqual({ next: 'closed', seconds: 1, owed: 0 });
  });

  it('waits an hour at most while an email is owed, and re-checks monthly with nothing pending', () => {
    const owing = recordReceipt(awaitingDecision(), MONDAY).next;
    const withEmail = { ...owing, owedEmails: [{ key: 'acknowledgement', kind: 'acknowledgement' as const, owedSince: MONDAY.toISOString() }] };
    expect(planWait(withEmail, 'thresholdDecision', MONDAY).wait.seconds).toBe(OWED_EMAIL_RETRY_SECONDS);
    const { owedEmails: _sent, ...managedCase } = managed();
    const idle = { ...managedCase, deadlines: [], phase: { name: 'management' as const, sequence: 1, startedAt: '2026-11-23T15:00:01.000Z', wakes: 0 } };
    expect(planWait(idle, 'officerEvent', at('2026-11-23T15:00:02Z')).wait).toEqual({ next: 'wait', seconds: IDLE_RECHECK_SECONDS, owed: 0 });
  });

  it('hands over an execution that has woken as often as it may', () => {
    const worn = { ...managed(), phase: { name: 'management' as const, sequence: 1, startedAt: '2026-11-23T15:00:01.000Z', wakes: PHASE_MAX_WAKES } };
    expect(planWait(worn, 'officerEvent', at('2026-11-24T10:00:00Z')).wait).toEqual({ next: 'handover', seconds: 1, owed: 1 });
  });

  it('parks the workflow on its plan once, telling a retry and an input that came first', () => {
    const record = { ...awaitingDecision(), version: 3 };
    const park = parkWait(record, { awaiting: 'thresholdDecision', planVersion: 3 }, MONDAY);

    expect(park.parked).toBe('parked');
    expect(park.next.awaiting?.parkedFor).toBe(3);
    expect(park.next.phase?.wakes).toBe(1);
    expect(park.events).toEqual([{ type: 'WorkflowWaiting', actor: 'system', at: MONDAY.toISOString(), details: { awaiting: 'thresholdDecision' } }]);
    expect(parkWait({ ...park.next, version: 4 }, { awaiting: 'thresholdDecision', planVersion: 3 }, MONDAY)).toMatchObject({ parked: 'alreadyParked', events: [] });
    expect(parkWait(record, { awaiting: 'resubmission', planVersion: 3 }, MONDAY)).toMatchObject({ parked: 'arrived', events: [] });
  });

  it('parks as its trail tells it: an event that says only the plan version rebuilds the same case as the whole fields the core changed', () => {
    const record = { ...awaitingDecision(), version: 3 };
    const park = parkWait(record, { awaiting: 'thresholdDecision', planVersion: 3 }, MONDAY);
    const created: TrailEvent = { ...park.events[0]!, type: 'ReferralReceived', changes: record };
    const inPlace: TrailEvent = { ...park.events[0]!, changes: { version: 4 }, parkedFor: 3 };

    expect(rebuildCase([inPlace, created])).toEqual({ ...park.next, version: 4 });
  });

  it('does not park on officer events planned from a case an officer has changed since', () => {
    const record = { ...managed(), version: 9 };
    expect(parkWait(record, { awaiting: 'officerEvent', planVersion: 8 }, MONDAY).parked).toBe('arrived');
    expect(parkWait(record, { awaiting: 'officerEvent', planVersion: 9 }, MONDAY).parked).toBe('parked');
  });
});

describe('fire due deadlines', () => {
  const returned = () => checkCompleteness(received({ referral: referralMissingDateOfBirthAndAddress() }), MONDAY, calendar).next;
  const REMINDER_DUE = '2026-11-25T17:00:00.000Z';
  const CUTOFF_DUE = '2026-11-26T17:00:00.000Z';

  it('at the reminder, fires it and owes the reminder email, planning the next wait from the case it leaves', () => {
    const firing = fireDueDeadlines(returned(), 'resubmission', at(REMINDER_DUE), calendar);

    expect(firing.next.deadlines.map((d) => [d.kind, d.state])).toEqual([
      ['returnReminder', 'fired'],
      ['returnCutoff', 'pending'],
    ]);
    expect(firing.emails.map((email) => email.key)).toEqual([`returnReminder-${REMINDER_DUE}`]);
    expect(firing.events).toEqual([{ type: 'DeadlineFired', actor: 'system', at: REMINDER_DUE, details: { deadline: 'returnReminder', dueAt: REMINDER_DUE } }]);
    // The return request and the reminder are still owed: the workflow wakes within the hour to send them again.
    expect(firing.wait).toEqual({ next: 'wait', seconds: OWED_EMAIL_RETRY_SECONDS, owed: 2 });
  });

  it('at the cut-off, rejects the referral as of the cut-off, owing only the rejection, and ends the first days', () => {
    const late = at('2026-11-27T09:00:00Z');
    const firing = fireDueDeadlines(returned(), 'resubmission', late, calendar);

    expect(firing.next).toMatchObject({ status: 'REJECTED', rejectedAt: CUTOFF_DUE });
    expect(firing.next).not.toHaveProperty('awaiting');
    expect(firing.emails).toEqual([{ key: `returnCutoff-${CUTOFF_DUE}`, kind: 'returnCutoff', owedSince: late.toISOString() }]);
    expect(firing.events.map((event) => event.type)).toEqual(['DeadlineFired', 'DeadlineFired', 'ReferralRejected']);
    expect(firing.wait).toEqual({ next: 'closed', seconds: 1, owed: 2 });
  });

  it('changes nothing, and only plans, when nothing is due or the input arrived first', () => {
    const record = returned();
    expect(fireDueDeadlines(record, 'resubmission', at('2026-11-25T16:59:59Z'), calendar)).toMatchObject({ next: record, events: [], emails: [], wait: { next: 'wait', seconds: 1 } });
    expect(fireDueDeadlines(received(), 'resubmission', at('2026-11-30T09:00:00Z'), calendar)).toMatchObject({ events: [], wait: { next: 'inputArrived' } });
  });

  it('tells the allocated LADO two working days before a deadline set ten or more ahead, then on its morning, then when it is overdue, each once', () => {
    const REVIEW_DUE = '2026-12-21T17:00:00.000Z';
    const record = managed();
    const review = (r: CaseRecord) => r.deadlines.find((d) => d.kind === 'ladoReview' && d.dueAt === REVIEW_DUE)!;
    const aboutReview = (t: Transition) => t.emails.filter((email) => email.deadline === 'ladoReview').map(({ key, kind }) => [key, kind]);
    // Allocated on Monday 23 November, due Monday 21 December: told on Thursday 17 December, the weekend skipped.
    expect(review(record)).toMatchObject({ dueSoonAt: '2026-12-17T09:00:00.000Z', remindAt: '2026-12-21T09:00:00.000Z' });
    // The workflow plans to wake for the notice, not for the deadline (once the emails it owes are sent).
    const { owedEmails: _sent, ...quiet } = record;
    expect(planWait(quiet, 'officerEvent', at('2026-12-16T17:00:00Z')).wait).toEqual({ next: 'wait', seconds: 16 * 3600, owed: 0 });
    expect(fireDueDeadlines(record, 'officerEvent', at('2026-12-17T08:59:59Z'), calendar).emails).toEqual([]);

    const soon = fireDueDeadlines(record, 'officerEvent', at('2026-12-17T09:00:00Z'), calendar);
    expect(aboutReview(soon)).toEqual([[`ladoReview-${REVIEW_DUE}-due-soon`, 'deadlineDueSoon']]);
    expect(soon.events).toEqual([{ type: 'DeadlineApproaching', actor: 'system', at: '2026-12-17T09:00:00.000Z', details: { deadline: 'ladoReview', dueAt: REVIEW_DUE } }]);
    expect(review(soon.next)).not.toHaveProperty('dueSoonAt');
    expect(review(soon.next).remindAt).toBe('2026-12-21T09:00:00.000Z');
    // Later that day, and the next: nothing again.
    expect(fireDueDeadlines(soon.next, 'officerEvent', at('2026-12-18T12:00:00Z'), calendar).events).toEqual([]);

    const today = fireDueDeadlines(soon.next, 'officerEvent', at('2026-12-21T09:00:00Z'), calendar);
    expect(aboutReview(today)).toEqual([[`ladoReview-${REVIEW_DUE}-due-today`, 'deadlineDueToday']]);
    expect(review(today.next)).toEqual({ kind: 'ladoReview', dueAt: REVIEW_DUE, state: 'pending' });
    expect(fireDueDeadlines(today.next, 'officerEvent', at('2026-12-21T12:00:00Z'), calendar).emails.filter((e) => e.deadline === 'ladoReview')).toEqual([]);

    const overdue = fireDueDeadlines(today.next, 'officerEvent', at(REVIEW_DUE), calendar);
    expect(aboutReview(overdue)).toEqual([[`ladoReview-${REVIEW_DUE}`, 'deadlineOverdue']]);
  });

  it('sends the on-the-day reminder alone when a timer running late finds both it and the due-soon notice due', () => {
    const morning = at('2026-12-21T09:00:00Z');
    const firing = fireDueDeadlines(managed(), 'officerEvent', morning, calendar);

    expect(firing.emails.filter((email) => email.deadline === 'ladoReview')).toEqual([
      { key: 'ladoReview-2026-12-21T17:00:00.000Z-due-today', kind: 'deadlineDueToday', deadline: 'ladoReview', dueAt: '2026-12-21T17:00:00.000Z', owedSince: morning.toISOString() },
    ]);
    expect(firing.next.deadlines.find((d) => d.kind === 'ladoReview')).toEqual({ kind: 'ladoReview', dueAt: '2026-12-21T17:00:00.000Z', state: 'pending' });
    // The one-month target, due on Wednesday 23 December, is told of the same morning: its notice is not overtaken.
    expect(firing.emails.filter((email) => email.deadline === 'resolutionOneMonth').map((email) => email.kind)).toEqual(['deadlineDueSoon']);
    expect(firing.events.map((event) => [event.type, event.details?.['deadline']])).toEqual([
      ['DeadlineApproaching', 'resolutionOneMonth'],
      ['DeadlineReminder', 'ladoReview'],
    ]);
  });

  it('gives no due-soon notice of a deadline set under five working days ahead: the reminder on its morning, then the overdue email', () => {
    const tracks = applied(recordOfficerEvent(managed(), officerRecord({ kind: 'tracks', police: false, section47: false, employer: 'action-without-disciplinary' }), at('2026-11-24T10:00:00Z'), calendar)).next;
    const employer = tracks.deadlines.find((d) => d.kind === 'employerAction')!;
    expect(calendar.workingDaysBetween(at('2026-11-24T10:00:00Z'), at(employer.dueAt))).toBeLessThan(5);
    expect(employer).not.toHaveProperty('dueSoonAt');
    const kinds = (t: Transition) => t.emails.filter((email) => email.deadline === 'employerAction').map((email) => email.kind);
    const morning = fireDueDeadlines(tracks, 'officerEvent', at(employer.remindAt!), calendar);
    expect(kinds(morning)).toEqual(['deadlineDueToday']);
    expect(kinds(fireDueDeadlines(morning.next, 'officerEvent', at(employer.dueAt), calendar))).toEqual(['deadlineOverdue']);
  });

  it('owes the overdue email naming a management deadline, copied to the manager by the policy table', () => {
    const record = managed();
    const firing = fireDueDeadlines(record, 'officerEvent', at('2026-12-23T17:00:00Z'), calendar);

    expect(firing.emails.map(({ kind, deadline }) => [kind, deadline])).toEqual([
      ['deadlineOverdue', 'ladoReview'],
      ['deadlineOverdue', 'resolutionOneMonth'],
    ]);
  });

  it('chases the DBS referral again a period after each chase, counted from the chase, however late the timer ran', () => {
    const outcome = applied(
      recordOfficerEvent(managed(), officerRecord({ kind: 'outcome', result: { outcome: 'substantiated', conclusions: ['dismissed'], investigationCompleted: true } }), at('2026-11-24T10:00:00Z'), calendar),
    ).next;
    const firstChase = '2026-12-01T17:00:00.000Z';
    expect(pending(outcome).find(([kind]) => kind === 'dbsReferral')).toEqual(['dbsReferral', firstChase]);

    // The timer runs two working days late (an outage): the next chase is still five working days after the first.
    const firing = fireDueDeadlines(outcome, 'officerEvent', at('2026-12-03T10:00:00Z'), calendar);
    expect(firing.next.deadlines.filter((d) => d.kind === 'dbsReferral').map((d) => [d.dueAt, d.state])).toEqual([
      [firstChase, 'fired'],
      ['2026-12-08T17:00:00.000Z', 'pending'],
    ]);
  });
});

describe('the threshold decision', () => {
  it('starts a consultation, its review counted from the decision, and closes the wait', () => {
    const decided = applied(decideThreshold(awaitingDecision(), threshold('consultation', { allocatedTo: LADO }), at('2026-11-24T14:15:00Z'), calendar));

    expect(decided.next.status).toBe('CONSULTATION');
    expect(decided.next).not.toHaveProperty('awaiting');
    expect(pending(decided.next)).toEqual([['consultationReview', '2026-12-08T17:00:00.000Z']]);
    expect(decided.events).toEqual([
      { type: 'ThresholdDecisionRecorded', actor: 'duty.1', at: '2026-11-24T14:15:00.000Z', rationale: why, details: { outcome: 'consultation' } },
    ]);
  });

  it("owes a transfer's receiving officer the notice that the referral is coming, and the referrer the notice of who leads, and closes the case", () => {
    const medway = { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' };
    const decided = applied(decideThreshold(awaitingDecision(), threshold('transfer', { receivingAuthority: medway }), MONDAY, calendar));

    expect(decided.next.status).toBe('CLOSED');
    expect(decided.next.closure).toMatchObject({ receivingAuthority: medway });
    expect(decided.emails).toEqual([
      { key: 'receivingAuthorityNotice', kind: 'receivingAuthorityNotice', owedSince: MONDAY.toISOString() },
      { key: 'transferNotice', kind: 'transferNotice', owedSince: MONDAY.toISOString() },
    ]);
    expect(decided.events).toEqual([
      { type: 'ThresholdDecisionRecorded', actor: 'duty.1', at: MONDAY.toISOString(), rationale: why, details: { outcome: 'transfer', receivingAuthority: 'Medway Council' } },
    ]);
    expect(goesOnToManagement(decided.next)).toBe(false);
  });

  it('owes the referrer the notice of no further LADO action, recording its category with who, when and why', () => {
    const decided = applied(decideThreshold(awaitingDecision(), threshold('no-further-action', { category: 'employer-procedures' }), MONDAY, calendar));

    expect(decided.next).toMatchObject({ status: 'CLOSED', closure: { noFurtherAction: 'employer-procedures' } });
    expect(decided.emails).toEqual([{ key: 'noFurtherActionNotice', kind: 'noFurtherActionNotice', owedSince: MONDAY.toISOString() }]);
    expect(decided.events).toEqual([
      { type: 'ThresholdDecisionRecorded', actor: 'duty.1', at: MONDAY.toISOString(), rationale: why, details: { outcome: 'no-further-action', category: 'employer-procedures' } },
    ]);
  });

  it('is refused while the case does not await it', () => {
    const returned = checkCompleteness(received({ referral: referralMissingDateOfBirthAndAddress() }), MONDAY, calendar).next;
    expect(refused(decideThreshold(returned, threshold('no-further-action', { category: 'threshold-not-met' }), MONDAY, calendar)).message).toBe(
      'This case is not awaiting a threshold decision: its status is AWAITING_RESUBMISSION.',
    );
  });
});

describe('an officer record', () => {
  it('is applied with its event, and wakes the workflow only when it must act sooner than planned', () => {
    const record = managed();
    const tracks = applied(recordOfficerEvent(record, officerRecord({ kind: 'tracks', police: false, section47: false, employer: 'action-without-disciplinary' }), at('2026-11-24T10:00:00Z'), calendar));

    expect(tracks.events).toEqual([
      expect.objectContaining({ type: 'Officer:tracks', actor: LADO.officerId, details: { police: false, section47: false, employer: 'action-without-disciplinary' } }),
    ]);
    // The employer's three working days end before the review planned: the workflow must wake sooner.
    expect(tracks.wakeWorkflow).toBe(true);
    const review = applied(recordOfficerEvent(tracks.next, officerRecord({ kind: 'review-done' }), at('2026-11-24T11:00:00Z'), calendar));
    expect(review.wakeWorkflow).toBe(false);
  });

  it('is refused with the rule that refuses it, and while the workflow is stopped', () => {
    expect(refused(recordOfficerEvent(managed(), officerRecord({ kind: 'close-consultation', outcome: 'no further action' }), MONDAY, calendar))).toEqual({
      refused: 'conflict',
      message: 'A "close-consultation" record does not apply to this case now: its status is ALLEGATION_MANAGEMENT.',
    });
    const stopped = { ...managed(), needsAttention: { step: 'PlanOfficerEventWait', errorClass: 'Error', since: MONDAY.toISOString(), execution: 'x' } };
    expect(refused(recordOfficerEvent(stopped, officerRecord({ kind: 'review-done' }), MONDAY, calendar)).refused).toBe('stopped');
  });
});

describe('hand over', () => {
  const cause = { type: 'PhaseStarted' as const, actor: 'system' };

  it('moves the case to management 1 once, waiting for officer events from its first moment', () => {
    const decided = applied(decideThreshold(awaitingDecision(), threshold('allegation', { harmCriteria: ['harmed-child'], allocatedTo: LADO }), MONDAY, calendar)).next;
    const target = nextExecution({ phase: 'first-days', sequence: 1 }, 'management');
    const moved = handOver(decided, { target, cause }, at('2026-11-23T15:00:00Z'));

    expect(target).toEqual({ phase: 'management', sequence: 1 });
    expect(moved.next.phase).toEqual({ name: 'management', sequence: 1, startedAt: '2026-11-23T15:00:00.000Z', wakes: 0 });
    expect(moved.next.awaiting).toEqual({ kind: 'officerEvent', since: '2026-11-23T15:00:00.000Z' });
    expect(moved.events).toEqual([{ type: 'PhaseStarted', actor: 'system', at: '2026-11-23T15:00:00.000Z', details: { phase: 'management', sequence: 1 } }]);
    expect(handOver(moved.next, { target, cause }, at('2026-11-23T15:00:05Z')).events).toEqual([]);
  });

  it('restarts a stopped case as the next execution of its phase, clearing the flag', () => {
    const stopped = flagNeedsAttention(managed(), { step: 'PlanOfficerEventWait', errorClass: 'TransientError', execution: 'LADO-X-management-1' }, MONDAY).next;
    const target = restartExecution(stopped);
    const restarted = handOver(stopped, { target, cause: { type: 'WorkflowRestarted', actor: 'ops.1', rationale: 'Repaired' } }, MONDAY);

    expect(target).toEqual({ phase: 'management', sequence: 2 });
    expect(restarted.next).not.toHaveProperty('needsAttention');
    expect(restarted.events[0]).toMatchObject({ type: 'WorkflowRestarted', actor: 'ops.1', rationale: 'Repaired' });
  });

  it('flags a case for operations once per execution', () => {
    const failure = { step: 'CheckCompleteness', errorClass: 'Error', execution: 'LADO-X-first-days' };
    const flagged = flagNeedsAttention(received(), failure, MONDAY);

    expect(flagged.next.needsAttention).toEqual({ ...failure, since: MONDAY.toISOString() });
    expect(flagged.events).toEqual([{ type: 'NeedsAttention', actor: 'system', at: MONDAY.toISOString(), details: failure }]);
    expect(flagNeedsAttention(flagged.next, failure, at('2026-11-23T10:00:00Z')).events).toEqual([]);
  });
});

describe('close', () => {
  it('closes a case only once its duties are done, with retention dates, meeting every deadline and the wait', () => {
    const concluded = applied(
      recordOfficerEvent(managed(), officerRecord({ kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } }), at('2026-11-24T10:00:00Z'), calendar),
    ).next;
    expect(refused(recordOfficerEvent(concluded, officerRecord({ kind: 'close' }), at('2026-11-25T10:00:00Z'), calendar)).message).toMatch(/duties are outstanding: regulatorReferral/);

    const regulatorConsidered = applied(recordOfficerEvent(concluded, officerRecord({ kind: 'regulator-referral-considered', referred: false }), at('2026-11-25T10:00:00Z'), calendar)).next;
    expect(refused(recordOfficerEvent(regulatorConsidered, officerRecord({ kind: 'close' }), at('2026-11-25T11:00:00Z'), calendar)).message).toMatch(/duties are outstanding: childFeedback/);
    const considered = applied(recordOfficerEvent(regulatorConsidered, officerRecord({ kind: 'feedback-given', givenBy: 'employer' }), at('2026-11-25T12:00:00Z'), calendar)).next;
    const closed = applied(recordOfficerEvent(considered, officerRecord({ kind: 'close' }), at('2026-11-26T10:00:00Z'), calendar));

    expect(closed.next).toMatchObject({ status: 'CLOSED', closedAt: '2026-11-26T10:00:00.000Z', closure: { reason: 'Allegation concluded: unfounded', ladoRecordUntil: '2051-11-26' } });
    expect(closed.next).not.toHaveProperty('awaiting');
    expect(pending(closed.next)).toEqual([]);
    // The workflow parked on officer events must wake to end.
    expect(closed.wakeWorkflow).toBe(true);
  });
});

describe('emails', () => {
  const owed: OwedEmail = { key: 'acknowledgement', kind: 'acknowledgement', owedSince: MONDAY.toISOString() };
  const owing = () => recordReceipt(received(), MONDAY).next;

  it('an email sent is owed no more, recorded with its kind and the role it went to', () => {
    const sent = recordEmailSent(owing(), owed, at('2026-11-23T09:30:05Z'));

    expect(sent.next).not.toHaveProperty('owedEmails');
    expect(sent.events).toEqual([
      { type: 'EmailSent', actor: 'system', at: '2026-11-23T09:30:05.000Z', details: { kind: 'acknowledgement', recipient: 'referrer', emailId: `${sent.next.caseId}/acknowledgement` } },
    ]);
    expect(recordEmailSent(sent.next, owed, at('2026-11-23T09:30:06Z')).events).toEqual([]);
  });

  it('an email SES refuses is owed no more and flagged on the case by its recipient role', () => {
    const refusedEmail = recordEmailUndeliverable(owing(), owed, 'MessageRejected', MONDAY);

    expect(refusedEmail.next.deliveryProblems).toEqual([{ address: 'referrer', problem: 'MessageRejected', emailKind: 'acknowledgement', at: MONDAY.toISOString() }]);
    expect(refusedEmail.events).toEqual([{ type: 'EmailDeliveryProblem', actor: 'system', at: MONDAY.toISOString(), details: { problem: 'MessageRejected', emailKind: 'acknowledgement' } }]);
  });

  it('a bounce reported later flags each address', () => {
    const bounced = recordDeliveryProblem(owing(), { addresses: ['a@example.org', 'b@example.org'], problem: 'Bounce', emailKind: 'returnCutoff' }, MONDAY);

    expect(bounced.next.deliveryProblems?.map((problem) => problem.address)).toEqual(['a@example.org', 'b@example.org']);
    expect(bounced.events.map((event) => event.type)).toEqual(['EmailDeliveryProblem']);
  });
});

describe('countedFrom: each period starts at its row’s event, as the case records it', () => {
  it('counts the strategy meeting from the referral, however late the tracks are recorded', () => {
    const tracked = applied(recordOfficerEvent(managed(), officerRecord({ kind: 'tracks', police: false, section47: true, employer: 'none' }), at('2026-11-27T10:00:00Z'), calendar)).next;
    // Seven working days from Monday 23 November, not from Friday 27.
    expect(pending(tracked).find(([kind]) => kind === 'strategyMeeting')).toEqual(['strategyMeeting', '2026-12-02T17:00:00.000Z']);
  });

  it('counts the disciplinary hearing from the tracks and the review from the last review', () => {
    const record = managed();
    expect(startOfPeriod('lastReview', record)).toEqual(at('2026-11-23T15:00:00Z'));
    const reviewed = applied(recordOfficerEvent(record, officerRecord({ kind: 'review-done' }), at('2026-12-01T10:00:00Z'), calendar)).next;
    expect(startOfPeriod('lastReview', reviewed)).toEqual(at('2026-12-01T10:00:00Z'));
    expect(startOfPeriod('tracksRecorded', reviewed)).toBeUndefined();
  });

  it('restarts the review cycle on a complexity reassessment, but not on a reallocation', () => {
    const record = managed();
    const reallocated = applied(recordOfficerEvent(record, officerRecord({ kind: 'reallocate', allocatedTo: { officerId: 'lado.8', email: 'lado8@lado.example.gov.uk' } }), at('2026-11-25T10:00:00Z'), calendar)).next;
    expect(startOfPeriod('lastReview', reallocated)).toEqual(at('2026-11-23T15:00:00Z'));
    const complex = applied(recordOfficerEvent(reallocated, officerRecord({ kind: 'complexity', complex: true }), at('2026-11-24T10:00:00Z'), calendar)).next;
    expect(pending(complex).filter(([kind]) => String(kind).startsWith('ladoReview'))).toEqual([['ladoReviewComplex', '2026-12-08T17:00:00.000Z']]);
  });

  it('takes the police review from the date the officer last set', () => {
    const tracked = applied(recordOfficerEvent(managed(), officerRecord({ kind: 'tracks', police: true, policeTargetDate: '2027-01-15', section47: false, employer: 'investigation' }), MONDAY, calendar)).next;
    const updated = applied(recordOfficerEvent(tracked, officerRecord({ kind: 'police-update', nextTargetDate: '2027-04-16' }), at('2027-01-14T10:00:00Z'), calendar)).next;
    expect(pending(updated).filter(([kind]) => kind === 'policeReview')).toEqual([['policeReview', '2027-04-16T16:00:00.000Z']]);
  });

  it('refuses to schedule a deadline whose event the case does not record', () => {
    expect(() => scheduleFor(['dbsReferral'], received(), MONDAY, calendar)).toThrow(/counts from outcomeRecorded/);
    expect(() => scheduleFor(['policeReview'], received(), MONDAY, calendar)).toThrow(/date the officer set/);
    const none: Deadline[] = scheduleFor([], received(), MONDAY, calendar);
    expect(none).toEqual([]);
  });
});
