import { describe, expect, it } from 'vitest';
import type { AwaitedInput, CaseRecord, CaseStatus } from '../../functions/domain/case';
import { firstDaysStep, IDLE_RECHECK_SECONDS, PHASE_MAX_DAYS, PHASE_MAX_WAKES, phaseDecision } from '../../functions/domain/phases';
import { completeReferral } from '../support/referrals';

const DAY = 24 * 60 * 60;
const STARTED = '2026-10-01T09:00:00.000Z';
/** Ninety days from 1 October 09:00 UTC. */
const PHASE_ENDS = '2026-12-30T09:00:00.000Z';

function caseRecord(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseId: 'LADO-0123456789',
    submissionId: 'portal-submission-0001',
    submissionFingerprint: 'fingerprint-of-the-original-submission',
    status: 'AWAITING_THRESHOLD_DECISION',
    receivedAt: '2026-10-01T08:59:00.000Z',
    referral: completeReferral(),
    missing: [],
    deadlines: [],
    decisions: [],
    ...overrides,
  };
}

const inPhase = (name: 'first-days' | 'management', wakes = 3, status: CaseStatus = name === 'first-days' ? 'AWAITING_THRESHOLD_DECISION' : 'ALLEGATION_MANAGEMENT') =>
  caseRecord({ status, phase: { name, sequence: 1, startedAt: STARTED, wakes } });

describe('the limits of an execution', () => {
  it('are ninety days and 150 wakes, well inside a year and 25,000 history events', () => {
    expect(PHASE_MAX_DAYS).toBe(90);
    expect(PHASE_MAX_WAKES).toBe(150);
    expect(IDLE_RECHECK_SECONDS).toBe(30 * DAY);
  });
});

describe('phaseDecision', () => {
  describe.each([
    ['first-days', 'thresholdDecision'],
    ['first-days', 'resubmission'],
    ['management', 'officerEvent'],
  ] as const)('in a %s execution waiting for %s', (phase, awaiting) => {
    it('waits, at most until the monthly re-check, early in the phase', () => {
      expect(phaseDecision(inPhase(phase), awaiting, new Date('2026-10-02T09:00:00Z'))).toEqual({ next: 'wait', secondsLeft: IDLE_RECHECK_SECONDS });
    });

    it('waits no longer than the phase has left', () => {
      expect(phaseDecision(inPhase(phase), awaiting, new Date('2026-12-22T09:00:00Z'))).toEqual({ next: 'wait', secondsLeft: 8 * DAY });
      expect(phaseDecision(inPhase(phase), awaiting, new Date('2026-12-30T08:59:59.000Z'))).toEqual({ next: 'wait', secondsLeft: 1 });
    });

    it('hands over once the phase has lasted its ninety days, or has less than a whole second left', () => {
      expect(phaseDecision(inPhase(phase), awaiting, new Date(PHASE_ENDS))).toEqual({ next: 'handover', secondsLeft: 1 });
      expect(phaseDecision(inPhase(phase), awaiting, new Date(Date.parse(PHASE_ENDS) - 500))).toEqual({ next: 'handover', secondsLeft: 1 });
      expect(phaseDecision(inPhase(phase), awaiting, new Date('2027-03-01T09:00:00Z'))).toEqual({ next: 'handover', secondsLeft: 1 });
    });

    it('hands over once the phase has woken as often as it may', () => {
      const at = new Date('2026-10-02T09:00:00Z');
      expect(phaseDecision(inPhase(phase, PHASE_MAX_WAKES - 1), awaiting, at).next).toBe('wait');
      expect(phaseDecision(inPhase(phase, PHASE_MAX_WAKES), awaiting, at)).toEqual({ next: 'handover', secondsLeft: 1 });
      expect(phaseDecision(inPhase(phase, PHASE_MAX_WAKES + 3), awaiting, at)).toEqual({ next: 'handover', secondsLeft: 1 });
    });
  });

  it.each([
    ['CLOSED', 'officerEvent'],
    ['CLOSED', 'thresholdDecision'],
    ['REJECTED', 'resubmission'],
    ['REJECTED', 'officerEvent'],
  ] as const)('ends the workflow of a case at %s, whatever it waited for (%s), even past its limits', (status, awaiting) => {
    expect(phaseDecision(caseRecord({ status }), awaiting, new Date('2026-10-02T09:00:00Z'))).toEqual({ next: 'closed', secondsLeft: 1 });
    expect(phaseDecision(inPhase('management', PHASE_MAX_WAKES, status), awaiting, new Date('2027-03-01T09:00:00Z'))).toEqual({ next: 'closed', secondsLeft: 1 });
  });

  it.each(['resubmission', 'thresholdDecision'] as const)('lets a first-days wait for %s with no phase recorded (a case from before phases) wait to the monthly re-check', (awaiting) => {
    expect(phaseDecision(caseRecord(), awaiting, new Date('2026-10-02T09:00:00Z'))).toEqual({ next: 'wait', secondsLeft: IDLE_RECHECK_SECONDS });
  });

  it('hands over a managed case with no phase recorded, so that a management execution is started for it', () => {
    const managed = caseRecord({ status: 'ALLEGATION_MANAGEMENT' });
    expect(phaseDecision(managed, 'officerEvent' as AwaitedInput, new Date('2026-10-02T09:00:00Z'))).toEqual({ next: 'handover', secondsLeft: 1 });
  });
});

describe('firstDaysStep', () => {
  it.each([
    ['RECEIVED', 'checkCompleteness'],
    ['AWAITING_RESUBMISSION', 'awaitResubmission'],
    ['AWAITING_THRESHOLD_DECISION', 'awaitThresholdDecision'],
    ['REJECTED', 'closed'],
    // The threshold decision is recorded: closed by it, or on to management.
    ['ALLEGATION_MANAGEMENT', 'afterThresholdDecision'],
    ['CONSULTATION', 'afterThresholdDecision'],
    ['OUTCOME_DUTIES', 'afterThresholdDecision'],
    ['CLOSED', 'afterThresholdDecision'],
  ] as const)('takes up a referral at %s at %s', (status, step) => {
    expect(firstDaysStep(caseRecord({ status }))).toBe(step);
  });

  it('goes by the status alone, not by what the case awaits', () => {
    expect(firstDaysStep(caseRecord({ status: 'AWAITING_RESUBMISSION', awaiting: undefined }))).toBe('awaitResubmission');
    expect(firstDaysStep(caseRecord({ status: 'RECEIVED', awaiting: { kind: 'resubmission', since: STARTED } }))).toBe('checkCompleteness');
  });
});
