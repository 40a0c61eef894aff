import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { CloudFormationTemplate } from '../../local/synthesized-template';
import { mermaidOf } from '../../functions/shared/lifecycle-diagram';
import { lifecycleDiagram, README_PATH, readmeWithDiagram } from '../../scripts/diagram';

describe('the lifecycle diagram in the README', () => {
  it('is the one drawn from the synthesized definition (run `npm run diagram` after changing the workflow)', () => {
    const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudFormationTemplate;
    const readme = readFileSync(README_PATH, 'utf8');
    expect(readme).toBe(readmeWithDiagram(readme, lifecycleDiagram(template)));
  });

  it('draws transitions, choices, caught errors and map items', () => {
    const diagram = mermaidOf({
      StartAt: 'Wait',
      States: {
        Wait: { Type: 'Task', Next: 'Decide', Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Emails' }] },
        Decide: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.x.done', BooleanEquals: true, Next: 'Done' },
            { And: [{ Variable: '$.phase', IsPresent: true }, { Not: { Variable: '$.phase', StringEquals: 'first' } }], Next: 'Emails' },
          ],
          Default: 'Wait',
        },
        Emails: { Type: 'Map', Next: 'Wait', ItemProcessor: { StartAt: 'Send', States: {} } },
        Done: { Type: 'Succeed' },
      },
    });
    expect(diagram.split('\n')).toEqual(
      expect.arrayContaining([
        '  start((start)) --> Wait',
        '  Wait -. "States.Timeout" .-> Emails',
        '  Decide -- "done = true" --> Done',
        '  Decide -- "phase present and not (phase = first)" --> Emails',
        '  Decide -- otherwise --> Wait',
        '  Emails -. each email .-> Send[Send]',
        '  Done --> finish((end))',
      ]),
    );
  });
});
