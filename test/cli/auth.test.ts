import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiRequest, prepareRequest } from '../../cli/api-client';
import { chooseAuth, CliUsageError, isLocalApi, signingRegion, signRequest, type SigV4Auth } from '../../cli/auth';

/**
 * The CLI's authentication, offline: which of a token, a development token or
 * a SigV4 signature each combination of options sends, and the signature
 * itself, made with fixed credentials at a fixed time.
 */
const API = 'https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com/v1';
const FIXED: SigV4Auth = {
  region: 'eu-west-2',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
};
const devToken = () => 'dev:lado.cli:operations';
const noCredentials = () => {
  throw new Error('credentials must not be loaded');
};

describe('signing a request with SigV4', () => {
  it('makes the signature AWS computes: checked against the algorithm written out with node:crypto', async () => {
    const url = new URL(`${API}/iam/cases?status=open&limit=20`);
    const headers = await signRequest(FIXED, { method: 'GET', url, headers: {} }, new Date('2026-11-23T10:00:00Z'));
    expect(headers['x-amz-date']).toBe('20261123T100000Z');

    const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const payloadHash = sha256('');
    const canonicalRequest = [
      'GET',
      '/v1/iam/cases',
      'limit=20&status=open',
      `host:${url.host}`,
      `x-amz-content-sha256:${payloadHash}`,
      'x-amz-date:20261123T100000Z',
      '',
      'host;x-amz-content-sha256;x-amz-date',
      payloadHash,
    ].join('\n');
    const scope = '20261123/eu-west-2/execute-api/aws4_request';
    const stringToSign = ['AWS4-HMAC-SHA256', '20261123T100000Z', scope, sha256(canonicalRequest)].join('\n');
    const key = ['20261123', 'eu-west-2', 'execute-api', 'aws4_request'].reduce<string | Buffer>((k, part) => hmac(k, part), 'AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
    expect(headers['authorization']).toBe(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${signature}`);
  });

  it('signs for execute-api in the region, covering host, date, body and query, and leaves host to fetch', async () => {
    const at = new Date('2026-11-23T10:00:00Z');
    const request = { method: 'POST', url: new URL(`${API}/iam/operations/reconciliation?x=1`), headers: { 'content-type': 'application/json' }, body: '{"repair":false}' };
    const headers = await signRequest(FIXED, request, at);
    expect(headers).not.toHaveProperty('host');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-amz-date']).toBe('20261123T100000Z');
    const authorization = headers['authorization']!;
    expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261123\/eu-west-2\/execute-api\/aws4_request, SignedHeaders=([a-z0-9-]+;)*host;([a-z0-9-]+;)*x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(authorization).toContain('content-type');
    // Deterministic for the same request; anything signed changes it.
    const signature = (h: Record<string, string>) => /Signature=(\w+)/.exec(h['authorization']!)![1];
    expect(signature(await signRequest(FIXED, request, at))).toBe(signature(headers));
    expect(signature(await signRequest(FIXED, { ...request, body: '{"repair":true}' }, at))).not.toBe(signature(headers));
    expect(signature(await signRequest(FIXED, { ...request, url: new URL(`${API}/iam/operations/reconciliation?x=2`) }, at))).not.toBe(signature(headers));
  });

  it('sends the session token of temporary credentials', async () => {
    const headers = await signRequest(
      { region: 'eu-west-2', credentials: { ...FIXED.credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLE' } } as SigV4Auth,
      { method: 'GET', url: new URL(`${API}/iam/cases/LADO-0123456789`), headers: {} },
      new Date('2026-11-23T10:00:00Z'),
    );
    expect(headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE');
    expect(headers['authorization']).toMatch(/SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/);
  });
});

describe('the request a SigV4 caller sends', () => {
  it('goes to the route on the IAM-authorized mount, signed, with no bearer token', async () => {
    const { url, headers } = await prepareRequest({ api: `${API}/`, sigv4: FIXED }, 'POST', '/operations/reconciliation', '{"repair":false}');
    expect(url).toBe(`${API}/iam/operations/reconciliation`);
    expect(headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(headers).toHaveProperty('x-amz-date');
    expect(headers['content-type']).toBe('application/json');
  });

  it('is refused before anything is sent for a route the table does not open to SigV4', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await expect(apiRequest({ api: API, sigv4: FIXED }, 'GET', '/cases/LADO-0123456789/history')).rejects.toThrow(
      /GET \/cases\/\{caseId\}\/history is not open to operations signing with SigV4: pass an officer's Cognito ID token with --token/,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is sent by apiRequest as prepared', async () => {
    const fetch = vi.fn(async (_url: string | URL, _init?: RequestInit) => new Response('{"caseId":"LADO-0123456789"}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    await expect(apiRequest({ api: API, sigv4: FIXED }, 'GET', '/cases/LADO-0123456789')).resolves.toEqual({ caseId: 'LADO-0123456789' });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(`${API}/iam/cases/LADO-0123456789`);
    expect((init!.headers as Record<string, string>)['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/execute-api\/aws4_request/);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });
});

describe('a token', () => {
  it('is sent as a bearer token, on the route itself', async () => {
    const { url, headers } = await prepareRequest({ api: API, token: 'eyJraWQiOi.idtoken.sig' }, 'GET', '/cases/LADO-0123456789/history');
    expect(url).toBe(`${API}/cases/LADO-0123456789/history`);
    expect(headers).toEqual({ authorization: 'Bearer eyJraWQiOi.idtoken.sig' });
  });
});

describe('choosing how to authenticate', () => {
  it('sends a development token to the local stack, unless a token is given', () => {
    expect(chooseAuth({ api: 'http://127.0.0.1:3000' }, devToken, {}, noCredentials)).toEqual({ token: devToken() });
    expect(chooseAuth({ api: 'http://localhost:3000', token: 'given' }, devToken, {}, noCredentials)).toEqual({ token: 'given' });
  });

  it('sends the given token to AWS (an officer), and signs with SigV4 without one (operations)', () => {
    expect(chooseAuth({ api: API, token: 'id-token' }, devToken, {}, noCredentials)).toEqual({ token: 'id-token' });
    expect(chooseAuth({ api: API }, devToken, {}, () => FIXED.credentials)).toEqual({ sigv4: FIXED });
  });

  it('signs with --sigv4 even when a token is in the environment', () => {
    expect(chooseAuth({ api: API, token: 'from LADO_TOKEN', sigv4: true }, devToken, {}, () => FIXED.credentials)).toEqual({ sigv4: FIXED });
  });

  it('refuses --sigv4 for the local stack', () => {
    expect(() => chooseAuth({ api: 'http://127.0.0.1:3000', sigv4: true }, devToken, {}, noCredentials)).toThrow(CliUsageError);
  });

  it('takes the region from --region, else AWS_REGION, else AWS_DEFAULT_REGION, else the execute-api host name', () => {
    expect(signingRegion(API, 'eu-west-1', { AWS_REGION: 'us-east-1' })).toBe('eu-west-1');
    expect(signingRegion(API, undefined, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' })).toBe('us-east-1');
    expect(signingRegion(API, undefined, { AWS_DEFAULT_REGION: 'us-west-2' })).toBe('us-west-2');
    expect(signingRegion(API, undefined, {})).toBe('eu-west-2');
    expect(() => signingRegion('https://api.lado.example.gov.uk/v1', undefined, {})).toThrow(/pass --region/);
  });

  it('knows the local stack by its loopback address', () => {
    expect(isLocalApi('http://127.0.0.1:3000')).toBe(true);
    expect(isLocalApi('http://localhost:3000')).toBe(true);
    expect(isLocalApi('http://[::1]:3000')).toBe(true);
    expect(isLocalApi(API)).toBe(false);
    expect(() => isLocalApi('not a url')).toThrow(/--api must be a URL/);
  });
});

describe('npx lado against a deployed API', () => {
  const LADO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cli/lado.mjs');
  const lado = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { ...process.env };
      delete env.LADO_API;
      delete env.LADO_TOKEN;
      execFile(process.execPath, [LADO, ...args], { env, timeout: 20_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
      });
    });

  it('exits 2 before sending anything when a command needs an officer’s token and none is given', async () => {
    const { code, stdout, stderr } = await lado('--api', API, 'case', 'history', 'LADO-0123456789');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("lado: GET /cases/{caseId}/history is not open to operations signing with SigV4: pass an officer's Cognito ID token with --token (or LADO_TOKEN)\n");
  });

  it('exits 2 when asked to sign for the local stack', async () => {
    const { code, stderr } = await lado('--sigv4', 'reconcile');
    expect(code).toBe(2);
    expect(stderr).toBe('lado: the local stack takes development tokens, not SigV4: leave out --sigv4\n');
  });
});
