import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as z from '../../functions/domain/zod';
import type { Caseloads } from '../../functions/caseloads/caseloads-view';
import type { CaseWorkflow } from '../../functions/case-workflow/workflow-view';
import { scheduleDeadlines, type CaseEvent, type CaseRecord } from '../../functions/domain/case';
import { caseIdForSubmission, executionName, fingerprint } from '../../functions/domain/case-id';
import { caseListEntry, caseListItem, caseListQuerySchema, caseloads, HIGH_CASELOAD } from '../../functions/domain/case-list';
import { createWorkingCalendar } from '../../functions/domain/calendar';
import { missingKeyDemographics } from '../../functions/domain/completeness';
import { awaitingDecision as awaitingDecisionEntry, dutyList } from '../../functions/domain/morning-list';
import { applyOfficerEvent, applyThresholdDecision, type Applied, type OfficerEvent } from '../../functions/domain/officer-records';
import type { Referral } from '../../functions/domain/referral-schema';
import type { ThresholdDecision } from '../../functions/domain/threshold-decision';
import { dutyReferral, type DutyList } from '../../functions/duty-list/duty-list-view';
import { executionsQuerySchema, type ExecutionsPage } from '../../functions/executions/executions-view';
import { officerCaseView, operationsCaseView } from '../../functions/get-case/case-view';
import type { CaseHistory } from '../../functions/get-history/case-history';
import { keyedReferralRequestSchema } from '../../functions/keyed-referral/schemas';
import type { CaseListPageView } from '../../functions/list-cases/case-list-view';
import type { ReconcilerFindingsView } from '../../functions/reconciler-findings/findings-view';
import { zodErrors } from '../../functions/shared/handler';
import { mermaidOf } from '../../functions/shared/lifecycle-diagram';
import { NOT_PREVIOUSLY_KNOWN, previouslyKnownCase } from '../../functions/shared/previously-known';
import { projectRoot } from './files';

/**
 * The document's examples: real cases, taken through the domain rules and the
 * views the handlers answer with, so that statuses, deadlines, conflicts and
 * response bodies are the real ones.
 */

const REFERRAL_EXAMPLE_PATH = path.join(projectRoot, 'docs', 'examples', 'referral.json');

export function referralExamples(): { complete: Referral; incomplete: Referral } {
  const complete = JSON.parse(readFileSync(REFERRAL_EXAMPLE_PATH, 'utf8')) as Referral;
  const { dateOfBirth: _dateOfBirth, address: _address, ...subject } = complete.subject;
  return { complete, incomplete: { ...complete, submissionId: 'portal-2026-000124', subject } };
}

export type Examples = ReturnType<typeof buildExamples>;

const applied = (result: Applied) => {
  if (!result.ok) throw new Error(`An example record was refused: ${result.conflict}`);
  return result;
};

const refused = (result: Applied) => {
  if (result.ok) throw new Error(`An example record meant to be refused was applied: ${result.event.type}`);
  return result.conflict;
};

const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

/** Example cases, taken through the domain rules so that statuses, deadlines and conflicts are the real ones. */
export function buildExamples() {
  const { complete, incomplete } = referralExamples();
  const calendar = createWorkingCalendar();
  const receivedAt = new Date('2026-03-10T10:15:00.000Z');
  const returnedAt = later(receivedAt, 2);
  const decidedAt = new Date('2026-03-11T14:40:00.000Z');
  const tracksAt = new Date('2026-03-12T11:05:00.000Z');
  const outcomeAt = new Date('2026-05-20T15:30:00.000Z');
  const allocatedTo = { officerId: 'lado.mensah', email: 'lado.mensah@example.gov.uk' };
  const received = (referral: Referral): CaseRecord => ({
    caseId: caseIdForSubmission(referral.submissionId),
    submissionId: referral.submissionId,
    submissionFingerprint: fingerprint(referral),
    status: 'RECEIVED',
    receivedAt: receivedAt.toISOString(),
    referral,
    missing: [],
    deadlines: [],
    decisions: [],
  });
  const awaitingResubmission: CaseRecord = {
    ...received(incomplete),
    status: 'AWAITING_RESUBMISSION',
    returnedAt: returnedAt.toISOString(),
    missing: missingKeyDemographics(incomplete),
    awaiting: { kind: 'resubmission', since: returnedAt.toISOString() },
    deadlines: scheduleDeadlines(['returnReminder', 'returnCutoff'], returnedAt, calendar),
  };
  const awaitingDecision: CaseRecord = {
    ...received(complete),
    status: 'AWAITING_THRESHOLD_DECISION',
    awaiting: { kind: 'thresholdDecision', since: receivedAt.toISOString() },
    deadlines: scheduleDeadlines(['initialConsiderationChase', 'initialConsiderationEscalation'], receivedAt, calendar),
  };

  const allegation: ThresholdDecision = {
    kind: 'threshold',
    officerId: 'duty.lado.okafor',
    outcome: 'allegation',
    harmCriteria: ['harmed-child', 'risk-of-harm'],
    rationale:
      'Marks seen by a parent and two pupil witnesses: the alleged grab meets the harm test. Allegation management meeting to be convened with the school and police.',
    allocatedTo,
  };
  const consultation: ThresholdDecision = {
    kind: 'threshold',
    officerId: 'duty.lado.okafor',
    outcome: 'consultation',
    rationale: 'Contact was brief and proportionate to stop a pupil leaving the room; the school will follow its own conduct procedures.',
    allocatedTo,
  };
  const noFurtherAction: ThresholdDecision = {
    kind: 'threshold',
    officerId: 'duty.lado.okafor',
    outcome: 'no-further-action',
    rationale: 'A complaint about teaching style with no suggestion of harm to a child: for the school to handle under its complaints policy.',
    category: 'employer-procedures',
  };
  const tracks: OfficerEvent = {
    kind: 'tracks',
    officerId: allocatedTo.officerId,
    rationale: 'Police are investigating a possible assault and will review progress with the CPS by 24 April; section 47 enquiries may apply; the school investigates under its disciplinary procedure.',
    police: true,
    policeTargetDate: '2026-04-24',
    section47: true,
    employer: 'investigation',
  };
  const outcome: OfficerEvent = {
    kind: 'outcome',
    officerId: allocatedTo.officerId,
    rationale: "The school's investigation and the police evidence establish the grab; the governors dismissed the teacher at the disciplinary hearing.",
    result: { outcome: 'substantiated', subOutcome: 'dismissal', conclusions: ['dismissed'], investigationCompleted: true },
  };

  const managed: CaseRecord = {
    ...applyThresholdDecision(awaitingDecision, allegation, decidedAt, calendar),
    awaiting: { kind: 'officerEvent', since: later(decidedAt, 1).toISOString() },
  };
  const tracked = applied(applyOfficerEvent(managed, tracks, tracksAt, calendar));
  const concluded = applied(applyOfficerEvent(tracked.next, outcome, outcomeAt, calendar));
  const underConsultation = applyThresholdDecision(awaitingDecision, consultation, decidedAt, calendar);
  const bareRecord = (kind: 'strategy-meeting-held' | 'close'): OfficerEvent => ({
    kind,
    officerId: allocatedTo.officerId,
    rationale: 'Recorded by the allocated LADO.',
  });

  const history: CaseEvent[] = [
    { type: 'ReferralReceived', actor: 'referrer', at: receivedAt.toISOString(), details: { submissionId: complete.submissionId } },
    { type: 'EmailSent', actor: 'system', at: later(receivedAt, 1).toISOString(), details: { kind: 'acknowledgement', recipient: 'referrer' } },
    { type: 'ReferralComplete', actor: 'system', at: later(receivedAt, 2).toISOString() },
    { type: 'WorkflowWaiting', actor: 'system', at: later(receivedAt, 2).toISOString(), details: { awaiting: 'thresholdDecision' } },
    {
      type: 'ThresholdDecisionRecorded',
      actor: allegation.officerId,
      at: decidedAt.toISOString(),
      rationale: allegation.rationale,
      details: { outcome: allegation.outcome },
    },
    { type: 'PhaseStarted', actor: 'system', at: later(decidedAt, 1).toISOString(), details: { phase: 'management', sequence: 1 } },
    { type: 'WorkflowWaiting', actor: 'system', at: later(decidedAt, 1).toISOString(), details: { awaiting: 'officerEvent' } },
    tracked.event,
  ];

  // More cases, under submission ids of their own, for the lists: another allegation and a consultation, each allocated, and a referral at immediate risk.
  const variant = (submissionId: string, at: Date, allegation: Partial<Referral['allegation']> = {}): CaseRecord => ({
    ...received({ ...complete, submissionId, allegation: { ...complete.allegation, ...allegation } }),
    receivedAt: at.toISOString(),
  });
  const awaitingFrom = (record: CaseRecord): CaseRecord => ({
    ...record,
    status: 'AWAITING_THRESHOLD_DECISION',
    awaiting: { kind: 'thresholdDecision', since: record.receivedAt },
    deadlines: scheduleDeadlines(['initialConsiderationChase', 'initialConsiderationEscalation'], new Date(record.receivedAt), calendar),
  });
  const secondLado = { officerId: 'lado.ahmed', email: 'lado.ahmed@example.gov.uk' };
  const secondAllegation = applyThresholdDecision(
    awaitingFrom(variant('portal-2026-000131', new Date('2026-03-16T09:20:00.000Z'))),
    { ...allegation, rationale: 'Recorded by the duty LADO.' },
    new Date('2026-03-17T10:00:00.000Z'),
    calendar,
  );
  const secondConsultation = applyThresholdDecision(
    awaitingFrom(variant('portal-2026-000135', new Date('2026-03-17T13:45:00.000Z'))),
    { ...consultation, rationale: 'Recorded by the duty LADO.', allocatedTo: secondLado },
    new Date('2026-03-18T09:30:00.000Z'),
    calendar,
  );
  const atImmediateRisk = awaitingFrom(variant('portal-2026-000142', new Date('2026-03-19T15:05:00.000Z'), { immediateRisk: true }));
  const listed = [tracked.next, secondAllegation, secondConsultation, awaitingResubmission]
    .map(caseListEntry)
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.caseId.localeCompare(b.caseId));
  // The strategy meeting of the first allegation has fallen due, and is not held.
  const team = caseloads(
    [tracked.next, secondAllegation, secondConsultation].map(caseListEntry),
    new Date('2026-03-20T09:00:00.000Z'),
  );
  const earlierCase = previouslyKnownCase({
    caseId: caseIdForSubmission('portal-2024-000052'),
    receivedAt: '2024-02-05T11:30:00.000Z',
    decisions: [{ decision: { ...consultation, rationale: 'Recorded by the duty LADO.' }, decidedBy: consultation.officerId, decidedAt: '2024-02-06T10:00:00.000Z' }],
    consultationOutcome: 'advice or signposting',
  });
  const duty = dutyList([awaitingDecision, atImmediateRisk].map((record) => awaitingDecisionEntry(record)!)).map((entry) =>
    dutyReferral(entry, entry.caseId === awaitingDecision.caseId ? { count: 1, cases: [earlierCase] } : NOT_PREVIOUSLY_KNOWN),
  );
  const managementExecution = executionName(awaitingDecision.caseId, 'management', 1);
  const stateMachine = 'LadoReferrals-referral-lifecycle';
  /** The fields a handler names when it refuses a query or a body, as it words them. */
  const refusedFields = (schema: z.ZodMiniType, sent: unknown, prefix?: string) => {
    const parsed = schema.safeParse(sent);
    if (parsed.success) throw new Error(`An example request meant to be refused was accepted: ${JSON.stringify(sent)}`);
    return zodErrors(parsed.error, prefix);
  };
  const keyedReferral = {
    channel: 'phone',
    keyedBy: { officerId: 'duty.lado.okafor', email: 'duty.lado.okafor@example.gov.uk' },
    referral: {
      referrer: { kind: 'parent or carer', name: 'Joanne Clarke', phone: '07700 900 461' },
      subject: complete.subject,
      employer: complete.employer,
      children: complete.children,
      allegation: complete.allegation,
    },
  } satisfies z.input<typeof keyedReferralRequestSchema>;

  return {
    complete,
    incomplete,
    completeCaseId: awaitingDecision.caseId,
    returnedCaseId: awaitingResubmission.caseId,
    // An id no example submission maps to.
    unknownCaseId: caseIdForSubmission('portal-2026-999999'),
    allegation,
    consultation,
    noFurtherAction,
    tracks,
    outcome,
    statusAfter: {
      allegation: managed.status,
      noFurtherAction: applyThresholdDecision(awaitingDecision, noFurtherAction, decidedAt, calendar).status,
      outcome: concluded.next.status,
    },
    conflicts: {
      wrongStage: refused(applyOfficerEvent(underConsultation, outcome, outcomeAt, calendar)),
      nothingOutstanding: refused(applyOfficerEvent(managed, bareRecord('strategy-meeting-held'), tracksAt, calendar)),
      dutiesOutstanding: refused(applyOfficerEvent(concluded.next, bareRecord('close'), later(outcomeAt, 60), calendar)),
    },
    resubmission: { subject: { dateOfBirth: complete.subject.dateOfBirth, address: complete.subject.address } },
    awaitingResubmission: officerCaseView(awaitingResubmission),
    awaitingDecision: officerCaseView(awaitingDecision),
    allegationManagement: officerCaseView(tracked.next),
    concluded: officerCaseView(concluded.next),
    forOperations: operationsCaseView({
      ...tracked.next,
      phase: { name: 'management', sequence: 1, startedAt: later(decidedAt, 1).toISOString(), wakes: 2 },
    }),
    // A keyed-in referral's case id comes from the officer and the request's Idempotency-Key (functions/keyed-referral/handler.ts).
    keyedCaseId: caseIdForSubmission('keyed:Xw3b9kQmT2vLr8sZp4yNc6hJd1fGa5eU'),
    keyedReferral,
    keyedReferralRefused: refusedFields(keyedReferralRequestSchema, {
      ...keyedReferral,
      channel: 'portal',
      referral: { ...keyedReferral.referral, referrer: { ...keyedReferral.referral.referrer, kind: 'neighbour' } },
    }),
    caseList: { items: listed.map((entry) => caseListItem(entry, true)), nextCursor: null } satisfies CaseListPageView,
    caseListForOperations: { items: listed.map((entry) => caseListItem(entry, false)), nextCursor: null } satisfies CaseListPageView,
    caseListRefused: refusedFields(caseListQuerySchema, { limit: '500', dueBefore: '2026-09-01' }, 'query'),
    dutyList: { items: duty } satisfies DutyList,
    caseloads: { threshold: HIGH_CASELOAD, officers: team.officers, overdue: team.overdue.map((entry) => caseListItem(entry, true)) } satisfies Caseloads,
    workflow: {
      stateMachine,
      execution: managementExecution,
      // The management loop only: the deployed lifecycle has several dozen states.
      mermaid: mermaidOf({
        StartAt: 'PlanOfficerEventWait',
        States: {
          PlanOfficerEventWait: { Type: 'Task', Next: 'OfficerEventWaitOrMoveOn', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'RecordNeedsAttention' }] },
          OfficerEventWaitOrMoveOn: {
            Type: 'Choice',
            Choices: [
              { Variable: '$.plan.next', StringEquals: 'inputArrived', Next: 'PlanOfficerEventWait' },
              { Variable: '$.plan.next', StringEquals: 'closed', Next: 'CaseClosed' },
            ],
            Default: 'AwaitOfficerEvent',
          },
          AwaitOfficerEvent: {
            Type: 'Task',
            Next: 'PlanOfficerEventWait',
            Catch: [
              { ErrorEquals: ['States.Timeout'], Next: 'FireOfficerEventDeadlines' },
              { ErrorEquals: ['States.ALL'], Next: 'RecordNeedsAttention' },
            ],
          },
          FireOfficerEventDeadlines: { Type: 'Task', Next: 'OfficerEventWaitOrMoveOn' },
          RecordNeedsAttention: { Type: 'Task', End: true },
          CaseClosed: { Type: 'Succeed' },
        },
      }),
      currentState: 'AwaitOfficerEvent',
    } satisfies CaseWorkflow,
    executions: {
      items: [
        {
          executionName: managementExecution,
          stateMachine,
          status: 'RUNNING',
          startedAt: later(decidedAt, 1).toISOString(),
          stoppedAt: null,
          caseId: awaitingDecision.caseId,
        },
        {
          executionName: executionName(awaitingDecision.caseId, 'first-days'),
          stateMachine,
          status: 'SUCCEEDED',
          startedAt: later(receivedAt, 1).toISOString(),
          stoppedAt: later(decidedAt, 1).toISOString(),
          caseId: awaitingDecision.caseId,
        },
      ],
      nextCursor: null,
    } satisfies ExecutionsPage,
    executionsRefused: refusedFields(executionsQuerySchema, { status: 'STOPPED', limit: '0' }, 'query'),
    findings: {
      checkedAt: '2026-03-20T09:00:00.000Z',
      checkedBy: 'reconciler',
      activeCases: 4,
      runningExecutions: 3,
      drift: [{ kind: 'caseWithoutExecution', caseId: awaitingResubmission.caseId, expectedExecution: executionName(awaitingResubmission.caseId, 'first-days') }],
    } satisfies ReconcilerFindingsView,
    // Each event's id in the trail: its time, the case version it was saved with, and a random suffix.
    history: {
      caseId: awaitingDecision.caseId,
      events: history.map((event, place) => ({ eventId: `${event.at}#${String(place + 1).padStart(8, '0')}.00k3f9`, ...event })),
    } satisfies CaseHistory,
  };
}
