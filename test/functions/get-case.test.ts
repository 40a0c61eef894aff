import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredCase } from '../../functions/shared/case-store';
import { handler } from '../../functions/get-case/handler';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import { apiEvent, lambdaContext, officerClaims, responseBody, restoreEnvironment, storedCaseItem, useServiceEnvironment } from './support';

const dynamo = mockClient(DynamoDBDocumentClient);

const CASE_ID = 'LADO-0123456789';
const LADO = { officerId: 'lado.7', email: 'lado7@council.example.gov.uk' };

/** A substantiated allegation with its duties outstanding, in its second management execution, one email bounced. */
const concluded: Partial<StoredCase> = {
  status: 'OUTCOME_DUTIES',
  awaiting: { kind: 'officerEvent', since: '2027-02-01T10:00:00.000Z' },
  allocation: LADO,
  tracks: { police: true, section47: false, employer: 'investigation' },
  complex: false,
  suspended: true,
  outcome: {
    outcome: 'substantiated',
    subOutcome: 'dismissal',
    conclusions: ['dismissed'],
    investigationCompleted: true,
    recordedAt: '2027-02-01T10:00:00.000Z',
    recordedBy: 'lado.7',
  },
  duties: { dbsReferral: 'pending', regulatorReferral: 'pending', lessonsLearned: 'pending' },
  deadlines: [
    { kind: 'dbsReferral', dueAt: '2027-02-15T17:00:00.000Z', state: 'pending' },
    { kind: 'ladoReview', dueAt: '2027-01-15T17:00:00.000Z', state: 'met', settledAt: '2027-01-14T12:00:00.000Z' },
  ],
  decisions: [
    {
      decision: { kind: 'review-done', officerId: 'lado.7', rationale: 'Reviewed with the police; no change.' },
      decidedBy: 'lado.7',
      decidedAt: '2027-01-14T12:00:00.000Z',
    },
  ],
  deliveryProblems: [{ address: 'head@school.example.org', problem: 'Bounce: Permanent', emailKind: 'transferNotice', at: '2027-01-20T09:00:00.000Z' }],
  phase: { name: 'management', sequence: 2, startedAt: '2027-01-30T10:00:00.000Z', wakes: 4 },
};

/** What every caller sees of that case. */
const whereItStands = {
  caseId: CASE_ID,
  status: 'OUTCOME_DUTIES',
  stage: 'outcome-and-duties',
  receivedAt: '2026-11-23T09:30:00.000Z',
  awaiting: 'officerEvent',
  missing: [],
  overdueDeadlines: [],
  pendingDeadlines: [{ kind: 'dbsReferral', dueAt: '2027-02-15T17:00:00.000Z' }],
  owedEmails: [],
  needsAttention: null,
};

const read = (groups: string) =>
  handler(apiEvent({ pathParameters: { caseId: CASE_ID }, claims: officerClaims('someone.1', groups) }), lambdaContext);

beforeEach(() => {
  dynamo.reset();
  useServiceEnvironment(new Date('2027-02-02T09:00:00Z'));
});

afterEach(restoreEnvironment);

describe('a case read by a LADO officer or manager', () => {
  it.each(['lado-officer', 'lado-manager', 'operations,lado-manager'])('shows %s what the case is managed by, and its pending deadlines only', async (groups) => {
    dynamo.on(GetCommand).resolves({ Item: storedCaseItem(concluded) });

    const response = await read(groups);

    expect(response.statusCode).toBe(200);
    expect(responseBody(response)).toEqual({
      ...whereItStands,
      allocatedTo: LADO,
      reportedAtReferral: { policeInvolved: false, socialCareInvolved: false, subjectSuspended: false },
      tracks: concluded.tracks,
      complex: false,
      suspended: true,
      outcome: {
        result: { outcome: 'substantiated', subOutcome: 'dismissal', conclusions: ['dismissed'], investigationCompleted: true },
        recordedBy: 'lado.7',
        recordedAt: '2027-02-01T10:00:00.000Z',
      },
      duties: concluded.duties,
      deliveryProblems: concluded.deliveryProblems,
      decisions: concluded.decisions,
      previouslyKnown: { count: 0, cases: [] },
    });
  });

  it("never shows the referral's content", async () => {
    dynamo.on(GetCommand).resolves({ Item: storedCaseItem(concluded) });

    const text = JSON.stringify(responseBody(await read('lado-officer')));

    for (const personal of PERSONAL_DATA) expect(text).not.toContain(personal);
  });

  it('shows what the referral reported of police, social care and a suspension, for the officer recording the tracks', async () => {
    const referral = completeReferral();
    const reported = { ...referral, allegation: { ...referral.allegation, policeInvolved: true, socialCareInvolved: true, subjectSuspended: false } };
    dynamo.on(GetCommand).resolves({ Item: storedCaseItem({ ...concluded, referral: reported }) });

    expect(responseBody(await read('lado-officer')).reportedAtReferral).toEqual({ policeInvolved: true, socialCareInvolved: true, subjectSuspended: false });
  });

  it('shows how a closed consultation ended', async () => {
    const closure = { reason: 'Consultation closed: the harm threshold was not met', employerRecordsUntil: '2051-06-30', ladoRecordUntil: '2052-03-01' };
    const { outcome: _outcome, duties: _duties, ...consultation } = concluded;
    dynamo.on(GetCommand).resolves({
      Item: storedCaseItem({ ...consultation, status: 'CLOSED', awaiting: undefined, closedAt: '2027-03-01T10:00:00.000Z', closure, consultationOutcome: 'risk assessment' }),
    });

    const view = responseBody(await read('lado-officer'));
    expect(view).toMatchObject({ status: 'CLOSED', consultationOutcome: 'risk assessment' });
    expect(view).not.toHaveProperty('outcome');
  });

  it('shows a closed case with its retention dates', async () => {
    const closure = { reason: 'Every duty that followed the outcome is done.', employerRecordsUntil: '2051-06-30', ladoRecordUntil: '2052-03-01' };
    dynamo.on(GetCommand).resolves({ Item: storedCaseItem({ ...concluded, status: 'CLOSED', awaiting: undefined, closedAt: '2027-03-01T10:00:00.000Z', closure }) });

    expect(responseBody(await read('lado-manager'))).toMatchObject({ status: 'CLOSED', stage: 'closed', closedAt: '2027-03-01T10:00:00.000Z', closure, awaiting: null });
  });
});

describe('a case read by operations', () => {
  it('shows where it stands and which execution runs it: no decision, no officer, no address', async () => {
    dynamo.on(GetCommand).resolves({ Item: storedCaseItem(concluded) });

    const response = await read('operations');

    expect(response.statusCode).toBe(200);
    expect(responseBody(response)).toEqual({
      ...whereItStands,
      executionName: `${CASE_ID}-management-2`,
      undeliveredEmails: 1,
    });
  });

  it('shows the emails the case still owes, by kind and since when only, and why its workflow stopped', async () => {
    const needsAttention = { step: 'FireOfficerEventDeadlines', errorClass: 'ValidationException', since: '2027-02-01T11:00:00.000Z', execution: `${CASE_ID}-management-2` };
    dynamo.on(GetCommand).resolves({
      Item: storedCaseItem({
        ...concluded,
        owedEmails: [{ key: 'dbsReferral-2027-02-01T17:00:00.000Z', kind: 'deadlineOverdue', deadline: 'dbsReferral', dueAt: '2027-02-01T17:00:00.000Z', owedSince: '2027-02-01T17:00:01.000Z' }],
        needsAttention,
      }),
    });

    expect(responseBody(await read('operations'))).toMatchObject({
      owedEmails: [{ kind: 'deadlineOverdue', owedSince: '2027-02-01T17:00:01.000Z' }],
      needsAttention,
    });
  });

  it('names the first-days execution until a management phase starts', async () => {
    dynamo.on(GetCommand).resolves({ Item: storedCaseItem({ status: 'AWAITING_THRESHOLD_DECISION' }) });

    expect(responseBody(await read('operations'))).toMatchObject({ executionName: `${CASE_ID}-first-days`, undeliveredEmails: 0 });
  });
});

it('answers 404 for a case the table does not hold', async () => {
  dynamo.on(GetCommand).resolves({});

  const response = await read('lado-officer');

  expect(response.statusCode).toBe(404);
  expect(responseBody(response)).toEqual({ message: `No case ${CASE_ID}` });
});

it('answers 403 to a signed-in user in none of its groups', async () => {
  const response = await read('portal-admins');

  expect(response.statusCode).toBe(403);
  expect(dynamo.calls()).toHaveLength(0);
});
