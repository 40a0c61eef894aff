import { afterEach, describe, expect, it } from 'vitest';
import { RETENTION_JOB_ACTOR } from '../../functions/domain/lifecycle-contract';
import { DISPOSED_RATIONALE } from '../../functions/domain/retention';
import { getCase, listEvents, rebuildCase } from '../../functions/shared/case-store';
import { completeReferral, PERSONAL_DATA, referralMissingDateOfBirthAndAddress } from '../support/referrals';
import { startTestStack, stopCheckingHistories, type TestStack } from '../support/test-stack';

/**
 * Retention kept: a closed case and a rejected referral pass their LADO
 * retention dates and the daily retention job (02:00 London, on the virtual
 * clock) disposes of their personal data, in the case and in its audit trail,
 * and records the disposal there. Decades pass between the steps: the stack
 * is stopped and started again on the same tables later in virtual time, as
 * `npm start` resumes on its kept data, and the job's first run after each
 * start takes up every date that has passed.
 */
const why = 'The employer will deal with it under its own conduct procedures.';
/** Text of the referral and the decision, beyond the names and dates every test checks. */
const CASE_TEXT = [why, 'grabbed by the arm', 'Larkspur Lane', 'Class teacher', 'dsl-'];

let stack: TestStack | undefined;

afterEach(async () => {
  await stopCheckingHistories(stack);
  stack = undefined;
});

/** Stops the stack and starts it again on its tables at a later virtual time. */
async function resumeAt(instant: string): Promise<TestStack> {
  const { tableName } = stack!;
  await stack!.stop();
  stack = await startTestStack(instant, { tableName });
  return stack;
}

/** Everything the trail stores of a case, what each event changed included. */
const storedTrail = async (caseId: string) => JSON.stringify(await listEvents(caseId));
const personalDataIn = (text: string) => [...PERSONAL_DATA, ...CASE_TEXT].filter((personal) => text.includes(personal));

describe('the retention job', () => {
  it('disposes of a rejected referral and of a closed case once their retention dates pass, keeping their facts and recording who, when and why', async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday, GMT
    const closed = completeReferral();
    const { caseId: closedId } = (await stack.post('/referrals', closed)).body;
    const { caseId: rejectedId } = (await stack.post('/referrals', referralMissingDateOfBirthAndAddress())).body;
    await stack.advanceTo('2026-11-23T15:00:00Z');
    const decided = await stack.post(`/cases/${closedId}/decisions`, { kind: 'threshold', officerId: 'lado.officer.7', outcome: 'no-further-action', category: 'employer-procedures', rationale: why });
    expect(decided.body).toMatchObject({ status: 'CLOSED' });
    // The cut-off on Thursday 26 November at 17:00 rejects the returned referral; the job runs each night and finds nothing due.
    await stack.advanceTo('2026-11-28T03:00:00Z');
    const rejected = (await stack.get(`/cases/${rejectedId}`)).body;
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectedAt: '2026-11-26T17:00:00.000Z' });
    expect(rejected.closure).toMatchObject({ employerRecordsUntil: null, ladoRecordUntil: '2032-11-26' });
    expect((await stack.get(`/cases/${closedId}`)).body.closure).toMatchObject({ ladoRecordUntil: '2051-11-23' });
    expect(personalDataIn(await storedTrail(closedId))).toEqual(expect.arrayContaining(['Whitcombe', why]));

    // Six years on: the rejected referral is kept through its date, and disposed of at the first run after it.
    await resumeAt('2032-11-25T12:00:00Z');
    await stack!.advanceTo('2032-11-26T03:00:00Z');
    expect((await stack!.get(`/cases/${rejectedId}`)).body.disposedAt).toBeUndefined();
    await stack!.advanceTo('2032-11-27T03:00:00Z');
    const disposedRejection = (await stack!.get(`/cases/${rejectedId}`)).body;
    expect(disposedRejection).toMatchObject({ status: 'REJECTED', stage: 'closed', rejectedAt: '2026-11-26T17:00:00.000Z', disposedAt: '2032-11-27T02:00:00.000Z' });
    expect(personalDataIn(await storedTrail(rejectedId))).toEqual([]);
    expect(personalDataIn(JSON.stringify(await getCase(rejectedId)))).toEqual([]);
    // The closed case is untouched: its date is far off.
    expect((await stack!.get(`/cases/${closedId}`)).body.disposedAt).toBeUndefined();
    expect(personalDataIn(await storedTrail(closedId))).toContain('Whitcombe');

    // Twenty-five years from closure: the closed case goes the same way.
    await resumeAt('2051-11-23T12:00:00Z');
    await stack!.advanceTo('2051-11-24T03:00:00Z');
    const disposed = await stack!.get(`/cases/${closedId}`);
    expect(disposed.body).toMatchObject({ status: 'CLOSED', closedAt: '2026-11-23T15:00:00.000Z', disposedAt: '2051-11-24T02:00:00.000Z' });
    expect(disposed.body.closure).toMatchObject({ ladoRecordUntil: '2051-11-23' });
    // The decision stays, with who and when; its why is gone.
    expect(disposed.body.decisions).toEqual([
      expect.objectContaining({ decision: expect.objectContaining({ kind: 'threshold', outcome: 'no-further-action', category: 'employer-procedures', rationale: DISPOSED_RATIONALE }), decidedBy: 'lado.officer.7' }),
    ]);
    const stored = await getCase(closedId);
    expect(stored?.referral).toMatchObject({ employer: { sector: 'education', subsector: 'primary' }, allegation: { arose: '2026-08-20', category: 'physical intervention' } });
    expect(personalDataIn(JSON.stringify(stored))).toEqual([]);
    expect(personalDataIn(await storedTrail(closedId))).toEqual([]);

    // The trail: every event still there with who and when, the disposal recorded, and it still rebuilds the case.
    const history = (await stack!.get(`/cases/${closedId}/history`)).body.events as Array<{ type: string; actor: string; at: string; rationale?: string; details?: Record<string, unknown> }>;
    expect(history.find((event) => event.type === 'ThresholdDecisionRecorded')).toMatchObject({ actor: 'lado.officer.7', at: '2026-11-23T15:00:00.000Z', rationale: DISPOSED_RATIONALE });
    expect(history.at(-1)).toEqual({
      eventId: expect.stringMatching(/^2051-11-24T02:00:00.000Z#/),
      type: 'RecordsDisposed',
      actor: RETENTION_JOB_ACTOR,
      at: '2051-11-24T02:00:00.000Z',
      rationale: 'The LADO retention date 2051-11-23 has passed',
      details: { ladoRecordUntil: '2051-11-23' },
    });
    expect(rebuildCase(await listEvents(closedId))).toEqual(stored);

    // A later run leaves both as they are.
    await stack!.advanceTo('2051-11-26T03:00:00Z');
    expect((await stack!.get(`/cases/${closedId}/history`)).body.events.filter((event: { type: string }) => event.type === 'RecordsDisposed')).toHaveLength(1);
  });
});
