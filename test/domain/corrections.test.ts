import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import type { CaseEvent, CaseRecord } from '../../functions/domain/case';
import { correctRecord, correctionSchema, type Correction, type IdentifiedEvent } from '../../functions/domain/corrections';
import { checkCompleteness, decideThreshold, fireDueDeadlines, handOver, isRefusal, receiveReferral, recordOfficerEvent, recordReceipt, STOPPED_WORKFLOW_MESSAGE, type Refusal, type Transition } from '../../functions/domain/lifecycle-rules';
import { officerDecisionSchema, type OfficerDecision, type OfficerEvent } from '../../functions/domain/officer-records';
import type { ThresholdDecision } from '../../functions/domain/threshold-decision';
import { completeReferral } from '../support/referrals';

/**
 * Correcting a mistaken record: the case is rebuilt from its trail with the
 * correction in place of the original, each later record applied again by
 * its own rule; what cannot be corrected is refused, saying why.
 */
const calendar = createWorkingCalendar();
const at = (iso: string) => new Date(iso);
const why = 'Recorded after discussion with the case manager.';
const LADO = { officerId: 'lado.7', email: 'lado7@lado.example.gov.uk' };

function applied<T extends Transition>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) throw new Error(`Refused: ${outcome.message}`);
  return outcome;
}
function refused(outcome: Transition | Refusal): Refusal {
  if (!isRefusal(outcome)) throw new Error('Applied where a refusal was expected');
  return outcome;
}

const record = (input: Record<string, unknown>) => officerDecisionSchema.parse({ officerId: LADO.officerId, rationale: why, ...input }) as OfficerEvent;
const allegation = (extra: Record<string, unknown> = {}) =>
  officerDecisionSchema.parse({ kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'allegation', harmCriteria: ['harmed-child'], allocatedTo: LADO, ...extra }) as ThresholdDecision;

/**
 * A case and its trail, as the store keeps them: one change per command, its
 * first event carrying the case it left and the version it was saved as.
 */
class Story {
  case: CaseRecord;
  trail: IdentifiedEvent[] = [];

  constructor(start: Transition) {
    this.case = start.next;
    this.keep(start.events, start.next, {});
  }

  private keep(events: CaseEvent[], next: CaseRecord, before: Partial<CaseRecord>): void {
    const version = this.trail.filter((event) => event.changes).length + 1;
    const removed = Object.keys(before).filter((field) => !(field in next));
    events.forEach((event, place) =>
      this.trail.push({
        ...event,
        id: `${event.at}#${String(version).padStart(8, '0')}.${String(place).padStart(2, '0')}ab12`,
        ...(place === 0 ? { changes: { ...next, version }, ...(removed.length ? { removed } : {}) } : {}),
      }),
    );
  }

  then(step: (current: CaseRecord) => Transition | Refusal): this {
    const transition = applied(step(this.case));
    if (transition.events.length) this.keep(transition.events, transition.next, this.case);
    this.case = transition.next;
    return this;
  }

  /** The id of the event that recorded the nth officer's record (0: the threshold decision). */
  recordEvent(n: number): string {
    return this.trail.filter((event) => event.type === 'ThresholdDecisionRecorded' || event.type.startsWith('Officer:'))[n]!.id;
  }
}

/**
 * An allegation decided on Monday 23 November 2026 at 15:00, handed to
 * management, its tracks recorded on Tuesday at 10:00 with employer action
 * without disciplinary, and a review done on Wednesday at 11:00.
 */
function managedStory(tracks: Record<string, unknown> = { employer: 'action-without-disciplinary' }): Story {
  const MONDAY = at('2026-11-23T09:30:00Z');
  return new Story(receiveReferral(completeReferral(), MONDAY))
    .then((c) => recordReceipt(c, MONDAY))
    .then((c) => checkCompleteness(c, at('2026-11-23T09:31:00Z'), calendar))
    .then((c) => decideThreshold(c, allegation(), at('2026-11-23T15:00:00Z'), calendar))
    .then((c) => handOver(c, { target: { phase: 'management', sequence: 1 }, cause: { type: 'PhaseStarted', actor: 'system' } }, at('2026-11-23T15:00:01Z')))
    .then((c) => recordOfficerEvent(c, record({ kind: 'tracks', police: false, section47: false, ...tracks }), at('2026-11-24T10:00:00Z'), calendar))
    .then((c) => recordOfficerEvent(c, record({ kind: 'review-done' }), at('2026-11-25T11:00:00Z'), calendar));
}

const NOW = at('2026-11-26T12:00:00Z');
const correction = (story: Story, n: number, corrected: Record<string, unknown>, extra: Partial<Correction> = {}): Correction =>
  correctionSchema.parse({ officerId: 'lado.9', rationale: 'The employer track was entered wrongly.', eventId: story.recordEvent(n), record: corrected, ...extra });
const tracksAs = (employer: string) => ({ kind: 'tracks', officerId: LADO.officerId, rationale: why, police: false, section47: false, employer });
const correct = (story: Story, fix: Correction) => correctRecord(story.case, story.trail, fix, NOW, calendar);
const deadlines = (c: CaseRecord, ...kinds: string[]) => c.deadlines.filter((d) => kinds.includes(d.kind)).map(({ kind, dueAt, state }) => [kind, dueAt, state]);

describe('a correction', () => {
  it('rebuilds the case with the corrected record in place of the original, and the later records applied again', () => {
    const story = managedStory();
    expect(deadlines(story.case, 'employerAction', 'disciplinaryHearing')).toEqual([['employerAction', expect.any(String), 'pending']]);
    const fixed = applied(correct(story, correction(story, 1, tracksAs('hearing-without-investigation'))));
    expect(fixed.next.tracks).toEqual({ police: false, section47: false, employer: 'hearing-without-investigation' });
    // The employer action the mistaken record called for goes; the hearing it should have called for comes, as that record would have set it.
    const asRecorded = managedStory({ employer: 'hearing-without-investigation' }).case;
    expect(deadlines(fixed.next, 'employerAction', 'disciplinaryHearing')).toEqual(deadlines(asRecorded, 'employerAction', 'disciplinaryHearing'));
    expect(deadlines(fixed.next, 'disciplinaryHearing')).toEqual([['disciplinaryHearing', expect.any(String), 'pending']]);
    // Every record stays, with its author and time; the corrected one says who corrected it and when.
    expect(fixed.next.decisions.map((d) => [d.decision.kind, d.decidedBy, d.decidedAt])).toEqual(story.case.decisions.map((d) => [d.decision.kind, d.decidedBy, d.decidedAt]));
    expect(fixed.next.decisions[1]).toMatchObject({ decision: tracksAs('hearing-without-investigation'), corrected: { by: 'lado.9', at: NOW.toISOString() } });
    expect(fixed.next.decisions[2]).not.toHaveProperty('corrected');
    // What the workflow made of the case stays as it is.
    for (const field of ['status', 'phase', 'awaiting', 'allocation', 'receiptRecordedAt', 'owedEmails'] as const) expect(fixed.next[field]).toEqual(story.case[field]);
  });

  it('is recorded with who, when, why and which event, and leaves the original record in the trail', () => {
    const story = managedStory();
    const fix = correction(story, 1, tracksAs('hearing-without-investigation'));
    const fixed = applied(correct(story, fix));
    expect(fixed.events).toEqual([
      {
        type: 'RecordCorrected',
        actor: 'lado.9',
        at: NOW.toISOString(),
        rationale: 'The employer track was entered wrongly.',
        details: { eventId: fix.eventId, kind: 'tracks', recordedAt: '2026-11-24T10:00:00.000Z' },
      },
    ]);
    expect(fixed.emails).toEqual([]);
  });

  it('wakes the workflow when the rebuilt case must act sooner than it planned, and not when later', () => {
    const slow = managedStory({ employer: 'investigation' });
    expect(applied(correct(slow, correction(slow, 1, tracksAs('action-without-disciplinary')))).wakeWorkflow).toBe(true);
    const quick = managedStory();
    expect(applied(correct(quick, correction(quick, 1, tracksAs('investigation')))).wakeWorkflow).toBe(false);
  });

  it('keeps a deadline that fired as it fired, and its emails as they went', () => {
    const due = managedStory().case.deadlines.find((d) => d.kind === 'employerAction')!.dueAt;
    const story = managedStory().then((c) => fireDueDeadlines(c, 'officerEvent', new Date(due), calendar));
    expect(deadlines(story.case, 'employerAction')).toEqual([['employerAction', due, 'fired']]);
    const later = new Date(Date.parse(due) + 60_000);
    const fixed = applied(correctRecord(story.case, story.trail, correction(story, 1, { ...tracksAs('action-without-disciplinary'), section47: true }), later, calendar));
    expect(deadlines(fixed.next, 'employerAction')).toEqual([['employerAction', due, 'fired']]);
    expect(deadlines(fixed.next, 'strategyMeeting')).toEqual([['strategyMeeting', expect.any(String), 'pending']]);
    expect(fixed.next.owedEmails).toEqual(story.case.owedEmails);
  });

  it('sets a deadline the correction calls for, already past due, one working day after the correction, never at once', () => {
    const story = managedStory({ employer: 'investigation' });
    const asRecorded = managedStory().case.deadlines.find((d) => d.kind === 'employerAction')!;
    // Monday 30 November, after the employer action would have fallen due.
    const monday = at('2026-11-30T10:00:00Z');
    expect(Date.parse(asRecorded.dueAt)).toBeLessThan(monday.getTime());
    const fixed = applied(correctRecord(story.case, story.trail, correction(story, 1, tracksAs('action-without-disciplinary')), monday, calendar));
    expect(deadlines(fixed.next, 'employerAction')).toEqual([['employerAction', '2026-12-01T17:00:00.000Z', 'pending']]);
  });

  it('keeps an earlier correction when a later record is corrected', () => {
    const story = managedStory();
    story.then((c) => correctRecord(c, story.trail, correction(story, 1, tracksAs('hearing-without-investigation')), NOW, calendar));
    const review = { kind: 'review-done', officerId: LADO.officerId, rationale: 'Reviewed with the case manager and the police.' };
    const fixed = applied(correctRecord(story.case, story.trail, correction(story, 2, review), at('2026-11-26T13:00:00Z'), calendar));
    expect(fixed.next.tracks).toEqual({ police: false, section47: false, employer: 'hearing-without-investigation' });
    expect(deadlines(fixed.next, 'employerAction', 'disciplinaryHearing')).toEqual(deadlines(story.case, 'employerAction', 'disciplinaryHearing'));
    expect(fixed.next.decisions[1]).toMatchObject({ decision: tracksAs('hearing-without-investigation'), corrected: { by: 'lado.9', at: NOW.toISOString() } });
    expect(fixed.next.decisions[2]).toMatchObject({ decision: review, corrected: { by: 'lado.9', at: '2026-11-26T13:00:00.000Z' } });
  });

  it('may correct the threshold decision within its outcome while it is the latest record', () => {
    const MONDAY = at('2026-11-23T09:30:00Z');
    const story = new Story(receiveReferral(completeReferral(), MONDAY))
      .then((c) => recordReceipt(c, MONDAY))
      .then((c) => checkCompleteness(c, MONDAY, calendar))
      .then((c) => decideThreshold(c, allegation(), at('2026-11-23T15:00:00Z'), calendar));
    const criteria = correctionSchema.parse({
      officerId: 'duty.1',
      rationale: 'The decision named one harm criterion of two.',
      eventId: story.recordEvent(0),
      record: { ...allegation(), harmCriteria: ['harmed-child', 'risk-of-harm'] },
    });
    const fixed = applied(correctRecord(story.case, story.trail, criteria, NOW, calendar));
    expect((fixed.next.decisions[0]!.decision as ThresholdDecision & { harmCriteria: string[] }).harmCriteria).toEqual(['harmed-child', 'risk-of-harm']);
    expect(fixed.next.status).toBe('ALLEGATION_MANAGEMENT');
  });
});

describe('what cannot be corrected', () => {
  const story = managedStory();
  const message = (fix: Correction) => refused(correct(story, fix)).message;

  it('the threshold decision once management has started, or into another outcome', () => {
    const decision = { ...allegation(), harmCriteria: ['harmed-child', 'risk-of-harm'] };
    expect(message(correction(story, 0, decision, { officerId: 'duty.1' }))).toMatch(/cannot be corrected once management has started/);
    const consultation = { kind: 'threshold', officerId: 'duty.1', rationale: why, outcome: 'consultation', allocatedTo: LADO };
    expect(message(correction(story, 0, consultation))).toMatch(/allegation cannot be corrected into consultation: a different route is a new decision/);
  });

  it('a record into another kind, or under another author', () => {
    expect(message(correction(story, 1, { kind: 'review-done', officerId: LADO.officerId, rationale: why }))).toMatch(/"tracks" record can only be corrected into another "tracks" record/);
    expect(message(correction(story, 1, { ...tracksAs('investigation'), officerId: 'lado.9' }))).toMatch(/keeps its author, lado\.7/);
  });

  it('what is no officer’s record, an event the trail does not hold, or a record corrected into itself', () => {
    const receipt = story.trail.find((event) => event.type === 'ReceiptRecorded')!.id;
    expect(message(correction(story, 1, tracksAs('investigation'), { eventId: receipt }))).toMatch(/Only an officer's record can be corrected: .* is a ReceiptRecorded/);
    expect(message(correction(story, 1, tracksAs('investigation'), { eventId: '2026-11-24T10:00:00.000Z#00000099.00zz99' }))).toMatch(/has no event/);
    expect(message(correction(story, 1, tracksAs('action-without-disciplinary')))).toMatch(/same as the record held/);
  });

  it('a correction that would leave a later record invalid', () => {
    const acted = managedStory().then((c) => recordOfficerEvent(c, record({ kind: 'employer-action-taken' }), at('2026-11-26T09:00:00Z'), calendar));
    const outcome = refused(correct(acted, correction(acted, 1, tracksAs('investigation'))));
    expect(outcome).toEqual({
      refused: 'conflict',
      message: 'The correction would make a later record invalid: the "employer-action-taken" record of 2026-11-26T09:00:00.000Z. No employer action is outstanding on this case.',
    });
  });

  it('a record made before the case was reopened', () => {
    const reopened = managedStory().then((c) => ({ next: { ...c, status: 'CONSULTATION' as const }, events: [{ type: 'CaseReopened' as const, actor: 'manager.1', at: NOW.toISOString(), rationale: why }], emails: [] }));
    expect(refused(correct(reopened, correction(reopened, 1, tracksAs('investigation')))).message).toMatch(/made before the case was reopened/);
  });

  it('anything while the workflow is stopped for operations, or once the personal data is disposed of', () => {
    const fix = correction(story, 1, tracksAs('investigation'));
    const stopped = { ...story.case, needsAttention: { step: 'FireOfficerEventDeadlines', errorClass: 'Error', since: NOW.toISOString(), execution: 'x' } };
    expect(correctRecord(stopped, story.trail, fix, NOW, calendar)).toEqual({ refused: 'stopped', message: STOPPED_WORKFLOW_MESSAGE });
    expect(refused(correctRecord({ ...story.case, disposedAt: NOW.toISOString() }, story.trail, fix, NOW, calendar)).message).toMatch(/disposed of/);
  });
});

describe('the request', () => {
  it('names the event by its id in the history, with a rationale and a whole record', () => {
    const base = { officerId: 'lado.9', rationale: 'The employer track was entered wrongly.', eventId: '2026-11-24T10:00:00.000Z#00000007.00ab12', record: tracksAs('investigation') };
    expect(correctionSchema.safeParse(base).success).toBe(true);
    expect(correctionSchema.safeParse({ ...base, eventId: 'EVENT#2026-11-24T10:00:00.000Z#00000007.00ab12' }).success).toBe(false);
    expect(correctionSchema.safeParse({ ...base, rationale: 'typo' }).success).toBe(false);
    expect(correctionSchema.safeParse({ ...base, record: { kind: 'tracks' } }).success).toBe(false);
    const parsed: OfficerDecision = correctionSchema.parse(base).record;
    expect(parsed.kind).toBe('tracks');
  });
});
