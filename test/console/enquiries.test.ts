import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { completeReferral } from '../support/referrals';
import type { TestStack } from '../support/test-stack';
import { axeViolations, headingLevels, headingsInOrder, unlabelledControls, unscopedHeaderCells } from './a11y';
import { openConsole, signIn, tableRows, tokenOf, useConsoleStack } from './browser';

/**
 * The LADO enquiries officer in the console: records an enquiry from the
 * Enquiries page, every answer a choice, and sees it in the month's list;
 * a refusal names the fields at fault; the referral it led to is linked
 * from its row. Managers have the page too; operations do not.
 */
const OFFICER = 'lado.enquiries.7';
const LIST = '#enquiries-list ~ .section__body table';
let stack: TestStack;
let browser: Browser;

// The clock starts on a Tuesday.
useConsoleStack('2026-11-24T10:00:00Z', (started, launched) => {
  [stack, browser] = [started, launched];
});

describe('the Enquiries page', () => {
  it('records an enquiry and lists it in the month, then links the referral it led to', async () => {
    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, OFFICER, 'lado-officer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enquiries' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enquiries' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Enquiries in November 2026' }).waitFor();
    await page.getByText('No enquiry was recorded in November 2026.').waitFor();

    // Sent with nothing chosen: the API names the fields, and the summary links to them.
    await page.getByRole('button', { name: 'Record the enquiry' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allTextContents()).toEqual([
      'sector must be one of: education, early years, fostering, wider workforce, unknown',
      expect.stringMatching(/^askedBy must be one of: employer, Ofsted/),
      expect.stringMatching(/^topic must be one of: allegation advice/),
      'outcome must be one of: advised to refer, signposted, managed by the agency, sent to the Front Door',
    ]);
    expect(await page.locator('.form-group--error').count()).toBe(4);

    await page.getByRole('combobox', { name: 'Sector of the setting' }).selectOption({ label: 'Education' });
    await page.getByRole('combobox', { name: /Kind of setting/ }).selectOption({ label: 'Primary school' });
    await page.getByRole('combobox', { name: 'Who asked' }).selectOption({ label: 'Employer' });
    await page.getByRole('combobox', { name: 'Topic' }).selectOption({ label: 'Allegation advice' });
    await page.getByRole('radio', { name: 'Advised to refer' }).check();
    await page.getByRole('button', { name: 'Record the enquiry' }).click();
    await expect.poll(() => page.locator('.notification-banner').textContent(), { timeout: 20_000 }).toMatch(/Enquiry recorded: ENQ-20261124T100000Z-\w{10}\./);
    const enquiryId = /ENQ-\S+(?=\.)/.exec((await page.locator('.notification-banner').textContent())!)![0];

    await page.locator(LIST).waitFor();
    expect(await tableRows(page, LIST)).toEqual([
      ['Tue, 24 Nov 2026, 10:00', 'Education: primary school', 'Employer', 'Allegation advice', 'Advised to refer', expect.stringMatching(new RegExp(`^Link a referral to ${enquiryId}`)), OFFICER],
    ]);
    const stored = (await stack.get('/enquiries?from=2026-11-24&to=2026-11-24', { token: tokenOf(OFFICER, 'lado-officer') })).body.items;
    expect(stored).toEqual([
      { enquiryId, receivedAt: '2026-11-24T10:00:00.000Z', sector: 'education', subsector: 'primary school', askedBy: 'employer', topic: 'allegation advice', outcome: 'advised to refer', officerId: OFFICER },
    ]);

    // The page to WCAG 2.2 AA basics, with its form, list and the error boxes gone.
    expect(await unlabelledControls(page)).toEqual([]);
    expect(headingsInOrder(await headingLevels(page))).toBe(true);
    expect(await unscopedHeaderCells(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // The referral arrives; the officer links it from the enquiry's row.
    const caseId = (await stack.post('/referrals', completeReferral())).body.caseId as string;
    await stack.clock.settle();
    const row = page.locator(`${LIST} tbody tr`, { hasText: OFFICER });
    await row.getByText('Link a referral').click();
    await row.getByRole('textbox', { name: 'Case id of the referral' }).fill(caseId);
    await row.getByRole('button', { name: 'Link' }).click();
    await expect.poll(() => page.locator('.notification-banner').textContent(), { timeout: 20_000 }).toContain(`${enquiryId} linked.`);
    await page.locator(LIST).waitFor();
    expect((await tableRows(page, LIST))[0]![5]).toBe(caseId);
    expect(await page.locator(`${LIST} a[href="#/cases/${caseId}"]`).count()).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });

  it("is a manager's too, and not operations'", async () => {
    const manager = await openConsole(browser, stack);
    await signIn(manager.page, 'lado.manager', 'lado-manager');
    await manager.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enquiries' }).click();
    await manager.page.locator(LIST).waitFor();
    expect(await tableRows(manager.page, LIST)).toHaveLength(1);
    await manager.close();

    const operations = await openConsole(browser, stack);
    await signIn(operations.page, 'ops.1', 'operations');
    expect(await operations.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enquiries' }).count()).toBe(0);
    await operations.page.goto(`${stack.apiUrl}/console/#/enquiries`);
    await operations.page.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
    await operations.close();
  });
});
