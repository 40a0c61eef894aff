import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { completeReferral } from '../support/referrals';
import type { TestStack } from '../support/test-stack';
import { axeViolations, focused, headingLevels, headingsInOrder, tabUntil, unlabelledControls, unscopedHeaderCells, YELLOW } from './a11y';
import { openConsole, signIn, type Group, useConsoleStack } from './browser';

/**
 * A keyboard and accessibility smoke check of the console: the sign-in page
 * and a case awaiting its threshold decision, each with axe-core's WCAG A and
 * AA rules, a label on every control, headings in order, scoped header cells,
 * the skip link, and the main action reached by Tab with a visible focus.
 */
const OFFICER = 'lado.officer.7';
let stack: TestStack;
let browser: Browser;

useConsoleStack('2026-11-23T10:00:00Z', (started, launched) => {
  [stack, browser] = [started, launched];
});

describe('the console, by keyboard and to WCAG 2.2 AA basics', () => {
  it('the sign-in page: skip link first, every input labelled, Tab reaches Sign in with the yellow focus', async () => {
    const { page, errors, close } = await openConsole(browser, stack);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Sign in – LADO referrals console');
    expect(await page.getAttribute('html', 'lang')).toBe('en-GB');

    // The first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Skip to main content', background: YELLOW });
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    expect(page.url()).toMatch(/\/console\/$/);

    expect(await unlabelledControls(page)).toEqual([]);
    expect(headingsInOrder(await headingLevels(page))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // From the main content, Tab reaches the username, the groups and the button; the keyboard alone signs in.
    expect(await tabUntil(page, (f) => f.tag === 'input')).toBeGreaterThan(0);
    await page.keyboard.type('lado.keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // the first group, LADO officer
    const presses = await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Sign in');
    expect(presses).toBeGreaterThan(0);
    const button = await focused(page);
    expect(button.background).toBe(YELLOW);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.header__account-name').textContent(), { timeout: 20_000 }).toBe('lado.keyboard (LADO officer)');

    // The checks see a fault when there is one: an input without a label.
    await page.evaluate('document.getElementById("main").append(Object.assign(document.createElement("input"), { id: "stray" }))');
    expect(await unlabelledControls(page)).toEqual(['stray']);
    expect((await axeViolations(page)).map((violation) => violation.id)).toContain('label');
    expect(errors).toEqual([]);
    await close();
  });

  it('a case awaiting its threshold decision: every control labelled, tables scoped, Tab reaches Record the decision', async () => {
    const caseId = (await stack.post('/referrals', completeReferral())).body.caseId as string;
    await stack.clock.settle();
    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, 'duty.lado', 'lado-officer');
    await page.goto(`${stack.apiUrl}/console/#/cases/${caseId}`);
    await page.getByRole('heading', { level: 2, name: 'Record the threshold decision' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Audit trail' }).waitFor();
    await page.locator('#lifecycle-heading + .section__body :is(svg, .inset-text, .error-summary)').first().waitFor();

    expect(await unlabelledControls(page)).toEqual([]);
    expect(headingsInOrder(await headingLevels(page))).toBe(true);
    expect(await unscopedHeaderCells(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // The decision by keyboard: Tab reaches the outcome radios, the rationale and the button.
    await page.locator('h1').focus();
    expect(await tabUntil(page, (f) => f.tag === 'input' && f.text === 'allegation')).toBeGreaterThan(0);
    const presses = await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Record the decision');
    expect(presses).toBeGreaterThan(0);
    expect((await focused(page)).background).toBe(YELLOW);
    // Submitting with nothing chosen shows the API's refusal in an error summary, which takes focus.
    await page.keyboard.press('Enter');
    await page.locator('.error-summary').waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'div' });
    expect(await page.locator('.error-summary').textContent()).toContain('There is a problem');
    expect(errors).toEqual([]);
    await close();
  });

  it("every group's pages, with their lists, forms and reports, pass the same checks", async () => {
    const caseId = (await stack.post('/referrals', completeReferral())).body.caseId as string;
    await stack.clock.settle();
    const decision = {
      kind: 'threshold',
      officerId: OFFICER,
      outcome: 'consultation',
      allocatedTo: { officerId: OFFICER, email: 'lado7@lado.example.gov.uk' },
      rationale: 'Advice to the employer; kept under review.',
    };
    expect((await stack.post(`/cases/${caseId}/decisions`, decision)).status).toBe(202);
    await stack.advanceTo('2026-12-09T10:00:00Z'); // its review overdue

    const check = async (page: Page, what: string) => {
      expect(await unlabelledControls(page), what).toEqual([]);
      expect(headingsInOrder(await headingLevels(page)), `${what}: ${await headingLevels(page)}`).toBe(true);
      expect(await unscopedHeaderCells(page), what).toBe(0);
      expect(await axeViolations(page), what).toEqual([]);
    };
    const pages: Array<{ group: Group; username: string; hash: string; ready: (page: Page) => Promise<unknown> }> = [
      { group: 'lado-officer', username: OFFICER, hash: '#/duty', ready: (page) => page.locator('#duty-list ~ .section__body table').waitFor() },
      { group: 'lado-officer', username: OFFICER, hash: '#/my-cases', ready: (page) => page.locator('#my-cases-list ~ .section__body table').waitFor() },
      {
        group: 'lado-officer',
        username: OFFICER,
        hash: `#/cases/${caseId}`,
        ready: async (page) => {
          await page.getByRole('combobox', { name: 'What happened?' }).selectOption('close-consultation');
          await page.locator('#lifecycle-heading ~ .section__body svg').waitFor();
        },
      },
      {
        group: 'lado-manager',
        username: 'lado.manager',
        hash: '#/manager',
        ready: async (page) => {
          await page.getByText(`Reallocate ${caseId}`).click();
          await page.getByRole('button', { name: 'Reallocate' }).waitFor();
        },
      },
      {
        group: 'operations',
        username: 'ops.1',
        hash: '#/operations',
        ready: async (page) => {
          await page.getByRole('button', { name: 'Check only' }).click();
          await page.getByRole('heading', { level: 3, name: 'Check made' }).waitFor();
          await page.locator('#executions-heading ~ .section__body table').waitFor();
        },
      },
    ];
    for (const { group, username, hash, ready } of pages) {
      const { page, errors, close } = await openConsole(browser, stack);
      await signIn(page, username, group);
      await page.goto(`${stack.apiUrl}/console/${hash}`);
      await ready(page);
      await check(page, `${group} ${hash}`);
      // Tab reaches the page's main action, if it has one, with the yellow focus.
      const main = page.locator('[data-main-action]');
      if ((await main.count()) > 0) {
        const name = ((await main.first().textContent()) ?? '').trim();
        await page.locator('h1').focus();
        expect(await tabUntil(page, (f) => f.tag === 'button' && f.text === name, 120), `${hash}: Tab to ${name}`).toBeGreaterThan(0);
        expect((await focused(page)).background).toBe(YELLOW);
      }
      expect(errors).toEqual([]);
      await close();
    }
  });
});
