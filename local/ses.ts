import sesModule from 'aws-ses-v2-local';

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
  return {
    url: `http://${host}:${boundPort}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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
