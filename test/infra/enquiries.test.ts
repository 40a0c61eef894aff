import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeStack } from './synthesize';

/**
 * The enquiries register, as deployed: its three functions may touch only the
 * register's own partitions of the case table, and a case's partition only to
 * check that it exists.
 */
type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
let resources: Record<string, Resource>;

const atPath = (path: string): [string, Resource] => {
  const found = Object.entries(resources).find(([, resource]) => resource.Metadata?.['aws:cdk:path'] === path);
  if (!found) throw new Error(`Nothing at ${path}`);
  return found;
};

/** The DynamoDB statements of a function's role. */
function dynamoStatementsOf(name: string): Statement[] {
  const [, fn] = atPath(`LadoReferrals/Functions/${name}/Resource`);
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy' && resource.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
    .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));
}

beforeAll(() => {
  resources = Template.fromStack(synthesizeStack()).toJSON().Resources;
});

describe('the enquiries register', () => {
  const onTable = () => ({ 'Fn::GetAtt': [atPath('LadoReferrals/Cases/Table/Resource')[0], 'Arn'] });
  const leading = (...prefixes: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } });
  const caseExists = () => ({ Action: 'dynamodb:ConditionCheckItem', Resource: onTable(), Condition: leading('CASE#*') });

  it('the recorder puts enquiries and their requests, and checks that a case exists: nothing else', () => {
    expect(dynamoStatementsOf('record-enquiry')).toEqual([
      expect.objectContaining({ Action: 'dynamodb:PutItem', Resource: onTable(), Condition: leading('ENQUIRIES#*', 'ENQUIRY-REQUEST#*') }),
      expect.objectContaining(caseExists()),
    ]);
  });

  it('the linker updates enquiries, and checks that a case exists: nothing else', () => {
    expect(dynamoStatementsOf('link-enquiry')).toEqual([
      expect.objectContaining({ Action: 'dynamodb:UpdateItem', Resource: onTable(), Condition: leading('ENQUIRIES#*') }),
      expect.objectContaining(caseExists()),
    ]);
  });

  it('the list queries the months of the register: no write, no case, no index, no Scan', () => {
    expect(dynamoStatementsOf('list-enquiries')).toEqual([expect.objectContaining({ Action: 'dynamodb:Query', Resource: onTable(), Condition: leading('ENQUIRIES#*') })]);
  });
});
