import type { AwaitedInput, CaseStage, CaseStatus } from '../../functions/domain/case';
import type { DeadlineEvent, DeadlineKind, DeadlineMoment, Period } from '../../functions/domain/deadline-policy';
import type { OfficerEvent } from '../../functions/domain/officer-records';
import { NO_FURTHER_ACTION, NO_FURTHER_ACTION_CATEGORIES, type ThresholdDecision } from '../../functions/domain/threshold-decision';
import { renderEmail, renderMorningList, type EmailContext } from '../../functions/notifier/templates';
import {
  AWAITED_INPUTS,
  CASE_EVENT_MEANING,
  CASE_EVENT_TYPES,
  CASE_STAGES,
  CASE_STATUSES,
  DEADLINE_KINDS,
  DEADLINE_POLICY,
  MORNING_LIST,
  NOTIFICATION_KINDS,
  OFFICER_RECORD_EVENT_PREFIX,
  OFFICER_RECORD_KINDS,
  recipientRoles,
  type NotificationKind,
  type RecipientRole,
} from './catalogues';
import { bulletList } from './objects';

/**
 * The words: what each value of a catalogue means. The values come from the
 * catalogues (./catalogues.ts), in their order; each table here is keyed by
 * the value's type, so the compiler refuses a value without its meaning.
 */

const STATUS_MEANING: Record<CaseStatus, string> = {
  RECEIVED: 'received; the completeness check is under way',
  AWAITING_RESUBMISSION:
    "returned to the referrer, who has three working days to supply the missing key details; with a child at immediate risk, the duty LADO's threshold decision may come meanwhile",
  REJECTED: 'rejected because the missing details did not arrive in time; the referrer must submit a new referral',
  AWAITING_THRESHOLD_DECISION: "complete; waiting for the duty LADO's threshold decision",
  ALLEGATION_MANAGEMENT: 'the harm threshold is met; the allocated LADO manages the allegation to its outcome',
  CONSULTATION: 'below the threshold for now; the allocated LADO keeps it under review until it closes or becomes an allegation',
  OUTCOME_DUTIES: 'the outcome is recorded; the duties that follow it are outstanding',
  CLOSED: 'closed: no further action, transferred to another authority, a consultation closed, or an allegation concluded',
};

const STAGE_MEANING: Record<CaseStage, string> = {
  receipt: 'the referral has arrived and is being checked',
  completeness: 'the referral was returned for missing key details',
  'initial-consideration': 'the duty LADO is considering the referral',
  'allegation-management': 'the allegation is investigated and reviewed until its outcome',
  consultation: 'the concern is reviewed below the harm threshold',
  'outcome-and-duties': 'the outcome is recorded and the duties after it are followed up',
  closed: 'nothing more happens on the case',
};

const AWAITED_MEANING: Record<AwaitedInput, string> = {
  resubmission: "the referrer's missing details (`POST /referrals/{caseId}/resubmission`)",
  thresholdDecision: "the duty LADO's threshold decision (`POST /cases/{caseId}/decisions`)",
  officerEvent: 'any officer record while the case is managed (`POST /cases/{caseId}/decisions`), between its deadlines',
};

export const THRESHOLD_OUTCOME_MEANING: Record<ThresholdDecision['outcome'], string> = {
  allegation: 'The harm threshold is met. The case is allocated to the LADO named in `allocatedTo` and moves to `ALLEGATION_MANAGEMENT`.',
  consultation:
    'The threshold is not met for now. The case is allocated to the LADO named in `allocatedTo` and moves to `CONSULTATION`, kept under review.',
  'no-further-action':
    'No further LADO action, for the reason `category` names: ' +
    NO_FURTHER_ACTION_CATEGORIES.map((category) => `\`${category}\` (${NO_FURTHER_ACTION[category].label})`).join('; ') +
    '. The case moves to `CLOSED` and the referrer is told the reason, never the rationale.',
  transfer:
    'Another authority leads, where the person works (`receivingAuthority`). The case moves to `CLOSED`; its designated officer is told that the referral ' +
    "is being passed on (the case reference and the duty LADO's contact, no allegation details, which go by the authorities' secure route), and the referrer who leads.",
};

export const EVENT_KIND_MEANING: Record<OfficerEvent['kind'], string> = {
  tracks:
    'Which tracks the allegation follows. A police investigation needs the police target date, which becomes the `policeReview` deadline; ' +
    'possible section 47 enquiries set the `strategyMeeting` deadline; the employer track sets `employerAction` or `disciplinaryHearing`.',
  'strategy-meeting-held': 'The strategy meeting was held: meets the outstanding `strategyMeeting` deadline.',
  'employer-action-taken': 'The employer acted: meets the outstanding `employerAction` deadline.',
  'disciplinary-hearing-held': 'The disciplinary hearing was held: meets the outstanding `disciplinaryHearing` deadline.',
  'police-update': 'Progress was reviewed with the police: meets the outstanding `policeReview` deadline and sets the next one when the police give a new target date.',
  'review-done': 'The periodic review was done: the next review (`ladoReview`, `ladoReviewComplex` or `consultationReview`) is counted from now.',
  suspension: 'Whether the person is suspended. While they are, the suspension is reviewed (`suspensionReview`).',
  reallocate: 'Allocates the case to another LADO, who receives its deadline emails from now on.',
  complexity: 'Marks the allegation complex, or no longer complex: a complex one is reviewed more often (`ladoReviewComplex`).',
  'escalate-to-allegation': 'The consultation becomes an allegation meeting the harm criteria named: the case moves to `ALLEGATION_MANAGEMENT`.',
  'close-consultation': 'The consultation closes below the harm threshold with its `outcome` (003 §5, Table 6): the case moves to `CLOSED`.',
  outcome:
    "The allegation's outcome. The management deadlines are met, the case moves to `OUTCOME_DUTIES` and the duties that follow fall due: " +
    'considering a regulator referral, always; confirming the DBS referral, where the employer has that duty; a lessons-learned review, after a substantiated allegation; ' +
    'feedback to the child and their parents or carers, where the referral identifies a child.',
  'dbs-referral-confirmed': 'The employer has made the DBS referral: ends the `dbsReferral` chase.',
  'regulator-referral-considered': 'A referral to the professional regulator was considered with the employer; `referred` says whether one was made.',
  'lessons-learned-done': 'The lessons-learned review was held with the case manager.',
  'feedback-given': 'The child and their parents or carers were given feedback on the outcome; `givenBy` says who gave it (004 para 58): ends the `childFeedback` chase.',
  close: 'Closes the case once no duty is outstanding: the case moves to `CLOSED`.',
};

// ---------------------------------------------------------------- deadlines, worded from DEADLINE_POLICY

const EVENT_WORDING: Record<DeadlineEvent, string> = {
  referralFirstReturned: 'the referral was first returned',
  readyForThresholdDecision: 'the referral could have its threshold decision (once complete; on receipt, whatever it lacks, for a child at immediate risk)',
  tracksRecorded: 'the officer recorded the tracks the allegation follows',
  allegationOpened: 'the case became an allegation (the referral was received, or the consultation was escalated)',
  allegationDecided: 'the harm threshold was found met (the threshold decision, or the escalation of a consultation)',
  lastReview: 'the case was allocated or last reviewed',
  suspensionRecorded: 'the suspension was recorded or last reviewed (one the referral reported: from when the case became an allegation)',
  outcomeRecorded: 'the outcome was recorded',
  officerSetDate: 'the date the officer sets',
};

const MOMENT_WORDING: Record<DeadlineMoment, string> = {
  startOfWorkingDay: 'at the opening of the working day',
  endOfWorkingDay: 'at the close of the working day',
};

const UNIT_WORDING: Record<Exclude<Period['unit'], 'officerSetDate'>, string> = { workingDays: 'working day', calendarMonths: 'calendar month' };

export function deadlineMeaning(kind: DeadlineKind): string {
  const { description, period, at, countedFrom, remindOnTheDay, dueSoon, repeats, repeatEvery } = DEADLINE_POLICY[kind];
  const every = repeatEvery ?? period;
  const due =
    period.unit === 'officerSetDate'
      ? // deadlineOnDate takes the close of the day whatever the row's moment.
        `Due ${MOMENT_WORDING.endOfWorkingDay} on ${EVENT_WORDING[countedFrom]}, or on the next working day when that date is not one`
      : `Due ${MOMENT_WORDING[at]} ${period.count} ${UNIT_WORDING[period.unit]}${period.count === 1 ? '' : 's'} after ${EVENT_WORDING[countedFrom]}` +
        (repeats && every.unit !== 'officerSetDate'
          ? `, and chased again every ${every.count === 1 ? '' : `${every.count} `}${UNIT_WORDING[every.unit]}${every.count === 1 ? '' : 's'} until done`
          : '');
  const notice = dueSoon
    ? ` The allocated LADO is told ${dueSoon.workingDaysBefore} working days ahead, when it is set at least ${dueSoon.minimumLeadWorkingDays} working days ahead.`
    : '';
  const reminder = remindOnTheDay ? ' The allocated LADO is reminded on the morning of the day.' : '';
  return `${description}. ${due}.${notice}${reminder}`;
}

// ---------------------------------------------------------------- emails, worded from the contract and the templates

const ROLE_WORDING: Record<RecipientRole, string> = {
  referrer: 'the referrer',
  dutyLado: 'the duty LADO',
  ladoManager: 'the LADO manager',
  allocatedLado: 'the allocated LADO',
  receivingLado: "the receiving authority's designated officer",
};

/** The deadlines whose overdue email is copied to the LADO manager. */
const ESCALATED = DEADLINE_KINDS.filter((kind) => DEADLINE_POLICY[kind].escalates);
const SAMPLE_DEADLINE: DeadlineKind = 'strategyMeeting';
const sampleContext: EmailContext = {
  caseId: '{caseId}',
  referrerName: 'Referrer',
  referrerEmail: 'referrer@example.org',
  missing: [],
  cutoffAt: new Date(0),
  decisionDueAt: new Date(0),
  dutyLadoEmail: 'duty@example.org',
  managerEmail: 'manager@example.org',
  allocatedLadoEmail: 'lado@example.org',
  receivingAuthority: { name: '{receivingAuthority}', designatedOfficerEmail: 'lado@receiving.example.org' },
  noFurtherAction: 'threshold-not-met',
  deadline: { kind: SAMPLE_DEADLINE, dueAt: new Date(0) },
  officerCaseUrl: 'https://officers.example.org',
  frontDoorPhone: '{frontDoorPhone}',
  outOfHoursPhone: '{outOfHoursPhone}',
};

/** Who an email goes to (NOTIFICATION_RECIPIENT) and its subject, as its template renders it. */
function emailMeaning(kind: NotificationKind): string {
  const to = recipientRoles(kind).map((role) => ROLE_WORDING[role]);
  const copied =
    kind === 'deadlineOverdue' && ESCALATED.length
      ? `, copied to ${ROLE_WORDING.ladoManager} for ${ESCALATED.map((deadline) => `\`${deadline}\``).join(', ')}`
      : '';
  const subject =
    kind === MORNING_LIST
      ? renderMorningList([], { date: '2026-01-05', at: new Date(0), dutyLadoEmail: sampleContext.dutyLadoEmail, officerCaseUrl: sampleContext.officerCaseUrl })
          .subject.replace(/ for .+?: 0 /, ' for {working day}: {n} ')
      : renderEmail(kind, sampleContext).subject.replace(DEADLINE_POLICY[SAMPLE_DEADLINE].description.toLowerCase(), '{deadline}');
  return `to ${to.join(' and ')}${copied}: “${subject}”`;
}

// ---------------------------------------------------------------- the catalogues, as the document describes them

export const catalogueDescriptions = {
  CaseStatus: `Where the case waits:\n${bulletList(CASE_STATUSES.map((status) => [status, STATUS_MEANING[status]]))}`,
  CaseStage: `The part of the procedure the case is in:\n${bulletList(CASE_STAGES.map((stage) => [stage, STAGE_MEANING[stage]]))}`,
  DeadlineKind: `The deadlines the workflow keeps:\n${bulletList(DEADLINE_KINDS.map((kind) => [kind, deadlineMeaning(kind)]))}`,
  AwaitedInput: `An input the workflow waits for:\n${bulletList(AWAITED_INPUTS.map((input) => [input, AWAITED_MEANING[input]]))}`,
  NotificationKind: `An email the service sends, with its subject:\n${bulletList(NOTIFICATION_KINDS.map((kind) => [kind, emailMeaning(kind)]))}`,
  AuditEventType: `What happened:\n${bulletList([
    ...CASE_EVENT_TYPES.map((type) => [type, CASE_EVENT_MEANING[type]] as const),
    [
      `${OFFICER_RECORD_EVENT_PREFIX}<kind>`,
      `an officer record, named by its \`kind\` (see \`OfficerEvent\`): ${OFFICER_RECORD_KINDS.map((kind) => `\`${kind}\``).join(', ')}`,
    ],
  ])}`,
};
