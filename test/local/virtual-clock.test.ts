import { describe, expect, it } from 'vitest';
import { setTimeout as realDelay } from 'node:timers/promises';
import { VirtualClock } from '../../local/virtual-clock';

const START = new Date('2026-03-02T09:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (offsetMs: number) => new Date(START.getTime() + offsetMs);

describe('VirtualClock', () => {
  it('only moves when advanced', async () => {
    const clock = new VirtualClock(START);
    await realDelay(5);
    expect(clock.now()).toEqual(START);
    await clock.advanceBy(1500);
    expect(clock.now()).toEqual(at(1500));
  });

  it('fires timers in time order, and same-instant timers in creation order', async () => {
    const clock = new VirtualClock(START);
    const fired: string[] = [];
    const record = (name: string, offset: number) =>
      clock.sleepUntil(at(offset), undefined, name).then(() => fired.push(`${name}@${clock.now().getTime() - START.getTime()}`));
    void record('late', 300);
    void record('first-at-100', 100);
    void record('second-at-100', 100);
    void record('early', 50);
    expect(clock.pendingTimers().map((timer) => timer.label)).toEqual(['early', 'first-at-100', 'second-at-100', 'late']);

    await clock.advanceTo(at(200));
    expect(fired).toEqual(['early@50', 'first-at-100@100', 'second-at-100@100']);
    expect(clock.now()).toEqual(at(200));
    await clock.advanceBy(100);
    expect(fired.at(-1)).toBe('late@300');
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('lets work started by a timer finish, and its follow-up timers fire, before advanceTo returns', async () => {
    const clock = new VirtualClock(START);
    const seen: Array<[string, number]> = [];
    void (async () => {
      await clock.sleepUntil(at(1000));
      // Real I/O-like work: 20 ms of real time while the clock must stay put.
      await clock.track(realDelay(20));
      seen.push(['after tracked work', clock.now().getTime()]);
      await clock.sleepUntil(at(2000));
      seen.push(['follow-up timer', clock.now().getTime()]);
    })();
    await clock.advanceTo(at(5000));
    expect(seen).toEqual([
      ['after tracked work', at(1000).getTime()],
      ['follow-up timer', at(2000).getTime()],
    ]);
  });

  it('waits for tracked work before moving at all', async () => {
    const clock = new VirtualClock(START);
    let stampedAt: Date | undefined;
    void clock.track(realDelay(30).then(() => (stampedAt = clock.now())));
    await clock.advanceBy(DAY);
    expect(stampedAt).toEqual(START);
    expect(clock.now()).toEqual(at(DAY));
  });

  it('settles once tracked work and its promise chains are done', async () => {
    const clock = new VirtualClock(START);
    let done = false;
    void clock.track(realDelay(10)).then(() => Promise.resolve()).then(() => (done = true));
    await clock.settle();
    expect(done).toBe(true);
  });

  it('serialises concurrent advances', async () => {
    const clock = new VirtualClock(START);
    const fired: number[] = [];
    for (const offset of [10, 20, 30]) void clock.sleepUntil(at(offset)).then(() => fired.push(clock.now().getTime() - START.getTime()));
    await Promise.all([clock.advanceBy(15), clock.advanceBy(15)]);
    expect(clock.now()).toEqual(at(30));
    expect(fired).toEqual([10, 20, 30]);
  });

  it('refuses to go backwards', async () => {
    const clock = new VirtualClock(START);
    await clock.advanceBy(1000);
    await expect(clock.advanceTo(START)).rejects.toThrow(/back/);
    expect(clock.now()).toEqual(at(1000));
    await clock.advanceBy(1);
    expect(clock.now()).toEqual(at(1001));
  });

  it('cancels a sleep when its signal aborts', async () => {
    const clock = new VirtualClock(START);
    const controller = new AbortController();
    const sleep = clock.sleepUntil(at(DAY), controller.signal, 'cancelled');
    controller.abort(new Error('no longer needed'));
    await expect(sleep).rejects.toThrow('no longer needed');
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('resolves a sleep for a time already reached on a later turn', async () => {
    const clock = new VirtualClock(START);
    let woke = false;
    void clock.sleepUntil(START).then(() => (woke = true));
    expect(woke).toBe(false);
    await clock.settle();
    expect(woke).toBe(true);
  });

  it('completes 30-day and 400-day sleeps at exactly the right instant in little real time', async () => {
    const clock = new VirtualClock(START);
    const wokeAt: Record<string, number> = {};
    void clock.sleepUntil(at(30 * DAY)).then(() => (wokeAt['30 days'] = clock.now().getTime()));
    void clock.sleepUntil(at(400 * DAY)).then(() => (wokeAt['400 days'] = clock.now().getTime()));
    const realStart = performance.now();

    await clock.advanceTo(at(30 * DAY - 1));
    expect(wokeAt).toEqual({});
    await clock.advanceTo(at(500 * DAY));

    expect(wokeAt).toEqual({ '30 days': at(30 * DAY).getTime(), '400 days': at(400 * DAY).getTime() });
    expect(performance.now() - realStart).toBeLessThan(500);
  });
});
