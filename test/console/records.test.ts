import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { OFFICER_RECORD_KINDS } from '../../functions/domain/lifecycle-contract';
import { officerDecisionSchema } from '../../functions/domain/officer-records';
import * as choices from '../../functions/domain/record-choices';
import * as consoleRecords from '../../console/src/records';

/**
 * The console offers the domain's own choices (functions/domain/record-choices.ts)
 * and keeps only their labels: held here to give every value a label and to
 * build bodies the API accepts. The domain modules it imports carry no
 * library into its bundle, and its TypeScript, which the root tsconfig leaves
 * out (it needs the DOM's types), type-checks.
 */
describe("the console's record forms", () => {
  it('label every threshold outcome, harm criterion and no-further-action category', () => {
    const labelOf = (list: ReadonlyArray<{ value: string; label: string }>, value: string) => list.find((item) => item.value === value)?.label.trim();
    for (const value of choices.THRESHOLD_OUTCOMES) {
      expect(labelOf(consoleRecords.THRESHOLD_OUTCOMES, value), value).toBeTruthy();
      expect(consoleRecords.THRESHOLD_OUTCOMES.find((item) => item.value === value)?.hint.trim(), value).toBeTruthy();
    }
    for (const value of choices.HARM_CRITERIA) expect(labelOf(consoleRecords.HARM_CRITERIA, value), value).toBeTruthy();
    for (const value of choices.NO_FURTHER_ACTION_CATEGORIES) expect(labelOf(consoleRecords.NO_FURTHER_ACTION_CATEGORIES, value), value).toBeTruthy();
  });

  it('offer every officer record, each with a label', () => {
    expect(Object.keys(consoleRecords.OFFICER_RECORDS).sort()).toEqual([...OFFICER_RECORD_KINDS].sort());
    for (const [kind, { label }] of Object.entries(consoleRecords.OFFICER_RECORDS)) expect(label.trim(), kind).not.toBe('');
  });

  it('build bodies the API accepts: a record with every field its form has, filled, passes the decision schema', () => {
    const sample: Record<string, unknown> = { text: 'lado.officer.9', email: 'lado9@lado.example.gov.uk', date: '2027-01-15', boolean: true };
    for (const [kind, { fields }] of Object.entries(consoleRecords.OFFICER_RECORDS)) {
      const body: Record<string, unknown> = { kind, officerId: 'lado.officer.7', rationale: 'Recorded from the console form.' };
      for (const field of fields as readonly consoleRecords.RecordField[]) {
        const value =
          field.type === 'choice' ? (field.path.at(-1) === 'subOutcome' ? 'management action' : field.options[0]) : field.type === 'choices' ? [typeof field.options[0] === 'string' ? field.options[0] : field.options[0]!.value] : sample[field.type];
        consoleRecords.setPath(body, field.path, value);
      }
      const parsed = officerDecisionSchema.safeParse(body);
      expect(parsed.success, `${kind}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('bundle no library: the server modules the console imports have no runtime imports', async () => {
    const { metafile } = await build({
      entryPoints: [fileURLToPath(new URL('../../console/src/main.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      tsconfig: fileURLToPath(new URL('../../console/tsconfig.json', import.meta.url)),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((input) => input.includes('node_modules/'))).toEqual([]);
    expect(inputs).toContain('functions/domain/record-choices.ts');
  });

  it("type-check under the console's own tsconfig (DOM types)", async () => {
    const tsc = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
    const project = fileURLToPath(new URL('../../console/tsconfig.json', import.meta.url));
    const { stdout } = await promisify(execFile)(tsc, ['-p', project, '--noEmit']).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(stdout).toBe('');
  });
});
