import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { pendingDeadlines, type CaseRecord } from '../../functions/domain/case';
import { checkCompleteness, closeCase, decideThreshold, handOver, isRefusal, receiveReferral, recordOfficerEvent, recordReceipt, STOPPED_WORKFLOW_MESSAGE, type Refusal, type Transition } from '../../functions/domain/lifecycle-rules';
import { officerDecisionSchema, type OfficerEvent } from '../../functions/domain/officer-records';
import { reopenCase, reopeningSchema } from '../../functions/domain/reopening';
import type { ThresholdDecision } from '../../functions/domain/threshold-decision';
import { completeReferral } from '../support/referrals';

/**
 * Reopening a closed case: to the status it was closed from, with the
 * deadlines that status needs counted from the reopening, and its wait open
 * for the workflow that runs it again; refused, saying why, when it cannot be.
 */
const calendar = createWorkingCalendar();
const at = (iso: string) => new Date(iso);
const why = 'Recorded after discussion with the case manager.';
const LADO = { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' };
const MANAGER = { officerId: 'manager.1', rationale: 'The police have new evidence about the same allegation.' };
// Thursday 3 December 2026, 10:00 GMT.
const REOPENED = at('2026-12-03T10:00:00Z');

function applied<T extends Transition>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) throw new Error(`Refused: ${outcome.message}`);
  return outcome;
}

const threshold = (input: Record<string, unknown>) => officerDecisionSchema.parse({ kind: 'threshold', officerId: 'duty.1', rationale: why, ...input }) as ThresholdDecision;
const record = (input: Record<string, unknown>) => officerDecisionSchema.parse({ officerId: LADO.officerId, rationale: why, ...input }) as OfficerEvent;

/** The case with every email it owed sent. */
function sent({ owedEmails: _sent, ...record }: CaseRecord): CaseRecord {
  return record;
}

function decided(decision: ThresholdDecision): CaseRecord {
  const MONDAY = at('2026-11-23T09:30:00Z');
  const awaiting = sent(checkCompleteness(recordReceipt(receiveReferral(completeReferral(), MONDAY).next, MONDAY).next, MONDAY, calendar).next);
  const next = sent(applied(decideThreshold(awaiting, decision, at('2026-11-23T15:00:00Z'), calendar)).next);
  return next.status === 'CLOSED' ? next : handOver(next, { target: { phase: 'management', sequence: 1 }, cause: { type: 'PhaseStarted', actor: 'system' } }, at('2026-11-23T15:00:01Z')).next;
}

function closedConsultation(): CaseRecord {
  const consultation = decided(threshold({ outcome: 'consultation', allocatedTo: LADO }));
  return sent(applied(recordOfficerEvent(consultation, record({ kind: 'close-consultation', outcome: 'advice or signposting' }), at('2026-11-27T11:00:00Z'), calendar)).next);
}

/** An allegation closed after its outcome (the duties' records left out: the closing record decides what it reopens to). */
function closedAllegation(complex = false): CaseRecord {
  const allegation = decided(threshold({ outcome: 'allegation', harmCriteria: ['harmed-child'], allocatedTo: LADO }));
  const close = { decision: record({ kind: 'close' }), decidedBy: LADO.officerId, decidedAt: '2026-11-30T11:00:00.000Z' };
  return closeCase({ ...allegation, complex, decisions: [...allegation.decisions, close] }, at('2026-11-30T11:00:00Z'), 'Allegation concluded: unfounded');
}

const pending = (c: CaseRecord) => pendingDeadlines(c).map(({ kind, dueAt }) => [kind, dueAt]);

describe('reopening a closed case', () => {
  it('reopens a consultation to CONSULTATION, its review due 10 working days from the reopening, its wait open for officers’ records', () => {
    const closed = closedConsultation();
    expect(closed).toMatchObject({ status: 'CLOSED', consultationOutcome: 'advice or signposting' });
    const reopened = applied(reopenCase(closed, MANAGER, REOPENED, calendar));
    expect(reopened.next).toMatchObject({ status: 'CONSULTATION', awaiting: { kind: 'officerEvent', since: REOPENED.toISOString() } });
    expect(reopened.awaits).toBe('officerEvent');
    expect(pending(reopened.next)).toEqual([['consultationReview', '2026-12-17T17:00:00.000Z']]);
    // Open again: no closure, no retention date, no outcome until it closes again; its records all stay.
    for (const field of ['closedAt', 'closure', 'consultationOutcome']) expect(reopened.next).not.toHaveProperty(field);
    expect(reopened.next.decisions).toEqual(closed.decisions);
    expect(reopened.next.deadlines.slice(0, closed.deadlines.length)).toEqual(closed.deadlines);
  });

  it('records who, when and why, and what it reopened to', () => {
    const closed = closedConsultation();
    expect(applied(reopenCase(closed, MANAGER, REOPENED, calendar)).events).toEqual([
      {
        type: 'CaseReopened',
        actor: 'manager.1',
        at: REOPENED.toISOString(),
        rationale: MANAGER.rationale,
        details: { reopenedTo: 'CONSULTATION', closedAt: '2026-11-27T11:00:00.000Z' },
      },
    ]);
  });

  it('reopens a concluded allegation to management, with its review, more often when complex', () => {
    const reopened = applied(reopenCase(closedAllegation(), MANAGER, REOPENED, calendar));
    expect(reopened.next.status).toBe('ALLEGATION_MANAGEMENT');
    // Twenty working days, over Christmas and New Year.
    expect(pending(reopened.next)).toEqual([['ladoReview', '2027-01-05T17:00:00.000Z']]);
    expect(pending(applied(reopenCase(closedAllegation(true), MANAGER, REOPENED, calendar)).next)).toEqual([['ladoReviewComplex', '2026-12-17T17:00:00.000Z']]);
  });

  it('reopens a case closed at its threshold decision to await a new one, the duty LADO chased from the reopening', () => {
    const closed = decided(threshold({ outcome: 'no-further-action', category: 'employer-procedures' }));
    expect(closed.status).toBe('CLOSED');
    const reopened = applied(reopenCase(closed, MANAGER, REOPENED, calendar));
    expect(reopened.next).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', awaiting: { kind: 'thresholdDecision' } });
    expect(reopened.awaits).toBe('thresholdDecision');
    expect(pending(reopened.next)).toEqual([
      ['initialConsiderationChase', '2026-12-04T17:00:00.000Z'],
      ['initialConsiderationEscalation', '2026-12-07T17:00:00.000Z'],
    ]);
  });
});

describe('what is not reopened', () => {
  const message = (record: CaseRecord) => {
    const outcome = reopenCase(record, MANAGER, REOPENED, calendar);
    if (!isRefusal(outcome)) throw new Error('Reopened where a refusal was expected');
    return outcome;
  };

  it('an open case, a rejected referral, or one disposed of', () => {
    const closed = closedConsultation();
    expect(message({ ...closed, status: 'CONSULTATION' }).message).toBe('Only a closed case can be reopened: this one is open, its status CONSULTATION.');
    expect(message({ ...closed, status: 'REJECTED' }).message).toMatch(/rejected referral is not reopened: the referrer submits a new referral/);
    expect(message({ ...closed, disposedAt: REOPENED.toISOString() }).message).toMatch(/disposed of .* cannot be reopened/);
  });

  it('a case still sending its closing emails, or stopped for operations', () => {
    const closed = closedConsultation();
    expect(message({ ...closed, owedEmails: [{ key: 'k', kind: 'transferNotice', owedSince: REOPENED.toISOString() }] }).message).toMatch(/still sending its closing emails/);
    expect(message({ ...closed, needsAttention: { step: 's', errorClass: 'Error', since: REOPENED.toISOString(), execution: 'x' } })).toEqual({ refused: 'stopped', message: STOPPED_WORKFLOW_MESSAGE });
  });

  it('a request without a reason', () => {
    expect(reopeningSchema.safeParse({ officerId: 'manager.1', rationale: 'because' }).success).toBe(false);
    expect(reopeningSchema.safeParse({ officerId: 'manager.1' }).success).toBe(false);
    expect(reopeningSchema.safeParse(MANAGER).success).toBe(true);
  });
});
