import sesModule from 'aws-ses-v2-local';
import sendEmailModule from 'aws-ses-v2-local/dist/v2/sendEmail.js';

// A CommonJS module whose default export arrives wrapped or not, depending on the loader.
const sesServer: typeof sesModule =
  typeof sesModule === 'function' ? sesModule : (sesModule as unknown as { default: typeof sesModule }).default;

/** aws-ses-v2-local: the SES v2 API, with a web inbox at / and the sent messages as JSON at /store. */
export interface RunningSes {
  url: string;
  stop(): Promise<void>;
}

export async function startSes(port: number, host = '127.0.0.1'): Promise<RunningSes> {
  const server = await sesServer({ host, port });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host}:${boundPort}`;
  runningHere.add(url);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        runningHere.delete(url);
        server.close(() => resolve());
      }),
  };
}

/** The local SES servers started in this process, by URL: their store is this process's. */
const runningHere = new Set<string>();

// The same CommonJS wrapping as the server's module.
const sendEmailHandler = (typeof sendEmailModule === 'function' ? sendEmailModule : (sendEmailModule as unknown as { default: typeof sendEmailModule }).default) as unknown as (
  request: { body: unknown },
  response: { status(code: number): { send(body: unknown): void } },
  next: (error?: unknown) => void,
) => void;

/** What the local SES answers a SendEmail: its status and JSON body. */
export interface SesAnswer {
  status: number;
  body: unknown;
}

/**
 * The local SES's own SendEmail (the code its server routes
 * POST /v2/email/outbound-emails to), called with the request's JSON body in
 * this process, when the SES at `sesUrl` runs here; undefined when it runs
 * elsewhere (a test run's, in its global set-up), whose store only its own
 * server reaches.
 */
export function inProcessSendEmail(sesUrl: string): ((body: unknown) => Promise<SesAnswer>) | undefined {
  if (!runningHere.has(sesUrl)) return undefined;
  return (body) =>
    new Promise<SesAnswer>((resolve, reject) => {
      const response = { status: (status: number) => ({ send: (answer: unknown) => resolve({ status, body: answer }) }) };
      try {
        sendEmailHandler({ body }, response, (error) => reject(error ?? new Error('The local SES did not answer SendEmail')));
      } catch (error) {
        reject(error);
      }
    });
}

/** One message as the local SES stores it. */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: Array<{ name: string; value: string }>;
  at: number;
}

export async function sentEmails(sesUrl: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails;
}
