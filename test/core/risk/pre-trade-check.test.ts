import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Kernel } from '../../../src/core/kernel/kernel.ts';
import { createCandleBatch, pushCandle } from '../../../src/core/market/candle-batch.ts';
import type { PreTradeCheck } from '../../../src/core/risk/pre-trade-check.ts';
import type { Order } from '../../../src/core/orders/order.ts';
import type { Strategy } from '../../../src/core/strategy/strategy.ts';
import { ManualVenue } from '../../helpers/manual-venue.ts';

describe('extra pre-trade checks', () => {
  it('run after the built-in checks, see the portfolio, and reject with their own reason code', () => {
    const seen: string[] = [];
    const capEth: PreTradeCheck = {
      name: 'no-eth-over-1000',
      check(order, view) {
        seen.push(`${order.pair}:${view.orderNotional}`);
        if (order.pair === 'ETH/USD' && view.orderNotional + view.positionValue('ETH/USD') > parseFixed('1000')) return { reason: 'eth-cap', detail: 'ETH over 1000 USD' };
        return undefined;
      },
    };
    const placed: Order[] = [];
    const strategy: Strategy = {
      name: 'probe',
      checks: [capEth],
      onCandle(ctx, bar) {
        if (bar.symbol !== 'ETH/USD') return;
        placed.push(ctx.submit({ pair: 'ETH/USD', side: 'buy', type: 'market', qty: parseFixed('5') }));
        placed.push(ctx.submit({ pair: 'ETH/USD', side: 'buy', type: 'market', qty: parseFixed('20') }));
        placed.push(ctx.submit({ pair: 'ETH/USD', side: 'buy', type: 'market', qty: parseFixed('100000') })); // fails the built-in cash check first
      },
    };
    const k = new Kernel({ instruments: ['BTC/USD', 'ETH/USD'].map((p) => defaultSymbols.instrument(p)), accountCurrency: 'USD', strategy, venue: new ManualVenue() });
    k.deposit(0, 'USD', parseFixed('10000'));
    k.start(0);
    const b = createCandleBatch(2, 3_600_000);
    pushCandle(b, 0, 0, 100, 100, 100, 100, 1);
    pushCandle(b, 1, 0, 100, 100, 100, 100, 1);
    k.onCandles(b);
    expect(placed.map((o) => [o.status, o.reason?.split(':')[0]])).toEqual([
      ['pending-new', undefined],
      ['rejected', 'eth-cap'],
      ['rejected', 'insufficient-cash'],
    ]);
    expect(seen).toHaveLength(2); // never consulted for the order the built-in checks refused
  });
});
