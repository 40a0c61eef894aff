import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OFFICER_RECORD_KINDS } from '../../functions/domain/lifecycle-contract';
import * as domainRecords from '../../functions/domain/officer-records';
import * as outcome from '../../functions/domain/outcome';
import { HARM_CRITERIA } from '../../functions/domain/referral-schema';
import * as threshold from '../../functions/domain/threshold-decision';
import * as consoleRecords from '../../console/src/records';

/**
 * The console keeps its own copy of what officers can record (no server code
 * in its bundle): held here to the domain's tables, so the forms offer what
 * the API accepts. And the console's TypeScript, which the root tsconfig
 * leaves out (it needs the DOM's types), type-checks.
 */
const values = (list: ReadonlyArray<{ value: string }>) => list.map((item) => item.value);

describe("the console's record forms", () => {
  it('offer exactly the threshold outcomes, harm criteria and no-further-action categories the API takes', () => {
    expect(values(consoleRecords.THRESHOLD_OUTCOMES)).toEqual([...threshold.THRESHOLD_OUTCOMES]);
    expect(values(consoleRecords.HARM_CRITERIA)).toEqual([...HARM_CRITERIA]);
    expect(values(consoleRecords.NO_FURTHER_ACTION_CATEGORIES)).toEqual([...threshold.NO_FURTHER_ACTION_CATEGORIES]);
  });

  it('offer every officer record, each where its status accepts it, with the choices the API takes', () => {
    expect(Object.keys(consoleRecords.OFFICER_RECORDS).sort()).toEqual([...OFFICER_RECORD_KINDS].sort());
    expect(consoleRecords.RECORDS_BY_STATUS).toEqual(domainRecords.RECORDS_BY_STATUS);
    expect(consoleRecords.EMPLOYER_TRACKS).toEqual(domainRecords.EMPLOYER_TRACKS);
    expect(consoleRecords.OUTCOMES).toEqual(outcome.OUTCOMES);
    expect(consoleRecords.SUB_OUTCOMES).toEqual(outcome.SUB_OUTCOMES);
    expect(consoleRecords.FINAL_CONCLUSIONS).toEqual(outcome.FINAL_CONCLUSIONS);
    expect(consoleRecords.CONSULTATION_OUTCOMES).toEqual(outcome.CONSULTATION_OUTCOMES);
    expect(consoleRecords.FEEDBACK_GIVERS).toEqual(outcome.FEEDBACK_GIVERS);
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
      const parsed = domainRecords.officerDecisionSchema.safeParse(body);
      expect(parsed.success, `${kind}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it("type-check under the console's own tsconfig (DOM types)", async () => {
    const tsc = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
    const project = fileURLToPath(new URL('../../console/tsconfig.json', import.meta.url));
    const { stdout } = await promisify(execFile)(tsc, ['-p', project, '--noEmit']).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(stdout).toBe('');
  });
});
