import { describe, expect, it } from 'vitest';
import { div, formatFixed, mul, ONE, parseFixed, roundTo } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Kernel } from '../../../src/core/kernel/kernel.ts';
import { createCandleBatch, pushCandle } from '../../../src/core/market/candle-batch.ts';
import { SmaCross, smaCrossFactory } from '../../../src/core/strategies/sma-cross.ts';
import { BuyAndHold } from '../../../src/core/strategies/buy-and-hold.ts';
import type { Strategy } from '../../../src/core/strategy/strategy.ts';
import { KrakenFeeModel } from '../../../src/core/venue/sim/fee-model.ts';
import { SimulatedVenue } from '../../../src/core/venue/sim/simulated-venue.ts';

const HOUR = 3_600_000;

/** Candles from closes: each opens at `open ?? previous close`; returns fills as [candle index of the fill, side, qty, price]. */
function run(strategy: Strategy, closes: number[], opens?: number[], withEnd = true) {
  const fills: [number, string, string, string][] = [];
  const submits: number[] = [];
  const venue = new SimulatedVenue({ fees: new KrakenFeeModel({ maker: '0.0016', taker: '0.0026' }) });
  const n = closes.length;
  const kernel = new Kernel({
    instruments: [defaultSymbols.instrument('BTC/USD')],
    accountCurrency: 'USD',
    strategy,
    venue,
    runEnd: withEnd ? n * HOUR : undefined,
    onFill: (f) => fills.push([f.time / HOUR - 1, f.side, formatFixed(f.qty), formatFixed(f.price)]),
    onEvent: (line) => {
      if (line.split('|')[2] === 'submit') submits.push(Number(line.split('|')[0]) / HOUR - 1);
    },
  });
  const b = createCandleBatch(n, HOUR);
  closes.forEach((c, i) => {
    const o = opens?.[i] ?? (i ? closes[i - 1] : c);
    pushCandle(b, 0, i * HOUR, o, Math.max(o, c) + 1, Math.min(o, c) - 1, c, 1000);
  });
  kernel.deposit(0, 'USD', parseFixed('10000'));
  kernel.start(0);
  kernel.onCandles(b);
  kernel.stop(n * HOUR);
  return { fills, submits, kernel };
}

describe('sma-cross semantics', () => {
  it('the first possible signal is on candle slow+1 (both SMAs defined on both candles)', () => {
    // fast=2, slow=3. Candle 3 (index 2) has fast > slow but no defined slow SMA before it: no signal.
    expect(run(new SmaCross(2, 3), [9, 9, 12, 12, 12]).submits).toEqual([]);
    // Candle 4 (index 3): fast 10.5 > slow 10, previous candle fast 9 <= slow 9: cross-up.
    const r = run(new SmaCross(2, 3), [9, 9, 9, 12, 12]);
    expect(r.submits).toEqual([3]);
    expect(r.fills.map((f) => f[0])).toEqual([4]); // filled at the next candle's open
  });

  it('equality on the candle itself is no cross', () => {
    // index 3: fast = (9+12)/2 = 10.5, slow = (10.5+9+12)/3 = 10.5 -> equal: nothing.
    expect(run(new SmaCross(2, 3), [10.5, 10.5, 9, 12, 12.0]).submits).toEqual([]);
  });

  it('buys with all cash, fee included, at the next open, rounded down to the lot', () => {
    const r = run(new SmaCross(2, 3), [9, 9, 9, 12, 12, 12], [9, 9, 9, 9, 13, 12]);
    const price = parseFixed('13');
    const expected = roundTo(div(parseFixed('10000'), mul(price, ONE + parseFixed('0.0026')), 'down'), 8, 'down');
    expect(r.fills).toEqual([[4, 'buy', formatFixed(expected), '13']]);
  });

  it('a cross-down while long sells the whole position at the next open', () => {
    const r = run(new SmaCross(2, 3), [9, 9, 9, 12, 12, 12, 8, 8, 8], [9, 9, 9, 9, 12, 12, 12, 7.5, 8]);
    expect(r.fills.map((f) => [f[0], f[1], f[3]])).toEqual([[4, 'buy', '12'], [7, 'sell', '7.5']]);
    expect(r.fills[0][2]).toBe(r.fills[1][2]);
    expect(r.kernel.ledger.balance('BTC')).toBe(0n);
  });

  it('a signal on the last candle is ignored, and an open position is marked, not sold', () => {
    const last = run(new SmaCross(2, 3), [9, 9, 9, 12]);
    expect(last.submits).toEqual([]);
    const held = run(new SmaCross(2, 3), [9, 9, 9, 12, 13, 14]);
    expect(held.fills.map((f) => f[1])).toEqual(['buy']);
    const k = held.kernel;
    expect(k.equity()).toBe(k.ledger.balance('USD') + mul(k.ledger.balance('BTC'), parseFixed('14')));
  });

  it('rejects bad parameters with a message naming them', () => {
    expect(() => smaCrossFactory.create({ fast: '30', slow: '10' })).toThrow(/fast < slow/);
    expect(() => smaCrossFactory.create({ fast: 'ten' })).toThrow(/fast must be a whole number/);
    expect(() => smaCrossFactory.create({ speed: '3' })).toThrow(/unknown parameter "speed"; it takes fast, slow/);
  });

  it('the SMA is exact: the same signal whatever history came before', () => {
    const tail = [9, 9, 9, 12, 12, 11, 8, 8, 13, 13];
    const a = run(new SmaCross(2, 3), tail).submits.map((i) => i);
    // A falling prefix: no entries, only a different history before the same tail.
    const b = run(new SmaCross(2, 3), [123456.7, 50000.3, 10000.1, ...tail]).submits.map((i) => i - 3);
    expect(b.filter((i) => i >= 3)).toEqual(a.filter((i) => i >= 3));
  });
});

describe('buy-and-hold', () => {
  it('final equity = cash x last close / first open minus fees, exactly per the ledger', () => {
    const r = run(new BuyAndHold(), [101, 105, 99, 120], [100, 101, 105, 99]);
    const k = r.kernel;
    const [fill] = r.fills;
    expect(fill[0]).toBe(0); // bought at the very first open
    const qty = parseFixed(fill[2]);
    const cost = mul(qty, parseFixed('100'));
    const fee = mul(cost, parseFixed('0.0026'), 'up');
    expect(k.ledger.flowsOf('USD').fees).toBe(fee);
    expect(k.equity()).toBe(parseFixed('10000') - cost - fee + mul(qty, parseFixed('120')));
    // And that is cash x 120/100 less the fee's share and the lot-rounding dust (< one lot's worth).
    const ideal = div(parseFixed('10000') * 120n, parseFixed('100') * (10n ** 18n + parseFixed('0.0026')) / 10n ** 18n, 'down');
    expect(ideal - k.equity() < parseFixed('0.0001')).toBe(true);
  });
});
