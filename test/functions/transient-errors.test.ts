import { ConditionalCheckFailedException, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StaleCaseError } from '../../functions/shared/case-store';
import { AwaitedInputArrivedError } from '../../functions/shared/errors';
import { caseTaskInput, taskHandler } from '../../functions/shared/handler';
import { logger } from '../../functions/shared/observability';
import { errorClass, isTransient, TRANSIENT_ERROR, TransientTaskError } from '../../functions/shared/transient-errors';
import { lambdaContext, restoreEnvironment, useServiceEnvironment } from './support';

/** An error as the AWS SDK v3 raises one: a name, a fault side and the HTTP status. */
function sdkError(name: string, { fault = 'client', status = 400, message = 'Something about Eleanor Whitcombe' }: { fault?: 'client' | 'server'; status?: number; message?: string } = {}): Error {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status, requestId: 'request-1', attempts: 3 } });
}

/** A Node system error, as a broken connection raises one. */
function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code, errno: -111, syscall: 'connect' });
}

function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

describe('isTransient', () => {
  it('holds any fault on the service side transient, whatever its name', () => {
    expect(isTransient(sdkError('SomeNewServiceFault', { fault: 'server', status: 500 }))).toBe(true);
    expect(isTransient(sdkError('InternalServerError', { fault: 'server', status: 500 }))).toBe(true);
  });

  it.each([429, 500, 502, 503, 504])('holds an answer with HTTP status %i transient', (status) => {
    expect(isTransient(sdkError('UnknownError', { status }))).toBe(true);
  });

  it.each([400, 403, 404, 409, 413])('does not hold a client error with HTTP status %i transient by its status', (status) => {
    expect(isTransient(sdkError('UnknownError', { status }))).toBe(false);
  });

  it.each([
    'ThrottlingException',
    'Throttling',
    'ProvisionedThroughputExceededException',
    'RequestLimitExceeded',
    'TooManyRequestsException',
    'LimitExceededException',
    'TransactionConflictException',
    'TransactionInProgressException',
    'ServiceUnavailable',
    'RequestTimeout',
    'TimeoutError',
  ])('holds %s transient by its name, even when the SDK files it as the client\'s fault', (name) => {
    expect(isTransient(sdkError(name, { fault: 'client', status: 400 }))).toBe(true);
  });

  it('holds throttling transient as DynamoDB raises it', () => {
    expect(isTransient(new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded', $metadata: { httpStatusCode: 400 } }))).toBe(true);
  });

  it('holds an error the SDK marks retryable transient', () => {
    expect(isTransient(Object.assign(sdkError('UnknownError'), { $retryable: { throttling: false } }))).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'])('holds a broken connection (%s) transient', (code) => {
    expect(isTransient(systemError(code))).toBe(true);
  });

  it('holds a Node error with another code not transient', () => {
    expect(isTransient(systemError('ENOENT'))).toBe(false);
  });

  it('holds a transaction cancelled by a conflict with another transaction transient', () => {
    expect(isTransient(cancelled('None', 'TransactionConflict'))).toBe(true);
    expect(isTransient(cancelled('TransactionConflict', 'None', 'None'))).toBe(true);
  });

  it('holds a transaction cancelled by throttling transient', () => {
    expect(isTransient(cancelled('ThrottlingError', 'None'))).toBe(true);
  });

  it('holds a transaction cancelled by its own conditions not transient: trying again cannot make them hold', () => {
    expect(isTransient(cancelled('ConditionalCheckFailed', 'None'))).toBe(false);
    expect(isTransient(cancelled('None', 'ValidationError'))).toBe(false);
    expect(isTransient(new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} }))).toBe(false);
  });

  it('holds a failed condition not transient', () => {
    expect(isTransient(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } }))).toBe(false);
  });

  it('holds an invalid request not transient', () => {
    expect(isTransient(sdkError('ValidationException', { message: 'One or more parameter values were invalid' }))).toBe(false);
    expect(isTransient(sdkError('MessageRejected'))).toBe(false);
    expect(isTransient(sdkError('AccessDeniedException', { status: 403 }))).toBe(false);
  });

  it('holds a case that kept changing under a save transient', () => {
    expect(isTransient(new StaleCaseError('LADO-0123456789'))).toBe(true);
  });

  it('holds a fault of the code not transient', () => {
    expect(isTransient(new TypeError("Cannot read properties of undefined (reading 'status')"))).toBe(false);
    expect(isTransient(new Error('The lead authority is needed for this email'))).toBe(false);
  });

  it('holds its own transient task error transient, so that it is never wrapped twice', () => {
    expect(isTransient(new TransientTaskError(sdkError('ThrottlingException')))).toBe(true);
  });

  it('looks through an error to the cause it wraps', () => {
    expect(isTransient(new Error('Saving the case failed', { cause: systemError('ECONNRESET') }))).toBe(true);
    expect(isTransient(new Error('Saving the case failed', { cause: sdkError('ValidationException') }))).toBe(false);
  });

  it('comes to an end on an error that is its own cause', () => {
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;

    expect(isTransient(loop)).toBe(false);
  });

  it.each([undefined, null, 'ThrottlingException', 503])('holds %s, which is no error object, not transient', (thrown) => {
    expect(isTransient(thrown)).toBe(false);
  });
});

describe('errorClass', () => {
  it("is the error's name, never its message", () => {
    expect(errorClass(sdkError('ValidationException', { message: 'Invalid value: Eleanor Whitcombe' }))).toBe('ValidationException');
    expect(errorClass(new TypeError('x is undefined'))).toBe('TypeError');
    expect(errorClass(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))).toBe('ConditionalCheckFailedException');
  });

  it('is "Error" for a name that could carry data: spaces, punctuation, or too long', () => {
    expect(errorClass(Object.assign(new Error('x'), { name: 'Eleanor Whitcombe' }))).toBe('Error');
    expect(errorClass(Object.assign(new Error('x'), { name: '<script>' }))).toBe('Error');
    expect(errorClass(Object.assign(new Error('x'), { name: 'A'.repeat(81) }))).toBe('Error');
    expect(errorClass(Object.assign(new Error('x'), { name: 'A'.repeat(80) }))).toBe('A'.repeat(80));
  });

  it('is the type of what was thrown when it is no error', () => {
    expect(errorClass('Eleanor Whitcombe')).toBe('string');
    expect(errorClass({ name: 'ThrottlingException' })).toBe('object');
    expect(errorClass(undefined)).toBe('undefined');
  });
});

describe('TransientTaskError', () => {
  it("is named for the workflow's retry rule, and keeps the original's class but not its message", () => {
    const error = new TransientTaskError(sdkError('ThrottlingException', { message: 'Rate exceeded for Eleanor Whitcombe' }));

    expect(error).toBeInstanceOf(Error);
    expect(TRANSIENT_ERROR).toBe('TransientError');
    expect(error.name).toBe(TRANSIENT_ERROR);
    expect(error.originalClass).toBe('ThrottlingException');
    expect(error.message).toBe('Transient failure: ThrottlingException');
    expect(error.message).not.toContain('Eleanor');
  });

  it('wrapping one of its own keeps the first original class', () => {
    const twice = new TransientTaskError(new TransientTaskError(systemError('ECONNREFUSED')));

    expect(twice.originalClass).toBe('Error');
    expect(new TransientTaskError(new TransientTaskError(sdkError('RequestLimitExceeded'))).originalClass).toBe('RequestLimitExceeded');
  });
});

describe('a task handler', () => {
  const CASE_ID = 'LADO-0123456789';
  let loggedErrors: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    useServiceEnvironment(new Date('2026-11-23T09:31:00Z'));
    loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  afterEach(restoreEnvironment);

  const failingWith = (error: unknown) =>
    taskHandler(caseTaskInput, async () => {
      throw error;
    });

  it('raises a transient failure as TransientError, for the workflow to retry, with one ERROR line naming its class', async () => {
    const throttled = sdkError('ThrottlingException', { message: 'Rate exceeded for Eleanor Whitcombe' });

    const failure = await failingWith(throttled)({ caseId: CASE_ID, step: 'CheckCompleteness' }, lambdaContext).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TransientTaskError);
    expect(failure).toMatchObject({ name: 'TransientError', originalClass: 'ThrottlingException' });
    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(loggedErrors).toHaveBeenCalledWith('Task failed', {
      caseId: CASE_ID,
      function: lambdaContext.functionName,
      step: 'CheckCompleteness',
      errorClass: 'ThrottlingException',
      transient: true,
    });
    expect(JSON.stringify(loggedErrors.mock.calls)).not.toContain('Eleanor');
  });

  it('raises a TransientError it is given as it is, logging the class it stands for', async () => {
    const raised = new TransientTaskError(sdkError('ServiceUnavailable', { fault: 'server', status: 503 }));

    await expect(failingWith(raised)({ caseId: CASE_ID, step: 'SendAcknowledgement' }, lambdaContext)).rejects.toBe(raised);

    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(loggedErrors.mock.calls[0]?.[1]).toMatchObject({ errorClass: 'ServiceUnavailable', transient: true });
  });

  it('raises any other failure as it is, for the workflow to flag the case, with one ERROR line', async () => {
    const invalid = sdkError('ValidationException', { message: 'One or more parameter values were invalid: Eleanor' });

    await expect(failingWith(invalid)({ caseId: CASE_ID, step: 'RecordReceipt' }, lambdaContext)).rejects.toBe(invalid);

    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(loggedErrors).toHaveBeenCalledWith('Task failed', {
      caseId: CASE_ID,
      function: lambdaContext.functionName,
      step: 'RecordReceipt',
      errorClass: 'ValidationException',
      transient: false,
    });
    expect(JSON.stringify(loggedErrors.mock.calls)).not.toContain('Eleanor');
  });

  it('passes on AwaitedInputArrived, the workflow\'s own signal, without logging it as a failure', async () => {
    const arrived = new AwaitedInputArrivedError(CASE_ID);

    await expect(failingWith(arrived)({ caseId: CASE_ID }, lambdaContext)).rejects.toBe(arrived);

    expect(loggedErrors).not.toHaveBeenCalled();
  });

  it('fails invalid input loudly as InvalidTaskInput, with one ERROR line, and never runs the task', async () => {
    const handle = vi.fn(async () => ({}));

    await expect(taskHandler(caseTaskInput, handle)({ caseId: 'not-a-case', step: 'RecordReceipt' }, lambdaContext)).rejects.toMatchObject({
      name: 'InvalidTaskInput',
      message: expect.stringMatching(/^Invalid task input: caseId: /),
    });

    expect(handle).not.toHaveBeenCalled();
    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(loggedErrors.mock.calls[0]?.[1]).toMatchObject({ errorClass: 'InvalidTaskInput', transient: false, step: 'RecordReceipt' });
  });

  it('logs no more of the case id and step than identifiers need', async () => {
    await expect(failingWith(new TypeError('boom'))({ caseId: CASE_ID, step: 'S'.repeat(200) }, lambdaContext)).rejects.toThrow('boom');

    expect(loggedErrors.mock.calls[0]?.[1]).toMatchObject({ caseId: CASE_ID, step: 'S'.repeat(80), errorClass: 'TypeError' });

    // Input refused as invalid is logged too, cut short.
    await expect(failingWith(new TypeError('boom'))({ caseId: `LADO-${'X'.repeat(100)}` }, lambdaContext)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    expect(loggedErrors.mock.calls[1]?.[1]).toMatchObject({ caseId: `LADO-${'X'.repeat(15)}` });
  });

  it('answers what the task answers, logging nothing', async () => {
    const ok = taskHandler(caseTaskInput, async ({ caseId }) => ({ caseId, next: 'checkCompleteness' }));

    expect(await ok({ caseId: CASE_ID }, lambdaContext)).toEqual({ caseId: CASE_ID, next: 'checkCompleteness' });
    expect(loggedErrors).not.toHaveBeenCalled();
  });
});
