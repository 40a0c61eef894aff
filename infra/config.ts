import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';

const logRetentionValues = Object.values(RetentionDays).filter((days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE);

/** How this deployment keeps data and guards itself; every setting has a production default. */
const stageSettingsShape = {
  /** Days each daily backup of the case table is kept. */
  backupRetentionDays: z.number().int().min(7).max(3650).default(35),
  /** Days log events are kept; one of the values CloudWatch Logs accepts. */
  logRetentionDays: z
    .number()
    .int()
    .refine((days) => logRetentionValues.includes(days), { message: `must be one of ${logRetentionValues.join(', ')}` })
    .default(365),
  /** Where alarms and failed-execution notices are emailed; omit to subscribe to the topic another way. */
  alarmEmail: z.email().optional(),
  /** Requests one client IP may make in any five minutes before the firewall blocks it. */
  wafRateLimit: z.number().int().min(10).max(2_000_000_000).default(300),
};

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
  /** The IAM role the portal signs its requests with (SigV4): the only caller allowed on the portal's routes. */
  portalPrincipalArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be the ARN of an IAM role, e.g. arn:aws:iam::123456789012:role/lado-portal'),
  ...stageSettingsShape,
});

export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;
export type StageSettings = Pick<ServiceSettings, keyof typeof stageSettingsShape>;

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
