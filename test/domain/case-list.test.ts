import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case';
import {
  caseListEntry,
  caseListItem,
  caseListQuerySchema,
  caseloads,
  HIGH_CASELOAD,
  nextDeadline,
  officerQueueKey,
  planCaseList,
  type CaseListEntry,
} from '../../functions/domain/case-list';
import { dutyList } from '../../functions/domain/morning-list';
import { completeReferral } from '../support/referrals';

const NOW = new Date('2026-11-25T12:00:00Z');
const SHARDS = ['DUE#0', 'DUE#1'];
const query = (params: Record<string, string>) => caseListQuerySchema.parse(params);

function record(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseId: 'LADO-0000000001',
    submissionId: 'portal-1',
    submissionFingerprint: 'f',
    status: 'ALLEGATION_MANAGEMENT',
    receivedAt: '2026-11-23T10:00:00.000Z',
    referral: completeReferral(),
    missing: [],
    deadlines: [],
    decisions: [],
    ...overrides,
  };
}

const entry = (overrides: Partial<CaseListEntry>): CaseListEntry => ({
  caseId: 'LADO-0000000001',
  status: 'ALLEGATION_MANAGEMENT',
  receivedAt: '2026-11-23T10:00:00.000Z',
  channel: 'portal',
  immediateRisk: false,
  ...overrides,
});

describe('a case as a list shows it', () => {
  it('has as its next deadline the earliest not yet met, overdue ones included, and none once closed', () => {
    const deadlines: CaseRecord['deadlines'] = [
      { kind: 'resolutionOneMonth', dueAt: '2026-12-23T17:00:00.000Z', state: 'pending' },
      { kind: 'strategyMeeting', dueAt: '2026-11-24T17:00:00.000Z', state: 'fired' },
      { kind: 'employerAction', dueAt: '2026-11-20T17:00:00.000Z', state: 'met' },
    ];
    expect(nextDeadline(record({ deadlines }))).toEqual({ kind: 'strategyMeeting', dueAt: '2026-11-24T17:00:00.000Z' });
    expect(nextDeadline(record({ deadlines, status: 'CLOSED' }))).toBeUndefined();
  });

  it('names the channel (portal when none was recorded), the officer and needs-attention, and nothing personal', () => {
    const listed = caseListEntry(
      record({ allocation: { officerId: 'lado.7', email: 'lado7@example.gov.uk' }, needsAttention: { step: 'Notify', errorClass: 'Error', since: '2026-11-24T09:00:00.000Z', execution: 'x' } }),
    );
    expect(listed).toEqual({
      caseId: 'LADO-0000000001',
      status: 'ALLEGATION_MANAGEMENT',
      receivedAt: '2026-11-23T10:00:00.000Z',
      channel: 'portal',
      allocatedTo: 'lado.7',
      immediateRisk: false,
      attentionSince: '2026-11-24T09:00:00.000Z',
    });
    expect(caseListItem(listed, false)).toEqual({
      caseId: 'LADO-0000000001',
      status: 'ALLEGATION_MANAGEMENT',
      stage: 'allegation-management',
      receivedAt: '2026-11-23T10:00:00.000Z',
      channel: 'portal',
      nextDeadline: null,
      needsAttention: true,
    });
    expect(caseListItem(listed, true)).toMatchObject({ allocatedTo: 'lado.7', immediateRisk: false });
  });

  it("sorts an officer's open cases by next deadline before their closed ones", () => {
    const open = officerQueueKey(record({ deadlines: [{ kind: 'strategyMeeting', dueAt: '2026-11-24T17:00:00.000Z', state: 'pending' }] }));
    const openWithout = officerQueueKey(record());
    const closed = officerQueueKey(record({ status: 'CLOSED', closedAt: '2026-11-01T10:00:00.000Z' }));
    expect([closed, openWithout, open].sort()).toEqual([open, openWithout, closed]);
  });
});

describe('the plan of a list', () => {
  const bounds = { from: '2026-11-23T00:00:00.000Z', to: '2026-11-23T23:59:59.999Z' };

  it('reads every status and channel partition by receipt when no filter names a key', () => {
    const plan = planCaseList(query({}), NOW, {}, SHARDS);
    expect(plan.index).toBe('byStatus');
    expect(plan.reads).toHaveLength(8 * 3);
  });

  it('reads the partitions of a status, a stage or a channel, with receipt as the range', () => {
    expect(planCaseList(query({ status: 'CLOSED', channel: 'phone' }), NOW, bounds, SHARDS).reads).toEqual([{ partition: 'CLOSED#phone', ...bounds }]);
    expect(planCaseList(query({ stage: 'closed' }), NOW, {}, SHARDS).reads.map((read) => read.partition)).toEqual([
      'REJECTED#portal',
      'REJECTED#email-form',
      'REJECTED#phone',
      'CLOSED#portal',
      'CLOSED#email-form',
      'CLOSED#phone',
    ]);
  });

  it("reads an officer's partition, up to a due moment when overdue or dueBefore is asked, checking the rest on each entry", () => {
    const plan = planCaseList(query({ officer: 'lado.7', overdue: 'true', status: 'CONSULTATION' }), NOW, {}, SHARDS);
    expect(plan).toMatchObject({ index: 'byOfficer', reads: [{ partition: 'lado.7', from: 'OPEN#', to: `OPEN#${NOW.toISOString()}` }] });
    expect(plan.residual(entry({ allocatedTo: 'lado.7', status: 'CONSULTATION', nextDeadlineAt: '2026-11-24T17:00:00.000Z' }))).toBe(true);
    expect(plan.residual(entry({ allocatedTo: 'lado.7', status: 'ALLEGATION_MANAGEMENT', nextDeadlineAt: '2026-11-24T17:00:00.000Z' }))).toBe(false);
    expect(plan.residual(entry({ allocatedTo: 'lado.7', status: 'CONSULTATION', nextDeadlineAt: '2026-11-26T17:00:00.000Z' }))).toBe(false);
  });

  it('reads the deadline shards up to the earlier of now (overdue) and dueBefore', () => {
    const plan = planCaseList(query({ overdue: 'true', dueBefore: '2026-11-25T09:00:00Z' }), NOW, {}, SHARDS);
    expect(plan).toMatchObject({ index: 'byDeadline', reads: SHARDS.map((partition) => ({ partition, to: '2026-11-25T09:00:00.000Z' })) });
  });

  it('reads the needs-attention partition first of all, checking every other filter on its entries', () => {
    const plan = planCaseList(query({ needsAttention: 'true', officer: 'lado.7', receivedFrom: '2026-11-23', receivedTo: '2026-11-23' }), NOW, bounds, SHARDS);
    expect(plan.index).toBe('needsAttention');
    expect(plan.residual(entry({ allocatedTo: 'lado.7', attentionSince: 'x' }))).toBe(true);
    expect(plan.residual(entry({ allocatedTo: 'lado.7', attentionSince: 'x', receivedAt: '2026-11-24T10:00:00.000Z' }))).toBe(false);
    expect(plan.residual(entry({ allocatedTo: 'lado.8', attentionSince: 'x' }))).toBe(false);
  });

  it('refuses filters that cannot be served, naming each', () => {
    const refused = caseListQuerySchema.safeParse({ status: 'OPEN', stage: 'nowhere', limit: '0', overdue: 'false', receivedFrom: '2026-11-30', receivedTo: '2026-11-01' });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['limit', 'overdue', 'stage', 'status']);
    expect(caseListQuerySchema.safeParse({ receivedFrom: '2026-11-30', receivedTo: '2026-11-01' }).error!.issues[0]!.path).toEqual(['receivedTo']);
    expect(query({}).limit).toBe(25);
  });
});

describe("the manager's caseloads", () => {
  it('counts each officer\'s open cases and overdue ones, flagging a load above 85, most loaded first', () => {
    const many = Array.from({ length: HIGH_CASELOAD + 1 }, (_, i) => entry({ caseId: `LADO-${String(i).padStart(10, '0')}`, allocatedTo: 'lado.busy' }));
    const overdue = entry({ caseId: 'LADO-OVERDUE001', allocatedTo: 'lado.7', nextDeadlineAt: '2026-11-24T17:00:00.000Z' });
    const { officers, overdue: late } = caseloads([...many, overdue, entry({ caseId: 'LADO-NOTDUE0001', allocatedTo: 'lado.7', nextDeadlineAt: '2026-11-26T17:00:00.000Z' })], NOW);
    expect(officers).toEqual([
      { officerId: 'lado.busy', openCases: 86, overdue: 0, aboveThreshold: true },
      { officerId: 'lado.7', openCases: 2, overdue: 1, aboveThreshold: false },
    ]);
    expect(late).toEqual([overdue]);
  });

  it('does not flag exactly 85: a high caseload is "more than 85" (seeds/003 §3.5)', () => {
    const load = Array.from({ length: 85 }, (_, i) => entry({ caseId: `LADO-${String(i).padStart(10, '0')}`, allocatedTo: 'lado.full' }));
    expect(caseloads(load, NOW).officers[0]).toMatchObject({ openCases: 85, aboveThreshold: false });
  });
});

describe("the duty LADO's list", () => {
  it('puts immediate risk first, then the decision due soonest, then the oldest', () => {
    const list = dutyList([
      { caseId: 'A', receivedAt: '2026-11-23T09:00:00.000Z', immediateRisk: false, decisionDueAt: '2026-11-24T17:00:00.000Z' },
      { caseId: 'B', receivedAt: '2026-11-23T12:00:00.000Z', immediateRisk: true, decisionDueAt: '2026-11-24T17:00:00.000Z' },
      { caseId: 'C', receivedAt: '2026-11-20T09:00:00.000Z', immediateRisk: false, decisionDueAt: '2026-11-23T17:00:00.000Z' },
      { caseId: 'D', receivedAt: '2026-11-22T09:00:00.000Z', immediateRisk: false, decisionDueAt: '2026-11-24T17:00:00.000Z' },
    ]);
    expect(list.map((item) => item.caseId)).toEqual(['B', 'C', 'D', 'A']);
  });
});
