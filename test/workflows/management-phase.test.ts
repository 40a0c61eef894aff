import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEADLINE_POLICY, type DeadlineKind } from '../../functions/domain/deadline-policy';
import { officerToken } from '../../local/dev-tokens';
import { completeReferral } from '../support/referrals';
import { startTestStack, stopCheckingHistories, type TestStack } from '../support/test-stack';

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
  await stopCheckingHistories(stack);
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

/** The subjects of the due-soon, due-today and overdue emails about one deadline of one case. */
async function deadlineEmails(c: OpenCase, kind: DeadlineKind, to = c.lado): Promise<string[]> {
  const about = DEADLINE_POLICY[kind].description.toLowerCase();
  return (await stack!.emailsTo(to)).map((e) => e.subject).filter((s) => s.includes(c.caseId) && s.includes(about));
}

const counts = (some: Partial<Record<'dueSoon' | 'dueToday' | 'overdue', number>> = {}) => ({ dueSoon: 0, dueToday: 0, overdue: 0, ...some });

/** How many due-soon, due-today and overdue emails the allocated LADO has had about one deadline of one case. */
async function emailCounts(c: OpenCase, kind: DeadlineKind): Promise<ReturnType<typeof counts>> {
  const subjects = await deadlineEmails(c, kind);
  const starting = (prefix: string) => subjects.filter((s) => s.startsWith(prefix)).length;
  expect(starting('Due soon: ') + starting('Due today: ') + starting('Overdue: ')).toBe(subjects.length);
  return counts({ dueSoon: starting('Due soon: '), dueToday: starting('Due today: '), overdue: starting('Overdue: ') });
}

interface TimerCase {
  kind: DeadlineKind;
  /** Officer records that set the deadline, made on Tuesday 24 November at 10:00. */
  setUp: Array<Record<string, unknown>>;
  /** Two working days before it falls due, when it was set five or more ahead (deadline-policy.ts, `dueSoon`). */
  dueSoonAt?: string;
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
    dueSoonAt: '2026-11-30T09:00:00Z',
    setUp: [{ kind: 'tracks', police: false, section47: true, employer: 'investigation' }],
    remindAt: '2026-12-02T09:00:00Z',
    dueAt: '2026-12-02T17:00:00Z', // 7 working days from the referral
    done: { kind: 'strategy-meeting-held' },
  },
  {
    kind: 'employerAction',
    setUp: [{ kind: 'tracks', police: false, section47: false, employer: 'action-without-disciplinary' }],
    remindAt: '2026-11-26T09:00:00Z',
    dueAt: '2026-11-26T17:00:00Z', // 3 working days from the threshold decision (004 para 40), not from the record
    done: { kind: 'employer-action-taken' },
  },
  {
    kind: 'disciplinaryHearing',
    dueSoonAt: '2026-12-11T09:00:00Z',
    setUp: [{ kind: 'tracks', police: false, section47: false, employer: 'hearing-without-investigation' }],
    remindAt: '2026-12-15T09:00:00Z',
    dueAt: '2026-12-15T17:00:00Z', // 15 working days from the record
    done: { kind: 'disciplinary-hearing-held' },
  },
  {
    kind: 'policeReview',
    dueSoonAt: '2027-01-13T09:00:00Z',
    setUp: [{ kind: 'tracks', police: true, policeTargetDate: '2027-01-15', section47: false, employer: 'investigation' }],
    remindAt: '2027-01-15T09:00:00Z',
    dueAt: '2027-01-15T17:00:00Z', // the police's target date
    done: { kind: 'police-update', nextTargetDate: '2027-04-16' },
  },
  {
    kind: 'ladoReview',
    dueSoonAt: '2026-12-17T09:00:00Z',
    setUp: [],
    remindAt: '2026-12-21T09:00:00Z',
    dueAt: '2026-12-21T17:00:00Z', // 20 working days from the decision
    done: { kind: 'review-done' },
  },
  {
    kind: 'ladoReviewComplex',
    dueSoonAt: '2026-12-04T09:00:00Z',
    setUp: [{ kind: 'complexity', complex: true }],
    remindAt: '2026-12-08T09:00:00Z',
    dueAt: '2026-12-08T17:00:00Z', // 10 working days from the record
    done: { kind: 'review-done' },
  },
  {
    kind: 'suspensionReview',
    dueSoonAt: '2026-12-18T09:00:00Z',
    setUp: [{ kind: 'suspension', suspended: true }],
    remindAt: '2026-12-22T09:00:00Z',
    dueAt: '2026-12-22T17:00:00Z', // 20 working days from the record
    done: { kind: 'suspension', suspended: false },
  },
  {
    kind: 'consultationReview',
    dueSoonAt: '2026-12-03T09:00:00Z',
    consultation: true,
    setUp: [],
    remindAt: '2026-12-07T09:00:00Z',
    dueAt: '2026-12-07T17:00:00Z', // 10 working days from the decision
    done: { kind: 'review-done' },
  },
  {
    kind: 'resolutionOneMonth',
    dueSoonAt: '2026-12-21T09:00:00Z',
    setUp: [],
    dueAt: '2026-12-23T17:00:00Z', // a calendar month from the referral
    escalates: true,
    done: { kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } },
  },
  {
    kind: 'resolutionThreeMonths',
    dueSoonAt: '2027-02-19T09:00:00Z',
    setUp: [],
    dueAt: '2027-02-23T17:00:00Z', // three calendar months from the referral
    escalates: true,
    done: { kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } },
  },
  {
    kind: 'resolutionTwelveMonths',
    dueSoonAt: '2027-11-19T09:00:00Z',
    setUp: [],
    dueAt: '2027-11-23T17:00:00Z', // twelve calendar months from the referral
    escalates: true,
    done: { kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } },
  },
  {
    kind: 'regulatorReferral',
    dueSoonAt: '2026-11-27T09:00:00Z',
    setUp: [{ kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } }],
    dueAt: '2026-12-01T17:00:00Z', // 5 working days from the outcome
    done: { kind: 'regulator-referral-considered', referred: false },
  },
  {
    kind: 'lessonsLearned',
    dueSoonAt: '2026-12-18T09:00:00Z',
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

    // Due soon, then due today, then overdue: each sent once, none early (rule 11).
    const soon = timer.dueSoonAt ? 1 : 0;
    if (timer.dueSoonAt) {
      await stack.advanceTo(justBefore(timer.dueSoonAt));
      expect(await emailCounts(late, timer.kind)).toEqual(counts());
      await stack.advanceTo(timer.dueSoonAt);
      expect(await emailCounts(late, timer.kind)).toEqual(counts({ dueSoon: 1 }));
    }
    if (timer.remindAt) {
      await stack.advanceTo(justBefore(timer.remindAt));
      expect(await emailCounts(late, timer.kind)).toEqual(counts({ dueSoon: soon }));
      await stack.advanceTo(timer.remindAt);
      expect(await emailCounts(late, timer.kind)).toEqual(counts({ dueSoon: soon, dueToday: 1 }));
    }
    await stack.advanceTo(justBefore(timer.dueAt));
    await record(prompt, timer.done);
    expect((await emailCounts(late, timer.kind)).overdue).toBe(0);

    await stack.advanceTo(timer.dueAt);
    expect((await emailCounts(late, timer.kind)).overdue).toBe(1);
    expect(await deadlineEmails(late, timer.kind, MANAGER)).toHaveLength(timer.escalates ? 1 : 0);

    // Two days on (before any recurring review comes round again): the prompt case was never chased, the late one once of each.
    await stack.advanceTo(new Date(Date.parse(timer.dueAt) + 2 * 24 * 3600 * 1000).toISOString());
    expect((await emailCounts(prompt, timer.kind)).overdue).toBe(0);
    expect(await emailCounts(late, timer.kind)).toEqual(counts({ dueSoon: soon, dueToday: timer.remindAt ? 1 : 0, overdue: 1 }));
  });

  it('chases the DBS referral every five working days until the officer confirms it, and no more after', async () => {
    stack = await startTestStack(RECEIVED);
    const c = await openCase();
    await stack.advanceTo('2026-11-24T10:00:00Z');
    await record(c, { kind: 'outcome', result: { outcome: 'substantiated', conclusions: ['dismissed'], investigationCompleted: true } });
    await stack.advanceTo(justBefore('2026-12-01T17:00:00Z'));
    // Told of on Friday 27 November, two working days ahead.
    expect(await emailCounts(c, 'dbsReferral')).toEqual(counts({ dueSoon: 1 }));
    await stack.advanceTo('2026-12-08T17:00:00Z'); // due 1 December, chased again 8 December (told of on 4 December)
    expect(await emailCounts(c, 'dbsReferral')).toEqual(counts({ dueSoon: 2, overdue: 2 }));
    await record(c, { kind: 'dbs-referral-confirmed' });
    await stack.advanceTo('2027-01-29T17:00:00Z');
    expect(await emailCounts(c, 'dbsReferral')).toEqual(counts({ dueSoon: 2, overdue: 2 }));
    const status = (await stack.get(`/cases/${c.caseId}`)).body;
    expect(status.pendingDeadlines.map((d: { kind: string }) => d.kind)).not.toContain('dbsReferral');
  });
});

describe('notice before a deadline', () => {
  it('counts back over Christmas: a review set ten working days ahead is told of on Christmas Eve, then on its day, then overdue, each once', async () => {
    // Decided on Monday 14 December 2026; 25 and 28 December are bank holidays, so the review falls due on Wednesday 30 December.
    stack = await startTestStack('2026-12-14T10:00:00Z');
    const lado = `lado-${randomUUID().slice(0, 8)}@lado.example.gov.uk`;
    const { caseId } = (await stack.post('/referrals', completeReferral())).body;
    await stack.advanceTo('2026-12-14T15:00:00Z');
    const decided = await stack.post(
      `/cases/${caseId}/decisions`,
      { kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'consultation', allocatedTo: { officerId: 'lado.7', email: lado } },
      DUTY_LADO,
    );
    expect(decided.status).toBe(202);
    const c = { caseId, lado };

    await stack.advanceTo('2026-12-24T08:59:59Z');
    expect(await emailCounts(c, 'consultationReview')).toEqual(counts());
    await stack.advanceTo('2026-12-24T09:00:00Z');
    expect(await emailCounts(c, 'consultationReview')).toEqual(counts({ dueSoon: 1 }));
    await stack.advanceTo('2026-12-30T08:59:59Z');
    expect(await emailCounts(c, 'consultationReview')).toEqual(counts({ dueSoon: 1 }));
    await stack.advanceTo('2026-12-30T09:00:00Z');
    expect(await emailCounts(c, 'consultationReview')).toEqual(counts({ dueSoon: 1, dueToday: 1 }));
    await stack.advanceTo('2026-12-30T17:00:00Z');
    await stack.advanceTo('2027-01-04T12:00:00Z');
    expect(await emailCounts(c, 'consultationReview')).toEqual(counts({ dueSoon: 1, dueToday: 1, overdue: 1 }));

    const soon = (await stack.emailsTo(lado)).find((email) => email.subject.startsWith('Due soon: '));
    expect(soon?.body.text).toMatch(/falls due at Wednesday,? 30 December 2026/);
    const { events } = (await stack.get(`/cases/${caseId}/history`)).body as { events: Array<{ type: string; at: string }> };
    expect(events.filter((e) => e.type === 'DeadlineApproaching').map((e) => e.at.slice(0, 16))).toEqual(['2026-12-24T09:00']);
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

  it('sends no overdue email when a consultation open for seven weeks becomes an allegation: its targets start then', async () => {
    stack = await startTestStack(RECEIVED);
    const c = await openCase('consultation');
    await stack.advanceTo('2027-01-14T10:00:00Z');
    const overdue = async () => [...(await stack!.emailsTo(c.lado)), ...(await stack!.emailsTo(MANAGER))].filter((e) => e.subject.includes(c.caseId) && e.subject.startsWith('Overdue'));
    const before = (await overdue()).length;
    await record(c, { kind: 'escalate-to-allegation', harmCriteria: ['risk-of-harm'] });
    await record(c, { kind: 'tracks', police: false, section47: true, employer: 'action-without-disciplinary' });
    await stack.advanceTo('2027-01-14T16:59:00Z');
    expect(await overdue()).toHaveLength(before);
    const status = (await stack.get(`/cases/${c.caseId}`)).body;
    const due = Object.fromEntries(status.pendingDeadlines.map((d: { kind: string; dueAt: string }) => [d.kind, d.dueAt]));
    expect(due).toMatchObject({
      employerAction: '2027-01-19T17:00:00.000Z', // 3 working days from the escalation
      strategyMeeting: '2027-01-25T17:00:00.000Z', // 7 working days from the escalation
      resolutionOneMonth: '2027-02-15T17:00:00.000Z', // a month from the escalation, 14 February being a Sunday
    });
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
    for (const body of [
      { kind: 'dbs-referral-confirmed' },
      { kind: 'regulator-referral-considered', referred: true },
      { kind: 'lessons-learned-done' },
      { kind: 'feedback-given', givenBy: 'social worker' },
      { kind: 'close' },
    ]) {
      await record(c, body);
    }
    officerRecords += 6;
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
