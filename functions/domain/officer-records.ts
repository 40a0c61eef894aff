import * as z from './zod';
import type { WorkingCalendar } from './calendar';
import { heldReferral, oweEmails, replaceDeadlines, scheduleFor, settleDeadlines, type CaseEvent, type CaseRecord, type Deadline } from './case';
import type { DeadlineKind } from './deadline-policy';
import { officerRecordEventType, type OfficerRecordKind } from './lifecycle-contract';
import {
  childFeedbackDutyApplies,
  consultationOutcomeSchema,
  dbsReferralDutyApplies,
  feedbackGiverSchema,
  lessonsLearnedReviewApplies,
  outcomeSchema,
  retentionDates,
} from './outcome';
import { EMPLOYER_TRACKS, RECORDS_BY_STATUS } from './record-choices';
import {
  allocationSchema,
  harmCriteriaSchema,
  officerIdSchema,
  NO_FURTHER_ACTION,
  rationaleSchema,
  thresholdDecisionSchema,
  type ThresholdDecision,
} from './threshold-decision';

/**
 * What officers record on a case after the threshold decision (domain.md
 * stages 4 to 8), and what each record does to the case: its status, its
 * deadlines and its duties. Pure rules: time and the calendar are parameters.
 */
const localDate = (what: string) => z.iso.date({ error: `${what} must be a date written YYYY-MM-DD` });
const event = <K extends string, S extends z.core.$ZodShape>(kind: K, shape: S) =>
  z.strictObject({ kind: z.literal(kind), officerId: officerIdSchema, rationale: rationaleSchema, ...shape });

// The employer's tracks, and the records each status accepts, are defined with the other choices officers record by (record-choices.ts).
export { EMPLOYER_TRACKS, RECORDS_BY_STATUS } from './record-choices';
export type { EmployerTrack } from './record-choices';

export const officerEventSchema = z.discriminatedUnion(
  'kind',
  [
    event('tracks', {
      police: z.boolean({ error: 'Say whether the police are investigating (true or false)' }),
      policeTargetDate: z.optional(localDate("The police's target date")),
      section47: z.boolean({ error: 'Say whether section 47 enquiries may apply (true or false)' }),
      employer: z.enum(EMPLOYER_TRACKS, { error: `The employer track must be one of: ${EMPLOYER_TRACKS.join(', ')}` }),
    }),
    event('strategy-meeting-held', {}),
    event('employer-action-taken', {}),
    event('disciplinary-hearing-held', {}),
    event('police-update', { nextTargetDate: z.optional(localDate("The police's next target date")) }),
    event('review-done', {}),
    event('suspension', { suspended: z.boolean({ error: 'Say whether the person is suspended (true or false)' }) }),
    event('reallocate', { allocatedTo: allocationSchema }),
    event('complexity', { complex: z.boolean({ error: 'Say whether the case is complex (true or false)' }) }),
    event('escalate-to-allegation', {
      harmCriteria: harmCriteriaSchema,
    }),
    event('close-consultation', { outcome: consultationOutcomeSchema }),
    event('outcome', { result: outcomeSchema }),
    event('dbs-referral-confirmed', {}),
    event('regulator-referral-considered', { referred: z.boolean({ error: 'Say whether a referral was made (true or false)' }) }),
    event('lessons-learned-done', {}),
    event('feedback-given', { givenBy: feedbackGiverSchema }),
    event('close', {}),
  ],
  { error: 'The decision kind is not one this service knows' },
);

export type OfficerEvent = z.infer<typeof officerEventSchema>;

/** The schema's kinds are the contract's (lifecycle-contract.ts, OFFICER_RECORD_KINDS): this fails to compile when they part. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsAgree: Same<OfficerEvent['kind'], OfficerRecordKind> = true;
void kindsAgree;

/** Every decision an officer can post to a case, told apart by its kind, so that errors name the field at fault. */
export const officerDecisionSchema = z.discriminatedUnion('kind', [thresholdDecisionSchema, ...officerEventSchema.def.options], {
  error: 'The decision kind is not one this service knows',
});
export type OfficerDecision = ThresholdDecision | OfficerEvent;

/** The deadlines that belong to managing an allegation, all met once its outcome is recorded. */
const MANAGEMENT_DEADLINES: readonly DeadlineKind[] = [
  'strategyMeeting',
  'employerAction',
  'disciplinaryHearing',
  'policeReview',
  'ladoReview',
  'ladoReviewComplex',
  'suspensionReview',
  'resolutionOneMonth',
  'resolutionThreeMonths',
  'resolutionTwelveMonths',
];

const RESOLUTION_TARGETS: readonly DeadlineKind[] = ['resolutionOneMonth', 'resolutionThreeMonths', 'resolutionTwelveMonths'];

export type Applied = { ok: true; next: CaseRecord; event: CaseEvent } | { ok: false; conflict: string };

const reviewKind = (record: CaseRecord): DeadlineKind =>
  record.status === 'CONSULTATION' ? 'consultationReview' : record.complex ? 'ladoReviewComplex' : 'ladoReview';

/** Whether a deadline of this kind is still open: pending, or overdue and not yet met. */
const isOpen = (deadlines: Deadline[], kind: DeadlineKind) => deadlines.some((d) => d.kind === kind && d.state !== 'met');

/** Meets every open deadline of the kinds, including overdue ones: the officer has now acted. */
function meet(deadlines: Deadline[], kinds: readonly DeadlineKind[], at: Date): Deadline[] {
  const settled = settleDeadlines(deadlines, kinds, 'met', at);
  return settled.map((d) => (d.state === 'fired' && kinds.includes(d.kind) ? { ...d, state: 'met', settledAt: at.toISOString() } : d));
}

/**
 * Closes a case: the one rule by which a threshold decision (no further
 * action, transfer), a consultation or a concluded allegation ends. Retention
 * dates are recorded (domain.md stage 8), every open deadline is met and the
 * workflow's wait is closed.
 */
export function closeCase(
  record: CaseRecord,
  at: Date,
  reason: string,
  detail: Pick<NonNullable<CaseRecord['closure']>, 'receivingAuthority' | 'noFurtherAction'> = {},
): CaseRecord {
  const referral = heldReferral(record);
  const retention = retentionDates({
    subjectDateOfBirth: referral.subject.dateOfBirth,
    allegationArose: referral.allegation.arose,
    closedAt: at,
    outcome: record.outcome,
  });
  const { awaiting: _closedWait, ...rest } = record;
  return {
    ...rest,
    status: 'CLOSED',
    closedAt: at.toISOString(),
    closure: { reason, ...detail, ...retention },
    deadlines: meet(record.deadlines, [...new Set(record.deadlines.map((d) => d.kind))], at),
  };
}

/**
 * The case becomes an allegation by the record just added to it (a threshold
 * decision or an escalation): its first review and resolution targets, and,
 * when the referral reported the person suspended, the suspension's review
 * (004 para 34), each counted from its row's event.
 */
function startAllegation(record: CaseRecord, at: Date, calendar: WorkingCalendar): CaseRecord {
  const suspended = record.referral.allegation.subjectSuspended;
  const opened: CaseRecord = { ...record, status: 'ALLEGATION_MANAGEMENT', ...(suspended ? { suspended } : {}) };
  const kinds: DeadlineKind[] = ['ladoReview', ...RESOLUTION_TARGETS, ...(suspended ? (['suspensionReview'] as const) : [])];
  return { ...opened, deadlines: [...opened.deadlines, ...scheduleFor(kinds, opened, at, calendar)] };
}

/** The threshold decision: the case moves to allegation management or consultation, or closes. */
export function applyThresholdDecision(record: CaseRecord, decision: ThresholdDecision, at: Date, calendar: WorkingCalendar): CaseRecord {
  const decided: CaseRecord = {
    ...record,
    deadlines: meet(record.deadlines, ['initialConsiderationChase', 'initialConsiderationEscalation'], at),
    decisions: [...record.decisions, { decision, decidedBy: decision.officerId, decidedAt: at.toISOString() }],
  };
  switch (decision.outcome) {
    case 'allegation':
      return startAllegation({ ...decided, allocation: decision.allocatedTo }, at, calendar);
    case 'consultation':
      return {
        ...decided,
        status: 'CONSULTATION',
        allocation: decision.allocatedTo,
        deadlines: [...decided.deadlines, ...scheduleFor(['consultationReview'], decided, at, calendar)],
      };
    case 'no-further-action':
      // The referrer is told why by its category alone: the rationale may hold allegation details.
      return oweEmails(
        closeCase(decided, at, `No further LADO action: ${NO_FURTHER_ACTION[decision.category].label}`, { noFurtherAction: decision.category }),
        [{ key: 'noFurtherActionNotice', kind: 'noFurtherActionNotice' }],
        at,
      );
    case 'transfer':
      // Owed with the decision, so that they go even if sending fails for a while: the receiving authority's designated
      // officer is told that the referral is coming, and the referrer who leads (004 paras 4, 14). The details pass
      // between the LADOs (004 para 72) by the authorities' secure route, never by email (docs/deadline-policy.md).
      return oweEmails(
        closeCase(decided, at, "Another authority leads, where the person works: the referral is to pass to its designated officer by the authorities' secure route", {
          receivingAuthority: decision.receivingAuthority,
        }),
        [
          { key: 'receivingAuthorityNotice', kind: 'receivingAuthorityNotice' },
          { key: 'transferNotice', kind: 'transferNotice' },
        ],
        at,
      );
  }
}

/** Applies one officer record to a case, or says why the case cannot take it now. */
export function applyOfficerEvent(record: CaseRecord, input: OfficerEvent, at: Date, calendar: WorkingCalendar): Applied {
  const accepted = RECORDS_BY_STATUS[record.status] ?? [];
  if (!accepted.includes(input.kind)) {
    return { ok: false, conflict: `A "${input.kind}" record does not apply to this case now: its status is ${record.status}.` };
  }
  const now = at.toISOString();
  let next: CaseRecord = { ...record, decisions: [...record.decisions, { decision: input, decidedBy: input.officerId, decidedAt: now }] };
  const details: Record<string, string | number | boolean | string[]> = {};
  const requireOpen = (kind: DeadlineKind, what: string): string | undefined =>
    isOpen(record.deadlines, kind) ? undefined : `No ${what} is outstanding on this case.`;

  switch (input.kind) {
    case 'tracks': {
      if (input.police && !input.policeTargetDate) return { ok: false, conflict: 'A police investigation needs the police target date.' };
      const kinds: DeadlineKind[] = [];
      if (input.section47) kinds.push('strategyMeeting');
      if (input.employer === 'action-without-disciplinary') kinds.push('employerAction');
      if (input.employer === 'hearing-without-investigation') kinds.push('disciplinaryHearing');
      if (input.police && input.policeTargetDate) kinds.push('policeReview');
      const added = scheduleFor(kinds, next, at, calendar);
      next = {
        ...next,
        tracks: { police: input.police, section47: input.section47, employer: input.employer },
        deadlines: replaceDeadlines(next.deadlines, added, at),
      };
      Object.assign(details, { police: input.police, section47: input.section47, employer: input.employer });
      break;
    }
    case 'strategy-meeting-held':
    case 'employer-action-taken':
    case 'disciplinary-hearing-held': {
      const [kind, what] = {
        'strategy-meeting-held': ['strategyMeeting', 'strategy meeting'],
        'employer-action-taken': ['employerAction', 'employer action'],
        'disciplinary-hearing-held': ['disciplinaryHearing', 'disciplinary hearing'],
      }[input.kind] as [DeadlineKind, string];
      const missing = requireOpen(kind, what);
      if (missing) return { ok: false, conflict: missing };
      next = { ...next, deadlines: meet(next.deadlines, [kind], at) };
      break;
    }
    case 'police-update': {
      const missing = requireOpen('policeReview', 'police review');
      if (missing) return { ok: false, conflict: missing };
      const following = input.nextTargetDate ? scheduleFor(['policeReview'], next, at, calendar) : [];
      next = { ...next, deadlines: [...meet(next.deadlines, ['policeReview'], at), ...following] };
      if (input.nextTargetDate) details['nextTargetDate'] = input.nextTargetDate;
      break;
    }
    case 'review-done': {
      const kind = reviewKind(record);
      next = { ...next, deadlines: [...meet(next.deadlines, [kind], at), ...scheduleFor([kind], next, at, calendar)] };
      break;
    }
    case 'suspension': {
      const reviews = input.suspended ? scheduleFor(['suspensionReview'], next, at, calendar) : [];
      next = { ...next, suspended: input.suspended, deadlines: [...meet(next.deadlines, ['suspensionReview'], at), ...reviews] };
      details['suspended'] = input.suspended;
      break;
    }
    case 'reallocate':
      next = { ...next, allocation: input.allocatedTo };
      details['allocatedTo'] = input.allocatedTo.officerId;
      break;
    case 'complexity': {
      const from = reviewKind(record);
      const updated: CaseRecord = { ...next, complex: input.complex };
      const to = reviewKind(updated);
      next = from === to ? updated : { ...updated, deadlines: [...meet(updated.deadlines, [from], at), ...scheduleFor([to], updated, at, calendar)] };
      details['complex'] = input.complex;
      break;
    }
    case 'escalate-to-allegation':
      next = startAllegation({ ...next, deadlines: meet(next.deadlines, ['consultationReview'], at) }, at, calendar);
      details['harmCriteria'] = input.harmCriteria;
      break;
    case 'close-consultation':
      next = closeCase({ ...next, consultationOutcome: input.outcome }, at, 'Consultation closed: the harm threshold was not met');
      details['outcome'] = input.outcome;
      break;
    case 'outcome': {
      const result = input.result;
      const duties: NonNullable<CaseRecord['duties']> = { regulatorReferral: 'pending' };
      if (dbsReferralDutyApplies(result)) duties.dbsReferral = 'pending';
      if (lessonsLearnedReviewApplies(result)) duties.lessonsLearned = 'pending';
      if (childFeedbackDutyApplies(record.referral.children)) duties.childFeedback = 'pending';
      const dutyDeadlines = (Object.keys(duties) as DeadlineKind[]).sort();
      const concluded: CaseRecord = { ...next, status: 'OUTCOME_DUTIES', outcome: { ...result, recordedAt: now, recordedBy: input.officerId }, duties };
      next = { ...concluded, deadlines: [...meet(next.deadlines, MANAGEMENT_DEADLINES, at), ...scheduleFor(dutyDeadlines, concluded, at, calendar)] };
      Object.assign(details, { outcome: result.outcome, conclusions: result.conclusions, duties: dutyDeadlines });
      break;
    }
    case 'dbs-referral-confirmed':
    case 'regulator-referral-considered':
    case 'lessons-learned-done':
    case 'feedback-given': {
      const duty = ({
        'dbs-referral-confirmed': 'dbsReferral',
        'regulator-referral-considered': 'regulatorReferral',
        'lessons-learned-done': 'lessonsLearned',
        'feedback-given': 'childFeedback',
      } as const)[input.kind];
      if (record.duties?.[duty] !== 'pending') return { ok: false, conflict: `The ${duty} duty is not outstanding on this case.` };
      next = { ...next, duties: { ...record.duties, [duty]: 'done' }, deadlines: meet(next.deadlines, [duty], at) };
      if (input.kind === 'regulator-referral-considered') details['referred'] = input.referred;
      if (input.kind === 'feedback-given') details['givenBy'] = input.givenBy;
      break;
    }
    case 'close': {
      const outstanding = Object.entries(record.duties ?? {}).filter(([, state]) => state === 'pending').map(([duty]) => duty);
      if (outstanding.length) return { ok: false, conflict: `The case cannot close while duties are outstanding: ${outstanding.join(', ')}.` };
      next = closeCase(next, at, `Allegation concluded: ${record.outcome?.outcome ?? 'outcome recorded'}`);
      break;
    }
  }
  return { ok: true, next, event: { type: officerRecordEventType(input.kind), actor: input.officerId, at: now, rationale: input.rationale, details } };
}
