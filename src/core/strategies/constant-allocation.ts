import { toNumber } from '../decimal/fixed.ts';
import type { Bar } from '../market/bar.ts';
import type { Strategy, StrategyContext, StrategyFactory } from '../strategy/strategy.ts';
import { rejectUnknownParams, StrategyParamError } from './params.ts';
import { rebalanceOrder } from './regime-portfolio/sizing.ts';

/**
 * The no-skill control: every pair held at the same constant share of equity, always in,
 * rebalanced when it drifts more than `band` from it. A strategy that times the market has to
 * beat this at the same average exposure to show skill (research/evaluate uses it so).
 */
export class ConstantAllocation implements Strategy {
  readonly name = 'constant-allocation';

  constructor(readonly share: number, readonly band: number) {
    if (!(share > 0 && share <= 1)) throw new RangeError(`constant-allocation: share must be in (0, 1], got ${share}`);
    if (!(band > 0 && band < 1)) throw new RangeError(`constant-allocation: band must be in (0, 1), got ${band}`);
  }

  onStart(ctx: StrategyContext): void {
    if (this.share * ctx.instruments().length > 1 + 1e-12) throw new RangeError(`constant-allocation: ${ctx.instruments().length} pairs x share ${this.share} is more than 100% of equity`);
  }

  onCandle(ctx: StrategyContext, bar: Bar): void {
    const end = ctx.runEnd();
    if ((end !== undefined && bar.closeTime >= end) || ctx.openOrders(bar.symbol).length > 0) return;
    const inst = ctx.instrument(bar.symbol);
    const equity = ctx.equity();
    // Cash left after the fee of the buy (0.5% safety), so the buy never needs more than is there.
    const headroom = (toNumber(ctx.available(inst.quote)) * 0.995) / (1 + toNumber(ctx.feeRate('taker')));
    const order = rebalanceOrder({ pair: bar.symbol, price: bar.close, held: ctx.position(bar.symbol), equity, target: this.share, headroom, band: this.band, lotDecimals: inst.lotDecimals, minQty: inst.minQty, minCost: toNumber(inst.minCost) }, 'constant');
    if (order) ctx.submit(order);
  }
}

function fraction(params: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new StrategyParamError(`constant-allocation: ${name} must be a number, got "${raw}"`);
  return v;
}

export const constantAllocationFactory: StrategyFactory = {
  name: 'constant-allocation',
  description: 'No-skill control: every pair at a constant share of equity, always in, rebalanced past a band.',
  params: {
    share: { default: '0.2', description: 'share of equity held in each pair' },
    band: { default: '0.02', description: 'drift from the share, fraction of equity, that triggers a rebalance' },
  },
  create(params) {
    rejectUnknownParams('constant-allocation', params, ['share', 'band']);
    try {
      return new ConstantAllocation(fraction(params, 'share', 0.2), fraction(params, 'band', 0.02));
    } catch (e) {
      if (e instanceof RangeError) throw new StrategyParamError(e.message);
      throw e;
    }
  },
};
