import { fromFloat, mul, ZERO } from '../../src/core/decimal/fixed.ts';
import type { Bar } from '../../src/core/market/bar.ts';
import type { OrderType } from '../../src/core/orders/order.ts';
import type { Strategy, StrategyContext } from '../../src/core/strategy/strategy.ts';

const TYPES: OrderType[] = ['market', 'limit', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit', 'trailing-stop'];

/**
 * A stateless strategy that places every kind of order at random, drawing only from the
 * kernel's seeded generator: a stress source for the property tests (its whole state lives
 * in the kernel, so snapshot/restore must reproduce it exactly).
 */
export class RandomOrders implements Strategy {
  readonly name = 'random-orders';

  onCandle(ctx: StrategyContext, bar: Bar): void {
    if (ctx.random() > 0.35) return;
    const pair = bar.symbol;
    const inst = ctx.instrument(pair);
    const open = ctx.openOrders(pair);
    if (open.length && ctx.random() < 0.3) {
      ctx.cancel(open[Math.floor(ctx.random() * open.length)].clientId);
      return;
    }
    const type = TYPES[Math.floor(ctx.random() * TYPES.length)];
    const sell = ctx.random() < 0.45;
    const px = bar.close;
    const away = (f: number) => ctx.roundPrice(pair, fromFloat(px * f, 8));
    const up = 1 + ctx.random() * 0.03;
    const down = 1 - ctx.random() * 0.03;
    let qty = ZERO;
    if (sell) qty = ctx.roundQty(pair, mul(ctx.available(inst.base), fromFloat(0.2 + ctx.random() * 0.9, 6)));
    else qty = ctx.roundQty(pair, fromFloat((ctx.random() * 0.4 * Math.max(0, Number(ctx.available(inst.quote)) / 1e18)) / px, 8));
    if (qty <= ZERO) return;
    const stopSide = sell ? down : up; // stops trigger against the position
    const tpSide = sell ? up : down;
    switch (type) {
      case 'market':
        ctx.submit({ pair, side: sell ? 'sell' : 'buy', type, qty, timeInForce: ctx.random() < 0.2 ? 'ioc' : 'gtc' });
        break;
      case 'limit':
        ctx.submit({ pair, side: sell ? 'sell' : 'buy', type, qty, limitPrice: away(sell ? up : down), postOnly: ctx.random() < 0.3, timeInForce: ctx.random() < 0.1 ? 'ioc' : 'gtc' });
        break;
      case 'stop-loss':
      case 'take-profit':
        ctx.submit({ pair, side: sell ? 'sell' : 'buy', type, qty, triggerPrice: away(type === 'stop-loss' ? stopSide : tpSide) });
        break;
      case 'stop-loss-limit':
      case 'take-profit-limit': {
        const trig = type === 'stop-loss-limit' ? stopSide : tpSide;
        ctx.submit({ pair, side: sell ? 'sell' : 'buy', type, qty, triggerPrice: away(trig), limitPrice: away(sell ? trig * 0.995 : trig * 1.005) });
        break;
      }
      case 'trailing-stop':
        ctx.submit({ pair, side: sell ? 'sell' : 'buy', type, qty, trailOffset: fromFloat(0.005 + ctx.random() * 0.02, 6), trailIsPercent: true });
        break;
    }
  }
}
