import type { Group } from './types';

/**
 * config.json, beside index.html: where the API is and how officers sign in.
 * Locally the API server writes it (development sign-in); on AWS the
 * deployment writes it (the Cognito hosted UI).
 */
export type AuthConfig = { kind: 'dev' } | { kind: 'cognito'; domain: string; clientId: string; redirectUri: string };

export interface ConsoleConfig {
  apiUrl: string;
  auth: AuthConfig;
}

export const GROUPS: ReadonlyArray<{ group: Group; label: string; hint: string }> = [
  { group: 'lado-officer', label: 'LADO officer', hint: 'The duty LADO and the allocated LADO: referrals, my cases, records' },
  { group: 'lado-manager', label: 'LADO manager', hint: 'Team caseloads, overdue deadlines and reallocation' },
  { group: 'operations', label: 'Operations', hint: 'Executions, cases needing attention and repairs: no personal data' },
];

function isConfig(value: unknown): value is ConsoleConfig {
  if (typeof value !== 'object' || value === null) return false;
  const { apiUrl, auth } = value as Record<string, unknown>;
  if (typeof apiUrl !== 'string' || typeof auth !== 'object' || auth === null) return false;
  const a = auth as Record<string, unknown>;
  if (a['kind'] === 'dev') return true;
  return a['kind'] === 'cognito' && ['domain', 'clientId', 'redirectUri'].every((key) => typeof a[key] === 'string' && a[key] !== '');
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json could not be read (HTTP ${response.status})`);
  const config: unknown = await response.json();
  if (!isConfig(config)) throw new Error('config.json must hold {"apiUrl": "...", "auth": {"kind": "dev"}} or a Cognito auth with domain, clientId and redirectUri');
  return { ...config, apiUrl: config.apiUrl.replace(/\/+$/, '') };
}
