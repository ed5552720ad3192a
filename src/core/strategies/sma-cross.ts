import { ZERO } from '../decimal/fixed.ts';
import type { Bar } from '../market/bar.ts';
import type { Strategy, StrategyContext, StrategyFactory } from '../strategy/strategy.ts';
import { intParam, rejectUnknownParams, StrategyParamError } from './params.ts';

/** Closes are summed as integers of 1e-8 so every SMA is exact and independent of where history began. */
const SCALE = 1e8;

interface PairState {
  readonly ring: Float64Array; // last `slow` closes, scaled to integers
  count: number;
  head: number;
  sumFast: number;
  sumSlow: number;
  /** SMAs of the previous candle; NaN while undefined. */
  prevFast: number;
  prevSlow: number;
}

/**
 * Long-only moving-average crossover, with the exact semantics of the issue that defines it:
 * SMAs of closes over `fast` and `slow` candles. A cross-up on a closed candle means
 * fast > slow on it and fast <= slow on the candle before, both SMAs defined on both (so the
 * first possible signal is on candle slow+1); a cross-down mirrors it; equality on the candle
 * itself is no cross. Cross-up while flat: market buy spending all available quote cash, fee
 * included (the venue sizes qty = cash / (price x (1 + taker)) at the fill price, rounded
 * down to the lot), filled at the next open. Cross-down while long: market sell of the whole
 * position at the next open. Signals on the run's last candle are ignored.
 */
export class SmaCross implements Strategy {
  readonly name = 'sma-cross';
  private states: PairState[] = [];

  constructor(readonly fast = 10, readonly slow = 30) {
    if (!(fast >= 1 && slow > fast)) throw new StrategyParamError(`sma-cross: need 1 <= fast < slow, got fast=${fast} slow=${slow}`);
  }

  onStart(ctx: StrategyContext): void {
    this.states = ctx.instruments().map(() => this.emptyState());
  }

  onCandle(ctx: StrategyContext, bar: Bar): void {
    const s = this.states[bar.pairIndex];
    const x = Math.round(bar.close * SCALE);
    const slow = this.slow;
    const fast = this.fast;
    const ring = s.ring;
    // Running integer sums are exact (well below 2^53), so they never drift.
    if (s.count >= slow) s.sumSlow -= ring[s.head];
    if (s.count >= fast) s.sumFast -= ring[(s.head + slow - fast) % slow];
    ring[s.head] = x;
    s.head = (s.head + 1) % slow;
    s.sumSlow += x;
    s.sumFast += x;
    s.count++;
    const fastNow = s.count >= fast ? s.sumFast / fast : NaN;
    const slowNow = s.count >= slow ? s.sumSlow / slow : NaN;
    const prevFast = s.prevFast;
    const prevSlow = s.prevSlow;
    s.prevFast = fastNow;
    s.prevSlow = slowNow;
    if (!(slowNow === slowNow && prevSlow === prevSlow)) return; // both SMAs must be defined on both candles
    const up = fastNow > slowNow && prevFast <= prevSlow;
    const down = fastNow < slowNow && prevFast >= prevSlow;
    if (!up && !down) return;
    const end = ctx.runEnd();
    if (end !== undefined && bar.closeTime >= end) return;
    this.act(ctx, bar.symbol, up);
  }

  private act(ctx: StrategyContext, pair: string, up: boolean): void {
    if (ctx.openOrders(pair).length > 0) return;
    const held = ctx.position(pair);
    if (up && held === ZERO) {
      const inst = ctx.instrument(pair);
      const cash = ctx.available(inst.quote);
      // Dust below the pair's minimum order cost is not "cash to spend": the venue would refuse it.
      if (cash > ZERO && cash >= inst.minCost) ctx.submit({ pair, side: 'buy', type: 'market', quoteQty: cash, tag: 'sma cross-up' });
    } else if (!up && held > ZERO) {
      ctx.submit({ pair, side: 'sell', type: 'market', qty: held, tag: 'sma cross-down' });
    }
  }

  private emptyState(): PairState {
    return { ring: new Float64Array(this.slow), count: 0, head: 0, sumFast: 0, sumSlow: 0, prevFast: NaN, prevSlow: NaN };
  }

  snapshot(): unknown {
    return this.states.map((s) => ({ ...s, ring: [...s.ring], prevFast: nanToNull(s.prevFast), prevSlow: nanToNull(s.prevSlow) }));
  }

  restore(state: unknown): void {
    this.states = (state as any[]).map((s) => ({
      ...s,
      ring: Float64Array.from(s.ring),
      prevFast: s.prevFast ?? NaN,
      prevSlow: s.prevSlow ?? NaN,
    }));
  }
}

function nanToNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

export const smaCrossFactory: StrategyFactory = {
  name: 'sma-cross',
  description: 'Long-only SMA crossover: buy all-in on a cross-up, sell all on a cross-down, at the next open.',
  params: {
    fast: { default: '10', description: 'fast SMA period in candles' },
    slow: { default: '30', description: 'slow SMA period in candles (> fast)' },
  },
  create(params) {
    rejectUnknownParams('sma-cross', params, ['fast', 'slow']);
    const fast = intParam('sma-cross', params, 'fast', 10, 1, 100_000);
    const slow = intParam('sma-cross', params, 'slow', 30, 2, 100_000);
    return new SmaCross(fast, slow);
  },
};
