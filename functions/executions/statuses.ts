/**
 * The statuses GET /operations/executions may filter by: import-free, so that
 * the command line takes the same list without loading the handler's code.
 */
export const EXECUTION_STATUS_FILTERS = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
