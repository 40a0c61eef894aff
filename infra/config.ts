import { z } from 'zod';

/**
 * Deployment settings, read from CDK context (`-c lado='{...}'` or cdk.json) and
 * checked before anything is synthesized.
 */
export const serviceSettingsSchema = z.object({
  emailFrom: z.email(),
  dutyLadoEmail: z.email(),
  managerEmail: z.email(),
  officerCaseUrl: z.url(),
  frontDoorPhone: z.string().min(1),
  outOfHoursPhone: z.string().min(1),
  /** Extra closure days of the service, comma-separated YYYY-MM-DD. */
  closureDays: z.string().default(''),
  /** The working day, HH:mm-HH:mm in Europe/London. */
  workingHours: z.string().default('09:00-17:00'),
});

export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;

export function readServiceSettings(context: unknown): ServiceSettings {
  const parsed = serviceSettingsSchema.safeParse(context);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `lado.${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`The "lado" context is invalid: ${problems}`);
  }
  return parsed.data;
}

/** What the function environments expect (see functions/shared/config.ts). */
export function functionEnvironment(settings: ServiceSettings): Record<string, string> {
  return {
    EMAIL_FROM: settings.emailFrom,
    DUTY_LADO_EMAIL: settings.dutyLadoEmail,
    LADO_MANAGER_EMAIL: settings.managerEmail,
    OFFICER_CASE_URL: settings.officerCaseUrl,
    FRONT_DOOR_PHONE: settings.frontDoorPhone,
    OUT_OF_HOURS_PHONE: settings.outOfHoursPhone,
    LADO_CLOSURE_DAYS: settings.closureDays,
    LADO_WORKING_HOURS: settings.workingHours,
  };
}
