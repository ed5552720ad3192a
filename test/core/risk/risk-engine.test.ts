import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Kernel } from '../../../src/core/kernel/kernel.ts';
import { createCandleBatch, pushCandle } from '../../../src/core/market/candle-batch.ts';
import type { OrderRequest } from '../../../src/core/orders/order.ts';
import { parseRiskConfig } from '../../../src/core/risk/risk-config.ts';
import { RiskEngine } from '../../../src/core/risk/risk-engine.ts';
import { SimulatedVenue } from '../../../src/core/venue/sim/simulated-venue.ts';
import type { StrategyContext } from '../../../src/core/strategy/strategy.ts';
import { ManualVenue } from '../../helpers/manual-venue.ts';

const HOUR = 3_600_000;
const d = parseFixed;

const contexts = new WeakMap<Kernel, StrategyContext>();

function kernelAt100(risk: unknown, btc = '0') {
  const venue = new ManualVenue();
  let ctx: StrategyContext | undefined;
  const k = new Kernel({ instruments: [defaultSymbols.instrument('BTC/USD'), defaultSymbols.instrument('ETH/USD')], accountCurrency: 'USD', strategy: { name: 'none', onStart: (c) => (ctx = c) }, venue, risk: parseRiskConfig(risk), retainClosedOrders: true });
  k.deposit(0, 'USD', d('10000'));
  k.start(0);
  contexts.set(k, ctx!);
  const b = createCandleBatch(2, HOUR);
  pushCandle(b, 0, 0, 100, 100, 100, 100, 1000);
  pushCandle(b, 1, 0, 10, 10, 10, 10, 1000);
  k.onCandles(b);
  if (btc !== '0') k.deposit(HOUR, 'BTC', d(btc));
  return { k, venue };
}

/** Submits through a strategy context (the only way orders enter). */
function submit(k: Kernel, req: OrderRequest) {
  const ctx = contexts.get(k);
  if (!ctx) throw new Error('kernel built without kernelAt100: no strategy context captured');
  return ctx.submit(req);
}

describe('risk engine on the order path', () => {
  const cases: [string, unknown, OrderRequest, string | undefined, string?][] = [
    ['a buy within cash passes', {}, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('1') }, undefined],
    ['a buy spending cash it does not have', {}, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('100.01') }, 'insufficient-cash'],
    ['a sell of more than is held (no shorting)', {}, { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('1') }, 'insufficient-position', '0.5'],
    ['an order over the max notional', { maxOrderNotional: '500' }, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('6') }, 'max-order-notional'],
    ['a buy that would make one pair too large a share of equity', { maxPairShare: 0.1 }, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('11') }, 'max-pair-share'],
    ['a buy inside the pair share passes', { maxPairShare: 0.1 }, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('9') }, undefined],
    ['any order while halted', { mode: 'halted' }, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('1') }, 'halted'],
    ['a buy while reducing-only', { mode: 'reducing-only' }, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('1') }, 'reduce-only'],
    ['a sell while reducing-only passes', { mode: 'reducing-only' }, { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('0.5') }, undefined, '1'],
    ['a quantity finer than the lot', {}, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('0.000000001') }, 'invalid-precision'],
    // Order sizing (src/core/orders/order-sizing.ts) rounds a buy limit down to the tick, so it passes.
    ['a price off the tick is rounded to it', {}, { pair: 'BTC/USD', side: 'buy', type: 'limit', qty: d('1'), limitPrice: d('99.95') }, undefined],
    ['below the minimum order size', {}, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('0.00001') }, 'below-minimum'],
    ['an unknown pair', {}, { pair: 'DOGE/USD', side: 'buy', type: 'market', qty: d('1') }, 'unknown-pair'],
    ['a limit without a price', {}, { pair: 'BTC/USD', side: 'buy', type: 'limit', qty: d('1') }, 'invalid-order'],
  ];
  it.each(cases)('%s', (_name, risk, req, reason, btc) => {
    const { k, venue } = kernelAt100(risk, btc);
    const o = submit(k, req);
    if (reason === undefined) {
      expect(o.status).toBe('pending-new');
      expect(venue.submitted).toHaveLength(1);
    } else {
      expect(o.status).toBe('rejected');
      expect(o.reason?.split(':')[0]).toBe(reason);
      expect(venue.submitted).toHaveLength(0); // rejected before the venue
    }
  });

  it('open orders reserve funds: a second buy cannot spend the same cash', () => {
    const { k } = kernelAt100({});
    expect(submit(k, { pair: 'BTC/USD', side: 'buy', type: 'limit', qty: d('60'), limitPrice: d('100') }).status).toBe('pending-new');
    const second = submit(k, { pair: 'ETH/USD', side: 'buy', type: 'market', qty: d('500') });
    expect(second.reason).toMatch(/^insufficient-cash/);
  });

  it('halts automatically once drawdown from peak exceeds the limit, and cancels open orders', () => {
    const venue = new SimulatedVenue();
    const k = new Kernel({ instruments: [defaultSymbols.instrument('BTC/USD')], accountCurrency: 'USD', strategy: { name: 'none' }, venue, risk: parseRiskConfig({ maxDrawdown: 0.2 }) });
    k.deposit(0, 'USD', d('1000'));
    const b = createCandleBatch(1, HOUR);
    pushCandle(b, 0, 0, 100, 100, 100, 100, 1);
    k.start(0);
    k.onCandles(b);
    k.deposit(HOUR, 'BTC', d('10')); // equity 2000, all but half in BTC
    const prices = [110, 95, 80, 70, 60];
    prices.forEach((p, i) => {
      const c = createCandleBatch(1, HOUR);
      pushCandle(c, 0, (i + 1) * HOUR, p, p, p, p, 1);
      k.onCandles(c);
    });
    // Peak 2100 at 110; at 80 equity is 1800 (-14%), at 70 it is 1700 (-19%), at 60 it is 1600 (-23.8%): halted.
    expect(k.tradingMode()).toBe('halted');
    expect(k.risk.whyHalted()).toMatch(/drawdown 23\.81% from peak exceeded the 20\.00% limit/);
  });

  it('the kill switch halts, allows reducing only, and re-activates', () => {
    const { k } = kernelAt100({}, '1');
    k.setTradingMode(2 * HOUR, 'halted', 'operator');
    expect(submit(k, { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('0.5') }).reason).toMatch(/^halted: operator/);
    k.setTradingMode(2 * HOUR, 'reducing-only', 'operator');
    expect(submit(k, { pair: 'BTC/USD', side: 'sell', type: 'market', qty: d('0.5') }).status).toBe('pending-new');
    k.setTradingMode(2 * HOUR, 'active', 'operator');
    expect(submit(k, { pair: 'BTC/USD', side: 'buy', type: 'market', qty: d('1') }).status).toBe('pending-new');
  });

  it('limits come from a zod-validated config that names the bad field', () => {
    expect(() => parseRiskConfig({ maxDrawdown: 1.5 })).toThrow(/maxDrawdown: must be at most 1/);
    expect(() => parseRiskConfig({ maxOrderNotional: 'lots' })).toThrow(/maxOrderNotional: not a decimal number/);
    expect(() => parseRiskConfig({ maxDrawdwn: 0.2 })).toThrow(/invalid risk config/);
    expect(new RiskEngine(parseRiskConfig({ maxPairShare: 0.5 })).config.maxPairShare).toBe(0.5);
  });
});
