import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeStack } from './synthesize';

/** Controls the compliance packs do not check, asserted on the template. */
let template: Template;
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] };
let resources: Record<string, Resource>;

const settings = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: { lado: Record<string, string> } }).context.lado;

beforeAll(() => {
  template = Template.fromStack(synthesizeStack());
  resources = template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
/** The service's functions, one per folder of functions/: not the handler CDK brings to copy the console into its bucket. */
const serviceFunctions = () => ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith('Functions'));
const keyId = (prefix: string) => {
  const found = ofType('AWS::KMS::Key').find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`No key ${prefix}`);
  return found[0];
};
const keyArn = (prefix: string) => ({ 'Fn::GetAtt': [keyId(prefix), 'Arn'] });
const functionId = (name: string) => ofType('AWS::Lambda::Function').find(([id]) => id.replace(/^Functions/, '').replace(/[0-9A-F]{8}$/, '') === name.replace(/-/g, ''))![0];

describe('encryption keys', () => {
  it('keeps case data, logs and operations under three customer-managed keys, rotated and retained', () => {
    const keys = ofType('AWS::KMS::Key');
    expect(keys).toHaveLength(3);
    for (const [, key] of keys) {
      expect(key.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365 });
      expect(key.DeletionPolicy).toBe('Retain');
    }
  });

  it('lets CloudWatch Logs of this region use the logs key for this account’s log groups only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('encrypts the case table with the case-data key', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: keyArn('KeysCaseData') } })],
    });
  });

  it('encrypts definitions and execution histories with the case-data key', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: keyArn('KeysCaseData') },
    });
  });

  it('encrypts every log group with the logs key and keeps it for the configured retention', () => {
    const logGroups = ofType('AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThanOrEqual(16);
    for (const [, logGroup] of logGroups) {
      expect(logGroup.Properties).toMatchObject({ KmsKeyId: keyArn('KeysLogs'), RetentionInDays: 365 });
    }
  });

  it('encrypts the operations topic and the email-event dead letters', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn('KeysOperations') });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: keyArn('KeysCaseData') });
  });
});

describe('backups', () => {
  it('backs the case table and the audit trail up daily into a vault encrypted with the case-data key, for the configured retention', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: keyArn('KeysCaseData') });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 3 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })] },
    });
    const tables = ofType('AWS::DynamoDB::GlobalTable').map(([tableId]) => ({ 'Fn::GetAtt': [tableId, 'Arn'] }));
    expect(tables).toHaveLength(2);
    template.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: { Resources: Match.arrayEquals(tables) } });
  });
});

describe('deploys and running executions', () => {
  it('publishes a version of every revision, keeps old ones, and points the live alias at the new one', () => {
    const [machineId] = ofType('AWS::StepFunctions::StateMachine')[0]!;
    const [[versionId, version]] = ofType('AWS::StepFunctions::StateMachineVersion') as [[string, Resource]];
    expect(version.Properties).toMatchObject({ StateMachineArn: { Ref: machineId }, StateMachineRevisionId: { 'Fn::GetAtt': [machineId, 'StateMachineRevisionId'] } });
    expect(version).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'live',
      DeploymentPreference: { Type: 'ALL_AT_ONCE', StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] } },
    });
  });

  it('starts every execution through the live alias, and allows no other way', () => {
    const starters = ['intake', 'keyed-referral', 'keyed-resubmission', 'handover', 'resubmission', 'decision', 'correction', 'reopening', 'reconciler', 'reconciliation'];
    for (const name of starters) {
      const arn = JSON.stringify(resources[functionId(name)]!.Properties.Environment.Variables.STATE_MACHINE_ARN);
      expect(arn).toMatch(/:stateMachine:LadoReferrals-referral-lifecycle:live"/);
    }
    const starts = ofType('AWS::IAM::Policy').flatMap(([, policy]) =>
      policy.Properties.PolicyDocument.Statement.filter((s: { Action: string | string[] }) => [s.Action].flat().includes('states:StartExecution')),
    );
    expect(starts).toHaveLength(starters.length);
    for (const statement of starts) expect(statement.Condition).toEqual({ StringEquals: { 'states:StateMachineQualifier': 'live' } });
  });
});

describe('the API', () => {
  it('hands every request body on as sent, so that the handlers can refuse one that is not UTF-8', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['*/*'] });
  });
});

describe('email', () => {
  it('verifies the sender’s domain with Easy DKIM and sends through a configuration set by default', () => {
    const [configurationSetId] = ofType('AWS::SES::ConfigurationSet')[0]!;
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: settings['emailFrom']!.split('@')[1],
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: configurationSetId } },
    });
    for (const output of ['DkimRecord1', 'DkimRecord2', 'DkimRecord3']) template.hasOutput(output, {});
  });

  it('requires TLS and suppresses addresses that bounced or complained', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'LadoReferrals-email',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: Match.arrayEquals(['BOUNCE', 'COMPLAINT']) },
    });
    expect(resources[functionId('notifier')]!.Properties.Environment.Variables.SES_CONFIGURATION_SET).toBe('LadoReferrals-email');
  });

  it('routes bounces, complaints, rejections and delays through EventBridge to email-events, with an encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint', 'reject', 'deliveryDelay']),
        EventBridgeDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.ses'], detail: { mail: { tags: { 'ses:configuration-set': ['LadoReferrals-email'] } } } }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('email-events'), 'Arn'] } })],
    });
    const withDeadLetters = ofType('AWS::Lambda::Function').filter(([, fn]) => fn.Properties.DeadLetterConfig);
    expect(withDeadLetters.map(([id]) => id)).toEqual([functionId('email-events')]);
  });
});

describe('operations', () => {
  it('notifies operations of failed, timed-out and aborted executions with their ARN and status only', () => {
    const [machineId] = ofType('AWS::StepFunctions::StateMachine')[0]!;
    const [[, rule]] = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern.source?.[0] === 'aws.states') as [[string, Resource]];
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { stateMachineArn: [{ Ref: machineId }], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
    });
    const [target] = rule.Properties.Targets;
    expect(target.InputTransformer.InputPathsMap).toEqual({ 'detail-executionArn': '$.detail.executionArn', 'detail-status': '$.detail.status' });
  });

  it('alarms on failures, timeouts, errors, throttles, dead letters and SES reputation, to the operations topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const [topicId] = ofType('AWS::SNS::Topic')[0]!;
    const metrics = alarms.map((alarm) => alarm.MetricName).sort();
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'Errors', 'Throttles', 'ApproximateNumberOfMessagesVisible', 'Reputation.BounceRate', 'Reputation.ComplaintRate']) {
      expect(metrics).toContain(metric);
    }
    expect(metrics.filter((m) => m === 'Errors')).toHaveLength(serviceFunctions().length);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' })]) },
    });
  });

  it('puts no personal data in alarms: no address, phone number or free text from the settings', () => {
    const alarmText = JSON.stringify(ofType('AWS::CloudWatch::Alarm'));
    expect(alarmText).not.toMatch(/@/);
    for (const value of Object.values(settings).filter((v) => typeof v === 'string' && v.length > 0)) expect(alarmText).not.toContain(value);
    const dimensions = ofType('AWS::CloudWatch::Alarm').flatMap(([, alarm]) => (alarm.Properties.Dimensions ?? []).map((d: { Name: string }) => d.Name));
    // `service` is the Powertools dimension of the reconciler's drift count: the service's name, nothing more.
    expect(new Set(dimensions)).toEqual(new Set(['StateMachineArn', 'FunctionName', 'QueueName', 'service']));
  });

  it('charts executions, functions, email and the business metrics', () => {
    const body = JSON.stringify(ofType('AWS::CloudWatch::Dashboard')[0]![1].Properties.DashboardBody);
    for (const metric of ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut', 'Errors', 'Throttles', 'p99', 'AWS/SES', 'Bounce', 'Complaint', 'LadoReferrals', 'ReferralReceived', 'ReferralReturned', 'ReferralRejected', 'DecisionChased', 'DecisionEscalated', 'PendingDecisionAgeHours']) {
      expect(body).toContain(metric);
    }
  });
});

describe('functions', () => {
  it('trace with X-Ray and never log events or capture responses', () => {
    for (const [, fn] of serviceFunctions()) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables).toMatchObject({ POWERTOOLS_LOGGER_LOG_EVENT: 'false' });
    }
  });

  it('have one role each, writing only to their own log group', () => {
    const roles = serviceFunctions().map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0]);
    expect(new Set(roles).size).toBe(roles.length);
    for (const role of roles) expect(resources[role]!.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('IAM', () => {
  const KEY_GRANT_WILDCARDS = new Set(['kms:GenerateDataKey*', 'kms:ReEncrypt*']);
  // X-Ray and CloudWatch Logs vended delivery have no resource-level permissions.
  const ONLY_ON_ANY_RESOURCE = /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;

  it('grants wildcard actions only as KMS key grants scoped to one key, and "*" resources only where AWS has no other', () => {
    for (const [id, policy] of ofType('AWS::IAM::Policy').filter(([policyId]) => !policyId.startsWith('ConsoleDeploymentRole'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions: string[] = [statement.Action].flat();
        const targets: unknown[] = [statement.Resource].flat();
        for (const action of actions.filter((a) => a.includes('*'))) {
          expect(KEY_GRANT_WILDCARDS.has(action), `${id}: ${action}`).toBe(true);
          expect(targets, `${id}: ${action}`).toHaveLength(1);
          expect(JSON.stringify(targets[0])).toMatch(/^\{"Fn::GetAtt":\["Keys\w+","Arn"\]\}$/);
        }
        if (targets.includes('*')) for (const action of actions) expect(action, id).toMatch(ONLY_ON_ANY_RESOURCE);
      }
    }
  });
});

describe('API', () => {
  it('logs access without bodies, headers or query strings, to an encrypted log group', () => {
    const stage = ofType('AWS::ApiGateway::Stage')[0]![1].Properties;
    const format = JSON.parse(stage.AccessLogSetting.Format) as Record<string, string>;
    expect(Object.values(format).join(' ')).not.toMatch(/body|header|querystring|requestOverride|responseOverride/i);
    expect(stage.AccessLogSetting.DestinationArn['Fn::GetAtt'][0]).toMatch(/^ApiAccessLogs/);
    expect(stage).toMatchObject({ TracingEnabled: true, MethodSettings: [expect.objectContaining({ LoggingLevel: 'ERROR', DataTraceEnabled: false })] });
  });

  it('validates request parameters on every method', () => {
    const [validatorId] = ofType('AWS::ApiGateway::RequestValidator')[0]!;
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestParameters: true });
    for (const [, method] of ofType('AWS::ApiGateway::Method')) expect(method.Properties.RequestValidatorId).toEqual({ Ref: validatorId });
  });

  it('refuses a keyed-in referral, a resubmission, an officer record, a correction, a reopening or an enquiry without its Idempotency-Key at the gateway, and asks it of no other method', () => {
    const requiring = ofType('AWS::ApiGateway::Method').filter(([, method]) => method.Properties.RequestParameters?.['method.request.header.Idempotency-Key'] === true);
    const pathPart = (resourceId: { Ref: string }) => ofType('AWS::ApiGateway::Resource').find(([id]) => id === resourceId.Ref)![1].Properties.PathPart;
    expect(requiring.map(([, method]) => `${method.Properties.HttpMethod} ${pathPart(method.Properties.ResourceId)}`).sort()).toEqual(['POST cases', 'POST corrections', 'POST decisions', 'POST enquiries', 'POST reopening', 'POST resubmission', 'POST resubmission']);
  });

  it('sits behind a web ACL with the common rule set and a per-IP rate limit', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: { Limit: 300, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } }, Action: { Block: {} } }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }) } }),
      ]),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'authorization' } }]) });
  });
});

describe('stage settings', () => {
  it('apply log retention, backup retention, rate limit and alarm email from context', () => {
    const custom = Template.fromStack(synthesizeStack({ logRetentionDays: 731, backupRetentionDays: 90, wafRateLimit: 1000, alarmEmail: 'lado-ops@lado.example.gov.uk' }));
    custom.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    custom.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 90 } })] } });
    custom.hasResourceProperties('AWS::WAFv2::WebACL', { Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 1000 }) } })]) });
    custom.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'lado-ops@lado.example.gov.uk' });
  });

  it('refuses a retention CloudWatch Logs does not offer', () => {
    expect(() => synthesizeStack({ logRetentionDays: 42 })).toThrow(/lado\.logRetentionDays/);
  });
});
