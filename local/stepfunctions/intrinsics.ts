import type { StateMachineDefinition } from 'aws-local-stepfunctions';

export type { StateMachineDefinition };

/** Turns a `Ref` (no attribute) or `Fn::GetAtt` (with attribute) into the value the local stack uses. */
export interface TokenResolver {
  (ref: { logicalId: string; attribute?: string }): string;
}

export interface PseudoParameters {
  region: string;
  accountId: string;
  partition?: string;
}

const DEFAULT_PSEUDO: PseudoParameters = { region: 'eu-west-2', accountId: '000000000000' };

export function localLambdaArn(logicalId: string, region: string, accountId: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${logicalId}`;
}

/** Evaluates the CloudFormation intrinsics CDK emits in state machine definitions. */
export function resolveIntrinsics(value: unknown, resolve: TokenResolver, pseudo: PseudoParameters = DEFAULT_PSEUDO): unknown {
  const recurse = (inner: unknown) => resolveIntrinsics(inner, resolve, pseudo);
  if (Array.isArray(value)) return value.map(recurse);
  if (value === null || typeof value !== 'object') return value;

  const entries = Object.entries(value);
  const [intrinsic, argument] = entries.length === 1 ? (entries[0] as [string, unknown]) : [undefined, undefined];
  switch (intrinsic) {
    case 'Ref':
      return resolveReference(String(argument), resolve, pseudo);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(argument) ? argument.map(String) : String(argument).split(/\.(.*)/s);
      if (logicalId === undefined || attribute === undefined) throw new Error(`Malformed Fn::GetAtt: ${JSON.stringify(argument)}`);
      return resolve({ logicalId, attribute });
    }
    case 'Fn::Join': {
      const [delimiter, parts] = argument as [string, unknown];
      const resolvedParts = recurse(parts);
      if (!Array.isArray(resolvedParts)) throw new Error('Fn::Join expects a list');
      return resolvedParts.map(String).join(delimiter);
    }
    case 'Fn::Sub': {
      const [text, variables] = Array.isArray(argument) ? (argument as [string, Record<string, unknown>?]) : [String(argument), undefined];
      const resolvedVariables = (variables === undefined ? {} : recurse(variables)) as Record<string, unknown>;
      return text.replace(/\$\{(!?)([^}]+)\}/g, (_match, literal: string, name: string) => {
        if (literal) return `\${${name}}`;
        if (name in resolvedVariables) return String(resolvedVariables[name]);
        const [logicalId, attribute] = name.split(/\.(.*)/s);
        return attribute === undefined
          ? resolveReference(name, resolve, pseudo)
          : resolve({ logicalId: logicalId as string, attribute });
      });
    }
    default:
      return Object.fromEntries(entries.map(([key, inner]) => [key, recurse(inner)]));
  }
}

function resolveReference(logicalId: string, resolve: TokenResolver, pseudo: PseudoParameters): string {
  switch (logicalId) {
    case 'AWS::Region':
      return pseudo.region;
    case 'AWS::AccountId':
      return pseudo.accountId;
    case 'AWS::Partition':
      return pseudo.partition ?? 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      return resolve({ logicalId });
  }
}

interface TemplateResource {
  Type?: string;
  Properties?: Record<string, unknown>;
}

function templateResources(template: object): Record<string, TemplateResource> {
  return ((template as { Resources?: Record<string, TemplateResource> }).Resources ?? {});
}

/**
 * Resolves references to the resources the local stack emulates: Lambda functions become local
 * function ARNs named after their logical id, and DynamoDB tables become their table names.
 */
export function defaultTokenResolver(template: object, pseudo: PseudoParameters = DEFAULT_PSEUDO): TokenResolver {
  const resources = templateResources(template);
  return ({ logicalId, attribute }) => {
    const resource = resources[logicalId];
    const tableName = () => String(resource?.Properties?.['TableName'] ?? logicalId);
    switch (`${resource?.Type}:${attribute ?? 'Ref'}`) {
      case 'AWS::Lambda::Function:Arn':
        return localLambdaArn(logicalId, pseudo.region, pseudo.accountId);
      case 'AWS::Lambda::Function:Ref':
        return logicalId;
      case 'AWS::DynamoDB::Table:Ref':
        return tableName();
      case 'AWS::DynamoDB::Table:Arn':
        return `arn:${pseudo.partition ?? 'aws'}:dynamodb:${pseudo.region}:${pseudo.accountId}:table/${tableName()}`;
      default:
        throw new Error(`No local value for ${attribute ? `Fn::GetAtt ${logicalId}.${attribute}` : `Ref ${logicalId}`} (${resource?.Type ?? 'unknown resource'})`);
    }
  };
}

export function stateMachinesInTemplate(
  template: object,
  resolve: TokenResolver,
  pseudo: PseudoParameters = DEFAULT_PSEUDO,
): Array<{ logicalId: string; definition: StateMachineDefinition }> {
  return Object.entries(templateResources(template))
    .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      if (properties['Definition'] !== undefined) {
        return { logicalId, definition: resolveIntrinsics(properties['Definition'], resolve, pseudo) as StateMachineDefinition };
      }
      const resolved = resolveIntrinsics(properties['DefinitionString'], resolve, pseudo);
      if (typeof resolved !== 'string') throw new Error(`State machine ${logicalId} has no definition`);
      let text = resolved;
      const substitutions = resolveIntrinsics(properties['DefinitionSubstitutions'] ?? {}, resolve, pseudo) as Record<string, unknown>;
      for (const [key, replacement] of Object.entries(substitutions)) text = text.replaceAll(`\${${key}}`, String(replacement));
      return { logicalId, definition: JSON.parse(text) as StateMachineDefinition };
    });
}
