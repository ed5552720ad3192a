import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { parseXgbModel, predictMatrix } from '../../../src/core/ml/xgb-model.ts';
import { buildDataset, type Dataset } from '../../../src/research/ml/dataset.ts';
import { DEFAULT_XGB_PARAMS, trainXgboost, xgboostReferencePredict } from '../../../src/research/ml/xgboost-cli.ts';
import { btcHourly } from './helpers.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('XGBoost on the bundled BTC/USD hourly candles', () => {
  let d: Dataset;
  let model: string;
  beforeAll(async () => {
    d = buildDataset(DEFAULT_FEATURE_SPEC, await btcHourly());
    model = await trainXgboost(d.x, d.y, 15_000, d.width, DEFAULT_XGB_PARAMS);
  }, 120_000);

  it('a retrain on the same rows gives a bit-identical JSON model', async () => {
    const again = await trainXgboost(d.x, d.y, 15_000, d.width, DEFAULT_XGB_PARAMS);
    expect(sha(again)).toBe(sha(model));
    const otherSeed = await trainXgboost(d.x, d.y, 15_000, d.width, { ...DEFAULT_XGB_PARAMS, seed: 7 });
    expect(sha(otherSeed)).not.toBe(sha(model)); // the seed matters (subsample < 1), so the check can fail
  }, 120_000);

  it("the TypeScript scorer matches XGBoost's own predictions to 1e-6 on every held-out row", async () => {
    const from = 15_000;
    const rows = d.rows - from;
    expect(rows).toBeGreaterThan(5_000);
    const x = d.x.subarray(from * d.width);
    const m = parseXgbModel(model);
    expect(m.trees.length).toBe(DEFAULT_XGB_PARAMS.numRound);
    const ts = predictMatrix(m, x, rows);
    const ref = await xgboostReferencePredict(model, x, rows, d.width);
    expect(ref.length).toBe(rows);
    let worst = 0;
    for (let i = 0; i < rows; i++) worst = Math.max(worst, Math.abs(ts[i] - ref[i]));
    expect(worst).toBeLessThan(1e-6);
    expect(new Set(ts).size).toBeGreaterThan(100); // real, varied predictions
  }, 120_000);

  it('missing values follow default_left, as in XGBoost', async () => {
    const m = parseXgbModel(model);
    const rows = 200;
    const x = Float64Array.from(d.x.subarray(0, rows * d.width));
    for (let i = 0; i < rows; i++) x[i * d.width + (i % d.width)] = NaN;
    const ts = predictMatrix(m, x, rows);
    const ref = await xgboostReferencePredict(model, x, rows, d.width);
    for (let i = 0; i < rows; i++) expect(Math.abs(ts[i] - ref[i])).toBeLessThan(1e-6);
  }, 60_000);
});
