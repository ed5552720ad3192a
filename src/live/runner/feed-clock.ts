/**
 * The runner's notion of "now". `wall`: the machine clock (real Kraken). `feed`: the latest
 * event time seen from the exchange (trades, executions, server time), for the loopback
 * simulator whose market runs on its own replayed time.
 */
export interface RunnerClock {
  readonly kind: 'wall' | 'feed';
  now(): number;
  observe(time: number): void;
}

export function wallClock(now: () => number = Date.now): RunnerClock {
  return { kind: 'wall', now, observe() {} };
}

export function feedClock(start = -Infinity): RunnerClock {
  let t = start;
  return {
    kind: 'feed',
    now: () => t,
    observe(time: number) {
      if (time > t) t = time;
    },
  };
}
