import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LadoStack } from '../../infra/lado-stack';
import { synthesizeStack } from './synthesize';

/** The officers' console on AWS, as deployed: a private bucket behind CloudFront, its security headers, and its config.json. */
let stack: LadoStack;
let template: Template;
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
let resources: Record<string, Resource>;

beforeAll(() => {
  stack = synthesizeStack();
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const single = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const idOf = (prefix: string) => {
  const found = Object.keys(resources).filter((id) => id.startsWith(prefix) && resources[id]!.Type === 'AWS::S3::Bucket');
  expect(found, prefix).toHaveLength(1);
  return found[0]!;
};
const distributionDomain = () => ({ 'Fn::GetAtt': [single('AWS::CloudFront::Distribution')[0], 'DomainName'] });

describe('the console bucket', () => {
  it('is private and encrypted: all public access blocked, owner-enforced objects, S3-managed encryption, versioned, kept', () => {
    const bucket = resources[idOf('ConsoleBucket')]!;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: idOf('ConsoleAccessLogs') }, LogFilePrefix: 'console-bucket/' },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('is read by the distribution alone, through Origin Access Control, and refuses requests without TLS 1.2', () => {
    const bucketId = idOf('ConsoleBucket');
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === bucketId)!;
    const statements = policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    const [distributionId] = single('AWS::CloudFront::Distribution');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }]] },
          },
        },
      },
    ]);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
    const [oacId, oac] = single('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const [origin] = single('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig.Origins;
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
    // No origin access identity, no website endpoint.
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    expect(resources[bucketId]!.Properties.WebsiteConfiguration).toBeUndefined();
  });

  it('has its access logs, and the distribution’s, in a bucket of their own: private, TLS only, expired after the log retention', () => {
    const logs = resources[idOf('ConsoleAccessLogs')]!;
    expect(logs.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 365, Status: 'Enabled' })] },
    });
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(single('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [idOf('ConsoleAccessLogs'), 'RegionalDomainName'] },
      Prefix: 'console-distribution/',
    });
  });
});

describe('the distribution', () => {
  it('serves over HTTPS only, GET and HEAD only, with the security headers policy', () => {
    const config = single('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;
    const behaviors = [config.DefaultCacheBehavior, ...(config.CacheBehaviors ?? [])];
    for (const behavior of behaviors) {
      expect(behavior).toMatchObject({ ViewerProtocolPolicy: 'https-only', AllowedMethods: ['GET', 'HEAD'], ResponseHeadersPolicyId: { Ref: single('AWS::CloudFront::ResponseHeadersPolicy')[0] } });
    }
    expect(config).toMatchObject({ Enabled: true, HttpVersion: 'http2and3', PriceClass: 'PriceClass_100' });
  });

  it('sends / to /console/ and serves index.html for a folder', () => {
    const [functionId, fn] = single('AWS::CloudFront::Function');
    expect(single('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    const handler = runInNewContext(`${fn.Properties.FunctionCode as string}; handler`) as (event: unknown) => any;
    const request = (uri: string) => handler({ request: { uri, headers: {} } });
    expect(request('/')).toMatchObject({ statusCode: 302, headers: { location: { value: '/console/' } } });
    expect(request('/console')).toMatchObject({ statusCode: 302, headers: { location: { value: '/console/' } } });
    expect(request('/console/').uri).toBe('/console/index.html');
    expect(request('/console/main.js').uri).toBe('/console/main.js');
    expect(request('/console/config.json').uri).toBe('/console/config.json');
  });

  it('is given to officers as the ConsoleUrl output, <distribution>/console/', () => {
    template.hasOutput('ConsoleUrl', { Value: { 'Fn::Join': ['', ['https://', distributionDomain(), '/console/']] } });
  });
});

describe('the security headers', () => {
  const headers = () => single('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
  /** The CSP with every reference written as <Ref …>, so that its sources can be read. */
  const csp = () =>
    (headers().ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'][1] as unknown[])
      .map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part)}>`))
      .join('');

  it('set HSTS for two years, deny framing, forbid sniffing and send no referrer, over what the origin says', () => {
    expect(headers()).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      ContentSecurityPolicy: { Override: true },
    });
  });

  it('allow scripts, styles, images and fonts from the console itself, and requests to it, the API and the hosted UI only', () => {
    const [apiId] = single('AWS::ApiGateway::RestApi');
    const [domainId] = single('AWS::Cognito::UserPoolDomain');
    const region = '<{"Ref":"AWS::Region"}>';
    const api = `https://<{"Ref":"${apiId}"}>.execute-api.${region}.<{"Ref":"AWS::URLSuffix"}>`;
    const signIn = `https://<{"Ref":"${domainId}"}>.auth.${region}.amazoncognito.com`;
    const directives = Object.fromEntries(
      csp()
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );
    expect(directives).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      // The case page's diagram (Mermaid) styles itself inline; scripts stay the console's own.
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'", api, signIn],
      'form-action': ["'self'", signIn],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'self'"],
      'object-src': ["'none'"],
    });
    expect(csp().replace("style-src 'self' 'unsafe-inline'", '')).not.toMatch(/unsafe-|\*/);
  });
});

describe('the deployment of the console', () => {
  const deployment = () => single('Custom::CDKBucketDeployment')[1].Properties;

  it('copies the built console and config.json under console/, removes what a release dropped, and invalidates /console/*', () => {
    expect(deployment()).toMatchObject({
      DestinationBucketName: { Ref: idOf('ConsoleBucket') },
      DestinationBucketKeyPrefix: 'console/',
      Prune: true,
      DistributionId: { Ref: single('AWS::CloudFront::Distribution')[0] },
      DistributionPaths: ['/console/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(deployment().SourceObjectKeys).toHaveLength(2);
  });

  it('writes config.json: the API’s URL and the hosted UI sign-in of the console’s client, coming back to the console', () => {
    const keys = deployment().SourceObjectKeys as string[];
    const markers = (deployment().SourceMarkers as Array<Record<string, unknown>>)[1]!;
    const outdir = Stage.of(stack)!.outdir;
    const text = readFileSync(path.join(outdir, `asset.${keys[1]!.replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    // Each deploy-time value written <Ref id> or <id.Attribute>.
    const written = (value: any) => (value.Ref ? `<Ref ${value.Ref}>` : `<${value['Fn::GetAtt'].join('.')}>`);
    const config = JSON.parse(text.replace(/<<marker:0xbaba:\d+>>/g, (marker) => written(markers[marker]))) as Record<string, any>;
    const [apiId] = single('AWS::ApiGateway::RestApi');
    const [stageId] = single('AWS::ApiGateway::Stage');
    const [domainId] = single('AWS::Cognito::UserPoolDomain');
    const [clientId] = ofType('AWS::Cognito::UserPoolClient').find(([, c]) => c.Properties.AllowedOAuthFlowsUserPoolClient === true)!;
    expect(config).toEqual({
      apiUrl: `https://<Ref ${apiId}>.execute-api.<Ref AWS::Region>.<Ref AWS::URLSuffix>/<Ref ${stageId}>/`,
      auth: {
        kind: 'cognito',
        domain: `https://<Ref ${domainId}>.auth.<Ref AWS::Region>.amazoncognito.com`,
        clientId: `<Ref ${clientId}>`,
        redirectUri: `https://<${single('AWS::CloudFront::Distribution')[0]}.DomainName>/console/`,
      },
    });
  });

  it('runs as a role of its own, without managed policies, reaching the CDK assets and the console bucket, and CloudFront only to invalidate', () => {
    const [, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('CustomCDKBucketDeployment'))!;
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    expect(roleId).toMatch(/^ConsoleDeploymentRole/);
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>);
    const bucketId = idOf('ConsoleBucket');
    for (const statement of statements) {
      const actions: string[] = [statement.Action].flat();
      const targets = JSON.stringify(statement.Resource);
      if (actions.some((action) => action.startsWith('s3:'))) expect(targets).toMatch(new RegExp(`cdk-hnb659fds-assets|${bucketId}`));
      if (targets === '"*"') expect(actions.sort()).toEqual(['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation']);
      for (const action of actions) expect(action).toMatch(/^(s3|cloudfront|logs):/);
    }
    expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/^ConsoleDeploymentLogs/) });
  });
});
