/**
 * Whatever the signals, the portfolio never breaks the per-pair, top-three or no-leverage
 * limits after any fill. Prices are held constant per pair (flat candles) so that the only
 * thing that can move a share is trading itself: fills and their fees. Price drift between
 * orders is a different matter (docs/regime-portfolio.md, "Limits and price drift").
 */
import fc from 'fast-check';
import { parseStrategyBudgets } from '../../../../src/core/risk/strategy-budget-config.ts';
import { describe, expect, it } from 'vitest';
import { fromFloat, mul, parseFixed, ZERO, type Fixed } from '../../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../../src/core/instruments/symbols.ts';
import { Kernel } from '../../../../src/core/kernel/kernel.ts';
import { createCandleBatch, pushCandle } from '../../../../src/core/market/candle-batch.ts';
import type { Order } from '../../../../src/core/orders/order.ts';
import { DEFAULT_PARAMS, ExposureLimitsCheck, RegimePortfolio } from '../../../../src/core/strategies/regime-portfolio/index.ts';
import type { Strategy } from '../../../../src/core/strategy/strategy.ts';
import { KrakenFeeModel } from '../../../../src/core/venue/sim/fee-model.ts';
import { SimulatedVenue } from '../../../../src/core/venue/sim/simulated-venue.ts';

const RUNS = Math.max(30, Math.floor(Number(process.env.PROPERTY_RUNS ?? 2000) / 20));
const PAIRS = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD', 'DOT/USD'];
const PRICES = [30_000.5, 2_000.25, 40.11, 0.51234, 0.412345, 6.1234];
const DAY = 86_400_000;
const TAKER = '0.0026';

interface Limits {
  pairCap: number;
  top3Cap: number;
}

const limitsArb: fc.Arbitrary<Limits> = fc.record({ pairCap: fc.constantFrom(0.05, 0.05, 0.2, 0.3), top3Cap: fc.constantFrom(0.5, 0.5, 0.4) });

/** Asserts the limits on the kernel's exact marks; called after every fill. */
function assertLimits(k: Kernel, lim: Limits): void {
  const equity = k.equity();
  const values = PAIRS.map((p) => {
    const base = p.split('/')[0];
    const bal = k.ledger.balance(base);
    return bal === ZERO ? ZERO : mul(bal, k.markFn(base), 'up');
  });
  const cap = (x: number): Fixed => mul(equity, fromFloat(x, 9), 'down');
  for (let i = 0; i < PAIRS.length; i++) expect(values[i] <= cap(lim.pairCap), `${PAIRS[i]} over the pair cap`).toBe(true);
  const top = [...values].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  expect(top[0] + top[1] + top[2] <= cap(lim.top3Cap), 'top three over their cap').toBe(true);
  expect(values.reduce((s, v) => s + v, ZERO) <= equity, 'leverage').toBe(true);
  expect(k.ledger.balance('USD') >= ZERO).toBe(true);
}

let fills = 0;

function run(strategy: Strategy, steps: number, lim: Limits, onOrder: (o: Order) => void): Kernel {
  const instruments = PAIRS.map((p) => defaultSymbols.instrument(p));
  const ref: { kernel?: Kernel } = {};
  const k = new Kernel({
    instruments,
    accountCurrency: 'USD',
    strategy,
    venue: new SimulatedVenue({ fees: new KrakenFeeModel({ maker: '0.0016', taker: TAKER }) }),
    onFill: () => {
      fills++;
      assertLimits(ref.kernel!, lim);
    },
    onOrderClosed: onOrder,
    runEnd: steps * DAY,
  });
  ref.kernel = k;
  k.deposit(0, 'USD', parseFixed('100000'));
  k.start(0);
  const b = createCandleBatch(steps * PAIRS.length, DAY);
  for (let s = 0; s < steps; s++) for (let p = 0; p < PAIRS.length; p++) pushCandle(b, p, s * DAY, PRICES[p], PRICES[p], PRICES[p], PRICES[p], 1e9);
  k.onCandles(b);
  k.stop(steps * DAY);
  return k;
}

/** Submits whatever the generated actions say, far beyond the caps; only the checks stand in the way. */
class RawOrders implements Strategy {
  readonly name = 'raw-orders';
  private i = 0;
  constructor(readonly checks: readonly ExposureLimitsCheck[], private readonly actions: readonly { pair: number; buy: boolean; size: number }[]) {}
  onCandle(ctx: Parameters<NonNullable<Strategy['onCandle']>>[0], bar: Parameters<NonNullable<Strategy['onCandle']>>[1]): void {
    const a = this.actions[this.i++ % this.actions.length];
    if (a.pair !== bar.pairIndex) return;
    const pair = bar.symbol;
    if (a.buy) {
      const quote = Math.floor(a.size * ctx.equity() * 100) / 100;
      if (quote >= 1) ctx.submit({ pair, side: 'buy', type: 'market', quoteQty: fromFloat(quote, 2) });
    } else {
      const held = ctx.available(ctx.instrument(pair).base);
      const qty = ctx.roundQty(pair, mul(held, fromFloat(a.size, 6), 'down'));
      if (qty > ZERO && qty >= ctx.instrument(pair).minQty) ctx.submit({ pair, side: 'sell', type: 'market', qty });
    }
  }
}

/** The real composite with its signals replaced by generated targets (fractions of equity, up to 100%). */
class RandomTargets extends RegimePortfolio {
  private n = 0;
  private current = 0;
  constructor(lim: Limits, private readonly targets: readonly number[]) {
    // A fixed split (no confidence steps) so a small band is allowed; no member budgets: the portfolio limits are under test.
    super({ ...DEFAULT_PARAMS, pairCap: lim.pairCap, top3Cap: lim.top3Cap, downtime: null, maxCorrelation: 1, rebalanceBand: 0.001, allocation: { minWeight: 0.5, maxWeight: 0.5, confidenceStep: 1 }, budgets: parseStrategyBudgets({}) });
  }
  override onCandle(...args: Parameters<RegimePortfolio['onCandle']>): void {
    this.current = this.targets[this.n++ % this.targets.length];
    super.onCandle(...args);
  }
  /** The whole generated target goes to the first member's book. */
  override memberTarget(s: number): number {
    return s === 0 ? this.current : 0;
  }
}

describe('portfolio limits (fast-check)', () => {
  it('random raw orders: the checks keep every limit after every fill', () => {
    fills = 0;
    const reasons = new Set<string>();
    fc.assert(
      fc.property(
        limitsArb,
        fc.array(fc.record({ pair: fc.nat({ max: PAIRS.length - 1 }), buy: fc.boolean(), size: fc.double({ min: 0.001, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 40 }),
        (lim, actions) => {
          const check = new ExposureLimitsCheck({ ...lim, costRate: Number(TAKER) + 0.001 });
          run(new RawOrders([check], actions), 30, lim, (o) => {
            if (o.status === 'rejected') reasons.add((o.reason ?? '').split(':')[0]);
          });
        },
      ),
      { numRuns: RUNS },
    );
    // Not vacuous: orders filled, and the checks had to refuse some of them.
    expect(fills).toBeGreaterThan(RUNS);
    expect(reasons.has('pair-cap')).toBe(true);
  });

  it('random signals through the composite: sizing respects the limits by construction (no limit rejection) and they hold after every fill', () => {
    fills = 0;
    fc.assert(
      fc.property(limitsArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), (lim, targets) => {
        const rejected: string[] = [];
        const strategy = new RandomTargets(lim, targets);
        const k = run(strategy, 130, lim, (o) => {
          if (o.status === 'rejected') rejected.push(o.reason ?? '');
        });
        expect(rejected.filter((r) => /^(pair-cap|top3-cap|leverage|insufficient-cash)/.test(r))).toEqual([]);
        expect(k.eventCount()).toBeGreaterThan(0);
      }),
      { numRuns: Math.max(10, Math.floor(RUNS / 3)) },
    );
    expect(fills).toBeGreaterThan(10);
  });

  it('regression: a buy outside the top three must not push the existing top three over the cap (seed 1964423557)', () => {
    const lim = { pairCap: 0.3, top3Cap: 0.5 };
    const rejected: string[] = [];
    run(new RandomTargets(lim as never, [0.09987720000000001, 0.2976408, 0.0999743, 0]), 130, lim as never, (o) => {
      if (o.status === 'rejected') rejected.push(o.reason ?? '');
    });
    expect(rejected.filter((r) => /^(pair-cap|top3-cap|leverage|insufficient-cash)/.test(r))).toEqual([]);
  });
});
