import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The console's sources: HTML, CSS and TypeScript modules, built by buildConsoleSite (console/build.ts), as the local API serves them. */
export const CONSOLE_SOURCE_DIR = path.join(projectRoot, 'console');
const CONSOLE_BUILD_MODULE = path.join(projectRoot, 'console', 'build.ts');

/** Where the console is served, on its distribution and as the key prefix of its files in the bucket. */
export const CONSOLE_PATH = '/console/';

/** config.json, beside index.html: where the API is and how officers sign in (console/src/config.ts reads it). */
export interface ConsoleConfig {
  apiUrl: string;
  auth: { kind: 'cognito'; domain: string; clientId: string; redirectUri: string };
}

export interface ConsoleHostingProps {
  /** Origins (https://host, no path) the console's pages may connect to besides their own: the API and the hosted sign-in pages. */
  connectOrigins: readonly string[];
  /** The hosted sign-in pages' origin: the only other place a form of the console may be sent. */
  signInOrigin: string;
  logsKey: kms.IKey;
  logRetention: logs.RetentionDays;
}

/**
 * Builds the console's files into outDir with buildConsoleSite, in a child
 * process: asset bundling is synchronous, the build is not, and it is
 * TypeScript.
 */
export function writeConsoleSite(outDir: string): void {
  const script = 'const { buildConsoleSite } = await import(process.argv[1]); await buildConsoleSite(process.argv[2]);';
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script, pathToFileURL(CONSOLE_BUILD_MODULE).href, outDir], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/**
 * The Content-Security-Policy of every page: scripts, stylesheets, images and
 * fonts from the console's own origin only (inline styles too: the case
 * page's diagram, drawn by Mermaid, styles itself inline), requests to it, the
 * API and the sign-in pages only, and never framed.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[], signInOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectOrigins.join(' ')}`,
    `form-action 'self' ${signInOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Sends / and /console to /console/, and serves index.html for a path ending
 * in a slash: a distribution's default root object applies to / alone, and
 * the console lives under /console/.
 */
const INDEX_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '/console') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '${CONSOLE_PATH}' } } };
  }
  if (uri.endsWith('/')) request.uri = uri + 'index.html';
  return request;
}`;

/**
 * The officers' web console on AWS: its files in a private, encrypted bucket
 * that only the distribution may read (Origin Access Control), served over
 * HTTPS only with security headers, under /console/. The bucket's server
 * access logs and the distribution's standard logs go to a bucket of their own.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly securityHeaders: cloudfront.ResponseHeadersPolicy;
  /** The distribution's URL, https://<id>.cloudfront.net, without a trailing slash. */
  readonly url: string;
  /** Where officers open the console, and where the hosted UI sends them back: <url>/console/. */
  readonly consoleUrl: string;
  /** The role of the function that copies the console into the bucket (BucketDeployment's handler). */
  readonly deploymentRole: iam.Role;
  private deployment?: s3deploy.BucketDeployment;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ConsoleHostingProps,
  ) {
    super(scope, id);
    const logRetentionDays = props.logRetention as number;

    // S3 delivers server access logs with S3-managed keys only; CloudFront's standard logs are written with an ACL.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(logRetentionDays), noncurrentVersionExpiration: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A deploy replaces the files: the previous ones stay a month, to put back by hand if a release must be undone at once.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'console-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'LADO console: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.connectOrigins, props.signInOrigin), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'LADO officers console',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'IndexFunction', {
              comment: 'Serves index.html under /console/',
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(INDEX_FUNCTION),
            }),
          },
        ],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Officers work in England: the edge locations of Europe and North America are enough.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.accessLogs,
      logFilePrefix: 'console-distribution/',
    });

    // Not the managed basic-execution policy: that one may write to every log group of the account.
    this.deploymentRole = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built console into its bucket and invalidates the distribution',
    });

    this.url = `https://${this.distribution.distributionDomainName}`;
    this.consoleUrl = `${this.url}${CONSOLE_PATH}`;
  }

  /**
   * Deploys the built console and its config.json under /console/ and
   * invalidates the distribution's copies. The build runs at synthesis, as
   * the functions' bundling does, and is skipped where bundling is.
   */
  deploy(config: ConsoleConfig): s3deploy.BucketDeployment {
    if (this.deployment) throw new Error('The console is deployed once per stack');
    const built = s3deploy.Source.asset(CONSOLE_SOURCE_DIR, {
      bundling: {
        // Never pulled: the local build answers, or fails the synthesis.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
        local: {
          tryBundle(outputDir: string) {
            writeConsoleSite(outputDir);
            return true;
          },
        },
      },
    });
    const deploymentLogs = new logs.LogGroup(this, 'DeploymentLogs', { retention: this.props.logRetention, encryptionKey: this.props.logsKey });
    deploymentLogs.grantWrite(this.deploymentRole);
    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [built, s3deploy.Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: CONSOLE_PATH.slice(1),
      distribution: this.distribution,
      distributionPaths: [`${CONSOLE_PATH}*`],
      // The files keep their names from one release to the next: browsers check for a newer copy each time.
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: 512,
      role: this.deploymentRole,
      logGroup: deploymentLogs,
    });
    return this.deployment;
  }

  /** The function BucketDeployment brings: one per stack, a child of the stack, whatever construct deploys. */
  get deploymentFunction(): IConstruct | undefined {
    return Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  }
}
