import { describe, expect, it } from 'vitest';
import { NO_FURTHER_ACTION, NO_FURTHER_ACTION_CATEGORIES } from '../../functions/domain/threshold-decision';
import { escapeHtml, londonDateTime, renderEmail, withEmergencyRoutes, type EmailContext } from '../../functions/notifier/templates';

const context: EmailContext = {
  caseId: 'LADO-0123456789',
  referrerName: "Siobhan O'Neill & Partners",
  referrerEmail: 'referrer@school.example.sch.uk',
  missing: [{ field: 'subject.dateOfBirth', label: "The subject's date of birth" }],
  cutoffAt: new Date('2026-11-26T17:00:00Z'),
  decisionDueAt: new Date('2026-07-15T16:00:00Z'),
  dutyLadoEmail: 'duty-lado@council.example.gov.uk',
  managerEmail: 'lado-manager@council.example.gov.uk',
  officerCaseUrl: 'https://officers.council.example.gov.uk/cases',
  frontDoorPhone: '01632 960 001',
  outOfHoursPhone: '01632 960 002',
};

describe('escapeHtml', () => {
  it('escapes the five characters that can break out of HTML text or attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;');
  });

  it('leaves plain text as it is', () => {
    expect(escapeHtml('Dear Ms Patel, referral LADO-0123456789.')).toBe('Dear Ms Patel, referral LADO-0123456789.');
  });

  it('escapes the ampersand of text that looks like an entity, so it reads as written', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('interpolated text', () => {
  it("is escaped in HTML and left as written in plain text: a referrer's name with ' and &", () => {
    const email = renderEmail('acknowledgement', context);

    expect(email.html).toContain('<p>Dear Siobhan O&#39;Neill &amp; Partners,</p>');
    expect(email.html).not.toContain("O'Neill");
    expect(email.text).toMatch(/^Dear Siobhan O'Neill & Partners,\n/);
  });

  it('puts each missing item in its own list entry, escaped', () => {
    const email = renderEmail('returnRequest', context);

    expect(email.html).toContain('<ul><li>The subject&#39;s date of birth</li></ul>');
    expect(email.text).toContain("\n- The subject's date of birth\n");
  });

  it('joins the officer link without a doubled slash', () => {
    const withSlash = renderEmail('initialConsiderationEscalation', { ...context, officerCaseUrl: 'https://officers.council.example.gov.uk/cases/' });
    const withoutSlash = renderEmail('initialConsiderationEscalation', context);

    for (const email of [withSlash, withoutSlash]) {
      expect(email.text).toContain('Open the case: https://officers.council.example.gov.uk/cases/LADO-0123456789');
    }
  });

  it('refuses to render a return request without a cut-off to state', () => {
    expect(() => renderEmail('returnRequest', { ...context, cutoffAt: undefined })).toThrow('The cut-off is needed for this email');
  });
});

describe('londonDateTime', () => {
  // Separators vary between ICU versions ("Thursday 26" or "Thursday, 26"; a narrow space before "pm").
  const spoken = (instant: string) => londonDateTime(new Date(instant)).replace(/,/g, '').replace(/\s+/g, ' ');

  it('writes a winter instant in GMT', () => {
    expect(spoken('2026-11-26T17:00:00Z')).toMatch(/^Thursday 26 November 2026 (at )?5:00 pm$/);
  });

  it('writes a summer instant in BST, an hour ahead of UTC', () => {
    expect(spoken('2026-07-15T16:00:00Z')).toMatch(/^Wednesday 15 July 2026 (at )?5:00 pm$/);
  });

  it('moves to the next London day when BST has passed midnight but UTC has not', () => {
    expect(spoken('2026-06-30T23:30:00Z')).toMatch(/^Wednesday 1 July 2026 (at )?12:30 am$/);
  });

  it('follows the change to BST on its night: 00:30 UTC is GMT, 01:30 UTC is BST', () => {
    expect(spoken('2026-03-29T00:30:00Z')).toMatch(/^Sunday 29 March 2026 (at )?12:30 am$/);
    expect(spoken('2026-03-29T01:30:00Z')).toMatch(/^Sunday 29 March 2026 (at )?2:30 am$/);
  });
});

describe('the emergency-routes banner', () => {
  const acknowledgement = renderEmail('acknowledgement', context);
  const withBanner = withEmergencyRoutes(acknowledgement, context);

  it('opens the plain text with 999 and both Front Door numbers, before the original text', () => {
    expect(withBanner.text).toBe(
      `A child is flagged at immediate risk. If a child is in immediate danger, call 999 now. The Front Door service: 01632 960 001 (out of hours 01632 960 002).\n\n${acknowledgement.text}`,
    );
  });

  it('opens the HTML body with the same line in bold, keeping the rest', () => {
    expect(withBanner.html).toContain('<body>\n<p><strong>A child is flagged at immediate risk.');
    expect(withBanner.html.indexOf('<strong>')).toBeLessThan(withBanner.html.indexOf('Dear Siobhan'));
    expect(withBanner.html).toContain(acknowledgement.html.slice(acknowledgement.html.indexOf('<p>Dear')));
  });

  it('leaves the recipient and subject alone', () => {
    expect(withBanner.to).toEqual(acknowledgement.to);
    expect(withBanner.subject).toBe(acknowledgement.subject);
  });
});

describe('the threshold decision emails', () => {
  const medway = { name: 'Medway Council', designatedOfficerEmail: 'lado@medway.example.gov.uk' };

  it("tell the receiving authority's designated officer that a referral is being passed on: the reference and our contact, no allegation details", () => {
    const email = renderEmail('receivingAuthorityNotice', { ...context, receivingAuthority: medway });

    expect(email.to).toEqual(['lado@medway.example.gov.uk']);
    expect(email.subject).toBe('LADO referral being passed to you: LADO-0123456789');
    expect(email.text).toContain('Medway Council');
    expect(email.text).toContain('contact our duty LADO at duty-lado@council.example.gov.uk, quoting LADO-0123456789');
    expect(email.text).toContain('This email carries no details of the allegation: they will reach you by the secure route between our authorities.');
    // Nothing of the referrer either: the officer learns the details by the secure route.
    expect(email.text).not.toContain("O'Neill");
    expect(email.text).not.toContain('referrer@school.example.sch.uk');
  });

  it('tell the referrer who leads and how to reach them, without claiming the referral has been handed over', () => {
    const email = renderEmail('transferNotice', { ...context, receivingAuthority: medway });

    expect(email.to).toEqual(['referrer@school.example.sch.uk']);
    expect(email.subject).toBe('LADO referral LADO-0123456789: another authority leads');
    expect(email.text).toContain("that authority's designated officer leads on it: Medway Council.");
    expect(email.text).toContain('contact their designated officer at lado@medway.example.gov.uk, quoting LADO-0123456789');
    expect(email.text).toContain('We are passing the referral to them by the secure route between local authorities');
    expect(email.text).not.toMatch(/has (been )?passed|transferred/i);
  });

  it.each(NO_FURTHER_ACTION_CATEGORIES)('tell the referrer of no further LADO action with its reason, %s, and what to do next', (category) => {
    const email = renderEmail('noFurtherActionNotice', { ...context, noFurtherAction: category });

    expect(email.to).toEqual(['referrer@school.example.sch.uk']);
    expect(email.subject).toBe('LADO referral LADO-0123456789: no further LADO action');
    expect(email.text).toContain(`will take no further action on it: ${NO_FURTHER_ACTION[category].label}.`);
    expect(email.text).toContain('call 999');
  });

  it('refuse to render without the receiving authority or the reason', () => {
    expect(() => renderEmail('receivingAuthorityNotice', context)).toThrow('The receiving authority is needed for this email');
    expect(() => renderEmail('transferNotice', context)).toThrow('The receiving authority is needed for this email');
    expect(() => renderEmail('noFurtherActionNotice', context)).toThrow('The reason for no further action is needed for this email');
  });
});

describe('the emails about a deadline', () => {
  const about = { ...context, allocatedLadoEmail: 'lado7@council.example.gov.uk', deadline: { kind: 'ladoReview' as const, dueAt: new Date('2026-12-21T17:00:00Z') } };

  it('say by their subject whether it is due soon, due today or overdue', () => {
    expect(renderEmail('deadlineDueSoon', about).subject).toBe('Due soon: review the open allegation (LADO-0123456789)');
    expect(renderEmail('deadlineDueToday', about).subject).toBe('Due today: review the open allegation (LADO-0123456789)');
    expect(renderEmail('deadlineOverdue', about).subject).toBe('Overdue: review the open allegation (LADO-0123456789)');
    expect(renderEmail('deadlineDueSoon', about).text).toMatch(/"Review the open allegation" falls due at Monday,? 21 December 2026/);
  });
});
