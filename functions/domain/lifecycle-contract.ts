/**
 * The lifecycle's contract, defined once: the values that cross from one part
 * of the system to another (the core and its handlers, the handlers and the
 * workflow, the store, the notifier and the audit trail). Everything else
 * imports them from here: a value renamed here fails to compile wherever it
 * is used, the workflow's Choice states included (workflows/contract.ts).
 * Each catalogue is an `as const` array with its type derived from it, so
 * that a generator (the OpenAPI document) can import the list itself.
 */

// ------------------------------------------------------------------- cases

/** The case id: `LADO-` and ten characters, derived from the portal's submission id (case-id.ts). */
export const CASE_ID_PREFIX = 'LADO-';
/** The ten characters of a case id as checked on the way in: issued in Crockford base32, accepted as any upper-case letter or digit. */
export const CASE_ID_BODY = '[0-9A-Z]{10}';
export const CASE_ID_PATTERN = new RegExp(`^${CASE_ID_PREFIX}${CASE_ID_BODY}$`);
export const CASE_ID_FORMAT_MESSAGE = `The case id must look like ${CASE_ID_PREFIX}XXXXXXXXXX`;

/** Where a case waits, in the order of the procedure (domain.md, stages 1 to 8). */
export const CASE_STATUSES = [
  'RECEIVED',
  'AWAITING_RESUBMISSION',
  'REJECTED',
  'AWAITING_THRESHOLD_DECISION',
  'ALLEGATION_MANAGEMENT',
  'CONSULTATION',
  'OUTCOME_DUTIES',
  'CLOSED',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Human input the workflow can wait for; each arrives through a callback task.
 * During case management the workflow waits for any officer event, to plan
 * its next wake again.
 */
export const AWAITED_INPUTS = ['resubmission', 'thresholdDecision', 'officerEvent'] as const;
export type AwaitedInput = (typeof AWAITED_INPUTS)[number];

/** The executions a case is run by, in order: its first days, then management 1, 2, … (case-id.ts names them). */
export const PHASE_NAMES = ['first-days', 'management'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

/** Who acts on a case besides officers, who act under their own ids. */
export const SYSTEM_ACTOR = 'system';
export const REFERRER_ACTOR = 'referrer';
/** The scheduled job that disposes of personal data once a case's retention date has passed (functions/retention). */
export const RETENTION_JOB_ACTOR = 'system:retention-job';

// ------------------------------------------------------------------ the workflow

/** What an execution is started with: the case id alone for a referral's first execution, its phase and number for the next ones. */
export interface ExecutionInput {
  caseId: string;
  phase?: PhaseName;
  sequence?: number;
}

/**
 * What the workflow does after a timer step (`$.timer.next`): wait on, move
 * on because the awaited input arrived while the workflow was busy, end
 * because the case has ended, or hand the case to the next execution.
 */
export const TIMER_OUTCOMES = ['wait', 'inputArrived', 'closed', 'handover'] as const;
export type TimerOutcome = (typeof TIMER_OUTCOMES)[number];

/** The timer task's two actions: plan how long to wait, or fire what is due and plan again. */
export const TIMER_ACTIONS = ['plan', 'fire'] as const;
export type TimerAction = (typeof TIMER_ACTIONS)[number];

/** Where a first-days execution takes a referral up (`$.receipt.next`), from where the stored case stands. */
export const FIRST_DAYS_STEPS = ['checkCompleteness', 'awaitResubmission', 'awaitThresholdDecision', 'afterThresholdDecision', 'closed'] as const;
export type FirstDaysStep = (typeof FIRST_DAYS_STEPS)[number];

/** The handover task's actions: after the threshold decision, at an execution's limits, and when a step failed past its retries. */
export const HANDOVER_ACTIONS = ['afterThresholdDecision', 'handover', 'needsAttention'] as const;
export type HandoverAction = (typeof HANDOVER_ACTIONS)[number];

/** The task results the workflow routes on, each put at its own path (workflows/contract.ts). */
export interface TimerResult {
  next: TimerOutcome;
  /** Whole seconds the wait may last, at least 1. */
  seconds: number;
  /** The case version the plan was made from. */
  planVersion: number;
  /**
   * Emails the case owes as planned. A firing that owes any has the notifier
   * send them and plan again from the case its sends leave (NotifierPlanResult):
   * a plan made while emails are owed wakes within the hour to retry them.
   */
  owed: number;
}

export interface ReceiptResult {
  next: FirstDaysStep;
}

export interface CompletenessResult {
  complete: boolean;
}

export interface NotifierResult {
  sent: number;
  /** Emails still owed after this attempt. */
  owed: number;
}

/** The notifier in a wait (given the awaited input): what it sent, and the wait planned again from the case as its sends left it. */
export type NotifierPlanResult = NotifierResult & TimerResult;

/** What a callback task resumes with: which input arrived, never its content. */
export interface InputReceived {
  received: AwaitedInput;
}

// ------------------------------------------------------------------ emails

/** Who an email is for, as a role: the notifier turns each into an address. */
export const RECIPIENT_ROLES = ['referrer', 'dutyLado', 'ladoManager', 'allocatedLado', 'receivingLado'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** Every email the service sends (functions/notifier/templates.ts renders each). */
export const NOTIFICATION_KINDS = [
  'acknowledgement',
  'immediateRiskAlert',
  'returnRequest',
  'returnReminder',
  'returnCutoff',
  'initialConsiderationChase',
  'initialConsiderationEscalation',
  'transferNotice',
  'receivingAuthorityNotice',
  'noFurtherActionNotice',
  'deadlineDueSoon',
  'deadlineDueToday',
  'deadlineOverdue',
  'morningList',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The one email no case owes: the duty LADO's list, each working morning, of
 * the referrals awaiting a threshold decision (functions/morning-list).
 */
export const MORNING_LIST = 'morningList' satisfies NotificationKind;
/** The emails a case owes (case.ts, OwedEmail), each rendered from its case by functions/notifier/templates.ts. */
export type CaseNotificationKind = Exclude<NotificationKind, typeof MORNING_LIST>;

/**
 * Who each email is addressed to: the one statement of it. The templates
 * address their emails by it, the notifier records it with each email sent,
 * and the deadline-policy table's `notify` is derived from it.
 */
export const NOTIFICATION_RECIPIENT: { readonly [K in NotificationKind]: RecipientRole } = {
  acknowledgement: 'referrer',
  immediateRiskAlert: 'dutyLado',
  returnRequest: 'referrer',
  returnReminder: 'referrer',
  returnCutoff: 'referrer',
  initialConsiderationChase: 'dutyLado',
  initialConsiderationEscalation: 'ladoManager',
  transferNotice: 'referrer',
  // The designated officer of the authority a transferred referral passes to (004 paras 4, 14).
  receivingAuthorityNotice: 'receivingLado',
  noFurtherActionNotice: 'referrer',
  deadlineDueSoon: 'allocatedLado',
  deadlineDueToday: 'allocatedLado',
  deadlineOverdue: 'allocatedLado',
  morningList: 'dutyLado',
};

/** The overdue email of a deadline that escalates (a national resolution target) is copied to the LADO manager. */
export const ESCALATION_COPY: RecipientRole = 'ladoManager';

/** Everyone an email goes to, in order: its recipient, and the manager on an escalated overdue email. */
export function recipientRoles(kind: NotificationKind, escalated = false): RecipientRole[] {
  const to = NOTIFICATION_RECIPIENT[kind];
  return escalated && kind === 'deadlineOverdue' && to !== ESCALATION_COPY ? [to, ESCALATION_COPY] : [to];
}

// ------------------------------------------------------------------ the audit trail

/** What officers record on a case after the threshold decision (officer-records.ts holds their schemas). */
export const OFFICER_RECORD_KINDS = [
  'tracks',
  'strategy-meeting-held',
  'employer-action-taken',
  'disciplinary-hearing-held',
  'police-update',
  'review-done',
  'suspension',
  'reallocate',
  'complexity',
  'escalate-to-allegation',
  'close-consultation',
  'outcome',
  'dbs-referral-confirmed',
  'regulator-referral-considered',
  'lessons-learned-done',
  'feedback-given',
  'close',
] as const;
export type OfficerRecordKind = (typeof OFFICER_RECORD_KINDS)[number];

/** The audit event of an officer record: `Officer:` and the record's kind. */
export const OFFICER_RECORD_EVENT_PREFIX = 'Officer:';
export type OfficerRecordEventType = `${typeof OFFICER_RECORD_EVENT_PREFIX}${OfficerRecordKind}`;
export const officerRecordEventType = (kind: OfficerRecordKind): OfficerRecordEventType => `${OFFICER_RECORD_EVENT_PREFIX}${kind}`;

/** Every event type the service writes to a case's audit trail, besides the officer records. */
export const CASE_EVENT_TYPES = [
  'ReferralReceived',
  'ReceiptRecorded',
  'ReferralReturned',
  'ResubmissionReceived',
  'ReferralComplete',
  'ReferralRejected',
  'ThresholdDecisionRecorded',
  'DeadlineApproaching',
  'DeadlineReminder',
  'DeadlineFired',
  'EmailSent',
  'EmailDeliveryProblem',
  'WorkflowWaiting',
  'PhaseStarted',
  'WorkflowRestarted',
  'NeedsAttention',
  'ExecutionStopped',
  'RecordsDisposed',
  'RecordCorrected',
  'CaseReopened',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** What each case event means, for readers of the trail. */
export const CASE_EVENT_MEANING: { readonly [T in CaseEventType]: string } = {
  ReferralReceived: "the portal's submission arrived",
  ReceiptRecorded: 'the workflow recorded the receipt and owed the acknowledgement',
  ReferralReturned: 'the referral was returned to the referrer for missing key details',
  ResubmissionReceived: 'the referrer sent missing details',
  ReferralComplete: 'the referral holds every key detail',
  ReferralRejected: 'the missing details did not arrive by the cut-off',
  ThresholdDecisionRecorded: "the duty LADO's threshold decision",
  DeadlineApproaching: 'the allocated LADO was told of a deadline falling due in a few working days',
  DeadlineReminder: 'the allocated LADO was reminded of a deadline falling due that day',
  DeadlineFired: 'a deadline fell due before it was met',
  EmailSent: "an email was sent: its kind and the recipient's role",
  EmailDeliveryProblem: 'an email could not be delivered: its kind and the problem',
  WorkflowWaiting: 'the workflow waits for the input named',
  PhaseStarted: 'a new workflow execution took the case over',
  WorkflowRestarted: "the case's workflow was restarted from the stored case, with who asked and why",
  NeedsAttention: "the case's workflow stopped at a step that failed past its retries",
  ExecutionStopped: 'operations stopped an execution that ran for a closed case',
  RecordsDisposed: "the retention job disposed of the case's personal data, its LADO retention date having passed: the anonymous facts stay",
  RecordCorrected: "an officer corrected a mistaken record, naming its event: the original stays in the trail, and the case was rebuilt with the correction in its place",
  CaseReopened: 'a LADO manager reopened a closed case, saying why: its workflow runs again with the deadlines of the status it reopened to',
};

/** The type of every audit event: one of the case events, or an officer record. */
export type AuditEventType = CaseEventType | OfficerRecordEventType;

/** Every audit event type any code writes: the case events, then one per officer record. */
export const AUDIT_EVENT_TYPES: readonly AuditEventType[] = [...CASE_EVENT_TYPES, ...OFFICER_RECORD_KINDS.map(officerRecordEventType)];
