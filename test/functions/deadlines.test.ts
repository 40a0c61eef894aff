import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWED_EMAIL_RETRY_SECONDS, type Deadline, type OwedEmail } from '../../functions/domain/case';
import { handler } from '../../functions/deadlines/handler';
import { IDLE_RECHECK_SECONDS, PHASE_MAX_DAYS, PHASE_MAX_WAKES } from '../../functions/domain/phases';
import type { StoredCase } from '../../functions/shared/case-store';
import { useClock } from '../../functions/shared/clock';
import { lambdaContext, restoreEnvironment, savedRecord, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);

const CASE_ID = 'LADO-0123456789';
const REMINDER_DUE = '2026-11-25T17:00:00.000Z';
const CUTOFF_DUE = '2026-11-26T17:00:00.000Z';

const returnDeadlines: Deadline[] = [
  { kind: 'returnReminder', dueAt: REMINDER_DUE, state: 'pending' },
  { kind: 'returnCutoff', dueAt: CUTOFF_DUE, state: 'pending' },
];

function returnedCase(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
  return storedCaseItem({
    caseId: CASE_ID,
    status: 'AWAITING_RESUBMISSION',
    returnedAt: '2026-11-23T09:31:00.000Z',
    awaiting: { kind: 'resubmission', since: '2026-11-23T09:31:00.000Z' },
    deadlines: returnDeadlines,
    version: 2,
    ...overrides,
  });
}

const run = (action: 'plan' | 'fire', at: string) => {
  useClock(() => new Date(at));
  return handler({ caseId: CASE_ID, awaiting: 'resubmission', action }, lambdaContext);
};

const savedItems = () => dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];

beforeEach(() => {
  dynamo.reset();
  useServiceEnvironment(new Date('2026-11-23T09:31:00Z'));
  dynamo.on(GetCommand).resolves({ Item: returnedCase() });
  dynamo.on(TransactWriteCommand).resolves({});
});

afterEach(restoreEnvironment);

describe('plan', () => {
  it('waits the whole seconds until the next pending deadline, rounded up', async () => {
    expect(await run('plan', '2026-11-25T16:58:29.500Z')).toEqual({ next: 'wait', seconds: 91, planVersion: 2, owed: 0 });
  });

  it('skips deadlines already fired or met', async () => {
    dynamo.on(GetCommand).resolves({
      Item: returnedCase({ deadlines: [{ ...returnDeadlines[0]!, state: 'fired' }, returnDeadlines[1]!] }),
    });

    expect(await run('plan', '2026-11-26T16:00:00.000Z')).toEqual({ next: 'wait', seconds: 3600, planVersion: 2, owed: 0 });
  });

  it('waits at least one second for a deadline already overdue', async () => {
    expect(await run('plan', '2026-11-27T09:00:00.000Z')).toEqual({ next: 'wait', seconds: 1, planVersion: 2, owed: 0 });
  });

  it('re-checks after thirty days when nothing is pending, or the next deadline is further off', async () => {
    expect(IDLE_RECHECK_SECONDS).toBe(30 * 24 * 60 * 60);
    dynamo.on(GetCommand).resolves({ Item: returnedCase({ deadlines: [] }) });
    expect(await run('plan', '2026-11-23T10:00:00.000Z')).toEqual({ next: 'wait', seconds: IDLE_RECHECK_SECONDS, planVersion: 2, owed: 0 });

    dynamo.on(GetCommand).resolves({ Item: returnedCase({ deadlines: [{ kind: 'returnCutoff', dueAt: '2027-03-01T17:00:00.000Z', state: 'pending' }] }) });
    expect(await run('plan', '2026-11-23T10:00:00.000Z')).toEqual({ next: 'wait', seconds: IDLE_RECHECK_SECONDS, planVersion: 2, owed: 0 });
  });

  it('writes nothing', async () => {
    await run('plan', '2026-11-24T10:00:00.000Z');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('waits an hour at most while the case still owes an email, so that it is sent again soon', async () => {
    const owed: OwedEmail = { key: 'returnRequest-1', kind: 'returnRequest', owedSince: '2026-11-23T09:31:00.000Z' };
    dynamo.on(GetCommand).resolves({ Item: returnedCase({ owedEmails: [owed] }) });

    expect(await run('plan', '2026-11-24T10:00:00.000Z')).toEqual({ next: 'wait', seconds: OWED_EMAIL_RETRY_SECONDS, planVersion: 2, owed: 1 });
    // A deadline within the hour still comes first.
    expect(await run('plan', '2026-11-25T16:30:00.000Z')).toEqual({ next: 'wait', seconds: 1800, planVersion: 2, owed: 1 });
  });

  it('says the input arrived when the case no longer waits for a resubmission, so that the workflow moves on without parking', async () => {
    dynamo.on(GetCommand).resolves({ Item: returnedCase({ status: 'RECEIVED', awaiting: undefined, version: 4 }) });

    expect(await run('plan', '2026-11-24T10:00:00.000Z')).toEqual({ next: 'inputArrived', seconds: 1, planVersion: 4, owed: 0 });
  });

  it('says the input arrived when the case moved on to wait for something else', async () => {
    dynamo.on(GetCommand).resolves({
      Item: returnedCase({ status: 'AWAITING_THRESHOLD_DECISION', awaiting: { kind: 'thresholdDecision', since: '2026-11-24T09:00:00.000Z' }, version: 5 }),
    });

    expect(await run('plan', '2026-11-24T10:00:00.000Z')).toEqual({ next: 'inputArrived', seconds: 1, planVersion: 5, owed: 0 });
  });

  it('ends the first days of a rejected referral', async () => {
    dynamo.on(GetCommand).resolves({ Item: returnedCase({ status: 'REJECTED', rejectedAt: CUTOFF_DUE, awaiting: undefined, version: 3 }) });

    expect(await run('plan', '2026-11-27T09:00:00.000Z')).toEqual({ next: 'closed', seconds: 1, planVersion: 3, owed: 0 });
  });

  describe('of a first-days execution with its phase recorded', () => {
    const STARTED = '2026-10-01T09:00:00.000Z';
    const awaitingDecision = (wakes: number) =>
      returnedCase({
        status: 'AWAITING_THRESHOLD_DECISION',
        awaiting: { kind: 'thresholdDecision', since: STARTED },
        phase: { name: 'first-days', sequence: 1, startedAt: STARTED, wakes },
        // Chased and escalated long ago: nothing more falls due while the decision does not come.
        deadlines: [],
        version: 30,
      });
    const decide = (at: string) => {
      useClock(() => new Date(at));
      return handler({ caseId: CASE_ID, awaiting: 'thresholdDecision', action: 'plan' }, lambdaContext);
    };

    it('waits no longer than the phase has left', async () => {
      dynamo.on(GetCommand).resolves({ Item: awaitingDecision(3) });

      // Ninety days from 1 October 09:00 UTC end on 30 December 09:00 UTC.
      expect(PHASE_MAX_DAYS).toBe(90);
      expect(await decide('2026-12-22T09:00:00.000Z')).toEqual({ next: 'wait', seconds: 8 * 24 * 60 * 60, planVersion: 30, owed: 0 });
    });

    it('hands over to the next execution once the phase has lasted its ninety days, so that a decision that never comes cannot time it out', async () => {
      dynamo.on(GetCommand).resolves({ Item: awaitingDecision(3) });

      expect(await decide('2026-12-30T09:00:00.000Z')).toEqual({ next: 'handover', seconds: 1, planVersion: 30, owed: 0 });
    });

    it('hands over once the phase has woken as often as it may', async () => {
      dynamo.on(GetCommand).resolves({ Item: awaitingDecision(PHASE_MAX_WAKES - 1) });
      expect(await decide('2026-10-02T09:00:00.000Z')).toMatchObject({ next: 'wait' });

      dynamo.on(GetCommand).resolves({ Item: awaitingDecision(PHASE_MAX_WAKES) });
      expect(await decide('2026-10-02T09:00:00.000Z')).toEqual({ next: 'handover', seconds: 1, planVersion: 30, owed: 0 });
    });
  });
});

describe('fire', () => {
  it('before any deadline is due says it is still waiting, and writes nothing', async () => {
    const result = await run('fire', '2026-11-25T16:59:59.999Z');

    // The plan alone: what to send is on the case, not in the answer.
    expect(result).toEqual({ next: 'wait', seconds: 1, planVersion: 2, owed: 0 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('plans the wait that follows from the case it saves: at the reminder, within the hour while its email is owed', async () => {
    const result = await run('fire', REMINDER_DUE);

    // The cut-off is twenty-four hours off, but the reminder is owed until it is sent; and the version this firing saved.
    expect(result).toEqual({ next: 'wait', seconds: OWED_EMAIL_RETRY_SECONDS, planVersion: 3, owed: 1 });
  });

  it('plans to the cut-off when it falls due within the hour', async () => {
    const cutoffSoon = '2026-11-25T17:20:00.000Z';
    dynamo.on(GetCommand).resolves({ Item: returnedCase({ deadlines: [returnDeadlines[0]!, { kind: 'returnCutoff', dueAt: cutoffSoon, state: 'pending' }] }) });

    expect(await run('fire', REMINDER_DUE)).toEqual({ next: 'wait', seconds: 20 * 60, planVersion: 3, owed: 1 });
  });

  it('plans from the case as read when nothing was due', async () => {
    const result = await run('fire', '2026-11-25T16:59:59.999Z');

    expect(result).toMatchObject({ next: 'wait', seconds: 1, planVersion: 2, owed: 0 });
  });

  it('at the reminder marks it fired and owes the reminder email in the same write, leaving the cut-off pending', async () => {
    await run('fire', REMINDER_DUE);

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const casePut = savedItems()[0]?.Put;
    expect(casePut?.ExpressionAttributeValues).toEqual({ ':expected': 2 });
    const saved = savedRecord(casePut?.Item);
    expect(saved.status).toBe('AWAITING_RESUBMISSION');
    expect(saved.awaiting?.kind).toBe('resubmission');
    expect(saved.deadlines).toEqual([
      { kind: 'returnReminder', dueAt: REMINDER_DUE, state: 'fired', settledAt: REMINDER_DUE },
      returnDeadlines[1],
    ]);
    expect(saved.owedEmails).toEqual([{ key: `returnReminder-${REMINDER_DUE}`, kind: 'returnReminder', owedSince: REMINDER_DUE }]);
    expect(casePut?.Item).toMatchObject({ oldestOwedAt: REMINDER_DUE });
  });

  it('keeps owing the emails the case already owed', async () => {
    const owed: OwedEmail = { key: 'returnRequest-1', kind: 'returnRequest', owedSince: '2026-11-23T09:31:00.000Z' };
    dynamo.on(GetCommand).resolves({ Item: returnedCase({ owedEmails: [owed] }) });

    await run('fire', REMINDER_DUE);

    expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([owed, { key: `returnReminder-${REMINDER_DUE}`, kind: 'returnReminder', owedSince: REMINDER_DUE }]);
  });

  it('retried after the firing was saved, finds nothing due, writes nothing and plans from the stored case', async () => {
    dynamo.on(GetCommand).resolves({
      Item: returnedCase({
        deadlines: [{ ...returnDeadlines[0]!, state: 'fired', settledAt: REMINDER_DUE }, returnDeadlines[1]!],
        owedEmails: [{ key: `returnReminder-${REMINDER_DUE}`, kind: 'returnReminder', owedSince: REMINDER_DUE }],
        version: 3,
      }),
    });

    expect(await run('fire', '2026-11-25T17:00:02.000Z')).toEqual({ next: 'wait', seconds: OWED_EMAIL_RETRY_SECONDS, planVersion: 3, owed: 1 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  describe('at the cut-off, with the reminder still pending from an outage', () => {
    const FIRED_AT = CUTOFF_DUE;

    it('rejects the referral and closes the wait, conditioned on the version read, and ends the first days', async () => {
      const result = await run('fire', FIRED_AT);

      expect(result).toEqual({ next: 'closed', seconds: 1, planVersion: 3, owed: 1 });
      const casePut = savedItems()[0]?.Put;
      expect(casePut?.ExpressionAttributeValues).toEqual({ ':expected': 2 });
      const saved = savedRecord(casePut?.Item);
      expect(saved.status).toBe('REJECTED');
      expect(saved.rejectedAt).toBe(FIRED_AT);
      expect(saved).not.toHaveProperty('awaiting');
      expect(saved.deadlines.map((d) => d.state)).toEqual(['fired', 'fired']);
    });

    it('owes the rejection email only, not the overtaken reminder', async () => {
      await run('fire', FIRED_AT);

      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([{ key: `returnCutoff-${CUTOFF_DUE}`, kind: 'returnCutoff', owedSince: FIRED_AT }]);
    });

    it('stops owing a reminder still unsent from an outage, but keeps every other email owed', async () => {
      const acknowledgement: OwedEmail = { key: 'acknowledgement', kind: 'acknowledgement', owedSince: '2026-11-23T09:30:01.000Z' };
      dynamo.on(GetCommand).resolves({
        Item: returnedCase({
          deadlines: [{ ...returnDeadlines[0]!, state: 'fired', settledAt: REMINDER_DUE }, returnDeadlines[1]!],
          owedEmails: [acknowledgement, { key: `returnReminder-${REMINDER_DUE}`, kind: 'returnReminder', owedSince: REMINDER_DUE }],
        }),
      });

      await run('fire', FIRED_AT);

      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([acknowledgement, { key: `returnCutoff-${CUTOFF_DUE}`, kind: 'returnCutoff', owedSince: FIRED_AT }]);
    });

    it('retried after the rejection was saved, writes nothing and ends the first days again', async () => {
      dynamo.on(GetCommand).resolves({
        Item: returnedCase({
          status: 'REJECTED',
          rejectedAt: FIRED_AT,
          awaiting: undefined,
          deadlines: returnDeadlines.map((d) => ({ ...d, state: 'fired' as const, settledAt: FIRED_AT })),
          owedEmails: [{ key: `returnCutoff-${CUTOFF_DUE}`, kind: 'returnCutoff', owedSince: FIRED_AT }],
          version: 3,
        }),
      });

      expect(await run('fire', FIRED_AT)).toEqual({ next: 'closed', seconds: 1, planVersion: 3, owed: 1 });
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('records each fired deadline and the rejection in the audit trail', async () => {
      await run('fire', FIRED_AT);

      const events = savedItems()
        .slice(1)
        .map((item) => item.Put?.Item);
      expect(events).toEqual([
        expect.objectContaining({ type: 'DeadlineFired', actor: 'system', details: { deadline: 'returnReminder', dueAt: REMINDER_DUE } }),
        expect.objectContaining({ type: 'DeadlineFired', actor: 'system', details: { deadline: 'returnCutoff', dueAt: CUTOFF_DUE } }),
        expect.objectContaining({ type: 'ReferralRejected', actor: 'system', at: FIRED_AT }),
      ]);
    });

    it("records the cut-off's own due time, not the firing time, as when the referral was rejected and as the event's dueAt, when the timer fires late", async () => {
      const late = '2026-11-27T09:00:00.000Z';

      await run('fire', late);

      const rejection = savedItems().find((item) => item.Put?.Item?.['type'] === 'ReferralRejected')?.Put?.Item;
      expect(rejection).toMatchObject({ at: late, details: { deadline: 'returnCutoff', dueAt: CUTOFF_DUE } });
      // Rejected by the rule at the cut-off, whenever the timer ran.
      expect(savedRecord(savedItems()[0]?.Put?.Item).rejectedAt).toBe(CUTOFF_DUE);
      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([{ key: `returnCutoff-${CUTOFF_DUE}`, kind: 'returnCutoff', owedSince: late }]);
    });
  });

  it('a millisecond before the cut-off does not reject', async () => {
    dynamo.on(GetCommand).resolves({ Item: returnedCase({ deadlines: [{ ...returnDeadlines[0]!, state: 'fired' }, returnDeadlines[1]!] }) });

    const result = await run('fire', '2026-11-26T16:59:59.999Z');

    expect(result).toEqual({ next: 'wait', seconds: 1, planVersion: 2, owed: 0 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('after the awaited input arrived says so, and neither fires nor writes anything', async () => {
    dynamo.on(GetCommand).resolves({ Item: returnedCase({ status: 'RECEIVED', awaiting: undefined }) });

    const result = await run('fire', '2026-11-30T09:00:00.000Z');

    // Though the cut-off has passed: the resubmission came first.
    expect(result).toEqual({ next: 'inputArrived', seconds: 1, planVersion: 2, owed: 0 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('chases the duty LADO when a threshold decision is overdue', async () => {
    const chaseDue = '2026-11-24T17:00:00.000Z';
    dynamo.on(GetCommand).resolves({
      Item: returnedCase({
        status: 'AWAITING_THRESHOLD_DECISION',
        awaiting: { kind: 'thresholdDecision', since: '2026-11-23T09:31:00.000Z' },
        deadlines: [
          { kind: 'initialConsiderationChase', dueAt: chaseDue, state: 'pending' },
          { kind: 'initialConsiderationEscalation', dueAt: '2026-11-25T17:00:00.000Z', state: 'pending' },
        ],
      }),
    });
    useClock(() => new Date(chaseDue));

    const result = await handler({ caseId: CASE_ID, awaiting: 'thresholdDecision', action: 'fire' }, lambdaContext);

    expect(result).toEqual({ next: 'wait', seconds: OWED_EMAIL_RETRY_SECONDS, planVersion: 3, owed: 1 });
    const saved = savedRecord(savedItems()[0]?.Put?.Item);
    expect(saved.status).toBe('AWAITING_THRESHOLD_DECISION');
    expect(saved.owedEmails).toEqual([{ key: `initialConsiderationChase-${chaseDue}`, kind: 'initialConsiderationChase', owedSince: chaseDue }]);
  });
});

describe('while a case is managed', () => {
  const REVIEW_DUE = '2026-12-21T17:00:00.000Z';
  const REVIEW_REMINDER = '2026-12-21T09:00:00.000Z';
  const ONE_MONTH_DUE = '2026-12-23T17:00:00.000Z';
  const PHASE_STARTED = '2026-11-23T15:00:00.000Z';
  const review: Deadline = { kind: 'ladoReview', dueAt: REVIEW_DUE, remindAt: REVIEW_REMINDER, state: 'pending' };
  const oneMonth: Deadline = { kind: 'resolutionOneMonth', dueAt: ONE_MONTH_DUE, state: 'pending' };

  function managedCase(overrides: Partial<StoredCase> = {}): Record<string, unknown> {
    return storedCaseItem({
      caseId: CASE_ID,
      status: 'ALLEGATION_MANAGEMENT',
      allocation: { officerId: 'lado.7', email: 'lado7@council.example.gov.uk' },
      awaiting: { kind: 'officerEvent', since: PHASE_STARTED },
      phase: { name: 'management', sequence: 1, startedAt: PHASE_STARTED, wakes: 3 },
      deadlines: [review, oneMonth],
      version: 7,
      ...overrides,
    });
  }

  const manage = (action: 'plan' | 'fire', at: string) => {
    useClock(() => new Date(at));
    return handler({ caseId: CASE_ID, awaiting: 'officerEvent', action }, lambdaContext);
  };

  const savedEvents = () =>
    savedItems()
      .slice(1)
      .map((item) => item.Put?.Item);

  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: managedCase() });
  });

  describe('plan', () => {
    it("wakes for the deadline's on-the-day reminder first, and says which version it planned from", async () => {
      expect(await manage('plan', '2026-12-21T08:00:00.000Z')).toEqual({ next: 'wait', seconds: 3600, planVersion: 7, owed: 0 });
    });

    it('never waits past the end of its phase, even when nothing falls due before then', async () => {
      // Ninety days from 1 October 09:00 UTC end on 30 December 09:00 UTC.
      dynamo.on(GetCommand).resolves({
        Item: managedCase({
          phase: { name: 'management', sequence: 1, startedAt: '2026-10-01T09:00:00.000Z', wakes: 3 },
          deadlines: [{ kind: 'resolutionThreeMonths', dueAt: '2027-02-23T17:00:00.000Z', state: 'pending' }],
        }),
      });

      expect(await manage('plan', '2026-12-22T09:00:00.000Z')).toEqual({ next: 'wait', seconds: 8 * 24 * 60 * 60, planVersion: 7, owed: 0 });
      expect(await manage('plan', '2026-12-30T08:59:59.000Z')).toEqual({ next: 'wait', seconds: 1, planVersion: 7, owed: 0 });
    });

    it('hands over to the next execution once the phase has lasted its ninety days', async () => {
      dynamo.on(GetCommand).resolves({ Item: managedCase({ phase: { name: 'management', sequence: 1, startedAt: '2026-10-01T09:00:00.000Z', wakes: 3 } }) });

      expect(await manage('plan', '2026-12-30T09:00:00.000Z')).toEqual({ next: 'handover', seconds: 1, planVersion: 7, owed: 0 });
    });

    it('hands over once the phase has woken as often as it may', async () => {
      const woken = (wakes: number) => managedCase({ phase: { name: 'management', sequence: 1, startedAt: PHASE_STARTED, wakes } });

      dynamo.on(GetCommand).resolves({ Item: woken(PHASE_MAX_WAKES - 1) });
      expect(await manage('plan', '2026-12-21T08:00:00.000Z')).toMatchObject({ next: 'wait', seconds: 3600 });

      dynamo.on(GetCommand).resolves({ Item: woken(PHASE_MAX_WAKES) });
      expect(await manage('plan', '2026-12-21T08:00:00.000Z')).toEqual({ next: 'handover', seconds: 1, planVersion: 7, owed: 0 });
    });

    it('hands over a managed case that has no phase recorded, so that one is started', async () => {
      dynamo.on(GetCommand).resolves({ Item: managedCase({ phase: undefined }) });

      expect(await manage('plan', '2026-12-21T08:00:00.000Z')).toEqual({ next: 'handover', seconds: 1, planVersion: 7, owed: 0 });
    });

    it('ends the workflow of a case that has closed', async () => {
      dynamo.on(GetCommand).resolves({
        Item: managedCase({ status: 'CLOSED', closedAt: '2026-12-20T10:00:00.000Z', awaiting: undefined, version: 11 }),
      });

      expect(await manage('plan', '2026-12-21T08:00:00.000Z')).toEqual({ next: 'closed', seconds: 1, planVersion: 11, owed: 0 });
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });

  describe('fire', () => {
    it('on the morning a deadline falls due, reminds the allocated LADO once and keeps the deadline pending', async () => {
      const result = await manage('fire', REVIEW_REMINDER);

      expect(result).toEqual({ next: 'wait', seconds: OWED_EMAIL_RETRY_SECONDS, planVersion: 8, owed: 1 });
      const saved = savedRecord(savedItems()[0]?.Put?.Item);
      expect(saved.owedEmails).toEqual([
        { key: `ladoReview-${REVIEW_DUE}-due-today`, kind: 'deadlineDueToday', deadline: 'ladoReview', dueAt: REVIEW_DUE, owedSince: REVIEW_REMINDER },
      ]);
      expect(saved.deadlines).toEqual([{ kind: 'ladoReview', dueAt: REVIEW_DUE, state: 'pending' }, oneMonth]);
      expect(saved.awaiting?.kind).toBe('officerEvent');
      expect(saved.status).toBe('ALLEGATION_MANAGEMENT');
      expect(savedEvents()).toEqual([
        expect.objectContaining({ type: 'DeadlineReminder', actor: 'system', at: REVIEW_REMINDER, details: { deadline: 'ladoReview', dueAt: REVIEW_DUE } }),
      ]);
    });

    it('two working days before a deadline, tells the allocated LADO it falls due soon, once, and keeps its reminder for the day', async () => {
      const DUE_SOON = '2026-12-17T09:00:00.000Z';
      dynamo.on(GetCommand).resolves({ Item: managedCase({ deadlines: [{ ...review, dueSoonAt: DUE_SOON }, oneMonth] }) });

      await manage('fire', DUE_SOON);

      const saved = savedRecord(savedItems()[0]?.Put?.Item);
      expect(saved.owedEmails).toEqual([
        { key: `ladoReview-${REVIEW_DUE}-due-soon`, kind: 'deadlineDueSoon', deadline: 'ladoReview', dueAt: REVIEW_DUE, owedSince: DUE_SOON },
      ]);
      expect(saved.deadlines).toEqual([review, oneMonth]);
      expect(savedEvents()).toEqual([
        expect.objectContaining({ type: 'DeadlineApproaching', actor: 'system', at: DUE_SOON, details: { deadline: 'ladoReview', dueAt: REVIEW_DUE } }),
      ]);
    });

    it('sends no second reminder when it wakes again the same day', async () => {
      dynamo.on(GetCommand).resolves({ Item: managedCase({ deadlines: [{ kind: 'ladoReview', dueAt: REVIEW_DUE, state: 'pending' }, oneMonth] }) });

      const result = await manage('fire', '2026-12-21T12:00:00.000Z');

      // Five hours to the review itself.
      expect(result).toEqual({ next: 'wait', seconds: 5 * 60 * 60, planVersion: 7, owed: 0 });
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('when a management deadline falls due, marks it fired and asks for the overdue email naming it', async () => {
      dynamo.on(GetCommand).resolves({ Item: managedCase({ deadlines: [{ kind: 'ladoReview', dueAt: REVIEW_DUE, state: 'pending' }, oneMonth] }) });

      const result = await manage('fire', REVIEW_DUE);

      expect(result).toEqual({ next: 'wait', seconds: OWED_EMAIL_RETRY_SECONDS, planVersion: 8, owed: 1 });
      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([
        { key: `ladoReview-${REVIEW_DUE}`, kind: 'deadlineOverdue', deadline: 'ladoReview', dueAt: REVIEW_DUE, owedSince: REVIEW_DUE },
      ]);
      expect(savedRecord(savedItems()[0]?.Put?.Item).deadlines).toEqual([
        { kind: 'ladoReview', dueAt: REVIEW_DUE, state: 'fired', settledAt: REVIEW_DUE },
        oneMonth,
      ]);
      expect(savedEvents()).toEqual([
        expect.objectContaining({ type: 'DeadlineFired', actor: 'system', details: { deadline: 'ladoReview', dueAt: REVIEW_DUE } }),
      ]);
    });

    it('after an outage past the deadline, sends the overdue email and not the overtaken reminder', async () => {
      await manage('fire', '2026-12-22T10:00:00.000Z');

      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([
        { key: `ladoReview-${REVIEW_DUE}`, kind: 'deadlineOverdue', deadline: 'ladoReview', dueAt: REVIEW_DUE, owedSince: '2026-12-22T10:00:00.000Z' },
      ]);
    });

    it('sends an overdue email and another deadline\'s reminder that fall due together', async () => {
      const employerDue = '2026-12-18T17:00:00.000Z';
      dynamo.on(GetCommand).resolves({
        Item: managedCase({
          deadlines: [review, { kind: 'employerAction', dueAt: employerDue, remindAt: '2026-12-18T09:00:00.000Z', state: 'pending' }],
        }),
      });

      await manage('fire', REVIEW_REMINDER);

      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([
        { key: `employerAction-${employerDue}`, kind: 'deadlineOverdue', deadline: 'employerAction', dueAt: employerDue, owedSince: REVIEW_REMINDER },
        { key: `ladoReview-${REVIEW_DUE}-due-today`, kind: 'deadlineDueToday', deadline: 'ladoReview', dueAt: REVIEW_DUE, owedSince: REVIEW_REMINDER },
      ]);
      expect(savedEvents().map((event) => event?.['type'])).toEqual(['DeadlineFired', 'DeadlineReminder']);
    });

    it('asks for the overdue email of a missed resolution target', async () => {
      dynamo.on(GetCommand).resolves({ Item: managedCase({ deadlines: [oneMonth] }) });

      await manage('fire', ONE_MONTH_DUE);

      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([
        { key: `resolutionOneMonth-${ONE_MONTH_DUE}`, kind: 'deadlineOverdue', deadline: 'resolutionOneMonth', dueAt: ONE_MONTH_DUE, owedSince: ONE_MONTH_DUE },
      ]);
    });

    it('chases the DBS referral again five working days on, and other duties only once', async () => {
      const dutiesDue = '2027-02-01T17:00:00.000Z'; // a Monday
      dynamo.on(GetCommand).resolves({
        Item: managedCase({
          status: 'OUTCOME_DUTIES',
          duties: { dbsReferral: 'pending', regulatorReferral: 'pending' },
          deadlines: [
            { kind: 'dbsReferral', dueAt: dutiesDue, state: 'pending' },
            { kind: 'regulatorReferral', dueAt: dutiesDue, state: 'pending' },
          ],
        }),
      });

      await manage('fire', dutiesDue);

      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toEqual([
        { key: `dbsReferral-${dutiesDue}`, kind: 'deadlineOverdue', deadline: 'dbsReferral', dueAt: dutiesDue, owedSince: dutiesDue },
        { key: `regulatorReferral-${dutiesDue}`, kind: 'deadlineOverdue', deadline: 'regulatorReferral', dueAt: dutiesDue, owedSince: dutiesDue },
      ]);
      expect(savedRecord(savedItems()[0]?.Put?.Item).deadlines).toEqual([
        { kind: 'dbsReferral', dueAt: dutiesDue, state: 'fired', settledAt: dutiesDue },
        { kind: 'regulatorReferral', dueAt: dutiesDue, state: 'fired', settledAt: dutiesDue },
        // Set five working days ahead, the next chase is told of two working days before it.
        { kind: 'dbsReferral', dueAt: '2027-02-08T17:00:00.000Z', dueSoonAt: '2027-02-04T09:00:00.000Z', state: 'pending' },
      ]);
    });

    it('after the case closed says so, plans no further wait, and neither fires nor writes anything', async () => {
      dynamo.on(GetCommand).resolves({ Item: managedCase({ status: 'CLOSED', awaiting: undefined }) });

      const result = await manage('fire', '2026-12-22T10:00:00.000Z');

      expect(result).toEqual({ next: 'closed', seconds: 1, planVersion: 7, owed: 0 });
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('fires what is due before handing over an execution past its limits, and then hands over', async () => {
      dynamo.on(GetCommand).resolves({
        Item: managedCase({ phase: { name: 'management', sequence: 1, startedAt: PHASE_STARTED, wakes: PHASE_MAX_WAKES }, deadlines: [oneMonth] }),
      });

      const result = await manage('fire', ONE_MONTH_DUE);

      expect(result).toEqual({ next: 'handover', seconds: 1, planVersion: 8, owed: 1 });
      expect(savedRecord(savedItems()[0]?.Put?.Item).owedEmails).toHaveLength(1);
    });

    it('ends the workflow of a closed case that still owes an email: the way out sends it', async () => {
      const owed: OwedEmail = { key: `ladoReview-${REVIEW_DUE}`, kind: 'deadlineOverdue', deadline: 'ladoReview', dueAt: REVIEW_DUE, owedSince: REVIEW_DUE };
      dynamo.on(GetCommand).resolves({ Item: managedCase({ status: 'CLOSED', awaiting: undefined, owedEmails: [owed] }) });

      expect(await manage('plan', '2026-12-22T10:00:00.000Z')).toEqual({ next: 'closed', seconds: 1, planVersion: 7, owed: 1 });
    });
  });
});
