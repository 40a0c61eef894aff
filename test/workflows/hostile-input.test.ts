import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseIdForSubmission } from '../../functions/domain/case-id';
import type { Referral } from '../../functions/domain/referral-schema';
import { PORTAL_TOKEN } from '../../local/dev-tokens';
import { completeReferral, PERSONAL_DATA } from '../support/referrals';
import { OFFICER_TOKEN, startTestStack, type TestStack } from '../support/test-stack';

/**
 * Hostile input over HTTP, against the local stack: each class of bad request
 * gets a clear 4xx naming what is at fault, never a 5xx, and changes nothing.
 * Raw requests go through fetch: the stack's helper always sends JSON.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('2026-11-23T09:30:00Z');
});

afterAll(async () => {
  const history = stack.allHistoryText();
  for (const personal of PERSONAL_DATA) expect(history).not.toContain(personal);
  await stack.stop();
});

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function raw(method: string, path: string, init: { token?: string; contentType?: string; body?: string | Uint8Array } = {}): Promise<Answer> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.contentType ? { 'content-type': init.contentType } : {}),
    },
    body: init.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const submit = (body: string | Uint8Array, contentType?: string) => raw('POST', '/referrals', { token: PORTAL_TOKEN, contentType, body });

const paths = (answer: Answer): string[] => (answer.body.errors ?? []).map((error: { path: string }) => error.path);

/** Nothing of the submission was stored: its case does not exist, and no workflow runs for it. */
async function expectNothingStored(referral: Pick<Referral, 'submissionId'>): Promise<void> {
  const caseId = caseIdForSubmission(referral.submissionId);
  expect((await stack.get(`/cases/${caseId}`, { token: OFFICER_TOKEN })).status).toBe(404);
  expect(stack.stepFunctions.listExecutions({ stateMachineArn: stack.stateMachineArn }).filter((e) => e.name.startsWith(caseId))).toEqual([]);
}

describe('a path whose percent-encoding is malformed', () => {
  const malformed: Array<[string, string, string]> = [
    ['POST', '/referrals/%ZZ/resubmission', PORTAL_TOKEN],
    ['GET', '/cases/%E0%A4%A', OFFICER_TOKEN],
    ['GET', '/cases/%E0%A4%A/history', OFFICER_TOKEN],
    ['POST', '/cases/%C0%AF/decisions', OFFICER_TOKEN],
    ['GET', '/%ZZ', OFFICER_TOKEN],
  ];

  it.each(malformed)('%s %s is answered 404, with a token and without one, never 500', async (method, path, token) => {
    for (const sent of [undefined, token]) {
      const answer = await raw(method, path, { token: sent, ...(method === 'POST' ? { contentType: 'application/json', body: '{}' } : {}) });
      expect(answer.status, `${method} ${path} ${sent ? 'with' : 'without'} a token`).toBe(404);
      expect(answer.body.message).toEqual(expect.any(String));
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('control characters', () => {
  it('in free text and names are refused with 400 naming each field, and nothing is stored', async () => {
    const valid = completeReferral();
    const referral = {
      ...valid,
      referrer: { ...valid.referrer, organisation: 'Larkspur \u001b[2J Primary' },
      subject: { ...valid.subject, lastName: 'Whit\u0000combe', address: { ...valid.subject.address!, line1: '12 Larkspur\nLane' } },
      employer: { ...valid.employer, name: 'Larkspur\tPrimary School' },
      allegation: { ...valid.allegation, description: 'Reported by a pupil.\u0007\nSeen by a teacher.' },
    };

    const answer = await submit(JSON.stringify(referral), 'application/json');

    expect(answer.status).toBe(400);
    expect(paths(answer).sort()).toEqual(['allegation.description', 'employer.name', 'referrer.organisation', 'subject.address.line1', 'subject.lastName']);
    expect(answer.body.errors.find((e: { path: string }) => e.path === 'allegation.description').message).toBe(
      'The description of the allegation must not contain control characters other than tabs and line breaks',
    );
    await expectNothingStored(referral);
  });

  it('tabs and line breaks in a description are accepted', async () => {
    const valid = completeReferral();
    const referral = { ...valid, allegation: { ...valid.allegation, description: 'Reported by a pupil.\r\n\tSeen by a teacher.' } };
    expect((await stack.post('/referrals', referral)).status).toBe(202);
  });
});

describe('unpaired surrogates', () => {
  it('in free text and names are refused with 400 naming each field, and nothing is stored', async () => {
    const valid = completeReferral();
    // JSON.stringify writes a lone surrogate as the escape \ud800, which JSON.parse reads back as one.
    const referral = {
      ...valid,
      referrer: { ...valid.referrer, name: 'Priya \ud800Okonkwo' },
      allegation: { ...valid.allegation, description: 'Reported by a pupil \udc00 today.' },
    };

    const answer = await submit(JSON.stringify(referral), 'application/json');

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'referrer.name', message: "The referrer's name must be valid Unicode text: it holds an unpaired surrogate" },
        { path: 'allegation.description', message: 'The description of the allegation must be valid Unicode text: it holds an unpaired surrogate' },
      ]),
    );
    await expectNothingStored(referral);
  });
});

describe('a body that is not UTF-8', () => {
  it('is refused with 400 naming the body, not repaired with U+FFFD and stored', async () => {
    const valid = completeReferral();
    const referral = { ...valid, referrer: { ...valid.referrer, organisation: 'École Larkspur' } };
    // Latin-1: the É is the single byte 0xC9, which UTF-8 cannot read.
    const answer = await submit(Buffer.from(JSON.stringify(referral), 'latin1'), 'application/json');

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'body', message: 'The body must be valid UTF-8 text' }]);
    await expectNothingStored(referral);
  });
});

describe('a body that is not sent as JSON', () => {
  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['application/json; charset=windows-1252'], [undefined]])(
    'with the content type %s is refused with 415 naming Content-Type, and nothing is stored',
    async (contentType) => {
      const referral = completeReferral();
      // A byte body, so that fetch adds no content type of its own.
      const answer = await submit(new TextEncoder().encode(JSON.stringify(referral)), contentType);

      expect(answer.status).toBe(415);
      expect(answer.body.message).toBe('The body must be JSON, sent with Content-Type: application/json');
      expect(paths(answer)).toEqual(['headers.Content-Type']);
      await expectNothingStored(referral);
    },
  );

  it('is accepted as application/json with charset=utf-8, in any case', async () => {
    expect((await submit(JSON.stringify(completeReferral()), 'Application/JSON; Charset=UTF-8')).status).toBe(202);
  });
});

describe('impossible facts', () => {
  const valid = completeReferral();
  const facts: Array<[string, Partial<Referral>, string, string]> = [
    ["the subject's birth in the future", { subject: { ...valid.subject, dateOfBirth: '2026-12-01' } }, 'subject.dateOfBirth', "The subject's date of birth must not be in the future"],
    ["the subject's birth before 1900", { subject: { ...valid.subject, dateOfBirth: '1899-12-31' } }, 'subject.dateOfBirth', "The subject's date of birth must not be before 1900"],
    [
      "a child's birth in the future",
      { children: { identified: true, children: [{ firstName: 'Jonah', dateOfBirth: '2027-02-01' }] } },
      'children.children.0.dateOfBirth',
      "A child's date of birth must not be in the future",
    ],
    [
      "a child's birth before 1900",
      { children: { identified: true, children: [{ firstName: 'Jonah', dateOfBirth: '1850-02-01' }] } },
      'children.children.0.dateOfBirth',
      "A child's date of birth must not be before 1900",
    ],
    [
      'a child born after the allegation arose',
      { children: { identified: true, children: [{ firstName: 'Jonah', dateOfBirth: '2026-11-22' }] }, allegation: { ...valid.allegation, arose: '2026-11-20' } },
      'children.children.0.dateOfBirth',
      "A child's date of birth must not be after the date the allegation arose",
    ],
    ['an allegation arising in the future', { allegation: { ...valid.allegation, arose: '2026-11-24' } }, 'allegation.arose', 'The date the allegation arose must not be in the future'],
    [
      'employment starting before birth',
      { subject: { ...valid.subject, dateOfBirth: '1984-03-17', startDate: '1980-09-01' } },
      'subject.startDate',
      "The subject's start date must not be before their date of birth",
    ],
  ];

  it.each(facts)('%s is refused with 400 naming the field, and nothing is stored', async (_what, change, path, message) => {
    const referral = { ...completeReferral(), ...change };

    const response = await stack.post('/referrals', referral);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([{ path, message }]));
    await expectNothingStored(referral);
  });

  it('"the future" is the virtual clock\'s: an allegation arising today, by the stack\'s time, is accepted', async () => {
    const referral = completeReferral();
    expect((await stack.post('/referrals', { ...referral, allegation: { ...referral.allegation, arose: '2026-11-23' } })).status).toBe(202);
  });

  it('a subject under 18 is accepted (003, 1.3: a seventeen-year-old teaching an instrument)', async () => {
    const referral = completeReferral();
    const young = { ...referral, subject: { ...referral.subject, dateOfBirth: '2009-04-02', startDate: '2025-09-01', role: 'Music tutor' } };
    expect((await stack.post('/referrals', young)).status).toBe(202);
  });
});

describe('what a refusal quotes back', () => {
  it('is at most 40 characters of a long key, escaped, and nothing is stored', async () => {
    const referral = completeReferral();
    const key = `\u001b[31m${'k'.repeat(10_000)}`;

    const response = await stack.post('/referrals', { ...referral, [key]: 'x' });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'body', message: `Unrecognized key: "\\u001b[31m${'k'.repeat(35)}…"` }]);
    expect(JSON.stringify(response.body).length).toBeLessThan(200);
    await expectNothingStored(referral);
  });

  it("is never the token's username, on a record under another officer's id", async () => {
    const username = `officer.${'x'.repeat(60)}`;
    const response = await stack.post(
      `/cases/${caseIdForSubmission(completeReferral().submissionId)}/decisions`,
      { kind: 'threshold', outcome: 'no-further-action', category: 'threshold-not-met', officerId: 'someone.else', rationale: 'Not a matter for the LADO: no harm alleged.' },
      { token: `dev:${username}:lado-officer` },
    );

    expect(response.status).toBe(403);
    expect(JSON.stringify(response.body)).not.toContain(username);
  });
});

describe('X-Content-Type-Options: nosniff', () => {
  it("is on every answer: the handlers' and the local API's own", async () => {
    const answers = [
      await submit(JSON.stringify(completeReferral()), 'application/json'), // 202
      await submit('{', 'application/json'), // 400
      await submit('{}', 'text/html'), // 415
      await raw('GET', '/cases/LADO-0000000000', { token: OFFICER_TOKEN }), // 404, from the handler
      await raw('GET', '/nowhere'), // 404, no route
      await raw('GET', '/cases/LADO-0000000000'), // 401
      await raw('GET', '/cases/LADO-0000000000', { token: PORTAL_TOKEN }), // 403
      await raw('GET', '/local/clock'), // 200
    ];

    expect(answers.map((answer) => answer.status)).toEqual([202, 400, 415, 404, 404, 401, 403, 200]);
    for (const answer of answers) expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
