import { z } from 'zod';
import { workingCalendarFromEnv, type WorkingCalendar } from '../domain/calendar';

/** Settings every function reads from its environment, checked once so that a misconfiguration fails loudly at start. */
const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** The audit trail: append-only, events only (infra/audit-trail.ts). */
  AUDIT_TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().min(1).optional(),
  EMAIL_FROM: z.email(),
  DUTY_LADO_EMAIL: z.email(),
  LADO_MANAGER_EMAIL: z.email(),
  OFFICER_CASE_URL: z.url(),
  FRONT_DOOR_PHONE: z.string().min(1),
  OUT_OF_HOURS_PHONE: z.string().min(1),
});

export type ServiceConfig = z.infer<typeof environmentSchema> & { calendar: WorkingCalendar };

let cached: { key: string; config: ServiceConfig } | undefined;

const CONFIG_VARIABLES = [...Object.keys(environmentSchema.shape), 'LADO_CLOSURE_DAYS', 'LADO_WORKING_HOURS'];

/** Parsed once per distinct environment: the calendar it builds is worth keeping between invocations. */
export function serviceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const key = CONFIG_VARIABLES.map((name) => env[name] ?? '').join('\u0000');
  if (cached?.key === key) return cached.config;
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Function environment is incomplete or invalid: ${fields}`);
  }
  const config = { ...parsed.data, calendar: workingCalendarFromEnv(env) };
  cached = { key, config };
  return config;
}
