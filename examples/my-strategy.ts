import type { Strategy, StrategyFactory } from '../src/core/strategy/strategy.ts';
import { intParam, rejectUnknownParams } from '../src/core/strategies/params.ts';

/**
 * Channel breakout, long only: buy with all available cash when a close tops the highest of
 * the previous `lookback` closes; sell the whole position when a close falls below the lowest.
 */
const breakout: StrategyFactory = {
  name: 'breakout',
  description: 'Buy a close above the previous N closes, sell a close below them.',
  params: { lookback: { default: '20', description: 'closes in the channel' } },
  create(params): Strategy {
    rejectUnknownParams('breakout', params, ['lookback']);
    const lookback = intParam('breakout', params, 'lookback', 20, 2, 10_000);
    const closes: number[][] = []; // per pair, the last `lookback` closes
    return {
      name: 'breakout',
      onCandle(ctx, bar) {
        const past = (closes[bar.pairIndex] ??= []);
        if (past.length === lookback && ctx.openOrders(bar.symbol).length === 0) {
          const held = ctx.position(bar.symbol);
          const inst = ctx.instrument(bar.symbol);
          const cash = ctx.available(inst.quote);
          if (held === 0n && bar.close > Math.max(...past) && cash > inst.minCost) {
            ctx.submit({ pair: bar.symbol, side: 'buy', type: 'market', quoteQty: cash });
          } else if (held > 0n && bar.close < Math.min(...past)) {
            ctx.submit({ pair: bar.symbol, side: 'sell', type: 'market', qty: held });
          }
        }
        past.push(bar.close);
        if (past.length > lookback) past.shift();
      },
    };
  },
};

export default breakout;
