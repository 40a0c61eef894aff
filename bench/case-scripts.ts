import { londonDayBounds } from '../functions/domain/calendar';
import type { CaseStatus } from '../functions/domain/case';
import { ALLOCATED_STATUSES } from '../functions/domain/case-list';
import { deadlineAt, deadlineOnDate, dueWhenSet, type DeadlineKind } from '../functions/domain/deadline-policy';
import { DRIFT_WORKING_DAYS } from '../functions/domain/report/kpis';
import { childFeedbackDutyApplies, dbsReferralDutyApplies, type AllegationOutcome, type FinalConclusion } from '../functions/domain/outcome';
import { HARM_CRITERIA, type Referral } from '../functions/domain/referral-schema';
import {
  ALLEGATION_DAYS,
  COMPLETENESS,
  CONCLUSIONS,
  CONSULTATIONS,
  DUTY_LADO,
  FEEDBACK_GIVEN_BY,
  OFFICER_CASELOAD,
  OFFICER_RESPONSE,
  OUTCOMES,
  TRACKS,
} from './assumptions';
import { Random } from './random';
import { completeReferral, drawProfile, withoutMissing, type ReferralProfile, type ThresholdOutcome } from './referrals';
import { statusAt } from './report-reconciliation';
import type { WorkingTime } from './working-time';

/**
 * What each referral's people do, and when: the referrer submits (and resubmits
 * a returned referral), the duty LADO decides, the allocated LADO records the
 * tracks, acts on each deadline, records the outcome and the duties, and
 * closes the case. Every action is scheduled at its instant on the replay's
 * timeline; acting on a deadline schedules the next one, as the service does.
 */
export interface ApiAnswer {
  status: number;
  body: { caseId?: string; status?: string; message?: string } | undefined;
}

export interface Replay {
  readonly time: WorkingTime;
  /** Nothing is scheduled at or after this instant: the year has ended. */
  readonly endsAt: number;
  readonly seed: number;
  readonly officers: readonly Officer[];
  schedule(at: number, owner: string, action: () => Promise<void>): void;
  post(path: string, body: unknown): Promise<ApiAnswer>;
  readonly tally: WorkloadTally;
}

/** An allocated LADO: `lado.<n>`, her email, and her full-time equivalent (1, or the fraction of a part-timer). */
export interface Officer {
  id: string;
  email: string;
  fte: number;
}

/**
 * The officers of a team of `fte` full-time equivalents: as many full-timers
 * as whole FTEs, and one part-timer for the fraction left (5.8: five, and one
 * at 0.8). See OFFICER_FTE_PER_COUNTY.
 */
export function officerTeam(fte: number): Officer[] {
  if (!(fte > 0)) throw new RangeError('A team needs more than 0 FTE');
  const whole = Math.floor(fte + 1e-9);
  const part = Math.round((fte - whole) * 1000) / 1000;
  const ftes = [...Array.from({ length: whole }, () => 1), ...(part > 0 ? [part] : [])];
  return ftes.map((share, i) => ({ id: `lado.${i + 1}`, email: `lado.${i + 1}@lado.example.gov.uk`, fte: share }));
}

/** How hard an officer's caseload presses on her, from 0 (sustainable or less) to 1 (high), as OFFICER_CASELOAD sets it. */
export function pressureOf(caseload: number, fte: number): number {
  const perFte = caseload / fte;
  const { sustainablePerFte, highPerFte } = OFFICER_CASELOAD;
  return Math.min(1, Math.max(0, (perFte - sustainablePerFte) / (highPerFte - sustainablePerFte)));
}

/**
 * One case as the replay made it: what was sent and recorded on it, and when,
 * to check the annual report against (bench/report-reconciliation.ts). Each
 * instant is the virtual moment the replay acted at; only what happened
 * before the replay's end is here.
 */
export interface CaseFacts {
  caseId: string;
  receivedAt: number;
  /** The London month of receipt, YYYY-MM. */
  month: string;
  sector: string;
  subsector?: string;
  category: string;
  employmentBasis?: string;
  /** One entry per child named: the child's status as sent. */
  childStatuses: string[];
  immediateRisk: boolean;
  /** Returned at receipt for missing key details. */
  returned: boolean;
  /** Working days from the return to the first resubmission, on the service's calendar. */
  resubmittedAfterWorkingDays?: number;
  /** When the referral was complete: its receipt, or the resubmission that completed it. */
  completeAt?: number;
  /** Rejected at the cut-off (the close of working day 3), when that came before the replay's end. */
  rejectedAt?: number;
  threshold?: {
    outcome: ThresholdOutcome;
    at: number;
    /** By the initial consideration's chase deadline, counted from the referral being ready (complete, or received for a child at immediate risk). */
    inTime: boolean;
    workingDays: number;
  };
  /** The LADO the case was allocated to: allegations and consultations. */
  officer?: string;
  consultationOutcome?: string;
  escalatedAt?: number;
  tracks?: { police: boolean; section47: boolean; employer: string };
  /** When each resolution target falls due, counted from the allegation's opening as the deadline policy counts it. */
  resolutionDue?: { resolutionOneMonth: number; resolutionThreeMonths: number; resolutionTwelveMonths: number };
  outcome?: { at: number; outcome: string; subOutcome?: string; conclusions: string[] };
  closedAt?: number;
  /** The London date from which the case counts as drifting if no officer records anything more (21 working days after the last record, or the receipt). */
  driftsOn: string;
}

/** What the replay actually did: the realised workload, to set beside the assumptions. */
export class WorkloadTally {
  submissions = 0;
  decidedReferrals = 0;
  resubmissions = 0;
  rejectedThenSentAgain = 0;
  readonly decisions: Record<string, number> = {};
  readonly officerRecords: Record<string, number> = {};
  readonly outcomes: Record<string, number> = {};
  readonly conclusions: Record<string, number> = {};
  consultationsEscalated = 0;
  readonly consultationOutcomes: Record<string, number> = {};
  casesClosed = 0;
  /** Referrals the portal accepted (each a case), by London month of receipt, by sector and by category. */
  readonly referralsByMonth: Record<string, number> = {};
  readonly referralsBySector: Record<string, number> = {};
  readonly referralsByCategory: Record<string, number> = {};
  /** Referrals returned at receipt for missing details; of them, those rejected at the cut-off before the replay ended. */
  returned = 0;
  rejected = 0;
  /** Every case created, by id. */
  readonly cases = new Map<string, CaseFacts>();
  /** 503s (a dependency briefly unavailable) that the caller sent again under the same key, as the portal and the console do. */
  retriedAfterUnavailable = 0;
  /** Answers other than 202, by status: none are expected. */
  readonly unexpectedAnswers: Record<string, number> = {};
  readonly unexpectedSamples: string[] = [];

  /** Each officer's open allocated cases at the start of a London day, by the instant that day starts. */
  readonly #caseloads = new Map<number, Map<string, number>>();
  /** The officers' responses to deadlines (early, on the day, late), and the pressure each was made under, summed. */
  readonly responses = { early: 0, onTheDay: 0, late: 0, pressureSum: 0 };

  count(table: Record<string, number>, key: string): void {
    table[key] = (table[key] ?? 0) + 1;
  }

  /**
   * An officer's caseload at `dayStartsAt`, the start of a London day: her
   * cases in allegation management, consultation or outcome duties then, as
   * the annual report counts them. Read from what happened before that
   * instant only, which the replay has all done before any action of the
   * day runs, so the figure is the same whatever order the day's actions run in.
   */
  caseloadAt(officerId: string, dayStartsAt: number): number {
    let loads = this.#caseloads.get(dayStartsAt);
    if (!loads) {
      loads = new Map();
      for (const facts of this.cases.values()) {
        if (facts.officer !== undefined && ALLOCATED_STATUSES.includes(statusAt(facts, dayStartsAt - 1) as CaseStatus)) loads.set(facts.officer, (loads.get(facts.officer) ?? 0) + 1);
      }
      this.#caseloads.clear();
      this.#caseloads.set(dayStartsAt, loads);
    }
    return loads.get(officerId) ?? 0;
  }
}

const RATIONALE = 'Recorded after discussion with the case manager.';
const DAY_MS = 24 * 60 * 60 * 1000;

/** One referral of the county-year, from its first submission to its closure (or the year's end). */
export class ReferralScript {
  readonly #replay: Replay;
  readonly #random: Random;
  readonly #profile: ReferralProfile;
  readonly #owner: string;
  readonly #number: number;
  #caseId = '';
  #receivedAt = 0;
  #officer = '';
  #officerEmail = '';
  #officerFte = 1;
  /** The instant of the action running now. */
  #now = 0;
  #facts: CaseFacts | undefined;

  readonly #attempt: number;

  /** A referral sent again after a rejection continues its predecessor's profile and random stream. */
  constructor(replay: Replay, number: number, predecessor?: { profile: ReferralProfile; random: Random; attempt: number }) {
    this.#replay = replay;
    this.#number = number;
    this.#random = predecessor?.random ?? Random.forItem(replay.seed, number);
    this.#profile = predecessor?.profile ?? drawProfile(this.#random);
    this.#attempt = predecessor?.attempt ?? 1;
    // Each submission is its own case, so its actions never queue behind the rejected one's.
    this.#owner = `referral-${number}-${this.#attempt}`;
  }

  /** Schedules the submission. */
  submitAt(at: number): void {
    this.#at(at, () => this.#submit(at));
  }

  #at(at: number, action: () => Promise<void>): void {
    if (at < this.#replay.endsAt) {
      this.#replay.schedule(at, this.#owner, () => {
        this.#now = at;
        return action();
      });
    }
  }

  /** An officer recorded something on the case at `at`: it drifts only from the 21st working day after, if nothing else is recorded. */
  #recorded(at: number): void {
    if (this.#facts) this.#facts.driftsOn = this.#replay.time.calendar.addWorkingDays(new Date(at), DRIFT_WORKING_DAYS + 1);
  }

  async #post(path: string, body: unknown, what: string): Promise<ApiAnswer> {
    const answer = await this.#replay.post(path, body);
    if (answer.status !== 202) {
      const { tally } = this.#replay;
      tally.count(tally.unexpectedAnswers, String(answer.status));
      if (tally.unexpectedSamples.length < 10) tally.unexpectedSamples.push(`${what} ${this.#caseId}: ${answer.status} ${answer.body?.message ?? ''}`);
    }
    return answer;
  }

  async #record(body: Record<string, unknown>): Promise<void> {
    const kind = String(body['kind']);
    this.#replay.tally.count(this.#replay.tally.officerRecords, kind);
    this.#noteRecord(kind, body);
    await this.#post(`/cases/${this.#caseId}/decisions`, { officerId: this.#officer, rationale: RATIONALE, ...body }, kind);
  }

  /** What a record changes of the case's facts. */
  #noteRecord(kind: string, body: Record<string, unknown>): void {
    const facts = this.#facts;
    if (!facts) return;
    const at = this.#now;
    this.#recorded(at);
    if (kind === 'tracks') facts.tracks = { police: body['police'] === true, section47: body['section47'] === true, employer: String(body['employer']) };
    else if (kind === 'escalate-to-allegation') facts.escalatedAt = at;
    else if (kind === 'close-consultation') {
      facts.consultationOutcome = String(body['outcome']);
      facts.closedAt = at;
    } else if (kind === 'close') facts.closedAt = at;
    else if (kind === 'outcome') {
      const result = body['result'] as AllegationOutcome;
      facts.outcome = { at, outcome: result.outcome, ...(result.subOutcome ? { subOutcome: result.subOutcome } : {}), conclusions: [...result.conclusions] };
    }
  }

  async #submit(at: number): Promise<void> {
    const attempt = this.#attempt;
    const { time, tally } = this.#replay;
    const random = this.#random;
    const arose = time.workingDayBefore(time.localDate(at), random.int(0, 2));
    const referral = completeReferral(this.#profile, random, `county-${this.#replay.seed}-${this.#number}-${attempt}`, arose, `referrer-${this.#number}@setting.example.org`);
    const missing = attempt === 1 ? this.#profile.missing : undefined;
    const sent: Referral = missing ? withoutMissing(referral, missing).incomplete : referral;
    tally.submissions++;
    const answer = await this.#post('/referrals', sent, 'referral');
    if (!answer.body?.caseId) return;
    this.#caseId = answer.body.caseId;
    this.#receivedAt = at;
    const month = time.localDate(at).slice(0, 7);
    tally.count(tally.referralsByMonth, month);
    tally.count(tally.referralsBySector, this.#profile.sector);
    tally.count(tally.referralsByCategory, this.#profile.category);
    if (missing) tally.returned++;
    this.#facts = {
      caseId: this.#caseId,
      receivedAt: at,
      month,
      sector: sent.employer.sector ?? 'unknown',
      ...(sent.employer.subsector ? { subsector: sent.employer.subsector } : {}),
      category: sent.allegation.category,
      ...(sent.subject.employmentBasis ? { employmentBasis: sent.subject.employmentBasis } : {}),
      childStatuses: sent.children.identified ? sent.children.children.map((child) => child.status ?? 'not recorded') : [],
      immediateRisk: sent.allegation.immediateRisk,
      returned: missing !== undefined,
      driftsOn: time.calendar.addWorkingDays(new Date(at), DRIFT_WORKING_DAYS + 1),
    };
    tally.cases.set(this.#caseId, this.#facts);
    if (!missing) return this.#decideAfter(at);

    const { resubmissions } = withoutMissing(referral, missing);
    const plan = random.weighted(COMPLETENESS.resubmittedOn);
    if (plan === 'never') {
      // Rejected at the close of working day 3; the referrer then sends a new, complete referral.
      const rejectedAt = deadlineAt('returnCutoff', new Date(at), time.calendar).getTime();
      const again = time.randomSlotOn(time.workingDayAfter(rejectedAt, COMPLETENESS.newReferralAfterRejectionWorkingDays), random) ?? time.nextSlotAfter(rejectedAt);
      if (rejectedAt < this.#replay.endsAt) {
        tally.rejected++;
        this.#facts.rejectedAt = rejectedAt;
      }
      // Counted when the new referral is sent within the replay.
      if (again < this.#replay.endsAt) tally.rejectedThenSentAgain++;
      new ReferralScript(this.#replay, this.#number, { profile: this.#profile, random, attempt: attempt + 1 }).submitAt(again);
      return;
    }
    const day = { day0: 0, day1: 1, day2: 2, day3: 3 }[plan];
    const first = time.randomSlotOn(time.workingDayAfter(at, day), random, at) ?? time.randomSlotOn(time.workingDayAfter(at, 1), random, at)!;
    const lastDay = time.workingDayAfter(at, 3);
    let second: number | undefined;
    if (resubmissions.partial && random.chance(COMPLETENESS.stillIncompleteShare)) {
      const later = [time.localDate(first), time.workingDayAfter(first, 1)].filter((d) => d <= lastDay).flatMap((d) => time.slotsOn(d)).filter((t) => t > first);
      second = later.length ? random.pick(later) : undefined;
    }
    if (second !== undefined) {
      const secondAt = second;
      this.#at(first, () => this.#resubmit(resubmissions.partial!));
      this.#at(secondAt, async () => {
        await this.#resubmit(resubmissions.complete);
        this.#decideAfter(secondAt);
      });
    } else {
      this.#at(first, async () => {
        await this.#resubmit(resubmissions.complete);
        this.#decideAfter(first);
      });
    }
  }

  async #resubmit(body: unknown): Promise<void> {
    this.#replay.tally.resubmissions++;
    const facts = this.#facts!;
    facts.resubmittedAfterWorkingDays ??= Math.max(0, this.#replay.time.calendar.workingDaysBetween(new Date(facts.receivedAt), new Date(this.#now)));
    await this.#post(`/referrals/${this.#caseId}/resubmission`, body, 'resubmission');
  }

  /** The duty LADO's threshold decision, counted from the referral becoming complete at `complete`. */
  #decideAfter(complete: number): void {
    const { time } = this.#replay;
    this.#facts!.completeAt = complete;
    const random = this.#random;
    const when = random.weighted(DUTY_LADO.decidedOn);
    let at: number | undefined;
    if (when === 'sameDay') {
      const today = time.localDate(complete);
      if (time.isWorkingDay(today)) at = time.randomSlotOn(today, random, complete + 30 * 60 * 1000);
      // Out of hours: first thing on the next working day.
      at ??= random.pick(time.slotsOn(time.workingDayAfter(complete, 1)).slice(0, 4));
    } else {
      const day = when === 'day1' ? 1 : when === 'day2' ? 2 : random.int(3, 5);
      at = time.randomSlotOn(time.workingDayAfter(complete, day), random)!;
    }
    const decidedAt = at;
    this.#at(decidedAt, () => this.#decide(decidedAt));
  }

  async #decide(at: number): Promise<void> {
    const { tally, officers } = this.#replay;
    const random = this.#random;
    const decision = this.#profile.decision;
    // Allocated at random in proportion to each officer's FTE.
    const officer = random.weightedItem(officers.map((candidate) => ({ ...candidate, weight: candidate.fte })));
    this.#officer = officer.id;
    this.#officerEmail = officer.email;
    this.#officerFte = officer.fte;
    const dutyLado = `lado.${(Math.floor(at / DAY_MS) % officers.length) + 1}`;
    const allocatedTo = { officerId: this.#officer, email: this.#officerEmail };
    const body =
      decision === 'allegation'
        ? { outcome: decision, harmCriteria: this.#harmCriteria(), allocatedTo }
        : decision === 'consultation'
          ? { outcome: decision, allocatedTo }
          : decision === 'transfer'
            ? { outcome: decision, receivingAuthority: { name: 'Neighbouring County Council', designatedOfficerEmail: 'lado@neighbouring.example.gov.uk' } }
            : // The annual report gives no reasons for its other decisions: the commonest, a matter for the employer (004 para 24).
              { outcome: decision, category: 'employer-procedures' };
    tally.count(tally.decisions, decision);
    tally.decidedReferrals++;
    const facts = this.#facts!;
    const { calendar } = this.#replay.time;
    // The decision's working day is counted as the deadline policy counts it: for a child at immediate risk, from the receipt.
    const ready = new Date(facts.immediateRisk ? facts.receivedAt : facts.completeAt!);
    facts.threshold = {
      outcome: decision,
      at,
      inTime: at <= deadlineAt('initialConsiderationChase', ready, calendar).getTime(),
      workingDays: Math.max(0, calendar.workingDaysBetween(ready, new Date(at))),
    };
    this.#recorded(at);
    if (decision === 'allegation' || decision === 'consultation') facts.officer = this.#officer;
    else facts.closedAt = at;
    const answer = await this.#post(`/cases/${this.#caseId}/decisions`, { kind: 'threshold', officerId: dutyLado, rationale: RATIONALE, ...body }, 'threshold');
    if (answer.status !== 202) return;
    if (decision === 'allegation') this.#manageAllegation(at, this.#receivedAt);
    else if (decision === 'consultation') this.#manageConsultation(at);
    else tally.casesClosed++;
  }

  #harmCriteria(): string[] {
    const first = this.#random.pick(HARM_CRITERIA);
    const second = this.#random.chance(0.4) ? this.#random.pick(HARM_CRITERIA) : first;
    return [...new Set([first, second])];
  }

  /** The allocated officer's pressure (pressureOf) on the London day of `at`, from her caseload at its start. */
  #pressure(at: number): number {
    const dayStartsAt = londonDayBounds(this.#replay.time.localDate(at)).start.getTime();
    return pressureOf(this.#replay.tally.caseloadAt(this.#officer, dayStartsAt), this.#officerFte);
  }

  /**
   * When the officer acts on a deadline falling due at `dueAt`, set at `setAt`:
   * early, on the day (after the due-today reminder), or late (after the
   * overdue email), with the shares her caseload on the day it is set gives
   * (OFFICER_RESPONSE, OFFICER_CASELOAD).
   */
  #respond(dueAt: number, setAt: number): number {
    const { time, tally } = this.#replay;
    const random = this.#random;
    const dueDay = time.localDate(dueAt);
    const pressure = this.#pressure(setAt);
    const between = (atEase: number, stretched: number) => atEase + (stretched - atEase) * pressure;
    const { atEase, stretched } = OFFICER_RESPONSE;
    const early = between(atEase.early, stretched.early);
    const onTheDay = between(atEase.onTheDay, stretched.onTheDay);
    const draw = random.next();
    let at: number | undefined;
    let how: 'early' | 'onTheDay' | 'late' = 'late';
    if (draw < early) {
      const { from, to } = OFFICER_RESPONSE.early.workingDaysBefore;
      at = time.randomSlotOn(time.workingDayBefore(dueDay, random.int(from, to)), random, setAt);
      how = 'early';
    }
    if (at === undefined && draw < early + onTheDay) {
      at = time.randomSlotOn(dueDay, random, setAt);
      how = 'onTheDay';
    }
    if (at === undefined) {
      const { from, toAtEase, toStretched } = OFFICER_RESPONSE.late.workingDaysAfter;
      at = time.randomSlotOn(time.workingDayAfter(dueAt, random.int(from, Math.round(between(toAtEase, toStretched)))), random, setAt);
      how = 'late';
    }
    tally.responses[how]++;
    tally.responses.pressureSum += pressure;
    return at ?? time.nextSlotAfter(setAt);
  }

  /** A deadline counted from `from` and set at `setAt`: never past due when set, as the service sets it. */
  #deadline(kind: DeadlineKind, from: number, setAt = from): number {
    const { calendar } = this.#replay.time;
    return dueWhenSet(kind, deadlineAt(kind, new Date(from), calendar), new Date(setAt), calendar).getTime();
  }

  #manageConsultation(decidedAt: number): void {
    const { time, tally } = this.#replay;
    const random = this.#random;
    const range = random.weightedItem(CONSULTATIONS.openForDays);
    const endsAt = time.slotAboutDaysAfter(decidedAt, random.int(range.from, range.to), random);
    const escalated = random.chance(CONSULTATIONS.escalatedShare);

    const review = (from: number) => {
      const at = this.#respond(this.#deadline('consultationReview', from), from);
      if (at >= endsAt) return;
      this.#at(at, async () => {
        await this.#record({ kind: 'review-done' });
        review(at);
      });
    };
    review(decidedAt);
    this.#at(endsAt, async () => {
      if (escalated) {
        tally.consultationsEscalated++;
        await this.#record({ kind: 'escalate-to-allegation', harmCriteria: this.#harmCriteria() });
        this.#manageAllegation(endsAt, endsAt);
      } else {
        const outcome = random.weighted(CONSULTATIONS.outcomes);
        tally.count(tally.consultationOutcomes, outcome);
        await this.#record({ kind: 'close-consultation', outcome });
        tally.casesClosed++;
      }
    });
  }

  /** An allegation decided (or escalated) at `startedAt`, opened as one at `openedAt`: the referral's receipt, or the escalation. */
  #manageAllegation(startedAt: number, openedAt: number): void {
    const { time } = this.#replay;
    const random = this.#random;
    this.#facts!.resolutionDue = {
      resolutionOneMonth: this.#deadline('resolutionOneMonth', openedAt, startedAt),
      resolutionThreeMonths: this.#deadline('resolutionThreeMonths', openedAt, startedAt),
      resolutionTwelveMonths: this.#deadline('resolutionTwelveMonths', openedAt, startedAt),
    };
    const police = random.chance(TRACKS.policeShare);
    const section47 = random.chance(TRACKS.section47Share);
    const employer = random.weighted(TRACKS.employer);
    const suspended = random.chance(TRACKS.suspendedShare);
    const complex = random.chance(TRACKS.complexShare);
    const tracksAt =
      time.randomSlotOn(time.workingDayAfter(startedAt, random.int(0, TRACKS.recordedWithinWorkingDays)), random, startedAt) ??
      time.nextSlotAfter(startedAt);
    const range = random.weightedItem(police ? ALLEGATION_DAYS.withPolice : ALLEGATION_DAYS.withoutPolice);
    let outcomeAt = time.slotAboutDaysAfter(startedAt, random.int(range.from, range.to), random);
    // An officer pressed by her caseload when the allegation opens convenes its outcome meeting later.
    const outcomeDelay = random.int(0, Math.round(this.#pressure(startedAt) * OFFICER_RESPONSE.outcomeDelayStretchedWorkingDays));
    if (outcomeDelay > 0) outcomeAt = time.randomSlotOn(time.workingDayAfter(outcomeAt, outcomeDelay), random) ?? outcomeAt;
    if (outcomeAt <= tracksAt) outcomeAt = time.slotAboutDaysAfter(tracksAt, 1, random);
    const policeTarget = (from: number) => time.dateAfter(from, random.int(TRACKS.policeTargetDays.from, TRACKS.policeTargetDays.to));
    const firstTarget = policeTarget(tracksAt);

    /** A deadline the officer keeps acting on until the outcome settles it. */
    const follow = (dueAt: number, setAt: number, act: (at: number) => Promise<void>) => {
      const at = this.#respond(dueAt, setAt);
      if (at < outcomeAt) this.#at(at, () => act(at));
    };

    this.#at(tracksAt, async () => {
      await this.#record({ kind: 'tracks', police, ...(police ? { policeTargetDate: firstTarget } : {}), section47, employer });
      if (complex) await this.#record({ kind: 'complexity', complex: true });
      if (suspended) await this.#record({ kind: 'suspension', suspended: true });

      const reviewKind: DeadlineKind = complex ? 'ladoReviewComplex' : 'ladoReview';
      const review = (dueAt: number, setAt: number) =>
        follow(dueAt, setAt, async (at) => {
          await this.#record({ kind: 'review-done' });
          review(this.#deadline(reviewKind, at), at);
        });
      review(this.#deadline(reviewKind, complex ? tracksAt : startedAt), tracksAt);

      if (section47) follow(this.#deadline('strategyMeeting', openedAt, tracksAt), tracksAt, () => this.#record({ kind: 'strategy-meeting-held' }));
      if (employer === 'action-without-disciplinary') follow(this.#deadline('employerAction', startedAt, tracksAt), tracksAt, () => this.#record({ kind: 'employer-action-taken' }));
      if (employer === 'hearing-without-investigation') {
        follow(this.#deadline('disciplinaryHearing', tracksAt), tracksAt, () => this.#record({ kind: 'disciplinary-hearing-held' }));
      }
      if (police) {
        const update = (targetDate: string, setAt: number) =>
          follow(deadlineOnDate(targetDate, time.calendar).getTime(), setAt, async (at) => {
            const next = policeTarget(at);
            // The police's last update comes with no further date: their part is done before the outcome.
            if (deadlineOnDate(next, time.calendar).getTime() >= outcomeAt) return this.#record({ kind: 'police-update' });
            await this.#record({ kind: 'police-update', nextTargetDate: next });
            update(next, at);
          });
        update(firstTarget, tracksAt);
      }
      if (suspended) {
        const suspensionReview = (dueAt: number, setAt: number) =>
          follow(dueAt, setAt, async (at) => {
            await this.#record({ kind: 'suspension', suspended: true });
            suspensionReview(this.#deadline('suspensionReview', at), at);
          });
        suspensionReview(this.#deadline('suspensionReview', tracksAt), tracksAt);
      }
    });

    this.#at(outcomeAt, async () => {
      const result = this.#outcome();
      await this.#record({ kind: 'outcome', result });
      if (suspended) await this.#record({ kind: 'suspension', suspended: false });
      this.#dutiesAfter(outcomeAt, result);
    });
  }

  #outcome(): AllegationOutcome {
    const { tally } = this.#replay;
    const random = this.#random;
    const row = random.weightedItem(OUTCOMES);
    let conclusions: FinalConclusion[];
    switch ('subOutcome' in row ? row.subOutcome : undefined) {
      case 'management action':
        conclusions = random.chance(CONCLUSIONS.managementActionRemainedInPost) ? ['management action', 'remained in post'] : ['management action'];
        break;
      case 'dismissal':
        conclusions = [random.chance(CONCLUSIONS.dismissalDismissed) ? 'dismissed' : 'ceased to use services'];
        if (random.chance(CONCLUSIONS.dismissalReferredToDbs)) conclusions.push('referred to DBS');
        break;
      case 'disciplinary':
        conclusions = ['disciplinary sanction', 'remained in post'];
        break;
      case 'resignation':
        conclusions = ['resigned'];
        break;
      default:
        conclusions = row.completed ? ['remained in post'] : 'resigned' in row ? ['resigned'] : ['ceased to use services'];
    }
    tally.count(tally.outcomes, row.name);
    for (const conclusion of conclusions) tally.count(tally.conclusions, conclusion);
    return {
      outcome: row.outcome,
      ...('subOutcome' in row ? { subOutcome: row.subOutcome } : {}),
      conclusions,
      investigationCompleted: row.completed,
    };
  }

  #dutiesAfter(outcomeAt: number, result: AllegationOutcome): void {
    const random = this.#random;
    const duties: Array<{ at: number; body: Record<string, unknown> }> = [
      {
        at: this.#respond(this.#deadline('regulatorReferral', outcomeAt), outcomeAt),
        body: { kind: 'regulator-referral-considered', referred: random.chance(CONCLUSIONS.regulatorReferred) },
      },
    ];
    if (dbsReferralDutyApplies(result)) duties.push({ at: this.#respond(this.#deadline('dbsReferral', outcomeAt), outcomeAt), body: { kind: 'dbs-referral-confirmed' } });
    if (result.outcome === 'substantiated') duties.push({ at: this.#respond(this.#deadline('lessonsLearned', outcomeAt), outcomeAt), body: { kind: 'lessons-learned-done' } });
    if (childFeedbackDutyApplies({ identified: this.#profile.childrenIdentified })) {
      duties.push({ at: this.#respond(this.#deadline('childFeedback', outcomeAt), outcomeAt), body: { kind: 'feedback-given', givenBy: random.weighted(FEEDBACK_GIVEN_BY) } });
    }
    duties.sort((a, b) => a.at - b.at);
    const last = duties[duties.length - 1]!;
    for (const duty of duties) {
      this.#at(duty.at, async () => {
        await this.#record(duty.body);
        // Once the last duty is done the case closes.
        if (duty === last) {
          await this.#record({ kind: 'close' });
          this.#replay.tally.casesClosed++;
        }
      });
    }
  }
}
