import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, FUNCTION_NAMES } from '../../functions/api-routes';
import { buildApp } from '../../infra/app';
import { assertRunnableLocally } from '../../local/stepfunctions/guard';
import { defaultTokenResolver, stateMachinesInTemplate } from '../../local/stepfunctions/intrinsics';

/** The CDK app, synthesized offline as `cdk synth` does (bundling skipped: it is esbuild's job, not the template's). */
let template: Template;

beforeAll(() => {
  const { context } = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(buildApp(app).stack);
});

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
const resourcesOf = (type: string) => Object.entries(template.findResources(type)) as Array<[string, Resource]>;

/** Which functions a policy statement's actions are granted to, by function folder name. */
function functionsGranted(action: string): string[] {
  const roleToFunction = new Map(
    resourcesOf('AWS::Lambda::Function').map(([id, fn]) => [fn.Properties.Role['Fn::GetAtt'][0], id.replace(/^Functions/, '').replace(/[0-9A-F]{8}$/, '')]),
  );
  const granted = new Set<string>();
  for (const [, policy] of resourcesOf('AWS::IAM::Policy')) {
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    if (!actions.includes(action)) continue;
    for (const role of policy.Properties.Roles) {
      const name = roleToFunction.get(role.Ref);
      if (name) granted.add(name);
    }
  }
  return [...granted].sort();
}

describe('the deployed stack', () => {
  it('runs every function on nodejs22.x, ARM64, with JSON logs', () => {
    // One per folder of functions/; the handler CDK brings to copy the console into its bucket is not one of them.
    const functions = resourcesOf('AWS::Lambda::Function').filter(([id]) => id.startsWith('Functions'));
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    expect(resourcesOf('AWS::Lambda::Function').filter(([id]) => !id.startsWith('Functions')).map(([id]) => id)).toEqual([
      expect.stringMatching(/^CustomCDKBucketDeployment/),
    ]);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], LoggingConfig: { LogFormat: 'JSON' } });
    }
  });

  it('has one Standard state machine whose definition the local engine can run unchanged', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    const json = template.toJSON();
    const [machine] = stateMachinesInTemplate(json, defaultTokenResolver(json));
    expect(() => assertRunnableLocally(machine!.definition)).not.toThrow();
  });

  it('grants each power to the functions that need it and to no other', () => {
    // Intake and handovers start executions; input that finds its workflow stopped, and the reconciler, restart one.
    expect(functionsGranted('states:StartExecution')).toEqual(['correction', 'decision', 'handover', 'intake', 'keyedreferral', 'keyedresubmission', 'reconciler', 'reconciliation', 'reopening', 'resubmission']);
    expect(functionsGranted('states:StopExecution')).toEqual(['reconciler', 'reconciliation']);
    // Operations' views read executions and the definition; they start and stop nothing. The annual report counts the running ones.
    expect(functionsGranted('states:ListExecutions')).toEqual(['annualreport', 'executions', 'reconciler', 'reconciliation']);
    expect(functionsGranted('states:DescribeStateMachine')).toEqual(['caseworkflow']);
    expect(functionsGranted('states:GetExecutionHistory')).toEqual(['caseworkflow']);
    expect(functionsGranted('states:DescribeExecution')).toEqual(['correction', 'decision', 'keyedresubmission', 'reconciler', 'reconciliation', 'reopening', 'resubmission']);
    // Only the functions that check the caller against the case answer callbacks.
    expect(functionsGranted('states:SendTaskSuccess')).toEqual(['correction', 'decision', 'keyedresubmission', 'reopening', 'resubmission']);
    expect(functionsGranted('ses:SendEmail')).toEqual(['morninglist', 'notifier']);
    const writers = ['completeness', 'correction', 'deadlines', 'decision', 'emailevents', 'handover', 'intake', 'keyedreferral', 'keyedresubmission', 'notifier', 'park', 'receipt', 'reconciler', 'reconciliation', 'reopening', 'resubmission', 'retention'];
    // The lists and views read; they write nothing.
    const readers = ['caseloads', 'caseworkflow', 'dutylist', 'getcase', 'gethistory', 'listcases', 'reconcilerfindings'];
    // The morning list writes its own day's claim only (test/infra/morning-list.test.ts), and reads no case;
    // the enquiries register's functions only its own partitions (test/infra/enquiries.test.ts).
    expect(functionsGranted('dynamodb:PutItem')).toEqual([...writers, 'morninglist', 'recordenquiry'].sort());
    expect(functionsGranted('dynamodb:GetItem')).toEqual([...writers, ...readers].sort());
    expect(functionsGranted('sns:Publish')).toEqual(['emailevents', 'handover', 'notifier', 'reconciler']);
    expect(functionsGranted('kms:Encrypt')).toEqual([...writers, 'linkenquiry', 'morninglist', 'recordenquiry'].sort());
    for (const [, policy] of resourcesOf('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        for (const action of [statement.Action].flat()) expect(action).not.toMatch(/^\*$|:\*$/);
      }
    }
  });

  it("lets the annual report Query the trail and its month index, the active cases and the enquiries' partitions, and nothing else", () => {
    const [fnId, fn] = resourcesOf('AWS::Lambda::Function').find(([id]) => id.startsWith('Functionsannualreport'))!;
    expect(fnId).toBeDefined();
    expect(fn.Properties).toMatchObject({ Timeout: 29, MemorySize: 1024 });
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = resourcesOf('AWS::IAM::Policy')
      .filter(([, policy]) => policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }>);
    const dynamo = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));
    expect(new Set(dynamo.flatMap((statement) => [statement.Action].flat()))).toEqual(new Set(['dynamodb:Query']));
    const on = dynamo.map((statement) => ({ resource: JSON.stringify(statement.Resource), condition: statement.Condition }));
    const tableId = (prefix: string) => resourcesOf('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith(prefix))![0];
    const [cases, audit] = [tableId('CasesTable'), tableId('AuditTrailTable')];
    expect(on.find((grant) => grant.resource.includes('/index/ActiveCases'))?.resource).toContain(cases);
    expect(on.find((grant) => grant.resource.includes('/index/EventsByMonth'))?.resource).toContain(audit);
    // The case table itself, its enquiry partitions only: never a case item.
    const caseTable = on.filter((grant) => grant.resource.includes(cases) && !grant.resource.includes('/index/'));
    expect(caseTable).toEqual([{ resource: expect.any(String), condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ENQUIRIES#*'] } } }]);
    expect(on.filter((grant) => grant.resource.includes(audit) && grant.condition === undefined)).toHaveLength(1);
    expect(on.every((grant) => grant.resource.includes(cases) || grant.resource.includes(audit))).toBe(true);
    const other = statements.flatMap((statement) => [statement.Action].flat()).filter((action) => !/^(dynamodb|kms|logs|xray):/.test(action));
    expect(other).toEqual(['states:ListExecutions']);
  });

  it('serves exactly the routes of the HTTP contract', () => {
    const methods = resourcesOf('AWS::ApiGateway::Method').map(([, m]) => m.Properties.HttpMethod).sort();
    // Each route once, and the machine routes once more on the IAM-authorized mount.
    const machine = API_ROUTES.filter((r) => r.access.kind === 'officer' && r.access.machine);
    expect(methods).toEqual([...API_ROUTES, ...machine].map((r) => r.method).sort());
  });

  it('keeps cases in a table with point-in-time recovery, deletion protection and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('is environment-agnostic: no account or region is written into the template but the portal principal it is given', () => {
    const { context } = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: { lado: { portalPrincipalArn: string } } };
    const text = JSON.stringify(template.toJSON()).replaceAll(context.lado.portalPrincipalArn, '<portal principal>');
    expect(text).not.toMatch(/\b\d{12}\b/);
    expect(text).not.toMatch(/eu-west-2|us-east-1/);
  });

  it('refuses invalid service settings before synthesizing anything', () => {
    const app = new App({ context: { lado: { emailFrom: 'not an email' } } });
    expect(() => buildApp(app)).toThrow(/lado\.emailFrom/);
    const { context } = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: { lado: Record<string, unknown> } };
    for (const portalPrincipalArn of ['arn:aws:iam::111111111111:user/portal', 'lado-portal', 'arn:aws:iam::1111:role/lado-portal']) {
      expect(() => buildApp(new App({ context: { lado: { ...context.lado, portalPrincipalArn } } }))).toThrow(/lado\.portalPrincipalArn: must be the ARN of an IAM role/);
    }
  });
});
