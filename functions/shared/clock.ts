/**
 * Where handlers read the time. On AWS it is the wall clock; the local stack and
 * the tests install their virtual clock, so that deadlines run in virtual time.
 */
let source: () => Date = () => new Date();

export function now(): Date {
  return source();
}

export function useClock(clock: () => Date): void {
  source = clock;
}
