import * as z from '../domain/zod';
import { addCalendarYears, isLocalDate } from '../domain/calendar';
import type { AnnualReport } from '../domain/report/annual-report';
import { caseIdSchema } from '../shared/handler';
import { londonDateParameter } from '../domain/query-parameters';

/**
 * GET /reports/annual: the period it takes, and the report it answers. The
 * handler returns the report's z.infer, which the core's AnnualReport must
 * fit (checked below); the schema is generic over the ids of tables, KPIs and
 * checks, which docs/reports.md defines. docs/openapi.yaml is generated from
 * these schemas (scripts/openapi).
 */

/** The longest period a report covers: five years of trails is already a large read (docs/data-model.md). */
export const MAX_REPORT_YEARS = 5;

export const annualReportQuerySchema = z
  .strictObject({
    from: z
      .optional(londonDateParameter('from'))
      .check(z.meta({ description: "The period's first day, in London. By default the first day of the financial year `to` falls in, or today's." })),
    to: z
      .optional(londonDateParameter('to'))
      .check(z.meta({ description: "The period's last day, in London, included. By default the last day of the financial year `from` falls in, or today's." })),
  })
  .check(z.superRefine((query, ctx) => {
    // A day already refused as no date is not compared as well.
    if (!query.from || !query.to || !isLocalDate(query.from) || !isLocalDate(query.to)) return;
    if (query.from > query.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
      return;
    }
    const limit = addCalendarYears(query.from, MAX_REPORT_YEARS);
    if (query.to >= limit) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `A period covers at most ${MAX_REPORT_YEARS} years: to must be before ${limit}` });
    }
  }));
export type AnnualReportQuery = z.infer<typeof annualReportQuerySchema>;

const count = z.int().check(z.gte(0));
const dateTime = (description: string) => z.iso.datetime().check(z.meta({ description }));
const source = z.string().check(z.meta({ description: 'Where it comes from: the seed file and its table or paragraph, e.g. "003 Table 4".' }));

const countTableSchema = z
  .strictObject({
    title: z.string(),
    source,
    rows: z.array(z.strictObject({ label: z.string(), count })).check(z.meta({ description: 'One count a row, in the order the report gives them.' })),
  })
  .check(z.meta({ description: 'A table of one count a row.' }));

const cellTableSchema = z
  .strictObject({
    title: z.string(),
    source,
    columns: z.array(z.string()).check(z.meta({ description: 'The cells of every row, in order.' })),
    rows: z.array(z.strictObject({ label: z.string(), cells: z.record(z.string(), count) })).check(z.meta({ description: 'Each row with a count a column.' })),
  })
  .check(z.meta({ description: 'A table of several counts a row, one a column.' }));

const KPI_UNITS = ['%', 'working days', 'hours', 'cases', 'officers', 'meetings', 'emails'] as const;

const kpiSchema = z
  .strictObject({
    title: z.string(),
    value: z.nullable(z.number()).check(z.meta({ description: 'Null when there was nothing to measure (no denominator).' })),
    unit: z.enum(KPI_UNITS),
    numerator: z.optional(z.number()),
    denominator: z.optional(z.number()),
    target: z.optional(z.number()),
    targetIs: z.optional(z.enum(['at least', 'at most'])).check(z.meta({ description: 'Whether the value should be at least or at most the target.' })),
    source,
    breakdown: z.optional(z.record(z.string(), z.number())).check(z.meta({ description: 'Further counts behind the value, each named.' })),
    caseIds: z.optional(z.array(caseIdSchema)).check(z.meta({ description: 'The cases the KPI names (drift): ids only.' })),
  })
  .check(z.meta({ description: 'A key performance indicator, against its target where it has one.' }));

const settingFlagSchema = z
  .strictObject({
    setting: z.string().check(z.meta({ description: "The employer's name as last given." })),
    key: z.string().check(z.meta({ description: 'The name as grouped: lower case, punctuation and a leading "the" dropped.' })),
    postcode: z.nullable(z.string()).check(z.meta({ description: 'The postcode the group shares, when held.' })),
    sector: z.string(),
    subsectors: z.array(z.string()),
    referrals: count,
    caseIds: z.array(caseIdSchema),
    firstReceived: dateTime('When the first of its referrals in the window was received.'),
    lastReceived: dateTime('When the last was received.'),
    flagged: z.boolean().check(z.meta({ description: 'At or above the threshold.' })),
  })
  .check(z.meta({ description: 'A setting referred about in the rolling 12 months to the period’s end.' }));

const checkSchema = z
  .catchall(
    z.object({
      ok: z.nullable(z.boolean()).check(z.meta({ description: 'Null when the check could not be made.' })),
      detail: z.string(),
      skipped: z.optional(z.literal(true)),
    }),
    z.optional(z.union([z.number(), z.boolean(), z.string(), z.array(z.string()), z.null()])),
  )
  .check(z.meta({ description: 'A check of the report against itself or the running workflows, with the figures it compared.' }));

export const annualReportSchema = z
  .strictObject({
    period: z.strictObject({ from: z.iso.date(), to: z.iso.date() }).check(z.meta({ description: 'The London days reported on, both included.' })),
    computedAt: dateTime('When the report was computed.'),
    asAt: dateTime("Where the period's end is read: its last moment, or when the report was computed if that came first."),
    tables: z.record(z.string(), z.union([countTableSchema, cellTableSchema])).check(z.meta({ description: 'The tables, by id, in the order of the annual report.' })),
    kpis: z.record(z.string(), kpiSchema).check(z.meta({ description: 'The KPIs, by id.' })),
    settings: z.array(settingFlagSchema).check(z.meta({ description: 'The settings referred about more than once in the rolling 12 months to the period’s end, the most referred first.' })),
    settingsWindow: z
      .strictObject({
        from: z.iso.date(),
        to: z.iso.date(),
        threshold: count.check(z.meta({ description: 'Referrals about one setting that flag it.' })),
        referrals: count.check(z.meta({ description: 'Referrals received in the window.' })),
        settingNotHeld: count.check(z.meta({ description: 'Of them, those whose setting is not held.' })),
        flagged: count,
      })
      .check(z.meta({ description: 'The rolling 12 months the settings are counted over.' })),
    checks: z.record(z.string(), checkSchema).check(z.meta({ description: 'The checks, by id.' })),
  })
  .check(z.meta({ description: 'The annual report on a period: counts, KPIs, settings and checks, each table and KPI under a stable id. Case ids and counts; no personal data.' }));
export type AnnualReportView = z.infer<typeof annualReportSchema>;

/** The core's report fits the schema the route answers with: a field it gains or changes fails the build until the schema follows. */
type Fits<A, B> = [A] extends [B] ? true : false;
type AllTrue<T extends true[]> = T;
export type AnnualReportFitsItsSchema = AllTrue<[Fits<AnnualReport, AnnualReportView>]>;
