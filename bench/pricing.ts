/**
 * AWS list prices, in US dollars, for US East (N. Virginia), as published on
 * each service's pricing page; before free tiers, savings plans and volume
 * tiers (the county-year sits in every service's first tier). London
 * (eu-west-2) is a little dearer for some of them: check the pages before
 * relying on the figures.
 */
export const PRICES = {
  region: 'us-east-1',
  /** aws.amazon.com/step-functions/pricing: Standard workflows, per state transition ($0.025 per 1,000). */
  stateTransition: 0.025 / 1_000,
  /** aws.amazon.com/lambda/pricing: requests ($0.20 per million), any architecture. */
  lambdaRequest: 0.2 / 1_000_000,
  /** aws.amazon.com/lambda/pricing: Arm duration, first 7.5 billion GB-seconds a month. */
  lambdaArmGbSecond: 0.0000133334,
  /** infra/lambda-functions.ts: every function has 256 MB. */
  lambdaMemoryGb: 256 / 1024,
  /** aws.amazon.com/dynamodb/pricing/on-demand: Standard table class, per write request unit ($0.625 per million). */
  writeRequestUnit: 0.625 / 1_000_000,
  /** aws.amazon.com/dynamodb/pricing/on-demand: per read request unit ($0.125 per million). */
  readRequestUnit: 0.125 / 1_000_000,
  /** aws.amazon.com/ses/pricing: outbound email, per message to each recipient ($0.10 per 1,000). */
  email: 0.1 / 1_000,
  /** aws.amazon.com/api-gateway/pricing: REST API requests, first 333 million a month ($3.50 per million). */
  restApiRequest: 3.5 / 1_000_000,
} as const;

export interface Usage {
  stateTransitions: number;
  lambdaInvocations: number;
  lambdaBilledMs: number;
  readRequestUnits: number;
  writeRequestUnits: number;
  emailRecipients: number;
  apiRequests: number;
}

/** The bill for a usage, by service, in dollars. */
export function costOf(usage: Usage): Record<string, number> {
  const lambdaGbSeconds = (usage.lambdaBilledMs / 1000) * PRICES.lambdaMemoryGb;
  const parts = {
    stepFunctions: usage.stateTransitions * PRICES.stateTransition,
    lambdaRequests: usage.lambdaInvocations * PRICES.lambdaRequest,
    lambdaDuration: lambdaGbSeconds * PRICES.lambdaArmGbSecond,
    dynamoDbReads: usage.readRequestUnits * PRICES.readRequestUnit,
    dynamoDbWrites: usage.writeRequestUnits * PRICES.writeRequestUnit,
    ses: usage.emailRecipients * PRICES.email,
    apiGateway: usage.apiRequests * PRICES.restApiRequest,
  };
  return { ...parts, total: Object.values(parts).reduce((sum, part) => sum + part, 0) };
}
