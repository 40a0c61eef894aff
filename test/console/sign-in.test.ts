import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestStack } from '../support/test-stack';
import { openConsole, useConsoleStack } from './browser';

/**
 * Signing in: the development user picker locally, and, as on AWS, the
 * Cognito hosted UI by the authorization code flow with PKCE, its endpoints
 * played here by routes in the browser (the machine has no network): the
 * challenge is the verifier's S256, the state is checked, the ID token is
 * kept and sent to the API, and signing out ends the hosted UI's session.
 */
const DOMAIN = 'https://lado-test.auth.eu-west-2.amazoncognito.com';
const CLIENT_ID = 'console-client-id';
let stack: TestStack;
let browser: Browser;

useConsoleStack('2026-11-23T10:00:00Z', (started, launched) => {
  [stack, browser] = [started, launched];
});

const base64Url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** An ID token as Cognito issues one, unsigned: the console reads its payload; only the API checks signatures. */
function idToken(username: string, groups: string[]): string {
  const payload = { sub: 'a1b2c3', 'cognito:username': username, 'cognito:groups': groups, token_use: 'id', exp: Math.floor(Date.now() / 1000) + 3600 };
  return [base64Url(JSON.stringify({ alg: 'RS256', kid: 'test' })), base64Url(JSON.stringify(payload)), base64Url('signature')].join('.');
}

/** A console configured for the hosted UI, with the hosted UI's endpoints answered in the browser. */
async function cognitoConsole(page: Page, token: string) {
  const redirectUri = `${stack.apiUrl}/console/`;
  const seen: { authorize?: URL; token?: URLSearchParams; logout?: URL; apiAuthorization?: string } = {};
  await page.route(`${stack.apiUrl}/console/config.json`, (route) =>
    route.fulfill({ json: { apiUrl: stack.apiUrl, auth: { kind: 'cognito', domain: DOMAIN, clientId: CLIENT_ID, redirectUri } } }),
  );
  await page.route(`${DOMAIN}/oauth2/authorize?**`, (route) => {
    seen.authorize = new URL(route.request().url());
    return route.fulfill({ status: 302, headers: { location: `${redirectUri}?code=the-code&state=${seen.authorize.searchParams.get('state')}` } });
  });
  await page.route(`${DOMAIN}/oauth2/token`, (route) => {
    seen.token = new URLSearchParams(route.request().postData() ?? '');
    return route.fulfill({ headers: { 'access-control-allow-origin': '*' }, json: { id_token: token, access_token: 'access', token_type: 'Bearer', expires_in: 3600 } });
  });
  await page.route(`${DOMAIN}/logout?**`, (route) => {
    seen.logout = new URL(route.request().url());
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Signed out</title><p>Signed out</p>' });
  });
  // The local API takes development tokens only: the caseloads are answered here, to see the token the console sends.
  await page.route(`${stack.apiUrl}/caseloads`, (route) => {
    seen.apiAuthorization = route.request().headers()['authorization'];
    return route.fulfill({ json: { threshold: 85, officers: [], overdue: [] } });
  });
  return seen;
}

describe('signing in to the console', () => {
  it('locally: the development picker refuses a username the API would not take, then signs in', async () => {
    const { page, errors, close } = await openConsole(browser, stack);
    await page.getByLabel('Username').fill('no spaces allowed');
    await page.getByLabel('Operations', { exact: true }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent(), { timeout: 20_000 }).toContain('Enter a username of 2 to 64 letters');
    await page.getByLabel('Username').fill('ops.1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.header__account-name').textContent(), { timeout: 20_000 }).toBe('ops.1 (Operations)');
    expect(await page.evaluate('JSON.parse(sessionStorage.getItem("lado.console.session")).token')).toBe('dev:ops.1:operations');
    // Operations have no officer pages.
    await page.goto(`${stack.apiUrl}/console/#/duty`);
    await page.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it('on AWS: the Cognito hosted UI, by the authorization code flow with PKCE', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    const token = idToken('lado.manager.2', ['lado-manager']);
    const seen = await cognitoConsole(page, token);
    await page.goto(`${stack.apiUrl}/console/#/manager`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.header__account-name').textContent(), { timeout: 20_000 }).toBe('lado.manager.2 (LADO manager)');

    const authorize = seen.authorize!;
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${stack.apiUrl}/console/`,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    const verifier = seen.token!.get('code_verifier')!;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(Object.fromEntries(seen.token!)).toMatchObject({ grant_type: 'authorization_code', client_id: CLIENT_ID, code: 'the-code', redirect_uri: `${stack.apiUrl}/console/` });

    // Back where the officer was going, with the code gone from the address bar, calling the API with the ID token.
    await page.getByRole('heading', { level: 1, name: "The team's caseloads" }).waitFor();
    expect(page.url()).toBe(`${stack.apiUrl}/console/#/manager`);
    await expect.poll(() => seen.apiAuthorization, { timeout: 20_000 }).toBe(`Bearer ${token}`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => seen.logout?.searchParams.get('logout_uri'), { timeout: 20_000 }).toBe(`${stack.apiUrl}/console/`);
    expect(seen.logout?.searchParams.get('client_id')).toBe(CLIENT_ID);
    await context.close();
  });

  it('on AWS: a return whose state does not match the request is refused', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    const seen = await cognitoConsole(page, idToken('someone', ['lado-officer']));
    await page.goto(`${stack.apiUrl}/console/?code=stolen-code&state=forged`);
    await expect.poll(() => page.locator('.error-summary').textContent(), { timeout: 20_000 }).toContain('the answer did not match the request');
    expect(seen.token).toBeUndefined();
    expect(page.url()).toBe(`${stack.apiUrl}/console/`);
    await context.close();
  });
});
