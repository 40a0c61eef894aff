import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * How the CLI proves who is calling. Locally, a development token
 * (local/dev-tokens.ts). On AWS, either an officer's Cognito ID token, sent as
 * `Authorization: Bearer`, or, for operations, a SigV4 signature made with the
 * caller's AWS credentials (the operations role), which API Gateway checks on
 * the IAM-authorized mount of the machine routes (functions/api-routes.ts).
 */
export type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export interface SigV4Auth {
  region: string;
  /** Fixed credentials, or a provider: by default the AWS SDK's chain (environment, profile, SSO, instance or task role). */
  credentials: Credentials;
}

/** A mistake in how the CLI was asked to authenticate: exits 2, like any bad argument. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The local stack (npm start) listens on the loopback interface; anything else is taken to be API Gateway. */
export function isLocalApi(api: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(api).hostname;
  } catch {
    throw new CliUsageError(`--api must be a URL, such as https://<api-id>.execute-api.eu-west-2.amazonaws.com/v1; got ${JSON.stringify(api)}`);
  }
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The region to sign for: --region, else AWS_REGION or AWS_DEFAULT_REGION, else the one in an execute-api host name. */
export function signingRegion(api: string, region: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const found = region || env.AWS_REGION || env.AWS_DEFAULT_REGION || /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(api).hostname)?.[1];
  if (!found) throw new CliUsageError('SigV4 needs the API’s region: pass --region (or set AWS_REGION)');
  return found;
}

export interface AuthOptions {
  api: string;
  token?: string;
  sigv4?: boolean;
  region?: string;
}

/**
 * What a command sends: with --sigv4, a signature (whatever else is given);
 * else the token of --token or LADO_TOKEN; else, for the local stack, a
 * development token; else, for an API on AWS, a signature too, so that
 * operations need nothing but their AWS credentials.
 */
export function chooseAuth(
  options: AuthOptions,
  developmentToken: () => string,
  env: NodeJS.ProcessEnv = process.env,
  credentials: () => Credentials = () => defaultProvider(),
): { token: string } | { sigv4: SigV4Auth } {
  const local = isLocalApi(options.api);
  if (!options.sigv4 && options.token) return { token: options.token };
  if (!options.sigv4 && local) return { token: developmentToken() };
  if (local) throw new CliUsageError('the local stack takes development tokens, not SigV4: leave out --sigv4');
  return { sigv4: { region: signingRegion(options.api, options.region, env), credentials: credentials() } };
}

export interface RequestToSign {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Signs a request for API Gateway (service execute-api) and answers the
 * headers to send with it: the request's own, `x-amz-date`, `authorization`
 * (AWS4-HMAC-SHA256), and `x-amz-security-token` for temporary credentials.
 * `host` is signed but left out: fetch sends it, from the same URL.
 */
export async function signRequest(auth: SigV4Auth, request: RequestToSign, signingDate?: Date): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'execute-api', region: auth.region, credentials: auth.credentials, sha256: Sha256 });
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.url.searchParams.keys())) {
    const values = request.url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      ...(request.body === undefined ? {} : { body: request.body }),
    },
    signingDate ? { signingDate } : {},
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}
