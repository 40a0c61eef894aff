import * as z from 'zod';
import { FUNCTION_NAMES, type FunctionName } from '../functions/api-routes';

/**
 * Faults injected on purpose, locally only: SES answering as when throttled or
 * unavailable, DynamoDB throttling, Lambda runtimes crashing. Set through
 * /local/faults (api-server.ts), the bench's --faults, or in tests. SES and
 * DynamoDB faults are answered by the request handlers the functions' SDK
 * clients are given (sdk-handlers.ts), so the real clients meet them exactly
 * as they would meet AWS's answers; Lambda crashes come from the local
 * runtime (lambda-runtime.ts).
 */

export const CRASH_MOMENTS = ['before', 'after', 'both'] as const;
export type CrashMoment = (typeof CRASH_MOMENTS)[number];

const rate = z.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be a number from 0 to 1').max(1, 'must be a number from 0 to 1');

export const faultSettingsSchema = z.strictObject({
  ses: z.strictObject({ failureRate: rate }).optional(),
  dynamodb: z.strictObject({ throttleRate: rate }).optional(),
  lambda: z
    .partialRecord(
      z.enum(FUNCTION_NAMES),
      z.strictObject({
        crashRate: rate,
        // Before: the handler never runs. After: it ran and wrote, but its result is lost.
        when: z.enum(CRASH_MOMENTS, { error: `must be one of ${CRASH_MOMENTS.join(', ')}` }).default('before'),
      }),
    )
    .optional(),
});
export type FaultSettings = z.output<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

export interface FieldError {
  path: string;
  message: string;
}

/** Validates a request body, naming each field at fault; an unknown function is named with the ones there are. */
export function parseFaultSettings(body: unknown): { settings: FaultSettings } | { errors: FieldError[] } {
  const parsed = faultSettingsSchema.safeParse(body);
  if (parsed.success) return { settings: parsed.data };
  const errors = parsed.error.issues.flatMap((issue): FieldError[] => {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = at === 'lambda' ? `; the functions are ${FUNCTION_NAMES.join(', ')}` : '';
      return issue.keys.map((key) => ({ path: at ? `${at}.${key}` : key, message: `is not a setting here${known}` }));
    }
    return [{ path: at || 'body', message: issue.message }];
  });
  return { errors };
}

/** A source of numbers in [0, 1), as Math.random; injectable so tests and the bench can repeat a run. */
export type RandomSource = () => number;

/** mulberry32: small, fast and good enough for picking which requests fail. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultsInjected {
  ses: number;
  dynamodb: number;
  lambda: number;
  lambdaByFunction: Partial<Record<FunctionName, number>>;
}

export type SesFault = 'throttled' | 'unavailable';

/** The fault settings of one local stack and the count of faults injected so far. */
export class LocalFaults {
  #settings: FaultSettings = {};
  #injected: FaultsInjected = { ses: 0, dynamodb: 0, lambda: 0, lambdaByFunction: {} };
  readonly #random: RandomSource;

  constructor(random: RandomSource = Math.random) {
    this.#random = random;
  }

  /** Sets the kinds named, leaving the others as they were; functions are set one by one. Throws on invalid settings. */
  set(input: FaultSettingsInput): void {
    const settings = faultSettingsSchema.parse(input);
    if (settings.ses) this.#settings.ses = { ...settings.ses };
    if (settings.dynamodb) this.#settings.dynamodb = { ...settings.dynamodb };
    if (settings.lambda) this.#settings.lambda = { ...this.#settings.lambda, ...structuredClone(settings.lambda) };
  }

  /** Stops injecting; the counts stay, as a record of what was injected. */
  clear(): void {
    this.#settings = {};
  }

  get settings(): FaultSettings {
    return structuredClone(this.#settings);
  }

  get injected(): FaultsInjected {
    return structuredClone(this.#injected);
  }

  /** Whether this SES request fails, and how; counted when it does. */
  sesFault(): SesFault | undefined {
    if (!this.#roll(this.#settings.ses?.failureRate)) return undefined;
    this.#injected.ses++;
    return this.#random() < 0.5 ? 'throttled' : 'unavailable';
  }

  /** Whether this DynamoDB request is throttled; counted when it is. */
  dynamoDbThrottled(): boolean {
    if (!this.#roll(this.#settings.dynamodb?.throttleRate)) return false;
    this.#injected.dynamodb++;
    return true;
  }

  /** Whether this invocation is to crash, and when; the runtime counts it only if the crash happens. */
  lambdaCrash(name: FunctionName): 'before' | 'after' | undefined {
    const setting = this.#settings.lambda?.[name];
    if (!setting || !this.#roll(setting.crashRate)) return undefined;
    if (setting.when !== 'both') return setting.when;
    return this.#random() < 0.5 ? 'before' : 'after';
  }

  countLambdaCrash(name: FunctionName): void {
    this.#injected.lambda++;
    this.#injected.lambdaByFunction[name] = (this.#injected.lambdaByFunction[name] ?? 0) + 1;
  }

  #roll(probability: number | undefined): boolean {
    // Rate 0 draws nothing, so a run without faults takes the same random numbers as before.
    if (!probability) return false;
    return probability >= 1 || this.#random() < probability;
  }
}
