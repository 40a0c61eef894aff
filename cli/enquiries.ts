import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { ENQUIRY_ASKERS, ENQUIRY_OUTCOMES, ENQUIRY_SUBSECTOR_VALUES, ENQUIRY_TOPICS } from '../functions/domain/enquiry-choices';
import { SECTORS } from '../functions/domain/referral-schema';
import { apiRequest, type ApiTarget } from './api-client';
import { CliUsageError } from './auth';
import { formatTable } from './output';

/**
 * `lado enquiries`: the enquiries register (POST /enquiries, GET /enquiries,
 * POST /enquiries/{enquiryId}/link). Every field of an enquiry is a choice,
 * checked here before anything is sent (exit 2), and again by the API.
 */
export interface EnquiryCommandOptions {
  json?: boolean;
  token?: string;
  as: string;
}

export interface EnquiryCommands {
  /** Where requests go, and as whom, for the officer groups. */
  target: (options: EnquiryCommandOptions) => ApiTarget;
  print: (text: string) => void;
}

type Enquiry = Record<string, string | undefined> & { enquiryId: string };

const COLUMNS = ['enquiryId', 'receivedAt', 'sector', 'subsector', 'askedBy', 'topic', 'outcome', 'linkedCaseId', 'officerId'];

/**
 * The officer a record is made under: the signed-in officer, whose username
 * the API requires. With --token, the username the ID token names; otherwise
 * the development token's, --as.
 */
export function officerIdOf(options: { token?: string; as: string }): string {
  if (!options.token) return options.as;
  try {
    const claims = JSON.parse(Buffer.from(options.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const username = claims['cognito:username'];
    if (typeof username === 'string' && username) return username;
  } catch {
    // Not a JWT: said below.
  }
  throw new CliUsageError('the token names no officer (cognito:username): pass an officer’s Cognito ID token');
}

const choices = (flags: string, description: string, values: readonly string[]) => new Option(flags, description).choices(values).makeOptionMandatory();

export function addEnquiryCommands(program: Command, commands: EnquiryCommands): void {
  const enquiries = program.command('enquiries').description('the enquiries register: enquiries to the LADO enquiries officer, nobody named');

  enquiries
    .command('add')
    .description('record an enquiry under your own username (POST /enquiries); prints its id')
    .addOption(choices('--sector <sector>', 'the sector of the setting', SECTORS))
    .addOption(choices('--asked-by <who>', 'who asked', ENQUIRY_ASKERS))
    .addOption(choices('--topic <topic>', 'what it was about', ENQUIRY_TOPICS))
    .addOption(choices('--outcome <outcome>', 'how it ended', ENQUIRY_OUTCOMES))
    .addOption(new Option('--subsector <subsector>', 'the kind of setting within the sector').choices(ENQUIRY_SUBSECTOR_VALUES))
    .option('--received-at <moment>', 'when it came in, an ISO-8601 date-time with its offset (default: now, on the service’s clock)')
    .option('--linked-case <caseId>', 'the case of the referral it led to, if there is one already')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EnquiryCommandOptions & { sector: string; askedBy: string; topic: string; outcome: string; subsector?: string; receivedAt?: string; linkedCase?: string }>();
      const body = {
        ...(options.receivedAt !== undefined ? { receivedAt: options.receivedAt } : {}),
        sector: options.sector,
        ...(options.subsector !== undefined ? { subsector: options.subsector } : {}),
        askedBy: options.askedBy,
        topic: options.topic,
        outcome: options.outcome,
        ...(options.linkedCase !== undefined ? { linkedCaseId: options.linkedCase } : {}),
        officerId: officerIdOf(options),
      };
      const recorded = await apiRequest<{ enquiryId: string }>(commands.target(options), 'POST', '/enquiries', body, { 'idempotency-key': randomUUID() });
      commands.print(options.json ? JSON.stringify(recorded, null, 2) : `Recorded ${recorded.enquiryId}`);
    });

  enquiries
    .command('list')
    .description("a period's enquiries, in order of receipt (GET /enquiries, every page)")
    .requiredOption('--from <date>', 'the first day, in London, YYYY-MM-DD')
    .requiredOption('--to <date>', 'the last day, in London, YYYY-MM-DD (at most 13 calendar months on)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EnquiryCommandOptions & { from: string; to: string }>();
      const target = commands.target(options);
      const items: Enquiry[] = [];
      let cursor: string | null = null;
      do {
        const query: URLSearchParams = new URLSearchParams({ from: options.from, to: options.to, ...(cursor ? { cursor } : {}) });
        const page: { items: Enquiry[]; nextCursor: string | null } = await apiRequest(target, 'GET', `/enquiries?${query}`);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (options.json) commands.print(JSON.stringify({ items, nextCursor: null }, null, 2));
      else commands.print(items.length ? `${formatTable(items, COLUMNS)}\n\n${items.length} enquiries.` : 'No enquiries.');
    });

  enquiries
    .command('link')
    .description('link an enquiry to the referral it led to (POST /enquiries/{enquiryId}/link)')
    .argument('<enquiryId>', 'the enquiry, e.g. ENQ-20261124T101500Z-7K3M9QF2XA')
    .argument('<caseId>', 'the case of the referral, e.g. LADO-7K2M9Q4T1B')
    .action(async (enquiryId: string, caseId: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EnquiryCommandOptions>();
      const linked = await apiRequest<{ enquiryId: string; linkedCaseId: string }>(commands.target(options), 'POST', `/enquiries/${encodeURIComponent(enquiryId)}/link`, {
        caseId,
        officerId: officerIdOf(options),
      });
      commands.print(options.json ? JSON.stringify(linked, null, 2) : `Linked ${linked.enquiryId} to ${linked.linkedCaseId}`);
    });
}
