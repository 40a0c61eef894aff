import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { dailySchedules } from '../../local/schedules';
import { synthesizeStack } from './synthesize';

/**
 * The duty LADO's morning list, as deployed: the schedule at the opening of
 * the working day, the sparse index it reads, and the little it may do.
 */
type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
let template: Template;
let resources: Record<string, Resource>;

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const atPath = (path: string): [string, Resource] => {
  const found = Object.entries(resources).find(([, resource]) => resource.Metadata?.['aws:cdk:path'] === path);
  if (!found) throw new Error(`Nothing at ${path}`);
  return found;
};
const statementsOf = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
const actionsOf = (statements: Statement[]) => [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();

beforeAll(() => {
  template = Template.fromStack(synthesizeStack());
  resources = template.toJSON().Resources;
});

describe('the morning list', () => {
  it('runs every day at the opening of the working day in London, invoking the morning-list function with its own role, retried twice', () => {
    const [functionId] = atPath('LadoReferrals/Functions/morning-list/Resource');
    const [roleId] = atPath('LadoReferrals/MorningListSchedule/Role/Resource');
    const [, schedule] = atPath('LadoReferrals/MorningListSchedule/Schedule/Resource');
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
    expect(actionsOf(statementsOf(roleId))).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(statementsOf(roleId).map((s) => s.Resource))).not.toMatch(/"Functions(?!morninglist)/);
    // The local stack runs the same schedule at the same time on the virtual clock.
    expect(dailySchedules(template.toJSON() as never)).toContainEqual(expect.objectContaining({ functionRef: functionId, hour: 9, minute: 0, timeZone: 'Europe/London' }));
  });

  it('opens with the working day the deployment sets', () => {
    const late = Template.fromStack(synthesizeStack({ workingHours: '08:30-16:30' })).toJSON().Resources as Record<string, Resource>;
    const [, schedule] = Object.entries(late).find(([, resource]) => resource.Metadata?.['aws:cdk:path'] === 'LadoReferrals/MorningListSchedule/Schedule/Resource')!;
    expect(schedule.Properties.ScheduleExpression).toBe('cron(30 8 * * ? *)');
  });

  it('reads a sparse index of the case table, by time of receipt, carrying ids, the immediate-risk flag and the due time only', () => {
    const [, table] = atPath('LadoReferrals/Cases/Table/Resource');
    const index = table.Properties.GlobalSecondaryIndexes.find((gsi: { IndexName: string }) => gsi.IndexName === 'AwaitingDecision');
    expect(index).toEqual({
      IndexName: 'AwaitingDecision',
      KeySchema: [
        { AttributeName: 'awaitingDecision', KeyType: 'HASH' },
        { AttributeName: 'receivedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['caseId', 'immediateRisk', 'decisionDueAt'] },
    });
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'awaitingDecision', AttributeType: 'S' },
        { AttributeName: 'receivedAt', AttributeType: 'S' },
      ]),
    );
  });

  it('may Query that index, put or delete its own day’s claim and send email, and nothing else: no case read, no Scan, no trail, no workflow', () => {
    const [, fn] = atPath('LadoReferrals/Functions/morning-list/Resource');
    const [caseTableId] = atPath('LadoReferrals/Cases/Table/Resource');
    const statements = statementsOf(fn.Properties.Role['Fn::GetAtt'][0]);
    const dynamo = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));
    expect(dynamo).toEqual([
      expect.objectContaining({ Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [caseTableId, 'Arn'] }, '/index/AwaitingDecision']] } }),
      expect.objectContaining({
        Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': [caseTableId, 'Arn'] },
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['MORNING-LIST'] } },
      }),
    ]);
    expect(actionsOf(statements).filter((action) => !action.startsWith('kms:') && !action.startsWith('logs:') && !action.startsWith('xray:'))).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'ses:SendEmail',
    ]);
    expect(fn.Properties.Environment.Variables.SES_CONFIGURATION_SET).toBe('LadoReferrals-email');
  });
});
