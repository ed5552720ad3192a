import { roundTo, ZERO } from '../decimal/fixed.ts';
import type { Strategy, StrategyContext, StrategyFactory } from '../strategy/strategy.ts';
import { rejectUnknownParams } from './params.ts';

/**
 * Buys at the start and holds. At start it places one market buy per pair spending an equal
 * share of the available quote cash, fee included, so the buy fills at the first candle's
 * open. Nothing is ever sold; the position is marked to the last close.
 */
export class BuyAndHold implements Strategy {
  readonly name = 'buy-and-hold';

  onStart(ctx: StrategyContext): void {
    const pairs = ctx.instruments();
    if (pairs.length === 0) return;
    const quote = pairs[0].quote;
    const share = ctx.available(quote) / BigInt(pairs.length);
    for (const inst of pairs) {
      const amount = roundTo(share, inst.costDecimals, 'down');
      if (amount > ZERO) ctx.submit({ pair: inst.symbol, side: 'buy', type: 'market', quoteQty: amount, tag: 'buy-and-hold entry' });
    }
  }
}

export const buyAndHoldFactory: StrategyFactory = {
  name: 'buy-and-hold',
  description: 'Buy every pair at the first open with an equal share of cash, hold to the end.',
  params: {},
  create(params) {
    rejectUnknownParams('buy-and-hold', params, []);
    return new BuyAndHold();
  },
};
