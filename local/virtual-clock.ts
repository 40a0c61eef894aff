import { setImmediate as nextMacrotask } from 'node:timers/promises';

interface VirtualTimer {
  at: number;
  sequence: number;
  label?: string;
  fire: () => void;
}

/** Event-loop turns that must pass with nothing in flight before the system counts as settled. */
const QUIET_TURNS = 5;

/**
 * Time that moves only when told to. Work that touches the outside world (Lambda invocations,
 * HTTP requests, SDK calls) is tracked, and the clock never jumps while any of it is running,
 * so every timestamp written by that work belongs to the instant it started at.
 */
export class VirtualClock {
  #now: number;
  #timers: VirtualTimer[] = [];
  #nextSequence = 0;
  #inFlight = 0;
  /** Bumped on every start or end of tracked work, so settle() can tell a quiet loop from a busy one. */
  #activity = 0;
  #idleWaiters: Array<() => void> = [];
  #advanceQueue: Promise<void> = Promise.resolve();

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  sleepUntil(at: Date, signal?: AbortSignal, label?: string): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const due = at.getTime();
    if (due <= this.#now) return this.track(nextMacrotask().then(() => undefined));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#timers = this.#timers.filter((candidate) => candidate !== timer);
        reject(signal?.reason);
      };
      const timer: VirtualTimer = {
        at: due,
        sequence: this.#nextSequence++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      if (label !== undefined) timer.label = label;
      this.#timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight++;
    this.#activity++;
    const finish = () => {
      this.#inFlight--;
      this.#activity++;
      if (this.#inFlight === 0) {
        for (const wake of this.#idleWaiters.splice(0)) wake();
      }
    };
    work.then(finish, finish);
    return work;
  }

  async settle(): Promise<void> {
    for (;;) {
      if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
      const activityBefore = this.#activity;
      for (let turn = 0; turn < QUIET_TURNS; turn++) await nextMacrotask();
      if (this.#inFlight === 0 && this.#activity === activityBefore) return;
    }
  }

  advanceTo(target: Date): Promise<void> {
    return this.#enqueueAdvance(() => target.getTime());
  }

  advanceBy(ms: number): Promise<void> {
    return this.#enqueueAdvance(() => this.#now + ms);
  }

  pendingTimers(): Array<{ at: Date; label?: string }> {
    return [...this.#timers]
      .sort(byDueTime)
      .map((timer) => (timer.label === undefined ? { at: new Date(timer.at) } : { at: new Date(timer.at), label: timer.label }));
  }

  /** Advances run one after another; the target is computed when an advance's turn comes. */
  #enqueueAdvance(targetWhenRun: () => number): Promise<void> {
    const advance = this.#advanceQueue.then(() => this.#advance(targetWhenRun()));
    this.#advanceQueue = advance.catch(() => undefined);
    return advance;
  }

  async #advance(target: number): Promise<void> {
    if (Number.isNaN(target)) throw new RangeError('Cannot advance the clock to an invalid date');
    if (target < this.#now) {
      throw new RangeError(`Cannot move the clock back from ${this.now().toISOString()} to ${new Date(target).toISOString()}`);
    }
    await this.settle();
    for (;;) {
      const earliest = this.#timers.reduce<VirtualTimer | undefined>(
        (best, timer) => (best === undefined || byDueTime(timer, best) < 0 ? timer : best),
        undefined,
      );
      if (earliest === undefined || earliest.at > target) break;
      this.#now = earliest.at;
      const due = this.#timers.filter((timer) => timer.at === earliest.at).sort(byDueTime);
      this.#timers = this.#timers.filter((timer) => timer.at !== earliest.at);
      for (const timer of due) timer.fire();
      await this.settle();
    }
    this.#now = target;
  }
}

function byDueTime(a: VirtualTimer, b: VirtualTimer): number {
  return a.at - b.at || a.sequence - b.sequence;
}
