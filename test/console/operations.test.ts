import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import type { TestStack } from '../support/test-stack';
import { openConsole, signIn, tableRows, useConsoleStack } from './browser';

/**
 * Operations, in the console: a case whose first step failed past its
 * retries (every receipt crashing, on the fault proxy) is listed as needing
 * attention; once the fault is gone, the repair on the operations page
 * restarts its workflow, and the page says what it did. No personal data
 * reaches any of these pages.
 */
const OPERATOR = 'ops.on.call';
let stack: TestStack;
let browser: Browser;

// The clock starts on a Monday.
useConsoleStack('2026-11-23T10:00:00Z', (started, launched) => {
  [stack, browser] = [started, launched];
});

describe('operations in the console', () => {
  it('see a stuck case, repair it from the operations page, and see what the repair did', async () => {
    expect((await stack.post('/local/faults', { lambda: { receipt: { crashRate: 1 } } })).status).toBe(200);
    const referral = completeReferral();
    const caseId = (await stack.post('/referrals', referral)).body.caseId as string;
    // The step's retries last at most about 24 minutes; then the case is flagged and its execution ends.
    await stack.advanceTo('2026-11-23T10:30:00Z');
    expect((await stack.get(`/cases/${caseId}`)).body.needsAttention).toMatchObject({ step: 'RecordReceipt', errorClass: 'Runtime.ExitError' });
    expect((await stack.request('DELETE', '/local/faults')).status).toBe(200);

    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, OPERATOR, 'operations');
    await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
    const attention = '#attention-heading ~ .section__body';
    await page.locator(`${attention} table`).waitFor();
    expect((await tableRows(page, `${attention} table`)).map((row) => row.slice(0, 3))).toEqual([[caseId, 'Receipt', 'Received']]);

    // The case as operations see it: where it stands, the step and the error, the execution; no records, no trail.
    await page.locator(`${attention} table`).getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { level: 2, name: 'Summary' }).waitFor();
    expect(await page.locator('.warning-text').textContent()).toContain('stopped at RecordReceipt (Runtime.ExitError)');
    expect(await page.locator('.summary-list').textContent()).toContain(`${caseId}-first-days`);
    expect(await page.getByRole('heading', { name: 'Audit trail' }).count()).toBe(0);
    expect(await page.locator('form textarea').count()).toBe(0);
    await page.locator('#lifecycle-heading ~ .section__body svg').waitFor();
    expect(await page.locator('.current-state').textContent()).toBe('StoppedForOperations');
    let text = (await page.locator('body').textContent()) ?? '';
    for (const personal of [...PERSONAL_DATA, referral.referrer.email]) expect(text).not.toContain(personal);

    // The repair, from the operations page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('button', { name: 'Repair' }).click();
    await page.getByRole('heading', { level: 3, name: 'Repair made' }).waitFor();
    const report = page.locator('.report');
    expect(await report.locator('p').first().textContent()).toMatch(/1 active case, 0 running executions, 1 finding\.$/);
    expect(await tableRows(page, '.report table:first-of-type')).toEqual([[`Needs attention`, caseId, expect.stringContaining('Stopped at RecordReceipt (Runtime.ExitError)')]]);
    expect(await tableRows(page, '.report table:last-of-type')).toEqual([['Needs attention', caseId, `${caseId}-first-days-2`, 'Restarted', '—']]);
    await stack.clock.settle();

    // Repaired: the case awaits its decision, its workflow runs again, and nothing needs attention.
    expect((await stack.get(`/cases/${caseId}`)).body).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', needsAttention: null });
    await page.reload();
    await page.locator(`${attention} p`).filter({ hasText: 'No case needs attention.' }).waitFor();
    await page.locator('#findings-heading ~ .section__body p').first().waitFor();
    expect(await page.locator('#findings-heading ~ .section__body').textContent()).toContain(`by ${OPERATOR}`);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('RUNNING');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#executions-heading ~ .section__body table').waitFor();
    expect(await tableRows(page, '#executions-heading ~ .section__body table')).toEqual([[`${caseId}-first-days-2`, 'Running', expect.any(String), '—', caseId]]);

    text = (await page.locator('body').textContent()) ?? '';
    for (const personal of [...PERSONAL_DATA, referral.referrer.email]) expect(text).not.toContain(personal);
    expect(errors).toEqual([]);
    await close();
  });
});
