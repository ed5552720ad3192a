/** Time seams for the REST client: everything that waits goes through these, so tests inject fakes. */
export interface Clock {
  /** Milliseconds (epoch or any monotonic origin; only differences matter). */
  now(): number;
}
/** Sleeps `ms`; an aborted `signal` ends the sleep early (the caller then checks why it woke). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = { now: () => performance.timeOrigin + performance.now() };
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** A clock that only moves when told; its sleep advances it instantly. For tests and simulations. */
export class ManualClock implements Clock {
  #now: number;
  constructor(startMs = 0) {
    this.#now = startMs;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  readonly sleep: Sleep = async (ms) => {
    this.#now += Math.max(0, ms);
  };
}
