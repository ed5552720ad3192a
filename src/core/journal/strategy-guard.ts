import type { Strategy, StrategyContext } from '../strategy/strategy.ts';

/** The first exception a live strategy threw: after it the strategy is halted. */
export interface StrategyFault {
  /** Kernel (event) time of the callback that threw. */
  readonly time: number;
  readonly callback: string;
  readonly message: string;
  readonly stack: string;
}

export interface GuardedStrategy {
  readonly strategy: Strategy;
  fault(): StrategyFault | undefined;
}

type Callback = 'onStart' | 'onCandle' | 'onOrderUpdate' | 'onFill' | 'onTimer' | 'onStop';
const CALLBACKS: readonly Callback[] = ['onStart', 'onCandle', 'onOrderUpdate', 'onFill', 'onTimer', 'onStop'];

/**
 * Wraps a live session's strategy so that an exception halts the strategy instead of the
 * session: the first throw is recorded (with its stack) and reported, and from then on no
 * callback of the strategy runs. The kernel goes on tracking positions, orders and fills; the
 * strategy's open orders stay where they are (a resting stop keeps protecting a position).
 *
 * Deterministic: it runs inside the kernel on event time, so a replay of the journal halts the
 * strategy at the same event. The fault is part of the snapshot.
 */
export function guardStrategy(inner: Strategy, onFault: (f: StrategyFault) => void = () => {}): GuardedStrategy {
  let fault: StrategyFault | undefined;
  const wrap = (name: Callback): ((ctx: StrategyContext, arg?: never) => void) | undefined => {
    const fn = inner[name] as ((ctx: StrategyContext, arg?: unknown) => void) | undefined;
    if (typeof fn !== 'function') return undefined;
    return (ctx, arg) => {
      if (fault) return;
      try {
        fn.call(inner, ctx, arg);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        fault = { time: ctx.now(), callback: name, message: err.message, stack: err.stack ?? `${err.name}: ${err.message}` };
        onFault(fault);
      }
    };
  };
  const strategy: Strategy = {
    name: inner.name,
    checks: inner.checks,
    snapshot: () => ({ inner: inner.snapshot?.() ?? null, fault: fault ?? null }),
    restore: (state: unknown) => {
      const s = state as { inner: unknown; fault: StrategyFault | null };
      if (s.inner !== null) inner.restore?.(s.inner);
      fault = s.fault ?? undefined;
    },
  };
  for (const name of CALLBACKS) {
    const w = wrap(name);
    if (w) (strategy as Record<Callback, unknown>)[name] = w;
  }
  return { strategy, fault: () => fault };
}
