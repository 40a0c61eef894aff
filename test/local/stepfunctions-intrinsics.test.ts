import { describe, expect, it } from 'vitest';
import {
  defaultTokenResolver,
  localLambdaArn,
  resolveIntrinsics,
  stateMachinesInTemplate,
} from '../../local/stepfunctions/intrinsics';

const PSEUDO = { region: 'eu-west-2', accountId: '000000000000' };

/** Shaped like `cdk synth` output: the definition is a Fn::Join of JSON text and ARN tokens. */
const template = {
  Resources: {
    CasesTable8F5C0A4B: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'lado-cases', BillingMode: 'PAY_PER_REQUEST' } },
    AuditTableB2C9F1E0: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } },
    IntakeFunction1A2B3C4D: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x' } },
    NotifierFunction9E8D7C6B: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x' } },
    ReferralWorkflowRole1234ABCD: { Type: 'AWS::IAM::Role', Properties: {} },
    ReferralWorkflow5F6E7D8C: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        RoleArn: { 'Fn::GetAtt': ['ReferralWorkflowRole1234ABCD', 'Arn'] },
        DefinitionString: {
          'Fn::Join': [
            '',
            [
              '{"StartAt":"Intake","States":{"Intake":{"Next":"Notify","Type":"Task","Resource":"arn:',
              { Ref: 'AWS::Partition' },
              ':states:::lambda:invoke","Parameters":{"FunctionName":"',
              { 'Fn::GetAtt': ['IntakeFunction1A2B3C4D', 'Arn'] },
              '","Payload":{"table":"',
              { Ref: 'CasesTable8F5C0A4B' },
              '","audit":"',
              { Ref: 'AuditTableB2C9F1E0' },
              '","input.$":"$"}}},"Notify":{"End":true,"Type":"Task","Resource":"',
              { 'Fn::GetAtt': ['NotifierFunction9E8D7C6B', 'Arn'] },
              '"}}}',
            ],
          ],
        },
      },
    },
  },
};

describe('state machine definitions from a CDK template', () => {
  it('resolves Fn::Join, Fn::GetAtt and Ref into a definition with local Lambda ARNs', () => {
    const machines = stateMachinesInTemplate(template, defaultTokenResolver(template, PSEUDO), PSEUDO);
    expect(machines).toEqual([
      {
        logicalId: 'ReferralWorkflow5F6E7D8C',
        definition: {
          StartAt: 'Intake',
          States: {
            Intake: {
              Next: 'Notify',
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: {
                FunctionName: 'arn:aws:lambda:eu-west-2:000000000000:function:IntakeFunction1A2B3C4D',
                Payload: { table: 'lado-cases', audit: 'AuditTableB2C9F1E0', 'input.$': '$' },
              },
            },
            Notify: { End: true, Type: 'Task', Resource: localLambdaArn('NotifierFunction9E8D7C6B', 'eu-west-2', '000000000000') },
          },
        },
      },
    ]);
  });

  it('accepts a caller-supplied resolver', () => {
    const [machine] = stateMachinesInTemplate(template, ({ logicalId, attribute }) => `<${logicalId}${attribute ? `.${attribute}` : ''}>`, PSEUDO);
    expect(JSON.stringify(machine?.definition)).toContain('"FunctionName":"<IntakeFunction1A2B3C4D.Arn>"');
  });

  it('evaluates Fn::Sub and pseudo parameters', () => {
    const resolve = defaultTokenResolver(template, PSEUDO);
    expect(
      resolveIntrinsics(
        {
          url: { 'Fn::Sub': 'https://states.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/${!Literal}' },
          fn: { 'Fn::Sub': ['${Fn}|${IntakeFunction1A2B3C4D.Arn}|${CasesTable8F5C0A4B}', { Fn: { Ref: 'NotifierFunction9E8D7C6B' } }] },
          list: [{ 'Fn::GetAtt': 'CasesTable8F5C0A4B.Arn' }, { Ref: 'AWS::Partition' }],
        },
        resolve,
        PSEUDO,
      ),
    ).toEqual({
      url: 'https://states.eu-west-2.amazonaws.com/000000000000/${Literal}',
      fn: 'NotifierFunction9E8D7C6B|arn:aws:lambda:eu-west-2:000000000000:function:IntakeFunction1A2B3C4D|lado-cases',
      list: ['arn:aws:dynamodb:eu-west-2:000000000000:table/lado-cases', 'aws'],
    });
  });

  it('refuses references it has no local value for', () => {
    const resolve = defaultTokenResolver(template, PSEUDO);
    expect(() => resolveIntrinsics({ 'Fn::GetAtt': ['ReferralWorkflowRole1234ABCD', 'Arn'] }, resolve, PSEUDO)).toThrow(
      /ReferralWorkflowRole1234ABCD\.Arn.*AWS::IAM::Role/,
    );
  });
});
