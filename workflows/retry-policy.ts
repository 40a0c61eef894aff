import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { TRANSIENT_ERROR } from '../functions/shared/transient-errors';

/**
 * What the workflow retries, and for how long. A task raises TRANSIENT_ERROR
 * for throttling, timeouts, 5xx answers and broken connections from DynamoDB,
 * SES and Step Functions (functions/shared/transient-errors.ts); the Lambda
 * service's own faults, a crashed or timed-out function, are retried too.
 * Anything else is not: retrying a fault in the code or the data only delays
 * telling someone.
 */
export const TRANSIENT_TASK_ERRORS = [
  TRANSIENT_ERROR,
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
  'Runtime.ExitError',
  'Sandbox.Timedout',
];

/**
 * Every step but sending email: 2 s, doubling, at most 5 minutes apart, 11
 * retries: at most about 24 minutes before the case is flagged as needing
 * attention. Full jitter spreads a burst's retries apart (and shortens them).
 */
export const STEP_RETRY: sfn.RetryProps = {
  errors: TRANSIENT_TASK_ERRORS,
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxDelay: Duration.minutes(5),
  maxAttempts: 11,
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * Sending email, within the flow: 5 s, doubling, 3 retries, at most 35 s, so
 * that an SES outage never holds up a deadline (a cut-off must reject on
 * time). After that the emails stay owed on the case, and the workflow sends
 * them again at every wake, at least hourly (OWED_EMAIL_RETRY_SECONDS), for
 * as long as SES refuses them: retrying goes on for hours or days, and
 * nothing is dropped.
 */
export const EMAIL_RETRY: sfn.RetryProps = {
  errors: TRANSIENT_TASK_ERRORS,
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxDelay: Duration.seconds(20),
  maxAttempts: 3,
  jitterStrategy: sfn.JitterType.FULL,
};
