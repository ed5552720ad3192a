/**
 * Simulator time. Nothing in the simulator's market or account logic reads the wall clock: time is
 * what the replay says it is, moved by `advanceTo` (manual stepping in tests, or a wall-clock pump in
 * real-time/accelerated mode). Timers (dead man's switch, GTD expiry) are scheduled in this time.
 */
export interface SimTimer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

export class SimClock {
  private current: number;
  private timers: SimTimer[] = [];
  private nextId = 1;

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward (never backward: a replay event older than now is processed at now). */
  set(ms: number): void {
    if (ms > this.current) this.current = ms;
  }

  schedule(at: number, fn: () => void): number {
    const t: SimTimer = { id: this.nextId++, at, fn };
    this.timers.push(t);
    this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
    return t.id;
  }

  cancel(id: number | undefined): void {
    if (id === undefined) return;
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Time of the earliest pending timer, or Infinity. */
  nextTimerAt(): number {
    return this.timers.length ? this.timers[0].at : Infinity;
  }

  /** Removes and runs the earliest timer (setting the clock to its time). */
  runNextTimer(): void {
    const t = this.timers.shift();
    if (!t) return;
    this.set(t.at);
    t.fn();
  }
}
