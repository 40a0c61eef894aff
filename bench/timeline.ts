/**
 * The replay's timeline: actions keyed by their virtual instant, earliest
 * first, ties in the order they were scheduled. Only actions not yet due are
 * held, so its size follows the open caseload, not the year.
 */
export interface TimedAction {
  at: number;
  sequence: number;
  owner: string;
  run: () => Promise<void>;
}

export class Timeline {
  readonly #heap: TimedAction[] = [];
  #sequence = 0;

  get size(): number {
    return this.#heap.length;
  }

  add(at: number, owner: string, run: () => Promise<void>): void {
    this.#heap.push({ at, sequence: this.#sequence++, owner, run });
    this.#up(this.#heap.length - 1);
  }

  nextAt(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Every action due at exactly `at`, in the order they were scheduled. */
  takeAt(at: number): TimedAction[] {
    const due: TimedAction[] = [];
    while (this.#heap.length && this.#heap[0]!.at === at) due.push(this.#pop());
    return due;
  }

  #pop(): TimedAction {
    const top = this.#heap[0]!;
    const last = this.#heap.pop()!;
    if (this.#heap.length) {
      this.#heap[0] = last;
      this.#down(0);
    }
    return top;
  }

  #before(a: TimedAction, b: TimedAction): boolean {
    return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
  }

  #up(index: number): void {
    const heap = this.#heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#before(heap[index]!, heap[parent]!)) return;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  #down(index: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let first = index;
      if (left < heap.length && this.#before(heap[left]!, heap[first]!)) first = left;
      if (right < heap.length && this.#before(heap[right]!, heap[first]!)) first = right;
      if (first === index) return;
      [heap[index], heap[first]] = [heap[first]!, heap[index]!];
      index = first;
    }
  }
}
