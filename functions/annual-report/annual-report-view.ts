import { DateTime } from 'luxon';
import * as z from 'zod';
import { isLocalDate } from '../domain/calendar';
import type { AnnualReport } from '../domain/report/annual-report';
import { caseIdSchema } from '../shared/handler';

/**
 * GET /reports/annual: the period it takes, and the report it answers. The
 * handler returns the report's z.infer, which the core's AnnualReport must
 * fit (checked below); the schema is generic over the ids of tables, KPIs and
 * checks, which docs/reports.md defines. docs/openapi.yaml is generated from
 * these schemas (scripts/openapi).
 */

/** The longest period a report covers: five years of trails is already a large read (docs/data-model.md). */
export const MAX_REPORT_YEARS = 5;

const londonDate = (what: string) => z.iso.date({ error: `${what} must be a date written YYYY-MM-DD` });

export const annualReportQuerySchema = z
  .strictObject({
    from: londonDate('from')
      .optional()
      .meta({ description: "The period's first day, in London. By default the first day of the financial year `to` falls in, or today's." }),
    to: londonDate('to')
      .optional()
      .meta({ description: "The period's last day, in London, included. By default the last day of the financial year `from` falls in, or today's." }),
  })
  .superRefine((query, ctx) => {
    // A day already refused as no date is not compared as well.
    if (!query.from || !query.to || !isLocalDate(query.from) || !isLocalDate(query.to)) return;
    if (query.from > query.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
      return;
    }
    const limit = DateTime.fromISO(query.from, { zone: 'utc' }).plus({ years: MAX_REPORT_YEARS }).toISODate()!;
    if (query.to >= limit) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `A period covers at most ${MAX_REPORT_YEARS} years: to must be before ${limit}` });
    }
  });
export type AnnualReportQuery = z.infer<typeof annualReportQuerySchema>;

const count = z.number().int().min(0);
const dateTime = (description: string) => z.iso.datetime().meta({ description });
const source = z.string().meta({ description: 'Where it comes from: the seed file and its table or paragraph, e.g. "003 Table 4".' });

const countTableSchema = z
  .strictObject({
    title: z.string(),
    source,
    rows: z.array(z.strictObject({ label: z.string(), count })).meta({ description: 'One count a row, in the order the report gives them.' }),
  })
  .meta({ description: 'A table of one count a row.' });

const cellTableSchema = z
  .strictObject({
    title: z.string(),
    source,
    columns: z.array(z.string()).meta({ description: 'The cells of every row, in order.' }),
    rows: z.array(z.strictObject({ label: z.string(), cells: z.record(z.string(), count) })).meta({ description: 'Each row with a count a column.' }),
  })
  .meta({ description: 'A table of several counts a row, one a column.' });

const KPI_UNITS = ['%', 'working days', 'hours', 'cases', 'officers', 'meetings', 'emails'] as const;

const kpiSchema = z
  .strictObject({
    title: z.string(),
    value: z.number().nullable().meta({ description: 'Null when there was nothing to measure (no denominator).' }),
    unit: z.enum(KPI_UNITS),
    numerator: z.number().optional(),
    denominator: z.number().optional(),
    target: z.number().optional(),
    targetIs: z.enum(['at least', 'at most']).optional().meta({ description: 'Whether the value should be at least or at most the target.' }),
    source,
    breakdown: z.record(z.string(), z.number()).optional().meta({ description: 'Further counts behind the value, each named.' }),
    caseIds: z.array(caseIdSchema).optional().meta({ description: 'The cases the KPI names (drift): ids only.' }),
  })
  .meta({ description: 'A key performance indicator, against its target where it has one.' });

const settingFlagSchema = z
  .strictObject({
    setting: z.string().meta({ description: "The employer's name as last given." }),
    key: z.string().meta({ description: 'The name as grouped: lower case, punctuation and a leading "the" dropped.' }),
    postcode: z.string().nullable().meta({ description: 'The postcode the group shares, when held.' }),
    sector: z.string(),
    subsectors: z.array(z.string()),
    referrals: count,
    caseIds: z.array(caseIdSchema),
    firstReceived: dateTime('When the first of its referrals in the window was received.'),
    lastReceived: dateTime('When the last was received.'),
    flagged: z.boolean().meta({ description: 'At or above the threshold.' }),
  })
  .meta({ description: 'A setting referred about in the rolling 12 months to the period’s end.' });

const checkSchema = z
  .object({
    ok: z.boolean().nullable().meta({ description: 'Null when the check could not be made.' }),
    detail: z.string(),
    skipped: z.literal(true).optional(),
  })
  .catchall(z.union([z.number(), z.boolean(), z.string(), z.array(z.string()), z.null()]).optional())
  .meta({ description: 'A check of the report against itself or the running workflows, with the figures it compared.' });

export const annualReportSchema = z
  .strictObject({
    period: z.strictObject({ from: z.iso.date(), to: z.iso.date() }).meta({ description: 'The London days reported on, both included.' }),
    computedAt: dateTime('When the report was computed.'),
    asAt: dateTime("Where the period's end is read: its last moment, or when the report was computed if that came first."),
    tables: z.record(z.string(), z.union([countTableSchema, cellTableSchema])).meta({ description: 'The tables, by id, in the order of the annual report.' }),
    kpis: z.record(z.string(), kpiSchema).meta({ description: 'The KPIs, by id.' }),
    settings: z.array(settingFlagSchema).meta({ description: 'The settings referred about more than once in the rolling 12 months to the period’s end, the most referred first.' }),
    settingsWindow: z
      .strictObject({
        from: z.iso.date(),
        to: z.iso.date(),
        threshold: count.meta({ description: 'Referrals about one setting that flag it.' }),
        referrals: count.meta({ description: 'Referrals received in the window.' }),
        settingNotHeld: count.meta({ description: 'Of them, those whose setting is not held.' }),
        flagged: count,
      })
      .meta({ description: 'The rolling 12 months the settings are counted over.' }),
    checks: z.record(z.string(), checkSchema).meta({ description: 'The checks, by id.' }),
  })
  .meta({ description: 'The annual report on a period: counts, KPIs, settings and checks, each table and KPI under a stable id. Case ids and counts; no personal data.' });
export type AnnualReportView = z.infer<typeof annualReportSchema>;

/** The core's report fits the schema the route answers with: a field it gains or changes fails the build until the schema follows. */
type Fits<A, B> = [A] extends [B] ? true : false;
type AllTrue<T extends true[]> = T;
export type AnnualReportFitsItsSchema = AllTrue<[Fits<AnnualReport, AnnualReportView>]>;
