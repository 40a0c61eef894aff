import * as z from '../domain/zod';
import { createWorkingCalendar, isLocalDate, isTimeOfDay, type WorkingCalendar, type WorkingHours } from '../domain/calendar';

/** Settings every function reads from its environment, checked once so that a misconfiguration fails loudly at start. */
const environmentSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** The audit trail: append-only, events only (infra/audit-trail.ts). */
  AUDIT_TABLE_NAME: z.string().check(z.minLength(1)),
  STATE_MACHINE_ARN: z.optional(z.string().check(z.minLength(1))),
  EMAIL_FROM: z.email(),
  DUTY_LADO_EMAIL: z.email(),
  LADO_MANAGER_EMAIL: z.email(),
  OFFICER_CASE_URL: z.url(),
  FRONT_DOOR_PHONE: z.string().check(z.minLength(1)),
  OUT_OF_HOURS_PHONE: z.string().check(z.minLength(1)),
  /**
   * The HMAC key of the subject's match keys (functions/domain/subject-match.ts), given
   * as it is: locally an embedded development key (local/stack.ts). On AWS it is not
   * set, and SUBJECT_MATCH_KEY_SECRET_ID names the Secrets Manager secret that holds it
   * (infra/subject-match-key.ts), for the intake and the resubmission only.
   */
  SUBJECT_MATCH_KEY: z.optional(z.string().check(z.minLength(32))),
  SUBJECT_MATCH_KEY_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
});

/** The settings, and the working calendar the lifecycle core is given (functions/domain/lifecycle-rules.ts reads no environment). */
export type ServiceConfig = z.infer<typeof environmentSchema> & { calendar: WorkingCalendar };

/**
 * The calendar a deployment configures through its environment:
 * LADO_CLOSURE_DAYS, comma-separated dates such as "2026-12-24,2026-12-31", and
 * LADO_WORKING_HOURS such as "09:00-17:00" (the default).
 */
export function workingCalendarFromEnv(env: Record<string, string | undefined>): WorkingCalendar {
  const closureDays = (env.LADO_CLOSURE_DAYS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const date of closureDays) {
    if (!isLocalDate(date)) throw new Error(`LADO_CLOSURE_DAYS: "${date}" is not a date written YYYY-MM-DD`);
  }

  const hours = env.LADO_WORKING_HOURS?.trim();
  let workingDay: WorkingHours | undefined;
  if (hours) {
    const [start, end, ...rest] = hours.split('-').map((part) => part.trim());
    if (start === undefined || end === undefined || rest.length > 0 || !isTimeOfDay(start) || !isTimeOfDay(end) || start >= end) {
      throw new Error(`LADO_WORKING_HOURS: "${hours}" is not an opening and closing time written HH:mm-HH:mm, such as 09:00-17:00`);
    }
    workingDay = { start, end };
  }

  return createWorkingCalendar({ extraClosureDays: closureDays, workingDay });
}

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
