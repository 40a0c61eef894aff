import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { completeReferral } from '../support/referrals';
import type { TestStack } from '../support/test-stack';
import { axeViolations, headingLevels, headingsInOrder, unlabelledControls } from './a11y';
import { openConsole, signIn, tableRows, tokenOf, useConsoleStack } from './browser';

/**
 * The LADO manager's annual report, in the console: the current financial
 * year by default, the KPIs against their targets, and each table with its
 * chart, drawn in the page by Vega from the console's own files under its
 * Content-Security-Policy (no code generated from strings: any refusal would
 * be logged as an error). Another period is chosen from the page, and a
 * period the API refuses is shown in its error box.
 */
const MANAGER = 'lado.manager.2';
let stack: TestStack;
let browser: Browser;

// The clock starts on a Monday.
useConsoleStack('2026-11-23T09:30:00Z', async (started, launched) => {
  [stack, browser] = [started, launched];
  const decided = (await stack.post('/referrals', completeReferral({ submissionId: 'portal-report-decided' }))).body.caseId as string;
  await stack.clock.settle();
  const closing = { kind: 'threshold', officerId: 'duty.lado', outcome: 'no-further-action', category: 'employer-procedures', rationale: 'A matter for the employer alone.' };
  expect((await stack.post(`/cases/${decided}/decisions`, closing, { token: tokenOf('duty.lado', 'lado-officer') })).status).toBe(202);
  await stack.advanceTo('2026-11-23T10:00:00Z');
  await stack.post('/referrals', completeReferral({ submissionId: 'portal-report-awaiting' }));
  await stack.advanceTo('2026-11-23T11:00:00Z');
});

describe('the annual report in the console', () => {
  it('shows the financial year: the KPIs against their targets, and the tables with their charts', async () => {
    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, MANAGER, 'lado-manager');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annual report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Annual report' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'From' }).inputValue()).toBe('2026-04-01');
    expect(await page.getByRole('textbox', { name: 'To' }).inputValue()).toBe('2027-03-31');

    // The KPIs, each against its target.
    await page.getByRole('heading', { level: 2, name: 'Key performance indicators' }).waitFor();
    expect(await page.locator('.lead').textContent()).toContain('1 April 2026 to 31 March 2027');
    const kpis = await tableRows(page, '#kpis-heading ~ table');
    expect(kpis.length).toBeGreaterThan(0);
    const answer = (await stack.get('/reports/annual?from=2026-04-01&to=2027-03-31', { token: tokenOf(MANAGER, 'lado-manager') })).body as {
      kpis: Record<string, { title: string; target?: number }>;
      tables: Record<string, { title: string }>;
    };
    expect(kpis.map((row) => row[0])).toEqual(Object.values(answer.kpis).map((kpi) => kpi.title));
    expect(kpis.some((row) => /^(At least|At most) /.test(row[2]!))).toBe(true);

    // Every table, and the charts drawn as SVG with their titles: the referrals per month among them.
    const tableHeadings = await page.locator('#tables-heading ~ .report-table h3').allTextContents();
    expect(tableHeadings).toEqual(Object.values(answer.tables).map((table) => table.title));
    const monthly = page.locator('.report-table', { has: page.getByRole('heading', { level: 3, name: answer.tables['referrals-by-month']!.title }) });
    await monthly.locator('figure svg').waitFor();
    expect(await monthly.locator('figure svg').getAttribute('role')).toBe('img');
    expect(await monthly.locator('figure svg > title').textContent()).toBe(answer.tables['referrals-by-month']!.title);
    expect(await monthly.locator('figure svg > desc').textContent()).toContain('Column chart of referrals per month');
    const months = await monthly.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...(row as any).querySelectorAll('th, td')].map((cell: any) => String(cell.textContent).trim())));
    expect(months).toContainEqual(['Nov 2026', '2']);
    await expect.poll(() => page.locator('.chart .loading').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.locator('.chart svg').count()).toBeGreaterThan(1);
    expect(await page.locator('#kpis-heading ~ figure svg, #kpis-heading ~ .chart svg').count()).toBeGreaterThan(0);

    // Settings and checks.
    await page.getByRole('heading', { level: 2, name: 'Settings flagged' }).waitFor();
    expect(await tableRows(page, '#checks-heading ~ table')).toContainEqual(['Decisions reconcile', 'Passed', expect.any(String)]);

    expect(headingsInOrder(await headingLevels(page))).toBe(true);
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('shows another period when asked, and the API’s refusal of a period in its error box', async () => {
    const { page, errors, close } = await openConsole(browser, stack, '#/reports/annual');
    await signIn(page, MANAGER, 'lado-manager');
    await page.getByRole('heading', { level: 1, name: 'Annual report' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Key performance indicators' }).waitFor();

    await page.getByRole('link', { name: '2025 to 2026' }).click();
    await expect.poll(() => page.locator('.lead').textContent()).toContain('1 April 2025 to 31 March 2026');

    await page.getByRole('textbox', { name: 'From' }).fill('2026-11-30');
    await page.getByRole('textbox', { name: 'To' }).fill('2026-11-01');
    await page.getByRole('button', { name: 'Show the report' }).click();
    const problem = page.locator('.error-summary');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('to must not be before from');
    expect(await problem.textContent()).toContain('(HTTP 400)');
    // The error links to the field at fault.
    await problem.getByRole('link', { name: 'to must not be before from' }).click();
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('data-path'))).toBe('query.to');
    expect(errors).toEqual([]);
    await close();
  });

  it('is for managers only: an officer has no link to it and is told so', async () => {
    const { page, close } = await openConsole(browser, stack, '#/reports/annual');
    await signIn(page, 'lado.officer.9', 'lado-officer');
    await page.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annual report' }).count()).toBe(0);
    await close();
  });
});
