import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Referral } from '../../functions/domain/referral-schema';
import { completeReferral } from '../support/referrals';
import type { TestStack } from '../support/test-stack';
import { docsPath, openConsole, signIn, tableRows, tokenOf, useConsoleStack } from './browser';

/**
 * The duty LADO's morning, in the console: the referrals awaiting a threshold
 * decision, immediate risk first, and the decision recorded from the page,
 * sent again under the same Idempotency-Key when the answer is lost, and
 * recorded once. Saves the duty page as docs/console.png for the README.
 */
let stack: TestStack;
let browser: Browser;

// The clock starts on a Monday.
useConsoleStack('2026-11-23T09:30:00Z', (started, launched) => {
  [stack, browser] = [started, launched];
});

const atRisk = (referral: Referral): Referral => ({ ...referral, allegation: { ...referral.allegation, immediateRisk: true } });

describe('the duty LADO in the console', () => {
  it('sees the referrals awaiting a decision, records the threshold decision from the page, and the case shows it', async () => {
    // An earlier case about the same person, decided, then two new referrals: an ordinary one and one at immediate risk.
    const earlier = (await stack.post('/referrals', completeReferral({ submissionId: 'portal-screenshot-earlier' }))).body.caseId as string;
    await stack.clock.settle();
    const closing = { kind: 'threshold', officerId: 'lado.officer.7', outcome: 'no-further-action', category: 'employer-procedures', rationale: 'A matter for the employer alone.' };
    expect((await stack.post(`/cases/${earlier}/decisions`, closing)).status).toBe(202);
    await stack.advanceTo('2026-11-23T10:00:00Z');
    const ordinary = (await stack.post('/referrals', completeReferral({ submissionId: 'portal-screenshot-ordinary' }))).body.caseId as string;
    await stack.advanceTo('2026-11-23T10:30:00Z');
    const urgent = (await stack.post('/referrals', atRisk(completeReferral({ submissionId: 'portal-screenshot-urgent' })))).body.caseId as string;
    await stack.advanceTo('2026-11-23T11:00:00Z');

    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, 'duty.lado', 'lado-officer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Duty LADO' }).click();
    await page.getByRole('heading', { level: 1, name: 'Referrals awaiting a threshold decision' }).waitFor();
    await page.locator('#duty-list ~ .section__body table').waitFor();
    const rows = await tableRows(page, '#duty-list ~ .section__body table');
    expect(rows.map((row) => row[0])).toEqual([urgent, ordinary]);
    expect(rows[0]![2]).toBe('Immediate risk');
    expect(rows[1]![2]).toBe('Not flagged');
    expect(rows[1]![3]).toBe('Tue, 24 Nov 2026, 17:00'); // the end of working day 1
    // The earlier cases about the same person, where the list names them.
    const listed = (await stack.get('/duty/referrals', { token: tokenOf('duty.lado', 'lado-officer') })).body.items as Array<{ caseId: string; previouslyKnown: { count: number } }>;
    expect(listed.map((item) => [item.caseId, item.previouslyKnown.count])).toEqual([
      [urgent, 2],
      [ordinary, 1],
    ]);
    expect(rows[0]![4]).toContain('Previously known: 2 cases');
    expect(rows[1]![4]).toContain('Previously known: 1 case');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: docsPath('console.png'), fullPage: false });

    // From the row, the case, with the decision form taking focus.
    await page.getByRole('link', { name: `Record decision for ${ordinary}` }).click();
    await page.getByRole('heading', { level: 2, name: 'Record the threshold decision' }).waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('threshold-heading');

    // Sent without a decision: the API's refusal, in the error box.
    await page.getByRole('button', { name: 'Record the decision' }).click();
    const problem = page.locator('.error-summary');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('There is a problem');
    expect(await problem.getAttribute('role')).toBe('alert');

    // An allegation, allocated to lado.officer.7.
    await page.getByRole('radio', { name: 'Allegation' }).check();
    await page.getByRole('checkbox', { name: 'Possibly committed a criminal offence against or related to a child' }).check();
    await page.getByRole('textbox', { name: "Allocated LADO's username" }).fill('lado.officer.7');
    await page.getByRole('textbox', { name: "Allocated LADO's email address" }).fill('lado7@lado.example.gov.uk');
    await page.getByRole('textbox', { name: 'Rationale' }).fill('A possible offence against a pupil: the police are to be consulted.');

    // The first send reaches the API, but its answer is lost on the way back; the officer presses the button again.
    const keys: string[] = [];
    let lost = false;
    await page.route('**/decisions', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (lost) return route.continue();
      lost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => problem.textContent(), { timeout: 20_000 }).toContain('could not be reached');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    const banner = page.locator('.notification-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Threshold decision recorded. The case is now: Allegation management.');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await page.unroute('**/decisions');

    // The case shows the decision, recorded once.
    await page.getByRole('heading', { level: 2, name: 'Decisions and records' }).waitFor();
    const decisions = await tableRows(page, '#decisions-heading + table');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toEqual(expect.arrayContaining(['Threshold decision', 'duty.lado', 'A possible offence against a pupil: the police are to be consulted.']));
    expect(decisions[0]![3]).toContain('Outcome: Allegation');
    expect(await page.locator('.summary-list').textContent()).toContain('lado.officer.7 (lado7@lado.example.gov.uk)');
    const stored = (await stack.get(`/cases/${ordinary}`)).body;
    expect(stored).toMatchObject({ status: 'ALLEGATION_MANAGEMENT', allocatedTo: { officerId: 'lado.officer.7' } });
    expect(stored.decisions).toHaveLength(1);
    expect(stored.decisions[0]).toMatchObject({ decidedBy: 'duty.lado', decision: { outcome: 'allegation', harmCriteria: ['criminal-offence'] } });
    const trail = (await stack.get(`/cases/${ordinary}/history`)).body.events as Array<{ type: string }>;
    expect(trail.filter((event) => event.type === 'ThresholdDecisionRecorded')).toHaveLength(1);

    // Back on the duty list, only the urgent referral is left.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Duty LADO' }).click();
    await page.locator('#duty-list ~ .section__body table').waitFor();
    expect((await tableRows(page, '#duty-list ~ .section__body table')).map((row) => row[0])).toEqual([urgent]);
    expect(errors).toEqual([]);
    await close();
  });
});
