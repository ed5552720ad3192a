import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureMatrix } from '../../../src/core/features/candle-columns.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { registerApprovedModel, type ApprovedModel } from '../../../src/core/ml/approved-model.ts';
import { predict } from '../../../src/core/ml/xgb-model.ts';
import { BUILTIN_STRATEGIES } from '../../../src/core/strategies/index.ts';
import type { MarketStore } from '../../../src/backtest/store/index.ts';
import { backtest } from '../../../src/research/runs/backtest.ts';
import { AuditLog } from '../../../src/research/ml/audit-log.ts';
import { loadSeries } from '../../../src/research/ml/candles.ts';
import { loadApprovedModel, promoteModel, trainModel, validateModel } from '../../../src/research/ml/pipeline.ts';
import { DEFAULT_XGB_PARAMS } from '../../../src/research/ml/xgboost-cli.ts';
import { btcStore, PERMISSIVE } from './helpers.ts';

describe('ml-signal strategy backtested on an approved model', () => {
  let store: MarketStore;
  let dir: string;
  let audit: AuditLog;
  let model: ApprovedModel;
  beforeAll(async () => {
    store = await btcStore();
    dir = mkdtempSync(join(tmpdir(), 'krakenbt-mlsig-'));
    audit = await AuditLog.open(join(dir, 'audit.duckdb'));
    const candles = await loadSeries(store, { pair: 'BTC/USD', timeframe: '1h', from: '2020-01-01', to: '2021-12-31' });
    const t = await trainModel({ pair: 'BTC/USD', timeframe: '1h', candles, spec: DEFAULT_FEATURE_SPEC, xgb: DEFAULT_XGB_PARAMS, folds: { folds: 2, trainRatio: 3, embargo: 4 }, config: PERMISSIVE, barsPerYear: 8760 }, dir, audit);
    await validateModel(dir, t.id, DEFAULT_FEATURE_SPEC, PERMISSIVE, audit);
    await promoteModel(dir, t.id, audit);
    model = await loadApprovedModel(dir, audit, { pair: 'BTC/USD' });
    registerApprovedModel(model, ['approved:BTC/USD']);
  }, 120_000);
  afterAll(() => {
    audit.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is registered, and refuses a model that was not loaded', () => {
    expect(BUILTIN_STRATEGIES.get('ml-signal')).toBeDefined();
    expect(() => BUILTIN_STRATEGIES.get('ml-signal')!.create({ model: 'nope' })).toThrow(/not loaded/);
    expect(() => BUILTIN_STRATEGIES.get('ml-signal')!.create({ model: 'approved:BTC/USD', size: '1.5' })).toThrow(/no leverage/);
  });

  it('does not trade candles of another timeframe than the model was trained on', async () => {
    const r = await backtest(store, { strategy: 'ml-signal', params: { model: 'approved:BTC/USD' }, pairs: ['BTC/USD'], timeframe: '4h', from: '2022-01-01', to: '2022-03-31' });
    expect(r.result.fills.length).toBe(0);
    expect(r.result.recorded.get('ml.p')).toBeUndefined();
  }, 60_000);

  it('trades out of sample (2022), deterministically, with the probabilities of the batch feature path', async () => {
    const input = { strategy: 'ml-signal', params: { model: 'approved:BTC/USD', threshold: '0.3' }, pairs: ['BTC/USD'], timeframe: '1h', from: '2022-01-01', to: '2022-12-31' };
    const a = await backtest(store, input);
    const b = await backtest(store, input);
    expect(a.result.hash).toBe(b.result.hash);
    expect(a.result.fills.length).toBeGreaterThan(10);
    const rec = a.result.recorded.get('ml.p')!;
    const candles = await loadSeries(store, { pair: 'BTC/USD', timeframe: '1h', from: '2022-01-01', to: '2022-12-31' });
    const m = featureMatrix(model.spec, candles);
    const batch: number[] = [];
    for (let i = 0; i < m.rows; i++) {
      const row = m.values.subarray(i * m.width, (i + 1) * m.width);
      if (row.every(Number.isFinite)) batch.push(predict(model.model, row));
    }
    expect(rec.value).toEqual(batch); // the strategy's incremental features are the training path, bit for bit
  }, 120_000);
});
