import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCaseLink } from '../../functions/notifier/templates';
import { officerCaseUrl } from '../../infra/config';
import { completeReferral } from '../support/referrals';
import { startTestStack, type TestStack } from '../support/test-stack';
import { synthesizeStack } from './synthesize';

/** Where the case links of officers' emails lead: the console's case page, on AWS and locally, unless the settings say otherwise. */
type Resource = { Type: string; Properties: Record<string, any> };
const serviceFunctions = (template: Template) =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('Functions'));

describe('the case link', () => {
  it('is the console’s case page by default, with {caseId} standing for the case', () => {
    expect(officerCaseUrl({}, 'https://d111111abcdef8.cloudfront.net')).toBe('https://d111111abcdef8.cloudfront.net/console/#/cases/{caseId}');
    expect(officerCaseUrl({ officerCaseUrl: 'https://lado.kent.gov.uk/cases' }, 'https://d111111abcdef8.cloudfront.net')).toBe('https://lado.kent.gov.uk/cases');
  });

  it('puts the case id in place of {caseId}, or after the URL when it has none', () => {
    expect(officerCaseLink('https://d111111abcdef8.cloudfront.net/console/#/cases/{caseId}', 'LADO-7K2M9Q4T1B')).toBe(
      'https://d111111abcdef8.cloudfront.net/console/#/cases/LADO-7K2M9Q4T1B',
    );
    expect(officerCaseLink('https://lado.kent.gov.uk/case?id={caseId}', 'LADO 1')).toBe('https://lado.kent.gov.uk/case?id=LADO%201');
    expect(officerCaseLink('https://lado.kent.gov.uk/cases/', 'LADO-7K2M9Q4T1B')).toBe('https://lado.kent.gov.uk/cases/LADO-7K2M9Q4T1B');
  });
});

describe('the deployed functions', () => {
  it('link to the console’s case page on its distribution when the settings name no link', () => {
    const template = Template.fromStack(synthesizeStack());
    const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    const functions = serviceFunctions(template);
    expect(functions.length).toBeGreaterThan(0);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment.Variables.OFFICER_CASE_URL).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/console/#/cases/{caseId}']],
      });
    }
  });

  it('link where the officerCaseUrl setting says', () => {
    const template = Template.fromStack(synthesizeStack({ officerCaseUrl: 'https://lado.kent.gov.uk/officers/#/case/{caseId}' }));
    for (const [, fn] of serviceFunctions(template)) expect(fn.Properties.Environment.Variables.OFFICER_CASE_URL).toBe('https://lado.kent.gov.uk/officers/#/case/{caseId}');
  });

  it('refuse a setting that is not a URL', () => {
    expect(() => synthesizeStack({ officerCaseUrl: 'lado cases' })).toThrow(/lado\.officerCaseUrl/);
  });

  it('have no link in the settings of cdk.json: the console’s is the default', () => {
    const { context } = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: { lado: Record<string, unknown> } };
    expect(context.lado).not.toHaveProperty('officerCaseUrl');
  });
});

describe('locally', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack('2026-11-23T10:00:00Z'); // Monday
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('the functions link to the console the local API serves, and so do the duty LADO’s emails', async () => {
    expect(process.env.OFFICER_CASE_URL).toBe(`${stack.apiUrl}/console/#/cases/{caseId}`);
    const response = await stack.post('/referrals', completeReferral());
    expect(response.status).toBe(202);
    const caseId = response.body.caseId as string;
    await stack.advanceTo('2026-11-24T10:00:00Z');
    const duty = 'duty-lado@lado.example.gov.uk';
    const texts = (await stack.emailsTo(duty)).map((email) => JSON.stringify(email));
    expect(texts.some((text) => text.includes(`${stack.apiUrl}/console/#/cases/${caseId}`))).toBe(true);
  });
});
