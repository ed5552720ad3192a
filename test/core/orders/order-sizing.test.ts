import type { StrategyContext } from '../../../src/core/strategy/strategy.ts';
import { describe, expect, it } from 'vitest';
import { formatFixed, parseFixed, ZERO } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Kernel } from '../../../src/core/kernel/kernel.ts';
import { createCandleBatch, pushCandle } from '../../../src/core/market/candle-batch.ts';
import type { Order, OrderRequest } from '../../../src/core/orders/order.ts';
import { sizeOrder, type SizingInputs } from '../../../src/core/orders/order-sizing.ts';
import { ManualVenue } from '../../helpers/manual-venue.ts';

const d = parseFixed;
const btc = defaultSymbols.instrument('BTC/USD'); // ordermin 0.0001, costmin 0.5, tick 0.1, lot 8
const inputs = (over: Partial<SizingInputs> = {}): SizingInputs => ({ instrument: btc, lastPrice: d('50000'), takerFeeRate: d('0.0026'), baseAvailable: ZERO, ...over });
const fmt = (v: bigint | undefined) => (v === undefined ? undefined : formatFixed(v));

describe('order sizing (table)', () => {
  // name, request, inputs, expected: refusal text fragment, or the sized fields
  const cases: [string, OrderRequest, Partial<SizingInputs>, { refused?: RegExp; qty?: string; limit?: string; trigger?: string }][] = [
    ['issue 11: a quote buy that gets under 0.0001 BTC is refused (ordermin 0.0001)', { pair: 'BTC/USD', side: 'buy', type: 'market', quoteQty: d('5') }, { lastPrice: d('50000') }, { refused: /5 USD buys about 0\.00009974 BTC at 50000: quantity 0\.00009974 is below the minimum 0\.0001 BTC/ }],
    ['a quote buy that gets at least ordermin passes unchanged', { pair: 'BTC/USD', side: 'buy', type: 'market', quoteQty: d('5.02') }, {}, {}],
    ['a quote buy at costmin whose cost after the fee is below costmin is refused', { pair: 'BTC/USD', side: 'buy', type: 'market', quoteQty: d('0.5') }, { lastPrice: d('1000') }, { refused: /cost 0\.49.* below the minimum 0\.5 USD/ }],
    ['a quote buy before any price is left to the venue', { pair: 'BTC/USD', side: 'buy', type: 'market', quoteQty: d('1') }, { lastPrice: undefined }, {}],
    ['a base quantity finer than the lot is rounded down', { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('0.123456789') }, {}, { qty: '0.12345678' }],
    ['a base quantity that rounds below ordermin is refused', { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('0.000099999') }, {}, { refused: /quantity 0\.00009999 is below the minimum 0\.0001 BTC/ }],
    ['a base order below costmin at the reference price is refused', { pair: 'BTC/USD', side: 'buy', type: 'limit', qty: d('0.0001'), limitPrice: d('4000') }, {}, { refused: /cost 0\.4 is below the minimum 0\.5 USD/ }],
    ['a buy limit off the tick is rounded down', { pair: 'BTC/USD', side: 'buy', type: 'limit', qty: d('1'), limitPrice: d('99.95') }, {}, { limit: '99.9' }],
    ['a sell limit off the tick is rounded up', { pair: 'BTC/USD', side: 'sell', type: 'limit', qty: d('1'), limitPrice: d('99.95') }, { baseAvailable: d('5') }, { limit: '100' }],
    ['a trigger off the tick goes to the nearest tick', { pair: 'BTC/USD', side: 'sell', type: 'stop-loss', qty: d('1'), triggerPrice: d('99.94') }, { baseAvailable: d('5') }, { trigger: '99.9' }],
    ['a sell that would leave dust sells everything', { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('0.99995') }, { baseAvailable: d('1') }, { qty: '1' }],
    ['a sell that would leave less than costmin in value sells everything', { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('0.0101') }, { baseAvailable: d('0.0102'), lastPrice: d('1000') }, { qty: '0.0102' }],
    ['a sell leaving a sellable remainder is unchanged', { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('0.5') }, { baseAvailable: d('1') }, {}],
    ['a sell of more than is free is left to the risk engine', { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('2') }, { baseAvailable: d('1') }, {}],
    ['a sell of a position that is itself below ordermin is refused', { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('0.00005') }, { baseAvailable: d('0.00005') }, { refused: /below the minimum 0\.0001 BTC/ }],
  ];
  it.each(cases)('%s', (_name, req, over, want) => {
    const r = sizeOrder(req, inputs(over));
    if (want.refused) {
      expect(r.refusal?.[0]).toBe('below-minimum');
      expect(r.refusal?.[1]).toMatch(want.refused);
      expect(r.request).toBe(req); // the record keeps what was asked
      return;
    }
    expect(r.refusal).toBeUndefined();
    expect(fmt(r.request.qty)).toBe(want.qty ?? fmt(req.qty));
    expect(fmt(r.request.limitPrice)).toBe(want.limit ?? fmt(req.limitPrice));
    expect(fmt(r.request.triggerPrice)).toBe(want.trigger ?? fmt(req.triggerPrice));
    expect(r.notes.length > 0).toBe(want.qty !== undefined || want.limit !== undefined || want.trigger !== undefined);
  });

  it('a tick coarser than the price decimals is respected', () => {
    const inst = { ...btc, tickSize: d('0.5') };
    const r = sizeOrder({ pair: 'BTC/USD', side: 'buy', type: 'limit', qty: d('1'), limitPrice: d('100.4') }, inputs({ instrument: inst }));
    expect(fmt(r.request.limitPrice)).toBe('100');
  });
});

describe('order sizing on the kernel submit path', () => {
  function kernelAt(price: number) {
    const venue = new ManualVenue();
    let ctx: StrategyContext | undefined;
    const k = new Kernel({ instruments: [btc], accountCurrency: 'USD', strategy: { name: 'none', onStart: (c) => (ctx = c) }, venue, retainClosedOrders: true });
    k.deposit(0, 'USD', d('1000'));
    k.start(0);
    const b = createCandleBatch(1, 3_600_000);
    pushCandle(b, 0, 0, price, price, price, price, 1000);
    k.onCandles(b);
    // Orders enter through a strategy's context, as in every run.
    const submit = (req: OrderRequest): Order => ctx!.submit(req);
    return { k, venue, submit };
  }

  it('refuses the quote buy of issue 11 before the venue sees it, with the reason recorded', () => {
    const { venue, submit } = kernelAt(50000);
    const o = submit({ pair: 'BTC/USD', side: 'buy', type: 'market', quoteQty: d('4.988') });
    expect(o.status).toBe('rejected');
    expect(o.reason).toBe('below-minimum: 4.988 USD buys about 0.00009976 BTC at 50000: quantity 0.00009976 is below the minimum 0.0001 BTC');
    expect(venue.submitted).toHaveLength(0);
  });

  it('sends the rounded quantity to the venue', () => {
    const { venue, submit } = kernelAt(100);
    const o = submit({ pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('1.123456789') });
    expect(o.status).toBe('pending-new');
    expect(formatFixed(o.qty)).toBe('1.12345678');
    expect(venue.submitted).toHaveLength(1);
  });
});
