import { createWorkingCalendar } from '../../../functions/domain/calendar';
import type { CaseEvent, CaseRecord } from '../../../functions/domain/case';
import {
  checkCompleteness,
  decideThreshold,
  fireDueDeadlines,
  goesOnToManagement,
  handOver,
  isRefusal,
  receiveReferral,
  recordEmailSent,
  recordEmailUndeliverable,
  recordOfficerEvent,
  recordReceipt,
  resubmit,
  type ReferralSource,
  type Refusal,
  type Transition,
} from '../../../functions/domain/lifecycle-rules';
import type { AwaitedInput } from '../../../functions/domain/lifecycle-contract';
import { officerDecisionSchema, type OfficerEvent } from '../../../functions/domain/officer-records';
import type { PortalReferral, Referral, Resubmission } from '../../../functions/domain/referral-schema';
import type { CaseTrail, StoredEventLike } from '../../../functions/domain/report/annual-report';
import { anonymisedEvent, disposeOfPersonalData } from '../../../functions/domain/retention';
import type { ThresholdDecision } from '../../../functions/domain/threshold-decision';
import { completeReferral } from '../../support/referrals';

/**
 * Trails for the report's tests, made as the service makes them: each
 * command of the lifecycle core (lifecycle-rules.ts) applied in turn, and
 * saved as the store saves it (functions/shared/case-store.ts): the first
 * event of each change carrying the fields it changed and the version, and
 * those it removed.
 */
export const calendar = createWorkingCalendar();
const why = 'Recorded after discussion with the case manager.';
export const lado = (officerId: string) => ({ officerId, email: `${officerId}@lado.example.gov.uk` });

type Stored = CaseRecord & { version: number };

function changesBetween(before: Partial<Stored>, after: Stored): Pick<StoredEventLike, 'changes' | 'removed'> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(after)) {
    if (JSON.stringify(value) !== JSON.stringify((before as Record<string, unknown>)[field])) changes[field] = value;
  }
  const removed = Object.keys(before).filter((field) => !(field in after));
  return { changes, ...(removed.length ? { removed } : {}) };
}

function applied<T extends Transition>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) throw new Error(`Refused: ${outcome.message}`);
  return outcome;
}

export const thresholdDecision = (outcome: ThresholdDecision['outcome'], officer = 'lado.7', extra: Record<string, unknown> = {}): ThresholdDecision =>
  officerDecisionSchema.parse({
    kind: 'threshold',
    officerId: 'duty.1',
    rationale: why,
    outcome,
    ...(outcome === 'allegation' ? { harmCriteria: ['harmed-child'], allocatedTo: lado(officer) } : {}),
    ...(outcome === 'consultation' ? { allocatedTo: lado(officer) } : {}),
    ...(outcome === 'no-further-action' ? { category: 'employer-procedures' } : {}),
    ...(outcome === 'transfer' ? { receivingAuthority: { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' } } : {}),
    ...extra,
  }) as ThresholdDecision;

export const officerRecord = (input: Record<string, unknown>, officer = 'lado.7'): OfficerEvent =>
  officerDecisionSchema.parse({ officerId: officer, rationale: why, ...input }) as OfficerEvent;

/** A referral about a setting, with the category, children and flags a test needs. */
export function referralAbout(options: {
  sector?: PortalReferral['employer']['sector'];
  subsector?: string;
  employer?: string;
  postcode?: string;
  category?: PortalReferral['allegation']['category'];
  children?: PortalReferral['children'];
  immediateRisk?: boolean;
  withoutDateOfBirth?: boolean;
  employmentBasis?: PortalReferral['subject']['employmentBasis'];
  /** The referral names no sector. */
  noSector?: boolean;
} = {}): PortalReferral {
  const referral = completeReferral();
  const { dateOfBirth, ...subjectWithoutDateOfBirth } = referral.subject;
  const subject = options.withoutDateOfBirth ? subjectWithoutDateOfBirth : { ...referral.subject, dateOfBirth };
  const { sector: _sector, ...employerWithoutSector } = referral.employer;
  return {
    ...referral,
    subject: { ...subject, ...(options.employmentBasis ? { employmentBasis: options.employmentBasis } : {}) },
    employer: {
      ...(options.noSector ? employerWithoutSector : referral.employer),
      ...(options.employer ? { name: options.employer } : {}),
      ...(options.postcode ? { address: { line1: '1 School Road', town: 'Maidstone', postcode: options.postcode } } : {}),
      ...(options.sector ? { sector: options.sector } : {}),
      ...(options.subsector ? { subsector: options.subsector } : {}),
    },
    ...(options.children ? { children: options.children } : {}),
    allegation: {
      ...referral.allegation,
      arose: '2026-03-01',
      ...(options.category ? { category: options.category } : {}),
      ...(options.immediateRisk ? { immediateRisk: true } : {}),
    },
  };
}

/** One case and its trail, a command at a time. */
export class TrailBuilder {
  record: Stored;
  events: StoredEventLike[] = [];

  private constructor(start: Transition) {
    this.record = { ...start.next, version: 1 };
    const [first, ...rest] = start.events;
    this.events.push({ ...first!, changes: { ...this.record } }, ...rest);
  }

  /** A referral received at `at` (the portal's, or keyed in by staff). */
  static receive(referral: Referral | PortalReferral, at: string, source?: ReferralSource): TrailBuilder {
    return new TrailBuilder(receiveReferral(referral as Referral, new Date(at), source));
  }

  get caseId(): string {
    return this.record.caseId;
  }

  /** Whether the emails each change owes are sent ten seconds after it, as the notifier does; off to leave them owed. */
  autoSend = true;

  /** Saves a change as the store does; a change with no events changes nothing. */
  apply(outcome: Transition | Refusal): this {
    this.save(applied(outcome));
    if (this.autoSend && this.record.owedEmails?.length) {
      const at = new Date(Date.parse(this.events.at(-1)!.at) + 10_000).toISOString();
      for (const owed of [...this.record.owedEmails]) this.save(recordEmailSent(this.record, owed, new Date(at)));
    }
    return this;
  }

  private save(transition: Transition): void {
    if (transition.events.length === 0) return;
    const next: Stored = { ...transition.next, version: this.record.version + 1 };
    const [first, ...rest] = transition.events as CaseEvent[];
    this.events.push({ ...first!, ...changesBetween(this.record, next) }, ...rest);
    this.record = next;
  }

  receipt(at: string): this {
    return this.apply(recordReceipt(this.record, new Date(at)));
  }

  completeness(at: string): this {
    return this.apply(checkCompleteness(this.record, new Date(at), calendar));
  }

  /** Sends every email the case owes, each recorded sent at `at`. */
  sendEmails(at: string): this {
    for (const owed of [...(this.record.owedEmails ?? [])]) this.apply(recordEmailSent(this.record, owed, new Date(at)));
    return this;
  }

  /** The owed email of a kind could not be delivered. */
  undeliverable(kind: string, at: string): this {
    const owed = (this.record.owedEmails ?? []).find((email) => email.kind === kind);
    if (!owed) throw new Error(`No ${kind} email is owed`);
    return this.apply(recordEmailUndeliverable(this.record, owed, 'MessageRejected', new Date(at)));
  }

  resubmit(resubmission: Resubmission, at: string): this {
    return this.apply(resubmit(this.record, resubmission, new Date(at)));
  }

  /** The threshold decision; a case it leaves open goes on to its management execution, as the workflow hands it over. */
  decide(decision: ThresholdDecision, at: string): this {
    this.apply(decideThreshold(this.record, decision, new Date(at), calendar));
    if (!goesOnToManagement(this.record)) return this;
    return this.apply(handOver(this.record, { target: { phase: 'management', sequence: 1 }, cause: { type: 'PhaseStarted', actor: 'system' } }, new Date(at)));
  }

  officer(input: Record<string, unknown>, at: string, officerId = 'lado.7'): this {
    return this.apply(recordOfficerEvent(this.record, officerRecord(input, officerId), new Date(at), calendar));
  }

  /** The workflow's timer fires what is due at `at`. */
  fire(awaiting: AwaitedInput, at: string): this {
    return this.apply(fireDueDeadlines(this.record, awaiting, new Date(at), calendar));
  }

  /** Received, its receipt recorded 5 seconds later and acknowledged 10 seconds after that, checked for completeness and, if given, decided: the first days of most referrals. */
  static firstDays(referral: Referral | PortalReferral, receivedAt: string, decision?: { decision: ThresholdDecision; at: string }, source?: ReferralSource): TrailBuilder {
    const plus = (seconds: number) => new Date(Date.parse(receivedAt) + seconds * 1000).toISOString();
    const builder = TrailBuilder.receive(referral, receivedAt, source).receipt(plus(5)).completeness(plus(30));
    return decision ? builder.decide(decision.decision, decision.at) : builder;
  }

  /**
   * The retention job disposes of the case's personal data at `at`: the case
   * keeps its facts, and every event of its trail is rewritten (retention.ts).
   */
  dispose(at: string): this {
    this.apply(disposeOfPersonalData(this.record, new Date(at)));
    this.events = this.events.map((event) => {
      const update = anonymisedEvent(event as Parameters<typeof anonymisedEvent>[0]);
      return update ? { ...event, ...update } : event;
    });
    return this;
  }

  trail(): CaseTrail {
    return { caseId: this.record.caseId, events: structuredClone(this.events) };
  }
}
