import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketStore } from '../../../src/backtest/store/index.ts';
import { checkLookahead } from '../../../src/research/bias/lookahead.ts';
import { checkRecursive } from '../../../src/research/bias/recursive.ts';
import { BIASED_STRATEGY, researchStore } from '../helpers.ts';

let store: MarketStore;
beforeAll(async () => {
  store = await researchStore();
});
afterAll(() => store.close());

const btc = { pairs: ['BTC/USD'], timeframe: '4h', from: '2019-01-01', to: '2022-12-31' };
const daily5 = { pairs: ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD'], timeframe: '1d', from: '2018-01-01', to: '2023-12-31' };

describe('bias checks catch the deliberately biased example', () => {
  it('lookahead flags the strategy that reads the whole range', async () => {
    const r = await checkLookahead(store, { ...btc, strategy: BIASED_STRATEGY });
    expect(r.flagged).toBe(true);
    expect(r.summary).toMatch(/LOOKAHEAD/);
  });

  it('recursive flags its level anchored at the first candle', async () => {
    const r = await checkRecursive(store, { ...btc, strategy: BIASED_STRATEGY });
    expect(r.flagged).toBe(true);
    expect(r.judgedByRecordedValues).toBe(true);
    expect(r.summary).toMatch(/RECURSIVE: .* recorded level/);
  });

  it('lookahead does not flag the anchored flaw alone (it uses no future data)', async () => {
    const r = await checkLookahead(store, { ...btc, strategy: BIASED_STRATEGY, params: { flaw: 'anchored' } });
    expect(r.flagged).toBe(false);
  });

  it('recursive flags the anchored flaw alone', async () => {
    const r = await checkRecursive(store, { ...btc, strategy: BIASED_STRATEGY, params: { flaw: 'anchored' } });
    expect(r.flagged).toBe(true);
  });
});

describe('bundled strategies pass both checks', () => {
  it.each([
    ['sma-cross', btc, {}],
    ['sma-cross', btc, { fast: '5', slow: '50' }],
    ['buy-and-hold', btc, {}],
    ['regime-portfolio', daily5, {}],
  ])('%s %o', async (strategy, range, params) => {
    const la = await checkLookahead(store, { ...range, strategy, params });
    expect(la.summary).toMatch(/no lookahead/);
    expect(la.cuts.reduce((n, c) => n + c.comparedOrders, 0)).toBeGreaterThan(0);
    const rc = await checkRecursive(store, { ...range, strategy, params }, { warmup: 200 });
    expect(rc.summary).toMatch(/no start dependence/);
    expect(rc.flagged).toBe(false);
  });

  it('recursive refuses a warm-up that does not fit the range', async () => {
    await expect(checkRecursive(store, { ...btc, strategy: 'sma-cross' }, { warmup: 100_000 })).rejects.toThrow(/warmup of 100000 candles does not fit/);
  });
});
