import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEADLINE_POLICY, type DeadlineKind } from '../../functions/domain/deadline-policy';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral } from '../support/referrals';
import { startTestStack, stopCheckingHistories, type TestStack } from '../support/test-stack';

/**
 * A correction and a reopening on the synthesized definition with the real
 * handlers, DynamoDB and SES, under virtual time: the corrected case's
 * workflow acts on the deadline the correction set, on time; the reopened
 * case's workflow runs again, as the next execution of its chain, and its
 * next deadline fires on time. Referrals arrive on Monday 23 November 2026 at
 * 10:00 (GMT) and are decided at 15:00.
 */
const why = 'Recorded after discussion with the case manager.';
const DUTY_LADO = { token: officerToken('duty.1', 'lado-officer') };
const ALLOCATED_LADO = { token: officerToken('lado.7', 'lado-officer') };
const MANAGER = { token: officerToken('manager.1', 'lado-manager') };

let stack: TestStack | undefined;

afterEach(async () => {
  await stopCheckingHistories(stack);
  stack = undefined;
});

async function openCase(outcome: 'allegation' | 'consultation'): Promise<{ caseId: string; lado: string }> {
  const lado = `lado-${randomUUID().slice(0, 8)}@lado.example.gov.uk`;
  const { caseId } = (await stack!.post('/referrals', completeReferral())).body;
  await stack!.advanceTo('2026-11-23T15:00:00Z');
  const decided = await stack!.post(
    `/cases/${caseId}/decisions`,
    { kind: 'threshold', officerId: 'duty.1', rationale: why, outcome, ...(outcome === 'allegation' ? { harmCriteria: ['harmed-child'] } : {}), allocatedTo: { officerId: 'lado.7', email: lado } },
    DUTY_LADO,
  );
  expect(decided.status).toBe(202);
  return { caseId, lado };
}

/** The subjects of the emails the LADO was sent about one deadline of the case. */
async function deadlineEmails(c: { caseId: string; lado: string }, kind: DeadlineKind): Promise<string[]> {
  const about = DEADLINE_POLICY[kind].description.toLowerCase();
  return (await stack!.emailsTo(c.lado)).map((email) => email.subject).filter((subject) => subject.includes(c.caseId) && subject.includes(about));
}
const overdue = async (c: { caseId: string; lado: string }, kind: DeadlineKind) => (await deadlineEmails(c, kind)).filter((subject) => subject.startsWith('Overdue'));
const justBefore = (instant: string) => new Date(Date.parse(instant) - 1000).toISOString();

function executionsOf(caseId: string) {
  return stack!.stepFunctions.listExecutions({ stateMachineArn: stack!.stateMachineArn }).filter((execution) => execution.name.startsWith(caseId));
}

describe('a correction', () => {
  it('rebuilds the case with the corrected record, keeps the original in the trail, and the deadline it sets fires on time', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const c = await openCase('allegation');
    await stack.advanceTo('2026-11-24T10:00:00Z');
    const tracks = { kind: 'tracks', officerId: 'lado.7', rationale: why, police: false, section47: false, employer: 'investigation' };
    expect((await stack.post(`/cases/${c.caseId}/decisions`, tracks, ALLOCATED_LADO)).status).toBe(202);
    const before = (await stack.get(`/cases/${c.caseId}`)).body;
    expect(before.pendingDeadlines.map((d: { kind: string }) => d.kind)).not.toContain('employerAction');

    // The employer is to act without a disciplinary: the track was entered wrongly.
    await stack.advanceTo('2026-11-24T11:00:00Z');
    const trail = (await stack.get(`/cases/${c.caseId}/history`)).body.events as Array<{ eventId: string; type: string }>;
    const recorded = trail.find((event) => event.type === 'Officer:tracks')!;
    const correction = { officerId: 'lado.7', rationale: 'The employer will act without a disciplinary: the track was entered wrongly.', eventId: recorded.eventId, record: { ...tracks, employer: 'action-without-disciplinary' } };
    const corrected = await stack.post(`/cases/${c.caseId}/corrections`, correction, ALLOCATED_LADO);
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(202);
    expect(corrected.body).toEqual({ caseId: c.caseId, status: 'ALLEGATION_MANAGEMENT' });

    const after = (await stack.get(`/cases/${c.caseId}`)).body;
    expect(after.tracks).toEqual({ police: false, section47: false, employer: 'action-without-disciplinary' });
    expect(after.decisions.at(-1)).toMatchObject({ decision: correction.record, decidedBy: 'lado.7', corrected: { by: 'lado.7', at: '2026-11-24T11:00:00.000Z' } });
    const employerAction = after.pendingDeadlines.find((d: { kind: string }) => d.kind === 'employerAction');
    expect(employerAction).toBeDefined();
    // The original stays in the trail; the correction follows it, with who, when, why and which event.
    const history = (await stack.get(`/cases/${c.caseId}/history`)).body.events as Array<Record<string, unknown>>;
    expect(history.find((event) => event['eventId'] === recorded.eventId)).toMatchObject({ type: 'Officer:tracks', actor: 'lado.7', at: '2026-11-24T10:00:00.000Z', rationale: why });
    expect(history.find((event) => event['type'] === 'RecordCorrected')).toMatchObject({
      actor: 'lado.7',
      at: '2026-11-24T11:00:00.000Z',
      rationale: correction.rationale,
      details: { eventId: recorded.eventId, kind: 'tracks', recordedAt: '2026-11-24T10:00:00.000Z' },
    });

    // The workflow, parked until a later deadline, took the new one up: it fires on time, never early.
    await stack.advanceTo(justBefore(employerAction.dueAt));
    expect(await overdue(c, 'employerAction')).toEqual([]);
    await stack.advanceTo(employerAction.dueAt);
    expect(await overdue(c, 'employerAction')).toHaveLength(1);

    // The threshold decision, with management started, is refused saying why.
    const decision = trail.find((event) => event.type === 'ThresholdDecisionRecorded')!;
    const refused = await stack.post(
      `/cases/${c.caseId}/corrections`,
      {
        officerId: 'duty.1',
        rationale: 'The decision named one harm criterion of two.',
        eventId: decision.eventId,
        record: { kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'allegation', harmCriteria: ['harmed-child', 'risk-of-harm'], allocatedTo: { officerId: 'lado.7', email: c.lado } },
      },
      DUTY_LADO,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/once management has started/);
  });
});

describe('a reopening', () => {
  it('reopens a closed consultation: its workflow runs again, and its review falls due, and fires, ten working days from the reopening', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z');
    const c = await openCase('consultation');
    await stack.advanceTo('2026-11-27T11:00:00Z');
    const closing = { kind: 'close-consultation', officerId: 'lado.7', rationale: why, outcome: 'advice or signposting' };
    expect((await stack.post(`/cases/${c.caseId}/decisions`, closing, ALLOCATED_LADO)).body).toMatchObject({ status: 'CLOSED' });
    await stack.advanceTo('2026-12-03T10:00:00Z');
    expect(executionsOf(c.caseId).filter((execution) => execution.status === 'RUNNING')).toEqual([]);

    const reopening = { officerId: 'manager.1', rationale: 'The employer has asked for the LADO again on the same concern.' };
    // An officer may not reopen a case: a manager decides it.
    expect((await stack.post(`/cases/${c.caseId}/reopening`, { ...reopening, officerId: 'lado.7' }, ALLOCATED_LADO)).status).toBe(403);
    const key = randomUUID();
    const reopened = await stack.post(`/cases/${c.caseId}/reopening`, reopening, { ...MANAGER, idempotencyKey: key });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(202);
    expect(reopened.body).toEqual({ caseId: c.caseId, status: 'CONSULTATION' });
    // Sent again: answered the same, nothing recorded twice.
    expect((await stack.post(`/cases/${c.caseId}/reopening`, reopening, { ...MANAGER, idempotencyKey: key })).body).toEqual(reopened.body);

    const view = (await stack.get(`/cases/${c.caseId}`)).body;
    expect(view).toMatchObject({ status: 'CONSULTATION', stage: 'consultation', awaiting: 'officerEvent' });
    expect(view.closedAt).toBeUndefined();
    expect(view.pendingDeadlines).toEqual([{ kind: 'consultationReview', dueAt: '2026-12-17T17:00:00.000Z' }]);
    const running = executionsOf(c.caseId).filter((execution) => execution.status === 'RUNNING');
    expect(running.map((execution) => execution.name)).toEqual([`${c.caseId}-management-2`]);
    const history = (await stack.get(`/cases/${c.caseId}/history`)).body.events as Array<Record<string, unknown>>;
    expect(history.filter((event) => event['type'] === 'CaseReopened')).toEqual([
      expect.objectContaining({ actor: 'manager.1', at: '2026-12-03T10:00:00.000Z', rationale: reopening.rationale, details: { reopenedTo: 'CONSULTATION', closedAt: '2026-11-27T11:00:00.000Z' } }),
    ]);
    expect(history.find((event) => event['type'] === 'WorkflowRestarted')).toMatchObject({ actor: 'manager.1', details: { phase: 'management', sequence: 2 } });

    // The review it needs fires on its day, never early; the LADO acting on it later is taken as ever.
    await stack.advanceTo(justBefore('2026-12-17T17:00:00Z'));
    expect(await overdue(c, 'consultationReview')).toEqual([]);
    await stack.advanceTo('2026-12-17T17:00:00Z');
    expect(await overdue(c, 'consultationReview')).toHaveLength(1);
    expect((await stack.post(`/cases/${c.caseId}/decisions`, { kind: 'review-done', officerId: 'lado.7', rationale: why }, ALLOCATED_LADO)).status).toBe(202);
  });
});
