/**
 * Errors a handler answers with a 4xx. Anything else is a fault of ours: it is
 * logged without personal data and answered with a bare 500.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const unauthorized = (message: string) => new HttpError(401, message);
export const forbidden = (message: string) => new HttpError(403, message);
export const badRequest = (errors: FieldError[], message = 'The request is not valid') => new HttpError(400, message, errors);
export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);

/** Raised by workflow tasks for a case the table does not hold; the workflow fails fast rather than retrying. */
export class CaseNotFoundError extends Error {
  constructor(caseId: string) {
    super(`Case ${caseId} does not exist`);
    this.name = 'CaseNotFoundError';
  }
}

/**
 * Raised by the task that parks a workflow when the awaited input arrived
 * while the workflow was busy (or an officer's record changed its plan): the
 * workflow catches it and carries on at once. Failing is how it says so, so
 * that this task needs no power to answer callbacks itself.
 */
export const AWAITED_INPUT_ARRIVED = 'AwaitedInputArrived';

export class AwaitedInputArrivedError extends Error {
  constructor(caseId: string) {
    super(`The input case ${caseId} was waiting for has already arrived`);
    this.name = AWAITED_INPUT_ARRIVED;
  }
}
