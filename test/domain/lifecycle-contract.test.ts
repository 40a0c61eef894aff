import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { caseIdForSubmission, parseExecutionName } from '../../functions/domain/case-id';
import { DEADLINE_KINDS, DEADLINE_POLICY } from '../../functions/domain/deadline-policy';
import {
  AUDIT_EVENT_TYPES,
  CASE_EVENT_MEANING,
  CASE_EVENT_TYPES,
  CASE_ID_PATTERN,
  MORNING_LIST,
  NOTIFICATION_KINDS,
  NOTIFICATION_RECIPIENT,
  OFFICER_RECORD_KINDS,
  recipientRoles,
  type CaseNotificationKind,
} from '../../functions/domain/lifecycle-contract';
import { officerEventSchema } from '../../functions/domain/officer-records';
import { renderEmail, renderMorningList, type EmailContext } from '../../functions/notifier/templates';

const domainDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../functions/domain');

describe('the lifecycle contract', () => {
  it('lists every audit event type, the case events with what each means, then one per officer record', () => {
    expect(AUDIT_EVENT_TYPES).toEqual([...CASE_EVENT_TYPES, ...OFFICER_RECORD_KINDS.map((kind) => `Officer:${kind}`)]);
    expect(Object.keys(CASE_EVENT_MEANING)).toEqual([...CASE_EVENT_TYPES]);
    expect(AUDIT_EVENT_TYPES).toEqual(expect.arrayContaining(['EmailSent', 'EmailDeliveryProblem', 'WorkflowRestarted', 'ExecutionStopped', 'DeadlineFired', 'DeadlineApproaching', 'DeadlineReminder']));
    expect(new Set(AUDIT_EVENT_TYPES).size).toBe(AUDIT_EVENT_TYPES.length);
  });

  it('names the officer records the schema accepts', () => {
    expect(officerEventSchema.def.options.map((option) => option.shape.kind.def.values[0])).toEqual([...OFFICER_RECORD_KINDS]);
  });

  it('issues case ids of the format it checks', () => {
    const caseId = caseIdForSubmission('portal-submission-0001');
    expect(caseId).toMatch(CASE_ID_PATTERN);
    expect(parseExecutionName(`${caseId}-management-2`)).toEqual({ caseId, phase: 'management', sequence: 2 });
    expect('LADO-123').not.toMatch(CASE_ID_PATTERN);
  });
});

describe('who each email is for, stated once', () => {
  it('the policy table notifies whom its email is for, and the manager on the escalating targets', () => {
    for (const kind of DEADLINE_KINDS) {
      const { email, escalates, notify } = DEADLINE_POLICY[kind];
      expect(notify, kind).toEqual(recipientRoles(email, escalates === true));
    }
    expect(DEADLINE_POLICY.resolutionOneMonth.notify).toEqual(['allocatedLado', 'ladoManager']);
    expect(DEADLINE_POLICY.initialConsiderationEscalation.notify).toEqual(['ladoManager']);
  });

  it('the templates address each email to the address of its role', () => {
    const context: EmailContext = {
      caseId: 'LADO-0123456789',
      referrerName: 'A Referrer',
      referrerEmail: 'referrer@example.org',
      missing: [],
      cutoffAt: new Date('2026-11-26T17:00:00Z'),
      decisionDueAt: new Date('2026-11-24T17:00:00Z'),
      dutyLadoEmail: 'duty@example.org',
      managerEmail: 'manager@example.org',
      allocatedLadoEmail: 'lado@example.org',
      receivingAuthority: { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' },
      noFurtherAction: 'employer-procedures',
      deadline: { kind: 'ladoReview', dueAt: new Date('2026-12-21T17:00:00Z') },
      officerCaseUrl: 'https://officers.example.org/cases',
      frontDoorPhone: '01632 960 001',
      outOfHoursPhone: '01632 960 002',
    };
    const address = {
      referrer: context.referrerEmail,
      dutyLado: context.dutyLadoEmail,
      ladoManager: context.managerEmail,
      allocatedLado: context.allocatedLadoEmail,
      receivingLado: context.receivingAuthority?.designatedOfficerEmail,
    };
    for (const kind of NOTIFICATION_KINDS.filter((k): k is CaseNotificationKind => k !== MORNING_LIST)) expect(renderEmail(kind, context).to, kind).toEqual([address[NOTIFICATION_RECIPIENT[kind]]]);
    // The morning list is about no one case: rendered from its list, to the duty LADO.
    const morning = renderMorningList([], { date: '2026-11-24', at: new Date('2026-11-24T09:00:00Z'), dutyLadoEmail: context.dutyLadoEmail, officerCaseUrl: context.officerCaseUrl });
    expect(morning.to).toEqual([address[NOTIFICATION_RECIPIENT[MORNING_LIST]]]);
    const target = { ...context, deadline: { kind: 'resolutionOneMonth' as const, dueAt: new Date('2026-12-23T17:00:00Z') } };
    expect(renderEmail('deadlineOverdue', target).to).toEqual([context.allocatedLadoEmail, context.managerEmail]);
    expect(renderEmail('deadlineDueSoon', target).to).toEqual([context.allocatedLadoEmail]);
    expect(renderEmail('deadlineDueToday', target).to).toEqual([context.allocatedLadoEmail]);
    expect(renderEmail('receivingAuthorityNotice', context).to).toEqual(['lado@medway.example.gov.uk']);
  });
});

describe('the domain', () => {
  it('reads no environment, imports nothing of AWS, and of the project nothing outside the domain but the clock', () => {
    // The referral schema reads today through the service clock (virtual locally) to refuse dates in the future.
    const clock = path.resolve(domainDir, '../shared/clock');
    const files = readdirSync(domainDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
    expect(files).toContain(path.join('report', 'annual-report.ts'));
    for (const file of files) {
      const source = readFileSync(path.join(domainDir, file), 'utf8');
      expect(source, file).not.toMatch(/process\.env/);
      expect(source, file).not.toMatch(/from '(@aws-sdk|aws-cdk-lib|@aws-lambda-powertools)/);
      const outside = [...source.matchAll(/from '(\.[^']*)'/g)]
        .map((match) => path.resolve(path.dirname(path.join(domainDir, file)), match[1]!))
        .filter((target) => !target.startsWith(domainDir + path.sep) && target !== clock);
      expect(outside, file).toEqual([]);
    }
  });
});
