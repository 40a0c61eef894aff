import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';

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

const roleArn = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * Deployment settings, read from CDK context (`-c lado='{...}'` or cdk.json) and
 * checked before anything is synthesized.
 */
export const serviceSettingsSchema = z.object({
  emailFrom: z.email(),
  dutyLadoEmail: z.email(),
  managerEmail: z.email(),
  /**
   * The case link in officers' emails, {caseId} standing for the case id (without it, the id is appended as a
   * path segment). By default the console's case page: <console URL>/console/#/cases/{caseId}.
   */
  officerCaseUrl: z.url().optional(),
  frontDoorPhone: z.string().min(1),
  outOfHoursPhone: z.string().min(1),
  /** Extra closure days of the service, comma-separated YYYY-MM-DD. */
  closureDays: z.string().default(''),
  /** The working day, HH:mm-HH:mm in Europe/London. */
  workingHours: z.string().default('09:00-17:00'),
  /** The IAM role the portal signs its requests with (SigV4): the only caller allowed on the portal's routes. */
  portalPrincipalArn: z
    .string()
    .regex(roleArn, 'must be the ARN of an IAM role, e.g. arn:aws:iam::123456789012:role/lado-portal'),
  /**
   * The IAM roles that may assume the operations role, the one principal allowed to call the operations routes with
   * SigV4 (the IAM-authorized mount of the API). Empty, the default: any principal of the account whose own IAM
   * policy allows sts:AssumeRole on it.
   */
  operationsPrincipalArns: z
    .array(z.string().regex(roleArn, 'must be the ARN of an IAM role, e.g. arn:aws:iam::123456789012:role/lado-operations'))
    .default([]),
  /**
   * The prefix of the officers' sign-in domain, <prefix>.auth.<region>.amazoncognito.com: unique in the region
   * across all AWS accounts. By default lado- and a part of the stack's id, unique to the stack.
   */
  signInDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen')
    .refine((prefix) => !/aws|amazon|cognito/.test(prefix), { message: 'must not contain aws, amazon or cognito' })
    .optional(),
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

/** The case link in officers' emails: the setting, or else the console's case page; consoleUrl is https://… without a trailing slash. */
export function officerCaseUrl(settings: Pick<ServiceSettings, 'officerCaseUrl'>, consoleUrl: string): string {
  return settings.officerCaseUrl ?? `${consoleUrl}/console/#/cases/{caseId}`;
}

/**
 * What the function environments expect (see functions/shared/config.ts), but OFFICER_CASE_URL:
 * that one names the console, which is built after the functions (officerCaseUrl).
 */
export function functionEnvironment(settings: ServiceSettings): Record<string, string> {
  return {
    EMAIL_FROM: settings.emailFrom,
    DUTY_LADO_EMAIL: settings.dutyLadoEmail,
    LADO_MANAGER_EMAIL: settings.managerEmail,
    FRONT_DOOR_PHONE: settings.frontDoorPhone,
    OUT_OF_HOURS_PHONE: settings.outOfHoursPhone,
    LADO_CLOSURE_DAYS: settings.closureDays,
    LADO_WORKING_HOURS: settings.workingHours,
  };
}
