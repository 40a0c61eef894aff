import { HIGH_CASELOAD } from '../functions/domain/case-list';

/**
 * The county-year workload, in one table. Figures marked "report" are Kent's
 * annual report for 1 April 2023 to 31 March 2024 (shared/domain.md, "Workload
 * of one county"); every other figure is an assumption the report does not
 * settle, written down here and in docs/bench.md. Shares are fractions of 1;
 * weights need not add up to anything.
 */

/** The year replayed: the report's own year, so its bank holidays and clock changes are the real ones. */
export const YEAR = {
  /** 1 April 2023, 00:00 London (BST). */
  startsAt: '2023-03-31T23:00:00Z',
  /** Replay stops at the year's end: cases still open then stay open (no drain period). */
  months: 12,
};

/**
 * Referrals decided in each month, April first (report: 1,458 in the year,
 * peaks in June, November, January and March, dips in school holidays).
 * The split is an assumption: August lowest (summer holiday), April and
 * December low (Easter, Christmas), October and February a little down (half terms).
 */
export const MONTHLY_REFERRALS = [105, 125, 150, 120, 70, 125, 120, 145, 95, 140, 118, 145] as const;

/** When referrals arrive (assumption): mostly in the working day, some in the evening and at weekends. */
export const ARRIVALS = {
  /** Relative weight of a weekend or bank-holiday date against a working day. */
  closedDayWeight: 0.1,
  /** On a working day, the share sent in the evening (17:15 to 21:45) rather than in working hours. */
  eveningShare: 0.12,
  /** Share flagging a child at immediate risk (the duty LADO is alerted at once). */
  immediateRiskShare: 0.04,
};

/**
 * Everyone acts on a half-hourly grid (hh:15 and hh:45 London time), a modelling
 * resolution: actions then share instants, and none falls on the 09:00 or 17:00
 * instants at which deadlines fire, so "in time" and "late" are never ambiguous.
 */
export const SLOT = { firstMinute: 9 * 60 + 15, lastMinute: 16 * 60 + 45, stepMinutes: 30, eveningFirst: 17 * 60 + 15, eveningLast: 21 * 60 + 45 };

/** Incomplete referrals and what their referrers do (assumption: the report has no figures). */
export const COMPLETENESS = {
  /** Share of portal submissions missing a key demographic. */
  incompleteShare: 0.18,
  /** What is missing, by weight. */
  missing: { 'subject date of birth and address': 0.5, 'referrer phone': 0.2, 'child date of birth': 0.2, 'employer address': 0.1 },
  /** Of incomplete referrals: resubmitted on working day 0 (the day of the return), 1, 2, or 3 (after the reminder), or never (rejected at the cut-off). */
  resubmittedOn: { day0: 0.25, day1: 0.35, day2: 0.15, day3: 0.1, never: 0.15 },
  /** Of resubmitted ones, the share whose first resubmission is still incomplete (returned again, completed later in the window). */
  stillIncompleteShare: 0.1,
  /** A rejected referral is sent again, complete, as a new referral this many working days after the rejection. */
  newReferralAfterRejectionWorkingDays: 1,
};

/** The duty LADO's threshold decision, counted from the referral becoming complete (assumption). */
export const DUTY_LADO = {
  /**
   * sameDay: later that working day (or the next working morning when it arrived out of hours);
   * day1: during working day 1, still in time; day2: during working day 2, after the chaser;
   * day3to5: after the manager was also told (escalation).
   */
  decidedOn: { sameDay: 0.7, day1: 0.2, day2: 0.07, day3to5: 0.03 },
};

/** Threshold decisions (report: 782 allegations, 505 consultations, the rest other decisions). */
export const DECISIONS = {
  allegation: 782,
  consultation: 505,
  /** The report's remaining 171, split by assumption between no further LADO action and transfer. */
  'no-further-action': 131,
  transfer: 40,
};

/**
 * Allocated LADOs, as full-time equivalents (003 §11.1: 5.8 LADOs out of an
 * establishment of 6, and one manager). `--officers` replaces the figure;
 * `--scale` multiplies it unless `--officers` is given.
 *
 * A fractional officer (the 0.8 of 5.8) is one person working that share of
 * the week, modelled as capacity rather than as days off: cases are allocated
 * at random in proportion to each officer's FTE, so she takes 0.8 of a
 * full-timer's share of new cases, and her sustainable caseload
 * (OFFICER_CASELOAD) is 0.8 of a full-timer's, so the same number of cases
 * presses on her as hard as 1.25 times as many on a full-timer. She is on the
 * duty LADO rota like the others, and her deadlines fall on the service's
 * working days like anyone's: the bench keeps no rota of days off.
 */
export const OFFICER_FTE_PER_COUNTY = 5.8;

/** Settings (report: sectors; fostering 156 of them, 106 from independent agencies; 18 unassigned counted as unknown). */
export const SECTORS = {
  education: { weight: 708, subsectors: ['primary', 'secondary', 'special', 'independent', 'further education', 'transport'] },
  'wider workforce': {
    weight: 428,
    subsectors: ['faith groups', 'health', 'residential children\'s homes', 'sports clubs', 'youth services', 'police', 'scouts', 'social work', 'theatres'],
  },
  fostering: { weight: 156, subsectors: ['independent fostering agency', 'local authority'] },
  'early years': { weight: 114, subsectors: ['nursery', 'childminder', 'pre-school'] },
  unknown: { weight: 52, subsectors: [] as string[] },
} as const;

/** Within fostering, the independent agencies' share (report: 106 of 156). */
export const FOSTERING_INDEPENDENT_SHARE = 106 / 156;

/**
 * Allegation categories (report: physical abuse 26%, inappropriate conduct 25%,
 * other 9%, sexual 6%, emotional 5%, suitability 5%, online 2%). The other 22%
 * and the report's "other" are spread by assumption over the schema's
 * remaining categories.
 */
export const CATEGORIES = {
  'physical abuse': 26,
  'inappropriate conduct': 25,
  'physical intervention': 12,
  'sexual abuse': 6,
  'emotional abuse': 5,
  suitability: 5,
  'online safety': 2,
  neglect: 6,
  'risk by association': 7,
  'transfer of risk': 6,
} as const;

/** Consultations (assumption): how long they stay open, and how many become allegations. */
export const CONSULTATIONS = {
  /** Share escalated to an allegation when the consultation ends, instead of closing. */
  escalatedShare: 0.08,
  /** Days open, by range of calendar days and weight. */
  openForDays: [
    { from: 2, to: 14, weight: 0.5 },
    { from: 15, to: 42, weight: 0.35 },
    { from: 43, to: 84, weight: 0.15 },
  ],
  /** How those that close end (003 §5.3: "over 58%" management action; the rest of Table 6 is not in the text, so assumed). */
  outcomes: { 'management action': 0.58, 'advice or signposting': 0.2, 'risk assessment': 0.12, 'no further action': 0.07, 'referred elsewhere': 0.03 },
};

/** Allegation management (assumption): the tracks recorded a day or two after the decision. */
export const TRACKS = {
  /** Working days from the decision (or escalation) to the tracks record: 0, 1 or 2, equally likely. */
  recordedWithinWorkingDays: 2,
  policeShare: 0.22,
  section47Share: 0.18,
  employer: { none: 0.15, 'action-without-disciplinary': 0.3, 'hearing-without-investigation': 0.1, investigation: 0.45 },
  /** The police set a target date this many calendar days ahead, and each update the next one. */
  policeTargetDays: { from: 28, to: 84 },
  suspendedShare: 0.15,
  complexShare: 0.1,
};

/**
 * How long an allegation runs, from the decision to the outcome (assumption,
 * shaped by the national targets: most within 1 to 3 months; police cases
 * longer, some past the year's end).
 */
export const ALLEGATION_DAYS = {
  withoutPolice: [
    { from: 7, to: 30, weight: 0.4 },
    { from: 31, to: 91, weight: 0.4 },
    { from: 92, to: 182, weight: 0.15 },
    { from: 183, to: 365, weight: 0.05 },
  ],
  withPolice: [
    { from: 14, to: 30, weight: 0.1 },
    { from: 31, to: 91, weight: 0.25 },
    { from: 92, to: 182, weight: 0.3 },
    { from: 183, to: 365, weight: 0.25 },
    { from: 366, to: 730, weight: 0.1 },
  ],
};

/**
 * Outcomes (report, of 575: substantiated 31% as management action 11.6,
 * dismissal 8.4, disciplinary 7.4, resignation 3.6; unsubstantiated with
 * management action 28.3; unfounded 18.3; unsubstantiated with no further
 * action 11.7; false and malicious rare). The report leaves 10.7% unexplained:
 * false 1.5 and malicious 0.5 by assumption, and 8.7 investigations that could
 * not be completed because the person resigned (4.0) or the employer stopped
 * using them (4.7).
 */
export const OUTCOMES = [
  { name: 'substantiated: management action', weight: 11.6, outcome: 'substantiated', subOutcome: 'management action', completed: true },
  { name: 'substantiated: dismissal', weight: 8.4, outcome: 'substantiated', subOutcome: 'dismissal', completed: true },
  { name: 'substantiated: disciplinary', weight: 7.4, outcome: 'substantiated', subOutcome: 'disciplinary', completed: true },
  { name: 'substantiated: resignation', weight: 3.6, outcome: 'substantiated', subOutcome: 'resignation', completed: true },
  { name: 'unsubstantiated: management action', weight: 28.3, outcome: 'unsubstantiated', subOutcome: 'management action', completed: true },
  { name: 'unfounded', weight: 18.3, outcome: 'unfounded', completed: true },
  { name: 'unsubstantiated: no further action', weight: 11.7, outcome: 'unsubstantiated', subOutcome: 'no further action', completed: true },
  { name: 'false', weight: 1.5, outcome: 'false', completed: true },
  { name: 'malicious', weight: 0.5, outcome: 'malicious', completed: true },
  // Resignation is a sub-outcome of substantiated only (003 §8.9): here the conclusion says it.
  { name: 'not completed: resigned', weight: 4.0, outcome: 'unsubstantiated', resigned: true, completed: false },
  { name: 'not completed: services ceased', weight: 4.7, outcome: 'unsubstantiated', completed: false },
] as const;

/**
 * Final conclusions (report: remained in post 68%, resigned 7.5%, dismissed
 * 6.6%, referred to the DBS 3.1%, other 11.7%) follow from the sub-outcome;
 * these shares tune the few that do not.
 */
export const CONCLUSIONS = {
  /** After a management-action outcome, the share where the person also remained in post. */
  managementActionRemainedInPost: 0.72,
  /** Of substantiated dismissals, the share recorded as "dismissed" (the rest: the employer ceased to use the services). */
  dismissalDismissed: 0.78,
  /** Of substantiated dismissals, the share whose conclusions already record the DBS referral. */
  dismissalReferredToDbs: 0.37,
  /** Share of outcomes after which a referral to a regulator is made. */
  regulatorReferred: 0.06,
};

/** Who gave the child and parents feedback after the outcome (assumption; 004 para 58: the child's social worker where one is allocated). */
export const FEEDBACK_GIVEN_BY = { 'social worker': 0.25, employer: 0.6, lado: 0.15 };

/**
 * How officers act on a deadline of theirs (assumption): early, before the day
 * it falls due (no email); on the day, after the 09:00 due-today reminder;
 * or late, after the 17:00 overdue email. The shares depend on the officer's
 * caseload (OFFICER_CASELOAD): `atEase` at or below a sustainable caseload,
 * `stretched` at a high one, in a straight line between, and no worse above.
 */
export const OFFICER_RESPONSE = {
  atEase: { early: 0.68, onTheDay: 0.28, late: 0.04 },
  stretched: { early: 0.35, onTheDay: 0.45, late: 0.2 },
  early: { workingDaysBefore: { from: 1, to: 4 } },
  /** Late by 1 to 5 working days at ease, 1 to 10 when stretched (the upper bound in a straight line between). */
  late: { workingDaysAfter: { from: 1, toAtEase: 5, toStretched: 10 } },
  /** An officer records an allegation's outcome 0 to pressure × this many working days after its investigations end (0 at ease, up to 5 stretched). */
  outcomeDelayStretchedWorkingDays: 5,
};

/**
 * The caseload model (assumption, shaped on 003). An officer's caseload is
 * her open allocated cases (allegations under management, consultations, and
 * outcome duties: what the annual report's caseload KPIs count), read at the
 * start of each London day, divided by her FTE. Her pressure is 0 at or below
 * `sustainablePerFte`, rises in a straight line to 1 at `highPerFte`, and
 * stays 1 above it; OFFICER_RESPONSE moves from `atEase` to `stretched` with
 * it. The pressure when a deadline is set decides how the officer meets it;
 * the pressure when an allegation opens decides how long its outcome waits
 * for her once the investigations end. The duty LADO's threshold decision
 * (DUTY_LADO) is a rota duty and does not depend on caseload.
 *
 * Reasoning. 003 §3.5: "a high caseload for a full-time LADO would be more
 * than 85"; Kent's average was 59 a month in 2023-24 with 5.8 FTE (§11.1),
 * a year in which "there were some delays in LADO responses" (§11.3) and the
 * service needed "increased capacity" (§11.13), which recommendation 8 set at
 * 9 FTE "to reflect the needs of the Service" (§11, table of recommendations).
 * So the caseload 9 FTE would carry is taken as sustainable: Kent's 59 at 5.8
 * FTE spread over 9 is 59 × 5.8 / 9 = 38. The bench's caseloads are lower
 * than Kent's (its year starts empty, with none of the cases carried over from
 * earlier years that §3.5 mentions, and it has no enquiries), so both levels
 * are scaled by the bench's own caseload at 5.8 FTE against Kent's 59
 * (BENCH_AVERAGE_CASELOAD / KENT_AVERAGE_CASELOAD): 26.4 and 59.1 open cases
 * per FTE. The shares are calibrated so that 5.8 FTE gives, over the year,
 * about the fixed shares used before this model (55% early, 35% on the day,
 * 10% late; the year gave 55.5%, 35.1%, 9.3%), and so deadline and email
 * figures close to those recorded before it (docs/bench.md, "Staffing").
 * 003 gives no figures for how quickly officers act.
 */
const KENT_AVERAGE_CASELOAD = 59;
/** Calibrated: the bench's open allocated cases per FTE at 5.8 FTE, the mean of its month-end figures from October to March (41.4 in the year recorded in docs/bench.md). */
const BENCH_AVERAGE_CASELOAD = 41;

export const OFFICER_CASELOAD = {
  /** Kent's 59 at 5.8 FTE spread over 9 FTE (38), in the bench's terms. */
  sustainablePerFte: ((KENT_AVERAGE_CASELOAD * OFFICER_FTE_PER_COUNTY) / 9) * (BENCH_AVERAGE_CASELOAD / KENT_AVERAGE_CASELOAD),
  /** 003 §3.5's high caseload for a full-time LADO (more than 85, HIGH_CASELOAD), in the bench's terms. */
  highPerFte: HIGH_CASELOAD * (BENCH_AVERAGE_CASELOAD / KENT_AVERAGE_CASELOAD),
};
