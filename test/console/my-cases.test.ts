import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { completeReferral } from '../support/referrals';
import type { TestStack } from '../support/test-stack';
import { openConsole, signIn, tableRows, tokenOf, useConsoleStack } from './browser';

/**
 * The allocated LADO and the manager, in the console, on cases whose
 * consultation review has fallen overdue on the virtual clock: the manager
 * sees the team's caseloads and reallocates one; the officer finds the
 * overdue case first on My cases and records the review from the case page,
 * which meets the deadline and sets the next.
 */
const OFFICER = 'lado.officer.7';
const OFFICER_TOKEN = tokenOf(OFFICER, 'lado-officer');
let stack: TestStack;
let browser: Browser;

// The clock starts on a Monday.
useConsoleStack('2026-11-23T09:30:00Z', (started, launched) => {
  [stack, browser] = [started, launched];
});

/** A referral the duty LADO decides at once as a consultation allocated to `officerId`: its review falls 10 working days on. */
async function consultation(officerId = OFFICER): Promise<string> {
  const caseId = (await stack.post('/referrals', completeReferral())).body.caseId as string;
  await stack.clock.settle();
  const decision = {
    kind: 'threshold',
    officerId: 'duty.lado',
    outcome: 'consultation',
    allocatedTo: { officerId, email: `${officerId}@lado.example.gov.uk` },
    rationale: 'Advice to the employer; kept under review.',
  };
  expect((await stack.post(`/cases/${caseId}/decisions`, decision, { token: tokenOf('duty.lado', 'lado-officer') })).status).toBe(202);
  return caseId;
}

describe('My cases and the team caseloads in the console', () => {
  let overdue: string;
  let later: string;
  let reallocated: string;

  beforeAll(async () => {
    overdue = await consultation(); // review due Monday 7 December, 17:00
    reallocated = await consultation();
    await stack.advanceTo('2026-11-30T10:00:00Z');
    later = await consultation(); // review due Monday 14 December
    await stack.advanceTo('2026-12-08T10:00:00Z');
  });

  it("the manager sees the team's caseloads and overdue deadlines, and reallocates a case", async () => {
    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, 'lado.manager', 'lado-manager');
    await page.getByRole('heading', { level: 1, name: "The team's caseloads" }).waitFor();
    await page.locator('#caseloads-heading ~ .section__body table').waitFor();
    expect(await tableRows(page, '#caseloads-heading ~ .section__body table')).toContainEqual([OFFICER, '3', '2', 'No']);
    await page.locator('#overdue-heading ~ .section__body table').waitFor();
    const rows = await tableRows(page, '#overdue-heading ~ .section__body table');
    expect(rows.map((row) => row[0]).sort()).toEqual([overdue, reallocated].sort());

    const row = page.locator('#overdue-heading ~ .section__body tbody tr', { hasText: reallocated });
    await row.getByText(`Reallocate ${reallocated}`).click();
    await row.getByRole('textbox', { name: "The LADO's username" }).fill('lado.officer.9');
    await row.getByRole('textbox', { name: "The LADO's email address" }).fill('lado9@lado.example.gov.uk');
    await row.getByRole('textbox', { name: 'Rationale' }).fill('Balancing caseloads across the team.');
    await row.getByRole('button', { name: 'Reallocate' }).click();
    await expect.poll(() => page.locator('.notification-banner').textContent(), { timeout: 20_000 }).toContain(`${reallocated} reallocated.`);
    expect((await stack.get(`/cases/${reallocated}`)).body.allocatedTo).toEqual({ officerId: 'lado.officer.9', email: 'lado9@lado.example.gov.uk' });
    expect(errors).toEqual([]);
    await close();
  });

  it('the allocated LADO sees the overdue deadline first, records the review from the case page, and the deadline is met', async () => {
    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, OFFICER, 'lado-officer');
    await page.getByRole('heading', { level: 1, name: 'My cases' }).waitFor();
    const list = '#my-cases-list ~ .section__body table';
    await page.locator(list).waitFor();
    let rows = await tableRows(page, list);
    expect(rows.map((row) => row[0])).toEqual([overdue, later]);
    expect(rows[0]).toEqual([overdue, 'Consultation', 'Mon, 23 Nov 2026, 09:30', 'Consultation review', 'Mon, 7 Dec 2026, 17:00', 'Overdue']);
    expect(rows[1]![5]).toBe('');

    // One case a page: the Next page link follows the cursor.
    await page.goto(`${stack.apiUrl}/console/#/my-cases?limit=1`);
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.getByRole('link', { name: 'First page' }).waitFor();
    expect((await tableRows(page, list)).map((row) => row[0])).toHaveLength(1);

    // The case: the review fell due; record it.
    await page.goto(`${stack.apiUrl}/console/#/cases/${overdue}`);
    await page.getByRole('heading', { level: 2, name: 'Record an event' }).waitFor();
    expect(await page.locator('.timeline').textContent()).toMatch(/Mon, 7 Dec 2026, 17:00\s*Consultation review\s*Overdue/);
    await page.getByRole('combobox', { name: 'What happened?' }).selectOption({ label: 'Review done' });
    await page.getByRole('textbox', { name: 'Rationale' }).fill('Spoke with the employer; advice followed.');
    await page.getByRole('button', { name: 'Record the event' }).click();
    await expect.poll(() => page.locator('.notification-banner').textContent(), { timeout: 20_000 }).toContain('Review done: recorded. The case is now: Consultation.');
    await page.getByRole('heading', { level: 2, name: 'Decisions and records' }).waitFor();
    expect((await tableRows(page, '#decisions-heading + table')).map((row) => row[1])).toEqual(['Threshold decision', 'Review done']);
    // The next review is set 10 working days on, and shows on the timeline.
    expect(await page.locator('.timeline').textContent()).toMatch(/Tue, 22 Dec 2026, 17:00\s*Consultation review\s*Pending/);
    expect(await page.locator('.timeline').textContent()).toMatch(/Mon, 7 Dec 2026, 17:00\s*Consultation review\s*Fell due, met since/);

    // Met: the case is overdue no more.
    const mine = (await stack.get(`/cases?officer=${OFFICER}`, { token: OFFICER_TOKEN })).body.items as Array<{ caseId: string; nextDeadline: { kind: string; dueAt: string } }>;
    expect(mine.find((item) => item.caseId === overdue)?.nextDeadline).toEqual({ kind: 'consultationReview', dueAt: '2026-12-22T17:00:00.000Z' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My cases' }).click();
    await page.locator(list).waitFor();
    rows = await tableRows(page, list);
    expect(rows.map((row) => row[0])).toEqual([later, overdue]);
    expect(rows.every((row) => row[5] === '')).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });
});
