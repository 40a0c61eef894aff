import { monthsOfPeriod } from '../calendar';
import { CLOSED_STATUSES } from '../case';
import { CASE_STATUSES } from '../lifecycle-contract';
import { CONSULTATION_OUTCOMES, FINAL_CONCLUSIONS, OUTCOMES, OUTCOMES_OF_SUB_OUTCOME, SUB_OUTCOMES, type AllegationOutcome } from '../outcome';
import { ALLEGATION_CATEGORIES, CHILD_STATUSES, EMPLOYMENT_BASES, REFERRAL_CHANNELS, REFERRER_KINDS, SECTORS } from '../referral-schema';
import { SUBSECTOR_NOT_GIVEN, textLabel, type CaseReading } from './cases';
import type { ReportContext } from './context';
import { ENQUIRY_ASKERS, ENQUIRY_OUTCOMES, ENQUIRY_TOPICS } from '../enquiry-choices';
import type { CellTable, CountRow, CountTable, Table, TableId } from './output';

/**
 * The annual report's tables, mirroring Kent's (seeds/003, Tables 1 to 19
 * and §7), each counted from the event that places it in the period
 * (context.ts). Fixed lists (sectors, categories, outcomes, months) give
 * every row, zero or not, so that the shape of a table never changes; free
 * text (subsectors, ethnicity) gives the rows met, in lower case. Every table
 * and the choices behind it are written down in docs/reports.md.
 */

export const NOT_RECORDED = 'not recorded';

/** Counts values under fixed labels (each listed, zero or not), then any other value met, in order of its label. */
export function tally(labels: readonly string[], values: Iterable<string>): CountRow[] {
  const counts = new Map<string, number>(labels.map((label) => [label, 0]));
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const extra = [...counts.keys()].filter((label) => !labels.includes(label)).sort();
  return [...labels, ...extra].map((label) => ({ label, count: counts.get(label)! }));
}

/** Counts (row, column) pairs into a table of cells: fixed rows and columns listed, other rows met added in order. */
export function crossTally(rowLabels: readonly string[], columns: readonly string[], pairs: Iterable<[string, string]>): Pick<CellTable, 'columns' | 'rows'> {
  const rows = new Map<string, Record<string, number>>();
  const row = (label: string) => {
    let cells = rows.get(label);
    if (!cells) {
      cells = Object.fromEntries(columns.map((column) => [column, 0]));
      rows.set(label, cells);
    }
    return cells;
  };
  rowLabels.forEach(row);
  for (const [label, column] of pairs) {
    const cells = row(label);
    cells[column] = (cells[column] ?? 0) + 1;
  }
  const extra = [...rows.keys()].filter((label) => !rowLabels.includes(label)).sort();
  return { columns: [...columns], rows: [...rowLabels, ...extra].map((label) => ({ label, cells: rows.get(label)! })) };
}

const countTable = (title: string, source: string, rows: CountRow[]): CountTable => ({ title, source, rows });
const cellTable = (title: string, source: string, tallied: Pick<CellTable, 'columns' | 'rows'>): CellTable => ({ title, source, ...tallied });

// ------------------------------------------------------------------ labels

/** An enquiry's sector: the register's text, grouped by SECTORS where it names one. */
const enquirySector = (sector: string) => textLabel(sector, 'unknown');

/** An outcome with its sub-outcome (003 §8.9), as Table 12 lists them. */
export function outcomeLabel(result: Pick<AllegationOutcome, 'outcome' | 'subOutcome'>): string {
  const subs = SUB_OUTCOMES.filter((sub) => OUTCOMES_OF_SUB_OUTCOME[sub].includes(result.outcome));
  if (subs.length === 0) return result.outcome;
  return `${result.outcome}: ${result.subOutcome ?? 'no sub-outcome recorded'}`;
}

/** Every row of Table 12, in order: each outcome, with each sub-outcome it can have and one for none recorded. */
export const OUTCOME_LABELS: readonly string[] = OUTCOMES.flatMap((outcome) => {
  const subs = SUB_OUTCOMES.filter((sub) => OUTCOMES_OF_SUB_OUTCOME[sub].includes(outcome));
  return subs.length === 0 ? [outcome] : [...subs.map((sub) => `${outcome}: ${sub}`), `${outcome}: no sub-outcome recorded`];
});

/** The investigation tracks an allegation followed (003 §8.1; 004 para 25), as the last tracks record gave them. */
export const TRACK_LABELS = [
  'employer only',
  'section 47 only',
  'police only',
  'section 47 and police',
  'section 47 and employer',
  'police and employer',
  'section 47, police and employer',
  'no investigation',
  'tracks not recorded',
] as const;

export function tracksLabel(tracks: { police: boolean; section47: boolean; employer: string } | undefined): string {
  if (!tracks) return 'tracks not recorded';
  const employer = tracks.employer !== 'none';
  const parts = [tracks.section47 ? 'section 47' : '', tracks.police ? 'police' : '', employer ? 'employer' : ''].filter(Boolean);
  if (parts.length === 0) return 'no investigation';
  if (parts.length === 1) return `${parts[0]} only`;
  return parts.length === 2 ? `${parts[0]} and ${parts[1]}` : 'section 47, police and employer';
}

/** The referral decisions of Table 7, and the referrals that ended without one. */
export const DECISION_LABELS = {
  allegation: 'allegation',
  consultation: 'consultation',
  'no-further-action': 'no further action',
  transfer: 'transfer',
} as const;
export const REJECTED_LABEL = 'rejected: missing details not supplied';

/** Gender as recorded; male and female whatever the spelling, the rest as given (003 §7.1). */
export function genderLabel(gender: string | undefined): string {
  const label = textLabel(gender, NOT_RECORDED);
  if (['m', 'male', 'boy'].includes(label)) return 'male';
  if (['f', 'female', 'girl'].includes(label)) return 'female';
  if (['unknown', 'not known', 'not recorded'].includes(label)) return NOT_RECORDED;
  return label;
}

const NOT_DISABLED = new Set(['none', 'no', 'n/a', 'na', 'not disabled', 'no disability', 'none known', 'no known disability']);

/** The referral records a child's disability as text: any disability named counts the child as disabled (003 §7.1). */
export function disabilityLabel(disability: string | undefined): string {
  const label = textLabel(disability, NOT_RECORDED);
  if (label === NOT_RECORDED || ['unknown', 'not known', 'not recorded'].includes(label)) return NOT_RECORDED;
  return NOT_DISABLED.has(label) ? 'not disabled' : 'disabled';
}

/** Who referred (003 §3.1): the portal is for professionals (002; 003 §2.3); a referral keyed in names its kind of referrer while it is held. */
export function referrerLabel(reading: CaseReading): string {
  if (reading.channel === 'portal') return 'professional (portal)';
  const referrer = (reading.referral as { referrer?: { kind?: string } }).referrer;
  if (!referrer) return 'not held (disposed of)';
  return referrer.kind === 'professional' ? 'professional (keyed in)' : (referrer.kind ?? 'professional (keyed in)');
}
const REFERRER_LABELS = ['professional (portal)', 'professional (keyed in)', ...REFERRER_KINDS.filter((kind) => kind !== 'professional'), 'not held (disposed of)'];

// ------------------------------------------------------------------ the tables

type Children = Array<{ gender?: string; disability?: string; ethnicity?: string; status?: string }>;
const childrenOf = (reading: CaseReading): Children => (reading.referral.children.identified ? reading.referral.children.children : []);

/** Allegations by type within one sector (003 Tables 15 to 18): referrals received, allegations opened and outcomes recorded in the period. */
function sectorByType(context: ReportContext, sector: string): Pick<CellTable, 'columns' | 'rows'> {
  const inSector = (reading: CaseReading) => reading.sector === sector;
  const pairs: Array<[string, string]> = [
    ...context.referrals.filter(inSector).map((r): [string, string] => [r.category, 'referrals']),
    ...context.allegationsOpened.filter((a) => inSector(a.reading)).map((a): [string, string] => [a.reading.category, 'allegations']),
    ...context.outcomes.filter((o) => inSector(o.reading)).map((o): [string, string] => [o.reading.category, o.outcome.decision.result.outcome]),
  ];
  return crossTally(ALLEGATION_CATEGORIES, ['referrals', 'allegations', ...OUTCOMES], pairs);
}

/** Final conclusions by a grouping (003 Tables 14 and 19): the outcomes recorded, and each conclusion given (one outcome may give several). */
function conclusionsBy(context: ReportContext, rowLabels: readonly string[], rowOf: (reading: CaseReading) => string | undefined): Pick<CellTable, 'columns' | 'rows'> {
  const pairs = context.outcomes.flatMap(({ reading, outcome }): Array<[string, string]> => {
    const row = rowOf(reading);
    if (row === undefined) return [];
    return [[row, 'outcomes'], ...outcome.decision.result.conclusions.map((conclusion): [string, string] => [row, conclusion])];
  });
  return crossTally(rowLabels, ['outcomes', ...FINAL_CONCLUSIONS], pairs);
}

export function computeTables(context: ReportContext): Record<TableId, Table> {
  const { referrals, enquiries, period } = context;
  const children = referrals.flatMap(childrenOf);
  const sectors = [...SECTORS];
  const latestClosures = context.cases.flatMap((reading) => {
    const closure = reading.consultationClosures.at(-1);
    return closure && period.holds(closure.at) ? [closure.decision.outcome] : [];
  });
  const escalated = context.allegationsOpened.filter((a) => a.by === 'escalation').length;
  const rejected = context.cases.filter((reading) => period.holds(reading.record.rejectedAt)).length;
  const openAtEnd = context.atEnd.filter(({ record }) => !CLOSED_STATUSES.has(record.status));

  return {
    'enquiries-and-referrals': countTable('Enquiries and referrals', '003 Table 1; §2.1, §2.5', [
      { label: 'enquiries', count: enquiries.length },
      { label: 'referrals', count: referrals.length },
      { label: 'enquiries advised to refer', count: enquiries.filter((e) => e.outcome === 'advised to refer').length },
      { label: 'enquiries linked to a referral', count: enquiries.filter((e) => e.linkedCaseId !== undefined).length },
    ]),
    'enquiry-outcomes': countTable('Enquiries by outcome', '003 Table 1; §2.2, §2.5', tally(ENQUIRY_OUTCOMES, enquiries.map((e) => e.outcome))),
    'enquiries-by-sector': countTable('Enquiries by sector', '003 Table 2; §2.6', tally(sectors, enquiries.map((e) => enquirySector(e.sector)))),
    'enquiries-by-subsector': countTable(
      'Enquiries by sector and subsector',
      '003 Table 2; §2.6',
      tally([], enquiries.map((e) => `${enquirySector(e.sector)}: ${textLabel(e.subsector, SUBSECTOR_NOT_GIVEN)}`)),
    ),
    'enquiries-by-topic': countTable('Enquiries by topic', '003 Table 20; §2.2, §11.21', tally(ENQUIRY_TOPICS, enquiries.map((e) => e.topic))),
    'enquiries-by-asker': countTable('Enquiries by who asked', '003 §2.2, §11.21', tally(ENQUIRY_ASKERS, enquiries.map((e) => e.askedBy))),
    'nature-of-concern': countTable('Nature of allegation, concern or harm (referrals received)', '003 Table 3; §3.2–3.4', tally(ALLEGATION_CATEGORIES, referrals.map((r) => r.category))),
    'referrals-by-month': countTable(
      'Referrals per month (London month of receipt)',
      '003 Table 4; §3.7–3.8',
      tally(monthsOfPeriod(period.from, period.to), referrals.map((r) => period.dateOf(r.receivedAt).slice(0, 7))),
    ),
    'referrals-by-setting': countTable('Referrals by setting type (employer sector)', '003 Table 5; §3.8, §4.1', tally(sectors, referrals.map((r) => r.sector))),
    'referrals-by-subsector': countTable(
      'Referrals by sector and subsector',
      '003 Table 5; §9.1.2, §9.3.2, §9.4.1',
      tally([], referrals.map((r) => `${r.sector}: ${r.subsector}`)),
    ),
    'referrals-by-employment-basis': countTable(
      "Referrals by the subject's employment basis",
      '003 §1.3 (paid or voluntary), §2.3',
      tally([...EMPLOYMENT_BASES, NOT_RECORDED], referrals.map((r) => r.referral.subject.employmentBasis ?? NOT_RECORDED)),
    ),
    'consultation-outcomes': countTable(
      'Consultation outcomes (consultations ended)',
      '003 Table 6; §5.1–5.3',
      tally([...CONSULTATION_OUTCOMES, 'escalated to an allegation'], [...latestClosures, ...Array<string>(escalated).fill('escalated to an allegation')]),
    ),
    'referral-decisions': countTable('Referral decisions (threshold decisions recorded)', '003 Table 7; §2.4, §5.1, §6.1', [
      ...tally(Object.values(DECISION_LABELS), context.thresholdDecisions.map((d) => DECISION_LABELS[d.decision.outcome])),
      { label: REJECTED_LABEL, count: rejected },
    ]),
    'allegations-by-abuse-type': countTable('Abuse type of allegations (allegations opened)', '003 Table 8; §6.2', tally(ALLEGATION_CATEGORIES, context.allegationsOpened.map((a) => a.reading.category))),
    'allegation-outcomes-by-sector': cellTable(
      'Allegation outcomes by professional sector',
      '003 Table 9; §8.1–8.2',
      crossTally(sectors, OUTCOMES, context.outcomes.map((o) => [o.reading.sector, o.outcome.decision.result.outcome])),
    ),
    'investigation-tracks': cellTable(
      'Investigation tracks of the allegations concluded, by professional sector',
      '003 Table 10; §6.1, §8.1–8.2',
      crossTally(
        TRACK_LABELS,
        ['all', ...sectors],
        context.outcomes.flatMap((o): Array<[string, string]> => {
          const label = tracksLabel(o.reading.record.tracks);
          return [
            [label, 'all'],
            [label, o.reading.sector],
          ];
        }),
      ),
    ),
    'allegation-type-by-outcome': cellTable(
      'Allegation type by outcome',
      '003 Table 11; §8.6',
      crossTally(ALLEGATION_CATEGORIES, OUTCOMES, context.outcomes.map((o) => [o.reading.category, o.outcome.decision.result.outcome])),
    ),
    'allegation-outcomes': countTable('Allegation outcomes, with sub-outcomes', '003 Table 12; §8.3, §8.8–8.9', tally(OUTCOME_LABELS, context.outcomes.map((o) => outcomeLabel(o.outcome.decision.result)))),
    'final-conclusions': countTable(
      'Final conclusions (one outcome may give several)',
      '003 Table 13; §8.10–8.11',
      tally(FINAL_CONCLUSIONS, context.outcomes.flatMap((o) => o.outcome.decision.result.conclusions)),
    ),
    'final-conclusions-by-sector': cellTable('Final conclusions by professional sector', '003 Table 14; §8.12–8.13', conclusionsBy(context, sectors, (r) => r.sector)),
    'fostering-allegations-by-type': cellTable('Fostering allegations by type', '003 Table 15; §9.1.2', sectorByType(context, 'fostering')),
    'education-allegations-by-type': cellTable('Education allegations by type', '003 Table 16; §9.2.4', sectorByType(context, 'education')),
    'early-years-allegations-by-type': cellTable('Early years allegations by type', '003 Table 17; §9.3.2–9.3.3', sectorByType(context, 'early years')),
    'wider-workforce-allegations-by-type': cellTable('Wider workforce allegations by type', '003 Table 18; §9.4.2', sectorByType(context, 'wider workforce')),
    'wider-workforce-conclusions-by-subsector': cellTable(
      'Final conclusions by wider workforce subsector',
      '003 Table 19; §9.4.1, §9.4.3–9.4.4',
      conclusionsBy(context, [], (r) => (r.sector === 'wider workforce' ? r.subsector : undefined)),
    ),
    'children-linked': countTable('Children linked to referrals', '003 §7.1', [
      { label: 'children linked to referrals', count: children.length },
      { label: 'referrals naming children', count: referrals.filter((r) => r.referral.children.identified).length },
      { label: 'referrals with no child identified', count: referrals.filter((r) => !r.referral.children.identified).length },
    ]),
    'children-by-gender': countTable('Children linked to referrals by gender', '003 §7.1', tally(['male', 'female', NOT_RECORDED], children.map((c) => genderLabel(c.gender)))),
    'children-by-disability': countTable('Children linked to referrals by disability', '003 §7.1', tally(['disabled', 'not disabled', NOT_RECORDED], children.map((c) => disabilityLabel(c.disability)))),
    'children-by-ethnicity': countTable('Children linked to referrals by ethnicity', '003 §7.1', tally([NOT_RECORDED], children.map((c) => textLabel(c.ethnicity, NOT_RECORDED)))),
    'children-by-status': countTable('Children linked to referrals by status', '003 §7.1', tally([...CHILD_STATUSES, NOT_RECORDED], children.map((c) => c.status ?? NOT_RECORDED))),
    'referrals-by-channel': countTable('Referrals by channel', '003 §2.3, §3.1, §3.6', tally(REFERRAL_CHANNELS, referrals.map((r) => r.channel))),
    'referrals-by-referrer': countTable('Referrals by who referred', '003 §3.1; recommendation 4', tally(REFERRER_LABELS, referrals.map(referrerLabel))),
    'open-cases-at-end': countTable(
      "Open cases at the period's end, by status",
      '003 §3.5, §11.11',
      tally(CASE_STATUSES.filter((status) => !CLOSED_STATUSES.has(status)), openAtEnd.map(({ record }) => record.status)),
    ),
  };
}

/** The count of a labelled row of a count table (0 when absent). */
export function rowCount(table: Table, label: string): number {
  const row = table.rows.find((r) => r.label === label);
  return row && 'count' in row ? row.count : 0;
}
