import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestStack } from '../support/test-stack';
import { axeViolations, headingLevels, headingsInOrder, unlabelledControls } from './a11y';
import { openConsole, signIn, tokenOf, useConsoleStack } from './browser';

/**
 * The duty LADO keys in a parent's telephone referral from the console: sent
 * half-filled, the API names the fields at fault and nothing is made; filled
 * in, with two children, it becomes a case that is complete (every key
 * detail the form asks for arrives where the completeness check looks),
 * acknowledged to the officer since the parent gave no email. Operations
 * have no such page.
 */
const OFFICER = 'duty.lado.3';
const OFFICER_EMAIL = 'duty.lado.3@lado.example.gov.uk';
const TOKEN = tokenOf(OFFICER, 'lado-officer');
let stack: TestStack;
let browser: Browser;

// The clock starts on a Tuesday.
useConsoleStack('2026-11-24T10:00:00Z', (started, launched) => {
  [stack, browser] = [started, launched];
});

const field = (page: Page, name: string | RegExp) => page.getByRole('textbox', { name });
const group = (page: Page, name: string) => page.getByRole('group', { name });

describe('keying a referral in from the console', () => {
  it('names the fields at fault, then keys in a complete referral with its children, acknowledged to the officer', async () => {
    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, OFFICER, 'lado-officer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Key in a referral' }).click();
    await page.getByRole('heading', { level: 1, name: 'Key in a referral' }).waitFor();

    // Sent with only the referrer's name: the API names what is missing, each linked to its field, and makes nothing.
    await field(page, "Referrer's name").fill('Sam Parent');
    await page.getByRole('button', { name: 'Key in the referral' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const refused = await summary.locator('li').allTextContents();
    expect(refused).toEqual([
      'channel must be one of: email-form, phone',
      "The keying officer's email must be a valid email address",
      'The kind of referrer must be one of: parent or carer, member of the public, professional',
      'Children must say identified: true with the children listed, or identified: false',
      'The date the allegation arose must be a date written YYYY-MM-DD',
      expect.stringMatching(/^The allegation category must be one of: physical abuse, /),
      'The description of the allegation must not be empty',
      'Immediate risk must be true or false',
      'Police involvement must be true or false',
      'Social care involvement must be true or false',
      'Suspension must be true or false',
      'Whether the subject knows of the referral must be true or false',
    ]);
    // Each is linked to its field, and each field marked.
    expect(await page.locator('.form-group--error').count()).toBe(refused.length);
    expect(await summary.locator('li a').count()).toBe(refused.length);
    expect((await stack.get('/duty/referrals', { token: TOKEN })).body.items).toEqual([]);

    await group(page, 'How was the referral made?').getByRole('radio', { name: 'A telephone call' }).check();
    await group(page, 'Who is the referrer?').getByRole('radio', { name: 'Parent or carer' }).check();
    await field(page, /Referrer's telephone number/).fill('01632 960 555');
    await field(page, /^First name/).fill('Jordan');
    await field(page, /^Last name/).fill('Fielding');
    await page.getByLabel(/^Date of birth/).fill('1985-03-02');
    await field(page, /^Home address: first line/).fill('4 Mill Lane');
    await field(page, /^Home address: town/).fill('Ashford');
    await field(page, /^Home address: postcode/).fill('TN23 1AA');
    await field(page, /^Their role with children/).fill('Football coach');
    await page.getByRole('combobox', { name: /How they are engaged/ }).selectOption({ label: 'Volunteer' });
    await field(page, /^Employer's or setting's name/).fill('Ashford Juniors FC');
    await field(page, /^Employer's address: first line/).fill('The Pavilion, Park Road');
    await field(page, /^Employer's address: town/).fill('Ashford');
    await field(page, /^Employer's address: postcode/).fill('TN24 8AB');
    await page.getByRole('combobox', { name: /Sector/ }).selectOption({ label: 'Wider workforce' });

    await group(page, 'Are the children identified?').getByRole('radio', { name: 'Yes' }).check();
    await field(page, /^Child 1: first name/).fill('Riley');
    await field(page, /^Child 1: last name/).fill('Parent');
    await page.getByLabel(/^Child 1: date of birth/).fill('2014-06-01');
    await page.getByRole('button', { name: 'Add another child' }).click();
    await field(page, /^Child 2: first name/).fill('Casey');
    await field(page, /^Child 2: last name/).fill('Parent');
    await page.getByLabel(/^Child 2: date of birth/).fill('2016-09-12');

    await page.getByLabel('When the allegation arose').fill('2026-11-21');
    await page.getByRole('combobox', { name: 'Category' }).selectOption({ label: 'Inappropriate conduct' });
    await page.getByRole('textbox', { name: 'What is alleged' }).fill('The coach sent the children private messages after training.');
    await group(page, 'Is a child at immediate risk?').getByRole('radio', { name: 'No' }).check();
    await group(page, 'Are the police involved?').getByRole('radio', { name: 'No' }).check();
    await group(page, "Is children's social care involved?").getByRole('radio', { name: 'No' }).check();
    await group(page, 'Is the person suspended?').getByRole('radio', { name: 'No' }).check();
    await group(page, 'Does the person know of the referral?').getByRole('radio', { name: 'No' }).check();
    await field(page, 'Your work email address').fill(OFFICER_EMAIL);

    // The page to WCAG 2.2 AA basics, with its errors showing.
    expect(await unlabelledControls(page)).toEqual([]);
    expect(headingsInOrder(await headingLevels(page))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Key in the referral' }).click();
    await expect.poll(() => page.locator('.notification-banner').textContent(), { timeout: 20_000 }).toMatch(/Referral keyed in: LADO-\w+\./);
    const caseId = /LADO-\w+/.exec((await page.locator('.notification-banner').textContent())!)![0];
    expect(page.url()).toContain(`#/cases/${caseId}`);
    await stack.clock.settle();

    // Complete: every key detail arrived where the completeness check looks, the children as a list.
    expect((await stack.get(`/cases/${caseId}`, { token: TOKEN })).body).toMatchObject({ status: 'AWAITING_THRESHOLD_DECISION', missing: [] });
    const trail = (await stack.get(`/cases/${caseId}/history`, { token: TOKEN })).body;
    expect(trail.events[0]).toMatchObject({ type: 'ReferralReceived', actor: OFFICER, details: { channel: 'phone' } });
    const acknowledgement = (await stack.emailsTo(OFFICER_EMAIL)).find((email) => email.subject === `LADO referral received: ${caseId}`);
    expect(acknowledgement?.body.text).toContain('please pass it on to them');
    expect((await stack.get('/duty/referrals', { token: TOKEN })).body.items.map((item: { caseId: string }) => item.caseId)).toEqual([caseId]);
    expect(errors).toEqual([]);
    await close();
  });

  it('is not offered to operations', async () => {
    const { page, errors, close } = await openConsole(browser, stack);
    await signIn(page, 'ops.1', 'operations');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Key in a referral' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });
});
