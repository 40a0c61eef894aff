import { describe, expect, it } from 'vitest';
import type { ActiveCase } from '../../functions/domain/reconciliation';
import { casesToLookUp, findDrift, OWED_EMAIL_ALERT_MINUTES, RECONCILER_GRACE_MINUTES, reconciliationRequestSchema, whenClosed } from '../../functions/domain/reconciliation';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const A = 'LADO-AAAAAAAAAA';
const B = 'LADO-BBBBBBBBBB';
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const phase = (startedMinutesAgo: number, name: 'first-days' | 'management' = 'first-days', sequence = 1) => ({ name, sequence, startedAt: minutesAgo(startedMinutesAgo), wakes: 0 });
const open = (overrides: Partial<ActiveCase> = {}): ActiveCase => ({ caseId: A, status: 'AWAITING_THRESHOLD_DECISION', receivedAt: minutesAgo(180), phase: phase(120), ...overrides });

describe('findDrift', () => {
  it('finds nothing when every active case has its execution running and nothing is late', () => {
    const cases = [open({ nextWakeAt: minutesAgo(-60), oldestOwedAt: minutesAgo(5) }), open({ caseId: B, phase: phase(120, 'management', 3) })];
    expect(findDrift(cases, [`${A}-first-days`, `${B}-management-3`], new Map(), NOW)).toEqual([]);
  });

  describe('an active case whose execution is not running', () => {
    it('expects the execution its phase names', () => {
      expect(findDrift([open({ phase: phase(120, 'management', 2) })], [], new Map(), NOW)).toEqual([
        { kind: 'caseWithoutExecution', caseId: A, expectedExecution: `${A}-management-2` },
      ]);
    });

    // Intake writes the case, then starts its execution; a portal retry may still start it.
    it('expects the first execution of a case whose receipt never ran (no phase), once received longer ago than the grace period', () => {
      const { phase: _none, ...received } = open({ status: 'RECEIVED' });
      expect(findDrift([{ ...received, receivedAt: minutesAgo(RECONCILER_GRACE_MINUTES - 1) }], [], new Map(), NOW)).toEqual([]);
      expect(findDrift([{ ...received, receivedAt: minutesAgo(RECONCILER_GRACE_MINUTES) }], [], new Map(), NOW)).toEqual([
        { kind: 'caseWithoutExecution', caseId: A, expectedExecution: `${A}-first-days` },
      ]);
    });

    it('is left alone while its phase is younger than the grace period: its handover may still be starting it', () => {
      expect(findDrift([open({ phase: phase(RECONCILER_GRACE_MINUTES - 1, 'first-days', 2) })], [], new Map(), NOW)).toEqual([]);
      // The grace is measured strictly: a phase started exactly that long ago no longer settles.
      expect(findDrift([open({ phase: phase(RECONCILER_GRACE_MINUTES) })], [], new Map(), NOW)).toHaveLength(1);
    });

    it('gets no grace when the caller says none can be settling (after the local engine restarted)', () => {
      expect(findDrift([open({ phase: phase(1) })], [], new Map(), NOW, 0)).toEqual([{ kind: 'caseWithoutExecution', caseId: A, expectedExecution: `${A}-first-days` }]);
    });

    it('is not running if only an earlier execution of its chain runs', () => {
      expect(findDrift([open({ phase: phase(120, 'first-days', 2) })], [`${A}-first-days`], new Map(), NOW)).toEqual([
        { kind: 'caseWithoutExecution', caseId: A, expectedExecution: `${A}-first-days-2` },
      ]);
    });

    it('reports nothing about its deadlines or emails: restarting it deals with them', () => {
      expect(findDrift([open({ nextWakeAt: minutesAgo(600), oldestOwedAt: minutesAgo(600) })], [], new Map(), NOW).map((d) => d.kind)).toEqual(['caseWithoutExecution']);
    });
  });

  describe('a case needing attention', () => {
    const flagged = { step: 'RecordReceipt', errorClass: 'Runtime.ExitError', since: minutesAgo(1), execution: `${A}-first-days` };

    it('is reported at once, with its step and error class, and nothing else about it', () => {
      const cases = [open({ needsAttention: flagged, nextWakeAt: minutesAgo(600), oldestOwedAt: minutesAgo(600) })];
      expect(findDrift(cases, [], new Map(), NOW)).toEqual([{ kind: 'needsAttention', caseId: A, step: 'RecordReceipt', errorClass: 'Runtime.ExitError', since: flagged.since }]);
    });

    it('is reported even for a closed case kept active only by the flag', () => {
      expect(findDrift([open({ status: 'REJECTED', needsAttention: flagged })], [], new Map(), NOW).map((d) => d.kind)).toEqual(['needsAttention']);
    });
  });

  describe('a running case', () => {
    const running = [`${A}-first-days`];

    it('reports a wake more than the grace period past due, naming the execution that should have fired it', () => {
      const dueAt = minutesAgo(RECONCILER_GRACE_MINUTES + 1);
      expect(findDrift([open({ nextWakeAt: dueAt })], running, new Map(), NOW)).toEqual([{ kind: 'deadlinePastDue', caseId: A, dueAt, execution: `${A}-first-days` }]);
    });

    it('allows a wake the grace period to fire: its step may be retrying', () => {
      expect(findDrift([open({ nextWakeAt: minutesAgo(RECONCILER_GRACE_MINUTES) })], running, new Map(), NOW)).toEqual([]);
    });

    it('reports a wake past due even while its phase is settling', () => {
      expect(findDrift([open({ phase: phase(1), nextWakeAt: minutesAgo(120) })], running, new Map(), NOW).map((d) => d.kind)).toEqual(['deadlinePastDue']);
    });

    it('reports an email owed longer than the alert threshold, whatever the grace', () => {
      const owedSince = minutesAgo(OWED_EMAIL_ALERT_MINUTES + 1);
      expect(findDrift([open({ oldestOwedAt: owedSince })], running, new Map(), NOW, 0)).toEqual([{ kind: 'emailOwedTooLong', caseId: A, owedSince }]);
      expect(findDrift([open({ oldestOwedAt: minutesAgo(OWED_EMAIL_ALERT_MINUTES) })], running, new Map(), NOW)).toEqual([]);
    });

    it('reports both a late wake and a long-owed email', () => {
      expect(findDrift([open({ nextWakeAt: minutesAgo(90), oldestOwedAt: minutesAgo(90) })], running, new Map(), NOW).map((d) => d.kind)).toEqual(['deadlinePastDue', 'emailOwedTooLong']);
    });
  });

  describe('a running execution no active case accounts for', () => {
    it('runs for a closed case when the case exists', () => {
      expect(findDrift([], [`${A}-management-4`], new Map([[A, minutesAgo(120)]]), NOW)).toEqual([{ kind: 'executionForClosedCase', caseId: A, execution: `${A}-management-4` }]);
    });

    it('is left to finish while its case closed within the grace period', () => {
      const closedJustNow = new Map([[A, minutesAgo(RECONCILER_GRACE_MINUTES - 1)]]);
      expect(findDrift([], [`${A}-management-4`], closedJustNow, NOW)).toEqual([]);
      expect(findDrift([], [`${A}-management-4`], closedJustNow, NOW, 0)).toHaveLength(1);
    });

    it('dates a closure by the case closing, else its rejection', () => {
      expect(whenClosed({ receivedAt: minutesAgo(300), rejectedAt: minutesAgo(200) })).toBe(minutesAgo(200));
      expect(whenClosed({ receivedAt: minutesAgo(300), closedAt: minutesAgo(100) })).toBe(minutesAgo(100));
    });

    it('runs for an unknown case when no case exists under its id', () => {
      expect(findDrift([], [`${A}-first-days-2`], new Map(), NOW)).toEqual([{ kind: 'executionForUnknownCase', execution: `${A}-first-days-2` }]);
    });

    it('runs for an unknown case when this service did not give its name, whatever the closed cases', () => {
      for (const execution of ['console-test-run', `${A}-management`, `${A}-first-days-x`]) {
        expect(findDrift([], [execution], new Map([[A, minutesAgo(120)]]), NOW)).toEqual([{ kind: 'executionForUnknownCase', execution }]);
      }
    });

    it('is not reported when it is an execution of an active case, the current one or not', () => {
      expect(findDrift([open({ phase: phase(120, 'management', 1) })], [`${A}-management-1`, `${A}-first-days`], new Map(), NOW)).toEqual([]);
    });
  });
});

describe('casesToLookUp', () => {
  it('names each case a running execution stands for that no active case accounts for, once', () => {
    const running = [`${A}-first-days`, `${B}-first-days`, `${B}-management-1`, 'console-test-run'];
    expect(casesToLookUp([open()], running)).toEqual([B]);
  });

  it('names nothing when every execution belongs to an active case', () => {
    expect(casesToLookUp([open(), open({ caseId: B })], [`${A}-first-days`, `${B}-management-2`])).toEqual([]);
  });
});

describe('reconciliationRequestSchema', () => {
  it('checks without repairing unless asked', () => {
    expect(reconciliationRequestSchema.parse({})).toEqual({ repair: false });
    expect(reconciliationRequestSchema.parse({ repair: true })).toEqual({ repair: true });
  });

  it('refuses anything but true or false, and any other field', () => {
    expect(reconciliationRequestSchema.safeParse({ repair: 'yes' }).error?.issues[0]?.message).toBe('repair must be true or false');
    expect(reconciliationRequestSchema.safeParse({ repair: true, force: true }).success).toBe(false);
  });
});
