import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { dailySchedules } from '../../local/schedules';
import type { CloudFormationTemplate } from '../../local/synthesized-template';
import { synthesizeStack } from './synthesize';

/**
 * Retention kept, as deployed: the daily schedule that runs the retention
 * job, the sparse index it finds due cases by, and what it may do. The audit
 * trail's side of its grant (the personal data of events, nothing more) is
 * held in test/infra/audit-trail.test.ts.
 */
type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
let template: Template;
let resources: Record<string, Resource>;

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const atPath = (path: string): [string, Resource] => {
  const found = Object.entries(resources).find(([, resource]) => resource.Metadata?.['aws:cdk:path'] === path);
  if (!found) throw new Error(`Nothing at ${path}`);
  return found;
};

beforeAll(() => {
  template = Template.fromStack(synthesizeStack());
  resources = template.toJSON().Resources;
});

/** Every statement of the policies attached to a role. */
const statementsOf = (roleId: string) =>
  ofType('AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }>);

describe('the retention job', () => {
  it('runs daily at 02:00 London time, invoking the retention function with the schedule’s own role, retried twice', () => {
    const [functionId] = atPath('LadoReferrals/Functions/retention/Resource');
    const [roleId] = atPath('LadoReferrals/RetentionSchedule/Role/Resource');
    const [, schedule] = atPath('LadoReferrals/RetentionSchedule/Schedule/Resource');
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
    // The role may invoke the retention function and nothing else.
    const invoked = statementsOf(roleId).flatMap((statement) => [statement.Action].flat());
    expect([...new Set(invoked)]).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(statementsOf(roleId).map((s) => s.Resource))).not.toMatch(new RegExp(`"Functions(?!retention)`));
    // The local stack runs the same schedule at the same time on the virtual clock.
    expect(dailySchedules(template.toJSON() as CloudFormationTemplate)).toContainEqual(expect.objectContaining({ functionRef: functionId, hour: 2, minute: 0, timeZone: 'Europe/London' }));
  });

  it('has 15 minutes to run', () => {
    const [, fn] = atPath('LadoReferrals/Functions/retention/Resource');
    expect(fn.Properties.Timeout).toBe(900);
  });

  it('finds due cases in a sparse, sharded index of the case table by the date they are kept until, carrying keys only', () => {
    const [, table] = atPath('LadoReferrals/Cases/Table/Resource');
    const index = table.Properties.GlobalSecondaryIndexes.find((gsi: { IndexName: string }) => gsi.IndexName === 'RetentionDue');
    expect(index).toEqual({
      IndexName: 'RetentionDue',
      KeySchema: [
        { AttributeName: 'retentionShard', KeyType: 'HASH' },
        { AttributeName: 'keptUntil', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'retentionShard', AttributeType: 'S' },
        { AttributeName: 'keptUntil', AttributeType: 'S' },
      ]),
    );
  });

  it('may Query its index, read and put cases, read and append to the trail and dispose of events, and nothing else: no Scan, no delete, no workflow, no email', () => {
    const [, fn] = atPath('LadoReferrals/Functions/retention/Resource');
    const [caseTableId] = atPath('LadoReferrals/Cases/Table/Resource');
    const [auditId] = atPath('LadoReferrals/AuditTrail/Table/Resource');
    const grants = statementsOf(fn.Properties.Role['Fn::GetAtt'][0])
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')))
      .map((statement) => ({ actions: [statement.Action].flat().sort(), on: JSON.stringify(statement.Resource) }));
    const on = (grant: { on: string }) =>
      grant.on.includes(`"${caseTableId}"`) ? (grant.on.includes('/index/RetentionDue') ? 'RetentionDue' : 'cases') : grant.on.includes(`"${auditId}"`) ? 'trail' : grant.on;
    // Statements may be merged or split as CDK minimizes them: what counts is the actions on each resource.
    const byResource: Record<string, string[]> = {};
    for (const grant of grants) byResource[on(grant)] = [...new Set([...(byResource[on(grant)] ?? []), ...grant.actions])].sort();
    expect(byResource).toEqual({
      RetentionDue: ['dynamodb:Query'],
      cases: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      trail: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    });
    const actions = statementsOf(fn.Properties.Role['Fn::GetAtt'][0]).flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action) => !/^(dynamodb|kms|logs|xray):/.test(action))).toEqual([]);
  });
});
