import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeStack } from './synthesize';

/**
 * "Previously known" as deployed (docs/previously-known.md): the SubjectMatch
 * index of the case table, and the HMAC key of its keys, a generated secret
 * only the functions that match a subject may read.
 */
type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
let template: Template;
let resources: Record<string, Resource>;

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const functionName = (logicalId: string) => String(resources[logicalId]?.Metadata?.['aws:cdk:path'] ?? '').split('/')[2];

beforeAll(() => {
  template = Template.fromStack(synthesizeStack());
  resources = template.toJSON().Resources;
});

describe('previously known, as deployed', () => {
  it('indexes the match keys in a sparse index of the case table, by key and time of receipt, carrying the case id only', () => {
    const tables = ofType('AWS::DynamoDB::GlobalTable').filter(([, t]) => (t.Properties['GlobalSecondaryIndexes'] ?? []).some((i: { IndexName: string }) => i.IndexName === 'SubjectMatch'));
    expect(tables).toHaveLength(1);
    const index = tables[0]![1].Properties['GlobalSecondaryIndexes'].find((i: { IndexName: string }) => i.IndexName === 'SubjectMatch');
    expect(index).toEqual({
      IndexName: 'SubjectMatch',
      KeySchema: [
        { AttributeName: 'subjectKey', KeyType: 'HASH' },
        { AttributeName: 'receivedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['caseId'] },
    });
  });

  it('generates the HMAC key as a secret encrypted with the case-data key, kept if the stack goes', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [, secret] = secrets[0]!;
    expect(secret.Properties).toMatchObject({
      Name: 'LadoReferrals-subject-match-key',
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KeysCaseData/), 'Arn'] },
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('lets only the functions that match a subject read the key, and tells only them its name', () => {
    const readers = new Set<string>();
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      const statements = policy.Properties['PolicyDocument'].Statement as Array<{ Action: string | string[]; Resource: unknown }>;
      if (!statements.some((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))) continue;
      for (const role of policy.Properties['Roles'] as Array<{ Ref: string }>) {
        const fn = ofType('AWS::Lambda::Function').find(([, f]) => f.Properties['Role']['Fn::GetAtt'][0] === role.Ref);
        if (fn) readers.add(functionName(fn[0])!);
      }
    }
    const told = ofType('AWS::Lambda::Function')
      .filter(([, fn]) => fn.Properties['Environment']?.Variables?.['SUBJECT_MATCH_KEY_SECRET_ID'] === 'LadoReferrals-subject-match-key')
      .map(([id]) => functionName(id));
    const matching = ofType('AWS::Lambda::Function')
      .map(([id]) => functionName(id)!)
      .filter((name) => ['intake', 'keyed-referral', 'resubmission', 'keyed-resubmission'].includes(name))
      .sort();
    expect([...readers].sort()).toEqual(matching);
    expect(told.sort()).toEqual(matching);
    expect(matching).toEqual(expect.arrayContaining(['intake', 'resubmission']));
    // No function is given the key itself.
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SUBJECT_MATCH_KEY: Match.anyValue() }) } }, 0);
  });
});
