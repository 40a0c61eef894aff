import { apiUrl } from './api';
import type { ConsoleConfig } from './config';

/**
 * What time it is for the service. Locally the whole system runs on a virtual
 * clock (GET /local/clock), so "overdue" must be judged by it; on AWS it is
 * the browser's own time.
 */
let source: 'local' | 'browser' = 'browser';

export function configureClock(config: ConsoleConfig): void {
  source = config.auth.kind === 'dev' ? 'local' : 'browser';
}

export async function serviceNow(): Promise<Date> {
  if (source === 'browser') return new Date();
  try {
    const response = await fetch(`${apiUrl()}/local/clock`, { cache: 'no-store' });
    const { now } = (await response.json()) as { now: string };
    return new Date(now);
  } catch {
    return new Date();
  }
}
