import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeStack } from './synthesize';

/**
 * The audit trail is append-only by IAM: its own table, on which no principal
 * may remove an event, nor change one, but for the retention job's disposal
 * of an event's personal data once its case's retention date has passed.
 */
let template: Template;
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, unknown> };
let resources: Record<string, Resource>;
let auditTableId: string;
let caseTableId: string;

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const tableAt = (path: string) => {
  const found = ofType('AWS::DynamoDB::GlobalTable').find(([, table]) => table.Metadata?.['aws:cdk:path'] === path);
  if (!found) throw new Error(`No table at ${path}`);
  return found[0];
};

beforeAll(() => {
  template = Template.fromStack(synthesizeStack());
  resources = template.toJSON().Resources;
  auditTableId = tableAt('LadoReferrals/AuditTrail/Table/Resource');
  caseTableId = tableAt('LadoReferrals/Cases/Table/Resource');
});

/** What would let a principal change or remove an event already written. */
const FORBIDDEN = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  // Less direct, as destructive: dropping the table, or switching on a TTL or off its protections.
  'dynamodb:DeleteTable',
  'dynamodb:UpdateTable',
  'dynamodb:UpdateTimeToLive',
];

/** An IAM action pattern as IAM reads it: `*` and `?` as wildcards, case-insensitive. */
const actionPattern = (action: string) =>
  new RegExp(`^${action.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

/** The forbidden actions an Allow statement's actions (or NotAction) cover. */
function forbiddenIn(statement: Statement): string[] {
  if (statement.NotAction !== undefined) {
    const excluded = [statement.NotAction].flat().map(actionPattern);
    return FORBIDDEN.filter((action) => !excluded.some((pattern) => pattern.test(action)));
  }
  const allowed = [statement.Action ?? []].flat().map(actionPattern);
  return FORBIDDEN.filter((action) => allowed.some((pattern) => pattern.test(action)));
}

type Statement = {
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
};

/**
 * The one change to an event IAM allows: the retention job's disposal of its
 * personal data, the attributes `changes` and `rationale` alone (with the key,
 * which DynamoDB needs named), nothing returned. Written out here, not
 * imported, so that widening the grant fails this test.
 */
const DISPOSAL_CONDITION = {
  'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'changes', 'rationale'] },
  Null: { 'dynamodb:Attributes': 'false' },
  StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
};

/** Whether a statement is exactly that grant: UpdateItem alone, on the audit table alone, under exactly that condition. */
function isDisposalGrant(statement: Statement): boolean {
  return (
    statement.Effect === 'Allow' &&
    statement.NotAction === undefined &&
    statement.NotResource === undefined &&
    JSON.stringify([statement.Action].flat()) === JSON.stringify(['dynamodb:UpdateItem']) &&
    JSON.stringify([statement.Resource].flat()) === JSON.stringify([{ 'Fn::GetAtt': [auditTableId, 'Arn'] }]) &&
    JSON.stringify(statement.Condition) === JSON.stringify(DISPOSAL_CONDITION)
  );
}

/**
 * Whether a condition lets through an UpdateItem that names these attributes,
 * as IAM evaluates the operators the grant uses: ForAllValues (every value in
 * the list; true for none, hence Null), Null, and StringEqualsIfExists.
 */
function conditionAllows(condition: Statement['Condition'], request: { attributes: string[]; returnValues?: string }): boolean {
  const values: Record<string, string[] | undefined> = {
    'dynamodb:Attributes': request.attributes.length ? request.attributes : undefined,
    'dynamodb:ReturnValues': request.returnValues ? [request.returnValues] : undefined,
  };
  return Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const allowed = [expected].flat();
      const sent = values[key];
      switch (operator) {
        case 'ForAllValues:StringEquals':
          return (sent ?? []).every((value) => allowed.includes(value));
        case 'Null':
          return (sent === undefined) === (expected === 'true');
        case 'StringEqualsIfExists':
          return sent === undefined || sent.every((value) => allowed.includes(value));
        default:
          throw new Error(`The test does not evaluate ${operator}`);
      }
    }),
  );
}

/** Every statement of every identity policy in the template: policies, managed policies and roles' inline policies. */
function identityStatements(): Array<{ where: string; roles: string[]; statement: Statement }> {
  const found: Array<{ where: string; roles: string[]; statement: Statement }> = [];
  const add = (where: string, roles: string[], document: { Statement: Statement[] }) => {
    for (const statement of document.Statement) found.push({ where, roles, statement });
  };
  const roleRefs = (roles: Array<{ Ref: string }> | undefined) => (roles ?? []).map((role) => role.Ref);
  for (const [id, policy] of [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]) add(id, roleRefs(policy.Properties.Roles), policy.Properties.PolicyDocument);
  for (const [id, role] of ofType('AWS::IAM::Role')) for (const inline of role.Properties.Policies ?? []) add(id, [id], inline.PolicyDocument);
  return found;
}

/** Whether a statement reaches the audit table: by its ARN or name, by "*", by a DynamoDB wildcard ARN, or by NotResource. */
function reaches(statement: Statement, tableId: string): boolean {
  if (statement.NotResource !== undefined) return true;
  return [statement.Resource].flat().some((resource) => {
    const text = JSON.stringify(resource);
    return resource === '*' || text.includes(`"${tableId}"`) || (/dynamodb/i.test(text) && text.includes('*'));
  });
}

/** Function folder names (without dashes) by the logical id of their role. */
function functionsByRole(): Map<string, string> {
  return new Map(
    ofType('AWS::Lambda::Function').map(([id, fn]) => [fn.Properties.Role['Fn::GetAtt'][0], id.replace(/^Functions/, '').replace(/[0-9A-F]{8}$/, '')]),
  );
}

/** The functions allowed `action` on a table, by an Allow statement naming that table. */
function functionsAllowed(action: string, tableId: string): string[] {
  const byRole = functionsByRole();
  const granted = new Set<string>();
  for (const { roles, statement } of identityStatements()) {
    if (statement.Effect !== 'Allow' || !reaches(statement, tableId)) continue;
    if (![statement.Action ?? []].flat().some((pattern) => actionPattern(pattern).test(action))) continue;
    for (const role of roles) if (byRole.has(role)) granted.add(byRole.get(role)!);
  }
  return [...granted].sort();
}

describe('the audit trail', () => {
  it('is a table of its own, keyed by case and event, encrypted with the case-data key, recoverable, protected and retained, with no TTL', () => {
    const table = resources[auditTableId]!;
    expect(auditTableId).not.toBe(caseTableId);
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        expect.objectContaining({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KeysCaseData/), 'Arn'] } },
        }),
      ],
    });
    expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    // Nothing expires from the trail, and no resource policy opens it to anyone.
    expect(table.Properties.TimeToLiveSpecification).toBeUndefined();
    expect(JSON.stringify(table.Properties)).not.toContain('ResourcePolicy');
    // One index, by London month and shard, keys only: a period's events are found without a Scan.
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'EventsByMonth',
        KeySchema: [
          { AttributeName: 'eventMonth', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ]);
  });

  it('is backed up daily with the case table, named in every function’s environment and in the outputs', () => {
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { Resources: Match.arrayEquals([{ 'Fn::GetAtt': [caseTableId, 'Arn'] }, { 'Fn::GetAtt': [auditTableId, 'Arn'] }]) },
    });
    // The service's functions: not the handler CDK brings to copy the console into its bucket.
    for (const [, fn] of ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith('Functions'))) {
      expect(fn.Properties.Environment.Variables).toMatchObject({ TABLE_NAME: { Ref: caseTableId }, AUDIT_TABLE_NAME: { Ref: auditTableId } });
    }
    template.hasOutput('AuditTableName', { Value: { Ref: auditTableId } });
  });
});

describe('append-only by IAM', () => {
  it('reads wildcards as IAM does, so that a broad grant cannot slip past', () => {
    const covers = (Action: string | string[]) => forbiddenIn({ Effect: 'Allow', Action });
    expect(covers('*')).toEqual(FORBIDDEN);
    expect(covers('dynamodb:*')).toEqual(FORBIDDEN);
    expect(covers('dynamodb:Update*')).toEqual(['dynamodb:UpdateItem', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive']);
    expect(covers('dynamodb:Delete*')).toEqual(['dynamodb:DeleteItem', 'dynamodb:DeleteTable']);
    expect(covers('dynamodb:Batch*')).toEqual(['dynamodb:BatchWriteItem']);
    expect(covers('DynamoDB:PartiQL*')).toEqual(['dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete']);
    expect(covers(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:ConditionCheckItem', 'kms:*'])).toEqual([]);
    expect(forbiddenIn({ Effect: 'Allow', NotAction: 'dynamodb:Delete*' })).toEqual([
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:PartiQLUpdate',
      'dynamodb:PartiQLDelete',
      'dynamodb:UpdateTable',
      'dynamodb:UpdateTimeToLive',
    ]);
  });

  it('grants nobody, on the audit table or on "*", an action that changes or removes an event, but the retention job its disposal grant', () => {
    const statements = identityStatements();
    expect(statements.length).toBeGreaterThan(20);
    const violations = statements
      .filter(({ statement }) => statement.Effect === 'Allow' && reaches(statement, auditTableId))
      .flatMap(({ where, statement }) => forbiddenIn(statement).filter((action) => !(isDisposalGrant(statement) && action === 'dynamodb:UpdateItem')).map((action) => `${where}: ${action}`));
    expect(violations).toEqual([]);
    // That grant once, to the retention job's role alone.
    const disposal = statements.filter(({ statement }) => isDisposalGrant(statement));
    const byRole = functionsByRole();
    expect(disposal.flatMap(({ roles }) => roles.map((role) => byRole.get(role) ?? role))).toEqual(['retention']);
    // Nor through an AWS-managed policy: none of the roles has one for DynamoDB.
    for (const [id, role] of ofType('AWS::IAM::Role')) expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? []), id).not.toMatch(/dynamodb/i);
  });

  it('grants on the audit table only PutItem to writers, Query and GetItem to readers', () => {
    const actions = new Set(
      identityStatements()
        .filter(({ statement }) => statement.Effect === 'Allow' && [statement.Resource].flat().some((r) => JSON.stringify(r).includes(`"${auditTableId}"`)))
        .flatMap(({ statement }) => [statement.Action ?? []].flat()),
    );
    expect([...actions].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(functionsAllowed('dynamodb:UpdateItem', auditTableId)).toEqual(['retention']);
  });

  it('lets the disposal grant change the personal data of an event, and nothing else of it', () => {
    const [grant] = identityStatements().filter(({ statement }) => isDisposalGrant(statement));
    const allows = (attributes: string[], returnValues?: string) => conditionAllows(grant!.statement.Condition, { attributes, ...(returnValues ? { returnValues } : {}) });
    expect(allows(['pk', 'sk', 'changes', 'rationale'])).toBe(true);
    expect(allows(['pk', 'sk', 'changes'])).toBe(true);
    expect(allows(['pk', 'sk', 'rationale'], 'NONE')).toBe(true);
    // Who, when, what kind and the details of an event stay as written; so does the case it belongs to.
    for (const kept of ['type', 'actor', 'at', 'details', 'caseId', 'removed']) expect(allows(['pk', 'sk', 'changes', kept]), kept).toBe(false);
    // A request naming no attribute, or reading back what it replaced, is refused.
    expect(allows([])).toBe(false);
    expect(allows(['pk', 'sk', 'changes'], 'ALL_OLD')).toBe(false);
  });

  it('lets every function that writes cases append events, and only the history, corrections, the retention job and the annual report read them', () => {
    // Whoever may put a case may put its events: each change is one transaction with its event.
    // The morning list puts only its own day's claim, and the enquiries register only enquiries, each in partitions of its own
    // (test/infra/morning-list.test.ts, test/infra/enquiries.test.ts): they change no case.
    const writers = functionsAllowed('dynamodb:PutItem', caseTableId).filter((name) => !['morninglist', 'recordenquiry'].includes(name));
    expect(writers).toEqual(expect.arrayContaining(['completeness', 'deadlines', 'decision', 'emailevents', 'handover', 'intake', 'notifier', 'park', 'resubmission']));
    expect(functionsAllowed('dynamodb:PutItem', auditTableId)).toEqual(writers);
    // The key the events are encrypted with, to write them.
    const byRole = functionsByRole();
    const encrypting = identityStatements()
      .filter(({ statement }) => [statement.Action ?? []].flat().includes('kms:Encrypt') && JSON.stringify(statement.Resource).includes('KeysCaseData'))
      .flatMap(({ roles }) => roles.map((role) => byRole.get(role)));
    for (const writer of writers) expect(encrypting).toContain(writer);
    // A correction rebuilds the case from its trail.
    // The annual report reads a period's trails, found through the month index.
    expect(functionsAllowed('dynamodb:Query', auditTableId)).toEqual(['annualreport', 'correction', 'gethistory', 'retention']);
    expect(functionsAllowed('dynamodb:GetItem', auditTableId)).toEqual(['correction', 'gethistory', 'retention']);
  });
});
