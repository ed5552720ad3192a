import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNumber } from '../../../src/core/decimal/fixed.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { registerApprovedModel } from '../../../src/core/ml/approved-model.ts';
import { regimePortfolioFactory } from '../../../src/core/strategies/regime-portfolio/index.ts';
import { StrategyParamError } from '../../../src/core/strategies/params.ts';
import type { MarketStore } from '../../../src/backtest/store/index.ts';
import { AuditLog } from '../../../src/research/ml/audit-log.ts';
import { loadApprovedModel } from '../../../src/research/ml/pipeline.ts';
import { retrainAndPromote } from '../../../src/research/ml/retrain.ts';
import { backtest } from '../../../src/research/runs/backtest.ts';
import { DEFAULT_XGB_PARAMS } from '../../../src/research/ml/xgboost-cli.ts';
import { btcStore, PERMISSIVE } from './helpers.ts';

const ALIAS = 'approved:BTC/USD';

/**
 * regime-portfolio with an ml-signal member: the member trades an APPROVED model (loaded
 * through the hash-checking loader) on the bundled BTC/USD hourly candles, with its own book,
 * budget and strategyId, and the run is deterministic.
 */
describe('regime-portfolio with an ml-signal member', () => {
  let store: MarketStore;
  let dir: string;
  let audit: AuditLog;
  beforeAll(async () => {
    store = await btcStore();
    dir = mkdtempSync(join(tmpdir(), 'krakenbt-rp-ml-'));
    audit = await AuditLog.open(join(dir, 'audit.duckdb'));
    const r = await retrainAndPromote(store, dir, audit, { pair: 'BTC/USD', timeframe: '1h', from: '2020-01-01', to: '2021-06-30', spec: DEFAULT_FEATURE_SPEC, config: PERMISSIVE, xgb: DEFAULT_XGB_PARAMS, folds: { folds: 2, trainRatio: 3, embargo: 4 } });
    expect(r.verdict).toBe('APPROVED');
    registerApprovedModel(await loadApprovedModel(dir, audit, { pair: 'BTC/USD' }), [ALIAS]);
  }, 180_000);
  afterAll(() => {
    audit.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const base = { strategy: 'regime-portfolio', pairs: ['BTC/USD'], timeframe: '1h', from: '2021-01-01', to: '2022-12-31' };
  const params = { regimeStep: '1d', tradeFrom: '2021-07-01', ml: ALIAS, mlThreshold: '0.3', mlRegimes: 'risk-on,neutral,risk-off,panic' };

  it('trades the member, attributes its orders to it, and gives the same hash twice', async () => {
    const a = await backtest(store, { ...base, params });
    const b = await backtest(store, { ...base, params });
    expect(a.result.hash).toBe(b.result.hash);
    const ml = a.result.fills.filter((f) => f.strategyId === 'ml-signal');
    expect(ml.length).toBeGreaterThan(4);
    expect(new Set(ml.map((f) => f.side))).toEqual(new Set(['buy', 'sell']));
    // Every order of the member says so, and its tag names it; the other members keep theirs.
    for (const o of a.result.orders.toArray().filter((x) => x.strategyId === 'ml-signal')) expect(o.tag).toMatch(/ ml-signal (buy|exit|trim)$/);
    const row = a.result.attribution!.strategies.find((s) => s.strategy === 'ml-signal');
    expect(row?.fills).toBe(ml.length);
    expect(a.result.recorded.get('ml.p')?.value.length).toBeGreaterThan(1000);
    // Without the member the run is another one: the member's orders are really its own.
    const without = await backtest(store, { ...base, params: { regimeStep: '1d', tradeFrom: '2021-07-01' } });
    expect(without.result.hash).not.toBe(a.result.hash);
    expect(without.result.fills.some((f) => f.strategyId === 'ml-signal')).toBe(false);
  }, 180_000);

  it('gets its risk budget like every member: a per-member limit binds its buys', async () => {
    const free = await backtest(store, { ...base, params });
    const tight = await backtest(store, { ...base, params: { ...params, memberMaxExposure: '0.06' } });
    const bought = (r: typeof free) => r.result.fills.filter((f) => f.strategyId === 'ml-signal' && f.side === 'buy').reduce((s, f) => s + toNumber(f.qty) * toNumber(f.price), 0);
    const maxBuy = (r: typeof free) => Math.max(...r.result.fills.filter((f) => f.strategyId === 'ml-signal' && f.side === 'buy').map((f) => (toNumber(f.qty) * toNumber(f.price)) / 10_000));
    expect(bought(tight)).toBeGreaterThan(0);
    expect(bought(tight)).toBeLessThan(bought(free));
    expect(maxBuy(free)).toBeGreaterThan(0.07); // its slot: pairCap 0.2 x mlWeight 0.5
    expect(maxBuy(tight)).toBeLessThan(0.065); // 6% of equity (about 10 000 USD), a little drift allowed
  }, 180_000);

  it('refuses a member whose model is not loaded, and stray ml parameters, naming the parameter', () => {
    expect(() => regimePortfolioFactory.create({ ml: 'approved:ETH/USD' })).toThrow(StrategyParamError);
    expect(() => regimePortfolioFactory.create({ ml: 'approved:ETH/USD' })).toThrow(/regime-portfolio: ml: model "approved:ETH\/USD" is not loaded/);
    expect(() => regimePortfolioFactory.create({ mlWeight: '0.3' })).toThrow(/need an ml member/);
    expect(() => regimePortfolioFactory.create({ ml: ALIAS, mlRegimes: 'sideways' })).toThrow(/mlRegimes/);
    expect(() => regimePortfolioFactory.create({ ml: ALIAS, mlWeight: '1' })).toThrow(/mlWeight/);
  });
});
