import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { officerToken } from '../../local/dev-tokens';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The console in a real Chromium, driven by playwright-core: Debian's
 * Chromium (scripts/ensure-chromium.mjs installs it), one browser per test
 * file, a fresh context (its own sessionStorage) per signed-in user.
 */
export const CHROMIUM = '/usr/bin/chromium';

// The machine's network is closed: without these, Chromium waits on connections it can never make.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
}

/**
 * A test file's stack, started at `startTime`, and its browser: started before
 * its tests and handed to `use` (which may set the scene), both stopped after
 * them. A browser and a stack share the machine with the other test files, so
 * tests and hooks get room for a slow moment.
 */
export function useConsoleStack(startTime: string, use: (stack: TestStack, browser: Browser) => void | Promise<void>): void {
  vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
  let running: [TestStack, Browser] | undefined;
  beforeAll(async () => {
    running = await Promise.all([startTestStack(startTime), launchBrowser()]);
    await use(...running);
  });
  afterAll(async () => {
    await running?.[1].close();
    await running?.[0].stop();
  });
}

export type Group = 'lado-officer' | 'lado-manager' | 'operations';

const GROUP_LABELS: Record<Group, string> = { 'lado-officer': 'LADO officer', 'lado-manager': 'LADO manager', operations: 'Operations' };

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Errors the page raised or logged, less the API refusals the console shows in its error boxes. */
  errors: string[];
  close(): Promise<void>;
}

/** Opens the console at /console/ in a new context of 1280x800. */
export async function openConsole(browser: Browser, stack: TestStack, hash = ''): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A refused API call is logged by Chromium as a failed resource; the console shows it in its error box.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  await page.goto(`${stack.apiUrl}/console/${hash}`);
  return { page, context, errors, close: () => context.close() };
}

/** Signs in with the development user picker, as a person would: username, group, the button. */
export async function signIn(page: Page, username: string, group: Group): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel(GROUP_LABELS[group], { exact: true }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('.header__account-name').textContent(), { timeout: 20_000 }).toContain(username);
}

export const tokenOf = (username: string, group: Group) => officerToken(username, group);

/** The text of a table's rows, each as its cells' text. */
export async function tableRows(page: Page, selector: string): Promise<string[][]> {
  return page.locator(`${selector} tbody tr`).evaluateAll((rows) =>
    rows.map((row) => [...(row as any).querySelectorAll('th, td')].map((cell: any) => String(cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
  );
}

export const DOCS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'docs');
export function docsPath(name: string): string {
  mkdirSync(DOCS, { recursive: true });
  return path.join(DOCS, name);
}
