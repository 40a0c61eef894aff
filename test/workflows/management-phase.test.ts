import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEADLINE_POLICY, type DeadlineKind } from '../../functions/domain/deadline-policy';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Managing a case after the threshold decision, on the synthesized definition
 * with the real handlers, DynamoDB and SES, under virtual time. Referrals
 * arrive on Monday 23 November 2026 at 10:00 (GMT) and are decided at 15:00.
 */
const MANAGER = 'lado-manager@lado.example.gov.uk';
const RECEIVED = '2026-11-23T10:00:00Z';
const DECIDED = '2026-11-23T15:00:00Z';
const why = 'Recorded after discussion with the case manager.';
// The duty LADO decides the threshold; the allocated LADO records the rest.
const DUTY_LADO = { token: officerToken('duty.1', 'lado-officer') };
const ALLOCATED_LADO = { token: officerToken('lado.7', 'lado-officer') };

let stack: TestStack | undefined;

afterEach(async () => {
  if (!stack) return;
  const history = stack.allHistoryText();
  for (const personal of PERSONAL_DATA) expect(history).not.toContain(personal);
  await stack.stop();
  stack = undefined;
});

interface OpenCase {
  caseId: string;
  lado: string;
}

async function openCase(outcome: 'allegation' | 'consultation' = 'allegation'): Promise<OpenCase> {
  const lado = `lado-${randomUUID().slice(0, 8)}@lado.example.gov.uk`;
  const { caseId } = (await stack!.post('/referrals', completeReferral())).body;
  await stack!.advanceTo(DECIDED);
  const decided = await stack!.post(`/cases/${caseId}/decisions`, {
    kind: 'threshold',
    officerId: 'duty.1',
    rationale: why,
    outcome,
    ...(outcome === 'allegation' ? { harmCriteria: ['harmed-child'] } : {}),
    allocatedTo: { officerId: 'lado.7', email: lado },
  }, DUTY_LADO);
  expect(decided.status).toBe(202);
  return { caseId, lado };
}

async function record(c: OpenCase, body: Record<string, unknown>): Promise<void> {
  const response = await stack!.post(`/cases/${c.caseId}/decisions`, { officerId: 'lado.7', rationale: why, ...body }, ALLOCATED_LADO);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
}

/** The subjects of the due-today and overdue emails about one deadline of one case. */
async function deadlineEmails(c: OpenCase, kind: DeadlineKind, to = c.lado): Promise<string[]> {
  const about = DEADLINE_POLICY[kind].description.toLowerCase();
  return (await stack!.emailsTo(to)).map((e) => e.subject).filter((s) => s.includes(c.caseId) && s.includes(about));
}

interface TimerCase {
  kind: DeadlineKind;
  /** Officer records that set the deadline, made on Tuesday 24 November at 10:00. */
  setUp: Array<Record<string, unknown>>;
  remindAt?: string;
  dueAt: string;
  /** The record that meets it in time. */
  done: Record<string, unknown>;
  escalates?: boolean;
  consultation?: boolean;
}

const TIMERS: TimerCase[] = [
  {
    kind: 'strategyMeeting',
    setUp: [{ kind: 'tracks', police: false, section47: true, employer: 'investigation' }],
    remindAt: '2026-12-02T09:00:00Z',
    dueAt: '2026-12-02T17:00:00Z', // 7 working days from the referral
    done: { kind: 'strategy-meeting-held' },
  },
  {
    kind: 'employerAction',
    setUp: [{ kind: 'tracks', police: false, section47: false, employer: 'action-without-disciplinary' }],
    remindAt: '2026-11-27T09:00:00Z',
    dueAt: '2026-11-27T17:00:00Z', // 3 working days from the record
    done: { kind: 'employer-action-taken' },
  },
  {
    kind: 'disciplinaryHearing',
    setUp: [{ kind: 'tracks', police: false, section47: false, employer: 'hearing-without-investigation' }],
    remindAt: '2026-12-15T09:00:00Z',
    dueAt: '2026-12-15T17:00:00Z', // 15 working days from the record
    done: { kind: 'disciplinary-hearing-held' },
  },
  {
    kind: 'policeReview',
    setUp: [{ kind: 'tracks', police: true, policeTargetDate: '2027-01-15', section47: false, employer: 'investigation' }],
    remindAt: '2027-01-15T09:00:00Z',
    dueAt: '2027-01-15T17:00:00Z', // the police's target date
    done: { kind: 'police-update', nextTargetDate: '2027-04-16' },
  },
  {
    kind: 'ladoReview',
    setUp: [],
    remindAt: '2026-12-21T09:00:00Z',
    dueAt: '2026-12-21T17:00:00Z', // 20 working days from the decision
    done: { kind: 'review-done' },
  },
  {
    kind: 'ladoReviewComplex',
    setUp: [{ kind: 'complexity', complex: true }],
    remindAt: '2026-12-08T09:00:00Z',
    dueAt: '2026-12-08T17:00:00Z', // 10 working days from the record
    done: { kind: 'review-done' },
  },
  {
    kind: 'suspensionReview',
    setUp: [{ kind: 'suspension', suspended: true }],
    remindAt: '2026-12-22T09:00:00Z',
    dueAt: '2026-12-22T17:00:00Z', // 20 working days from the record
    done: { kind: 'suspension', suspended: false },
  },
  {
    kind: 'consultationReview',
    consultation: true,
    setUp: [],
    remindAt: '2026-12-07T09:00:00Z',
    dueAt: '2026-12-07T17:00:00Z', // 10 working days from the decision
    done: { kind: 'review-done' },
  },
  {
    kind: 'resolutionOneMonth',
    setUp: [],
    dueAt: '2026-12-23T17:00:00Z', // a calendar month from the referral
    escalates: true,
    done: { kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } },
  },
  {
    kind: 'resolutionThreeMonths',
    setUp: [],
    dueAt: '2027-02-23T17:00:00Z', // three calendar months from the referral
    escalates: true,
    done: { kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } },
  },
  {
    kind: 'resolutionTwelveMonths',
    setUp: [],
    dueAt: '2027-11-23T17:00:00Z', // twelve calendar months from the referral
    escalates: true,
    done: { kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } },
  },
  {
    kind: 'regulatorReferral',
    setUp: [{ kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } }],
    dueAt: '2026-12-01T17:00:00Z', // 5 working days from the outcome
    done: { kind: 'regulator-referral-considered', referred: false },
  },
  {
    kind: 'lessonsLearned',
    setUp: [{ kind: 'outcome', result: { outcome: 'substantiated', conclusions: ['management action'], investigationCompleted: true } }],
    dueAt: '2026-12-22T17:00:00Z', // 20 working days from the outcome
    done: { kind: 'lessons-learned-done' },
  },
];

const justBefore = (instant: string) => new Date(Date.parse(instant) - 1000).toISOString();

describe('every management timer', () => {
  it.each(TIMERS)('$kind fires on the right working day, never early, and is silent when the officer acts in time', async (timer) => {
    stack = await startTestStack(RECEIVED);
    const late = await openCase(timer.consultation ? 'consultation' : 'allegation');
    const prompt = await openCase(timer.consultation ? 'consultation' : 'allegation');
    await stack.advanceTo('2026-11-24T10:00:00Z');
    for (const c of [late, prompt]) for (const setUp of timer.setUp) await record(c, setUp);

    if (timer.remindAt) {
      await stack.advanceTo(justBefore(timer.remindAt));
      expect(await deadlineEmails(late, timer.kind)).toEqual([]);
      await stack.advanceTo(timer.remindAt);
      expect(await deadlineEmails(late, timer.kind)).toEqual([expect.stringMatching(/^Due today: /)]);
    }
    await stack.advanceTo(justBefore(timer.dueAt));
    await record(prompt, timer.done);
    expect((await deadlineEmails(late, timer.kind)).filter((s) => s.startsWith('Overdue'))).toEqual([]);

    await stack.advanceTo(timer.dueAt);
    expect((await deadlineEmails(late, timer.kind)).filter((s) => s.startsWith('Overdue'))).toHaveLength(1);
    expect(await deadlineEmails(late, timer.kind, MANAGER)).toHaveLength(timer.escalates ? 1 : 0);

    // Two days on (before any recurring review comes round again): the prompt case was never chased.
    await stack.advanceTo(new Date(Date.parse(timer.dueAt) + 2 * 24 * 3600 * 1000).toISOString());
    expect((await deadlineEmails(prompt, timer.kind)).filter((s) => s.startsWith('Overdue'))).toEqual([]);
    expect((await deadlineEmails(late, timer.kind)).filter((s) => s.startsWith('Overdue'))).toHaveLength(1);
  });

  it('chases the DBS referral every five working days until the officer confirms it, and no more after', async () => {
    stack = await startTestStack(RECEIVED);
    const c = await openCase();
    await stack.advanceTo('2026-11-24T10:00:00Z');
    await record(c, { kind: 'outcome', result: { outcome: 'substantiated', conclusions: ['dismissed'], investigationCompleted: true } });
    await stack.advanceTo(justBefore('2026-12-01T17:00:00Z'));
    expect(await deadlineEmails(c, 'dbsReferral')).toEqual([]);
    await stack.advanceTo('2026-12-08T17:00:00Z'); // due 1 December, chased again 8 December
    expect(await deadlineEmails(c, 'dbsReferral')).toHaveLength(2);
    await record(c, { kind: 'dbs-referral-confirmed' });
    await stack.advanceTo('2027-01-29T17:00:00Z');
    expect(await deadlineEmails(c, 'dbsReferral')).toHaveLength(2);
    const status = (await stack.get(`/cases/${c.caseId}`)).body;
    expect(status.pendingDeadlines.map((d: { kind: string }) => d.kind)).not.toContain('dbsReferral');
  });
});

describe('a case under management', () => {
  it('answers a record for another stage with a 409 naming the stage', async () => {
    stack = await startTestStack(RECEIVED);
    const c = await openCase('consultation');
    const response = await stack.post(`/cases/${c.caseId}/decisions`, { kind: 'strategy-meeting-held', officerId: 'lado.7', rationale: why }, ALLOCATED_LADO);
    expect(response.status).toBe(409);
    expect(response.body.message).toBe('A "strategy-meeting-held" record does not apply to this case now: its status is CONSULTATION.');
  });

  it('records a retried officer record once, and answers the retry as the first', async () => {
    stack = await startTestStack(RECEIVED);
    const c = await openCase('allegation');
    const review = { kind: 'review-done', officerId: 'lado.7', rationale: why };
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => stack!.post(`/cases/${c.caseId}/decisions`, review, { ...ALLOCATED_LADO, idempotencyKey: key })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const reused = await stack.post(`/cases/${c.caseId}/decisions`, { ...review, rationale: 'Another review, sent under the same key.' }, { ...ALLOCATED_LADO, idempotencyKey: key });
    expect(reused.status).toBe(422);
    const { events } = (await stack.get(`/cases/${c.caseId}/history`)).body;
    expect(events.filter((e: { type: string }) => e.type === 'Officer:review-done')).toHaveLength(1);
    const status = (await stack.get(`/cases/${c.caseId}`)).body;
    expect(status.decisions.filter((d: { decision: { kind: string } }) => d.decision.kind === 'review-done')).toHaveLength(1);
  });

  it('keeps its history when a consultation becomes an allegation', async () => {
    stack = await startTestStack(RECEIVED);
    const c = await openCase('consultation');
    await stack.advanceTo('2026-12-01T10:00:00Z');
    await record(c, { kind: 'escalate-to-allegation', harmCriteria: ['risk-of-harm'] });
    const status = (await stack.get(`/cases/${c.caseId}`)).body;
    expect(status.status).toBe('ALLEGATION_MANAGEMENT');
    const { events } = (await stack.get(`/cases/${c.caseId}/history`)).body;
    const types = events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ReferralReceived', 'ThresholdDecisionRecorded', 'Officer:escalate-to-allegation']));
    expect(types.indexOf('ThresholdDecisionRecorded')).toBeLessThan(types.indexOf('Officer:escalate-to-allegation'));
    expect(events.find((e: { type: string }) => e.type === 'Officer:escalate-to-allegation')).toMatchObject({ actor: 'lado.7', rationale: why });
  });
});

describe('a case open for 30 months under police investigation', () => {
  it('crosses executions well inside their limits, and keeps its full audit trail', async () => {
    stack = await startTestStack(RECEIVED);
    const c = await openCase();
    const monthLater = (iso: string, months: number) => {
      const date = new Date(iso);
      date.setUTCMonth(date.getUTCMonth() + months);
      return date.toISOString();
    };
    await stack.advanceTo('2026-11-24T10:00:00Z');
    await record(c, { kind: 'tracks', police: true, policeTargetDate: '2027-02-24', section47: false, employer: 'investigation' });
    await record(c, { kind: 'suspension', suspended: true });

    let officerRecords = 2;
    for (let month = 1; month <= 30; month++) {
      const at = monthLater('2026-11-24T10:00:00Z', month);
      await stack.advanceTo(at);
      await record(c, { kind: 'review-done' });
      await record(c, { kind: 'suspension', suspended: true });
      officerRecords += 2;
      if (month % 3 === 0) {
        await record(c, month < 30 ? { kind: 'police-update', nextTargetDate: monthLater(at, 3).slice(0, 10) } : { kind: 'police-update' });
        officerRecords += 1;
      }
    }
    await record(c, { kind: 'outcome', result: { outcome: 'substantiated', conclusions: ['dismissed', 'referred to DBS'], investigationCompleted: true } });
    for (const body of [{ kind: 'dbs-referral-confirmed' }, { kind: 'regulator-referral-considered', referred: true }, { kind: 'lessons-learned-done' }, { kind: 'close' }]) {
      await record(c, body);
    }
    officerRecords += 5;
    await stack.clock.settle();

    const status = (await stack.get(`/cases/${c.caseId}`)).body;
    expect(status).toMatchObject({ status: 'CLOSED', pendingDeadlines: [] });

    const executions = stack.stepFunctions.listExecutions({ stateMachineArn: stack.stateMachineArn }).filter((e) => e.name.startsWith(c.caseId));
    const management = executions.filter((e) => e.name.includes('-management-'));
    expect(management.length).toBeGreaterThanOrEqual(10);
    for (const execution of executions) {
      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.stopDate!.getTime() - execution.startDate.getTime()).toBeLessThan(365 * 24 * 3600 * 1000);
      expect(stack.stepFunctions.getExecutionHistory(execution.executionArn).events.length).toBeLessThan(25_000);
    }
    const outcomes = executions.map((e) => JSON.parse(stack!.stepFunctions.describeExecution(e.executionArn).output ?? '{}').outcome);
    expect(outcomes.filter((o) => o === 'closed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'handedOver')).toHaveLength(management.length - 1);

    const { events } = (await stack.get(`/cases/${c.caseId}/history`)).body as { events: Array<{ type: string; actor: string; at: string; changes?: unknown }> };
    expect(events.filter((e) => e.type.startsWith('Officer:'))).toHaveLength(officerRecords);
    expect(events.filter((e) => e.type === 'PhaseStarted')).toHaveLength(management.length);
    expect(events.every((e) => e.actor && e.at && e.changes === undefined)).toBe(true);
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort());

    // The trail alone rebuilds the case.
    const { getCase, listEvents, rebuildCase } = await import('../../functions/shared/case-store');
    expect(rebuildCase(await listEvents(c.caseId))).toEqual(await getCase(c.caseId));
  }, 120_000);
});
