import { Command, CommanderError, Option } from 'commander';
import { OFFICER_GROUPS, type OfficerGroup } from '../functions/api-routes';
import { EXECUTION_STATUS_FILTERS } from '../functions/executions/statuses';
import { officerToken } from '../local/dev-tokens';
import { ApiError, ApiUnreachableError, apiRequest, type ApiTarget } from './api-client';
import { chooseAuth, CliUsageError } from './auth';
import { addEnquiryCommands } from './enquiries';
import { formatFields, formatTable, truncate } from './output';
import { requestReconciliation, unresolvedDrift } from './reconcile';
import { formatAnnualReport, REPORT_FORMATS, requestAnnualReport, type ReportFormat } from './report';

/**
 * `lado`: the command line over the LADO API. Each command is one request to a
 * route the API serves (functions/api-routes.ts). Exit codes: 0 done, 1 an API
 * error or unreachable API (or, for reconcile, drift found), 2 bad arguments.
 */
interface GlobalOptions {
  api: string;
  token?: string;
  as: string;
  group?: OfficerGroup;
  json?: boolean;
  sigv4?: boolean;
  region?: string;
}

export const DEFAULT_USERNAME = 'lado.cli';

/** Where requests go and how they prove who sends them (cli/auth.ts): a token, a development token locally, or SigV4 on AWS. */
function targetOf(options: GlobalOptions, defaultGroup: OfficerGroup): ApiTarget {
  return { api: options.api, ...chooseAuth(options, () => officerToken(options.as, options.group ?? defaultGroup)) };
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function printJson(body: unknown): void {
  print(JSON.stringify(body, null, 2));
}

type CaseView = Record<string, unknown> & {
  caseId: string;
  status: string;
  pendingDeadlines?: Array<{ kind: string; dueAt: string }>;
  owedEmails?: Array<{ kind: string; owedSince: string }>;
  missing?: string[];
  needsAttention?: { step: string; errorClass: string; since: string; execution: string } | null;
};

function printCase(view: CaseView): void {
  const attention = view.needsAttention;
  print(
    formatFields([
      ['case', view.caseId],
      ['status', view.status],
      ['stage', view.stage],
      ['received', view.receivedAt],
      ['returned', view.returnedAt],
      ['rejected', view.rejectedAt],
      ['closed', view.closedAt],
      ['disposed', view.disposedAt],
      ['awaiting', view.awaiting ?? 'nothing'],
      ['missing', view.missing?.length ? view.missing.join(', ') : 'nothing'],
      ['attention', attention ? `${attention.step} failed (${attention.errorClass}) since ${attention.since}, execution ${attention.execution}` : 'not needed'],
    ]),
  );
  if (view.pendingDeadlines?.length) print(`\nPending deadlines\n${formatTable(view.pendingDeadlines, ['kind', 'dueAt'])}`);
  if (view.owedEmails?.length) print(`\nOwed emails\n${formatTable(view.owedEmails, ['kind', 'owedSince'])}`);
  print('\n(--json shows the whole view)');
}

type CaseHistory = { caseId: string; events: Array<{ eventId: string; type: string; actor: string; at: string; rationale?: string }> };

function printHistory(history: CaseHistory): void {
  print(`Case ${history.caseId}: ${history.events.length} events`);
  if (history.events.length) {
    print(formatTable(history.events.map((event) => ({ ...event, rationale: truncate(event.rationale, 60) })), ['at', 'type', 'actor', 'rationale']));
  }
}

/** `outcome.exitCode` is what a command that succeeded asks to exit with (reconcile: 1 on drift). */
export function buildProgram(outcome: { exitCode: number } = { exitCode: 0 }): Command {
  const program = new Command('lado');
  program
    .description('The LADO referral workflow API from the command line (the local stack of `npm start` by default).')
    .exitOverride()
    .addOption(
      new Option('--api <url>', 'base URL of the API')
        .env('LADO_API')
        .default(`http://127.0.0.1:${process.env.LADO_API_PORT ?? '3000'}`),
    )
    .addOption(new Option('--token <jwt>', 'bearer token to send: an officer’s Cognito ID token on AWS (locally, default: a development token for --as and --group)').env('LADO_TOKEN'))
    .option('--sigv4', 'sign with your AWS credentials (the operations role), for operations on AWS; the default on AWS without --token')
    .option('--region <region>', 'the API’s AWS region for --sigv4 (default: AWS_REGION, else read from the API’s URL)')
    .addOption(new Option('--as <username>', 'username of the development token').default(DEFAULT_USERNAME))
    .addOption(
      new Option('--group <group>', 'group of the development token (default: operations for reconcile and executions, lado-manager for report, lado-officer otherwise)').choices(OFFICER_GROUPS),
    )
    .option('--json', 'print the API’s JSON answer as it is')
    .addHelpText(
      'after',
      `
Examples:
  npx lado cases list --overdue
  npx lado cases list --officer lado.7 --all --json
  npx lado executions --status FAILED
  npx lado case show LADO-7K2M9Q4T1B
  npx lado case history LADO-7K2M9Q4T1B --json
  npx lado reconcile --repair
  npx lado enquiries add --sector education --subsector "primary school" --asked-by employer --topic "allegation advice" --outcome "advised to refer"
  npx lado enquiries list --from 2026-11-01 --to 2026-11-30
  npx lado report annual --from 2025-04-01 --to 2026-03-31 --format html > annual-report.html
  npx lado --api https://<api-id>.execute-api.eu-west-2.amazonaws.com/v1 reconcile       SigV4, with your AWS credentials
  LADO_TOKEN=<ID token> npx lado --api https://<api-id>.execute-api.eu-west-2.amazonaws.com/v1 case history LADO-7K2M9Q4T1B

Exit codes: 0 done, 1 an API error (or drift found by reconcile), 2 bad arguments.`,
    );

  const cases = program.command('case').description('read a case');
  cases
    .command('show')
    .description('where a case stands (GET /cases/{caseId})')
    .argument('<caseId>', 'the case id, e.g. LADO-7K2M9Q4T1B')
    .action(async (caseId: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const view = await apiRequest<CaseView>(targetOf(options, 'lado-officer'), 'GET', `/cases/${encodeURIComponent(caseId)}`);
      if (options.json) printJson(view);
      else printCase(view);
    });
  cases
    .command('history')
    .description("a case's audit trail (GET /cases/{caseId}/history)")
    .argument('<caseId>', 'the case id')
    .action(async (caseId: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const history = await apiRequest<CaseHistory>(targetOf(options, 'lado-officer'), 'GET', `/cases/${encodeURIComponent(caseId)}/history`);
      if (options.json) printJson(history);
      else printHistory(history);
    });

  program
    .command('cases')
    .description('lists of cases')
    .command('list')
    .description('cases by status, stage, officer, deadline, attention, receipt or channel (GET /cases), a page at a time')
    .option('--status <status>', 'e.g. AWAITING_THRESHOLD_DECISION')
    .option('--stage <stage>', 'e.g. initial-consideration')
    .option('--officer <username>', "an allocated LADO's cases")
    .option('--overdue', 'only cases with a deadline past due')
    .option('--due-before <moment>', 'only cases with a deadline due before this ISO-8601 moment')
    .option('--needs-attention', 'only cases whose workflow stopped for operations')
    .option('--received-from <date>', 'received on or after this London date, YYYY-MM-DD')
    .option('--received-to <date>', 'received on or before this London date, YYYY-MM-DD')
    .option('--channel <channel>', 'portal, email-form or phone')
    .option('--limit <n>', 'cases a page (1 to 100)')
    .option('--cursor <cursor>', 'the next page: nextCursor of the page before')
    .option('--all', 'follow nextCursor to the end')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & CaseListOptions>();
      const target = targetOf(options, 'lado-officer');
      const query = caseListQuery(options);
      const items: CaseListItem[] = [];
      let cursor = options.cursor;
      let nextCursor: string | null;
      do {
        const page = await apiRequest<{ items: CaseListItem[]; nextCursor: string | null }>(target, 'GET', `/cases?${withCursor(query, cursor)}`);
        items.push(...page.items);
        nextCursor = page.nextCursor;
        cursor = nextCursor ?? undefined;
      } while (options.all && nextCursor);
      if (options.json) printJson({ items, nextCursor });
      else {
        const rows = items.map((item) => ({ ...item, nextDeadline: item.nextDeadline ? `${item.nextDeadline.kind} ${item.nextDeadline.dueAt}` : '', needsAttention: item.needsAttention ? 'yes' : '' }));
        print(items.length ? formatTable(rows, ['caseId', 'status', 'receivedAt', 'channel', 'nextDeadline', 'allocatedTo', 'needsAttention']) : 'No cases.');
        if (nextCursor) print(`
More: --cursor ${nextCursor}   (or --all)`);
      }
    });

  program
    .command('executions')
    .description("the lifecycle's executions, each with its case (GET /operations/executions)")
    .addOption(new Option('--status <status>', 'only executions with this status').choices(EXECUTION_STATUS_FILTERS))
    .option('--limit <n>', 'executions a page (1 to 100)')
    .option('--cursor <cursor>', 'the next page: nextCursor of the page before')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { status?: string; limit?: string; cursor?: string }>();
      const query = new URLSearchParams(Object.entries({ status: options.status, limit: options.limit, cursor: options.cursor }).filter((entry): entry is [string, string] => entry[1] !== undefined));
      const page = await apiRequest<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>(targetOf(options, 'operations'), 'GET', `/operations/executions${query.size ? `?${query}` : ''}`);
      if (options.json) printJson(page);
      else {
        print(page.items.length ? formatTable(page.items, ['executionName', 'status', 'startedAt', 'stoppedAt', 'caseId']) : 'No executions.');
        if (page.nextCursor) print(`
More: --cursor ${page.nextCursor}`);
      }
    });

  program
    .command('report')
    .description('reports on the service')
    .command('annual')
    .description('the annual report on a period (GET /reports/annual), for LADO managers; by default the current financial year')
    .option('--from <date>', "the period's first day, YYYY-MM-DD, in London (default: the start of the financial year of --to, or of today)")
    .option('--to <date>', "the period's last day, YYYY-MM-DD, in London (default: the end of the financial year of --from, or of today)")
    .addOption(new Option('--format <format>', 'md (Markdown), html (one self-contained page, charts drawn in) or json (as the API answers)').choices(REPORT_FORMATS).default('md'))
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { from?: string; to?: string; format: ReportFormat }>();
      const report = await requestAnnualReport(targetOf(options, 'lado-manager'), { from: options.from, to: options.to });
      print(await formatAnnualReport(report, options.json ? 'json' : options.format));
    });

  program
    .command('reconcile')
    .description('check the record for drift (POST /operations/reconciliation); exits 1 when drift is found')
    .option('--repair', 'repair what can be repaired; exits 1 when drift is left unrepaired', false)
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { repair: boolean }>();
      const report = await requestReconciliation(targetOf(options, 'operations'), options.repair);
      if (options.json) printJson(report);
      else {
        print(`Checked at ${report.checkedAt}: ${report.activeCases} active cases, ${report.runningExecutions} running executions.`);
        if (!report.drift.length) print('No drift.');
        else {
          const rows = report.drift.map(({ kind, caseId, execution, ...rest }) => ({ kind, caseId, execution, detail: formatDetail(rest) }));
          print(`\nDrift (${report.drift.length})\n${formatTable(rows, ['kind', 'caseId', 'execution', 'detail'])}`);
        }
        if (report.repairs?.length) print(`\nRepairs (${report.repairs.length})\n${formatTable(report.repairs, ['drift', 'caseId', 'execution', 'action', 'detail'])}`);
      }
      if (unresolvedDrift(report, options.repair) > 0) outcome.exitCode = 1;
    });

  addEnquiryCommands(program, { target: (options) => targetOf(options as GlobalOptions, 'lado-officer'), print });

  return program;
}

interface CaseListOptions {
  status?: string;
  stage?: string;
  officer?: string;
  overdue?: boolean;
  dueBefore?: string;
  needsAttention?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
  channel?: string;
  limit?: string;
  cursor?: string;
  all?: boolean;
}

type CaseListItem = {
  caseId: string;
  status: string;
  receivedAt: string;
  channel: string;
  nextDeadline: { kind: string; dueAt: string } | null;
  allocatedTo?: string | null;
  needsAttention: boolean;
};

/** The filters as GET /cases takes them: the API checks them and names any at fault. */
function caseListQuery(options: CaseListOptions): URLSearchParams {
  const filters: Record<string, string | undefined> = {
    status: options.status,
    stage: options.stage,
    officer: options.officer,
    overdue: options.overdue ? 'true' : undefined,
    dueBefore: options.dueBefore,
    needsAttention: options.needsAttention ? 'true' : undefined,
    receivedFrom: options.receivedFrom,
    receivedTo: options.receivedTo,
    channel: options.channel,
    limit: options.limit,
  };
  return new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function withCursor(query: URLSearchParams, cursor: string | undefined): URLSearchParams {
  const next = new URLSearchParams(query);
  if (cursor) next.set('cursor', cursor);
  return next;
}

function formatDetail(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

/** Runs the command line `argv` (without node and the script) and returns the exit code; never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const outcome = { exitCode: 0 };
  const program = buildProgram(outcome);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    // Commander has already printed its one-line message (or the help).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliUsageError) {
      process.stderr.write(`lado: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ApiError) process.stderr.write(`lado: the API answered ${error.status}: ${error.message}\n`);
    else if (error instanceof ApiUnreachableError) process.stderr.write(`lado: ${error.message}\n`);
    else process.stderr.write(`lado: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
