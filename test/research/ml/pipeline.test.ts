import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandleColumns } from '../../../src/core/features/candle-columns.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { DEFAULT_ML_CONFIG } from '../../../src/core/ml/ml-config.ts';
import { AuditLog } from '../../../src/research/ml/audit-log.ts';
import { listModels, loadApprovedModel, promoteModel, trainModel, validateModel, type TrainRequest } from '../../../src/research/ml/pipeline.ts';
import { DEFAULT_XGB_PARAMS } from '../../../src/research/ml/xgboost-cli.ts';
import { btcHourly, PERMISSIVE } from './helpers.ts';

describe('train -> validate -> promote on the bundled BTC/USD hourly candles', () => {
  let dir: string;
  let audit: AuditLog;
  let candles: CandleColumns;
  let req: TrainRequest;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'krakenbt-models-'));
    audit = await AuditLog.open(join(dir, 'audit.duckdb'));
    candles = await btcHourly();
    req = { pair: 'BTC/USD', timeframe: '1h', candles, spec: DEFAULT_FEATURE_SPEC, xgb: DEFAULT_XGB_PARAMS, folds: { folds: 3, trainRatio: 3, embargo: 8 }, config: DEFAULT_ML_CONFIG, barsPerYear: 8760 };
  }, 60_000);
  afterAll(() => {
    audit.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the default gates honestly REJECT the model with four reports next to both baselines', async () => {
    const t = await trainModel(req, dir, audit);
    expect(t.evaluation.folds.length).toBe(3);
    for (const f of t.evaluation.folds) expect(f.trainBars[1] + DEFAULT_FEATURE_SPEC.label.horizon).toBeLessThanOrEqual(f.testBars[0]);
    const v = await validateModel(dir, t.id, DEFAULT_FEATURE_SPEC, DEFAULT_ML_CONFIG, audit);
    expect(v.reports.map((r) => r.gate)).toEqual(['integrity', 'schema', 'performance', 'risk']);
    expect(v.reports[0].passed && v.reports[1].passed).toBe(true);
    const perf = v.reports[2];
    expect(perf.values).toHaveProperty('logisticSharpe');
    expect(perf.values).toHaveProperty('noSkillF1');
    // Whatever the numbers, the verdict follows them: REJECTED exactly when a gate failed.
    expect(v.state).toBe(v.reports.every((r) => r.passed) ? 'VALIDATION' : 'REJECTED');
    expect(v.state).toBe('REJECTED');
    expect(v.reasons.some((r) => /baseline/.test(r))).toBe(true);
    await expect(promoteModel(dir, t.id, audit)).rejects.toThrow(/REJECTED/);
    await expect(loadApprovedModel(dir, audit, { id: t.id })).rejects.toThrow(/not APPROVED/);
  }, 120_000);

  it('a retrain on the same data is bit-identical (same model SHA-256, same artifact)', async () => {
    const a = await trainModel(req, dir, audit);
    const b = await trainModel(req, dir, audit);
    expect(b.modelSha256).toBe(a.modelSha256);
    expect(b.id).toBe(a.id);
    expect(b.identical).toBe(true);
  }, 120_000);

  it('with permissive gates: APPROVED, loads with its hash checked, and the next promotion RETIRES it', async () => {
    const first = await trainModel({ ...req, candles: slice(candles, 0, 20_000), config: PERMISSIVE }, dir, audit);
    expect((await validateModel(dir, first.id, DEFAULT_FEATURE_SPEC, PERMISSIVE, audit)).state).toBe('VALIDATION');
    await promoteModel(dir, first.id, audit);
    const loaded = await loadApprovedModel(dir, audit, { pair: 'BTC/USD', timeframe: '1h' });
    expect(loaded.id).toBe(first.id);
    expect(loaded.model.numFeature).toBe(DEFAULT_FEATURE_SPEC.features.length);

    const second = await trainModel({ ...req, candles: slice(candles, 0, 22_000), config: PERMISSIVE }, dir, audit);
    await validateModel(dir, second.id, DEFAULT_FEATURE_SPEC, PERMISSIVE, audit);
    expect((await promoteModel(dir, second.id, audit)).retired).toEqual([first.id]);
    const states = Object.fromEntries((await listModels(dir, audit)).map((m) => [m.id, m.state]));
    expect(states[first.id]).toBe('RETIRED');
    expect(states[second.id]).toBe('APPROVED');
    expect((await loadApprovedModel(dir, audit, { pair: 'BTC/USD' })).id).toBe(second.id);
    expect((await audit.verify()).ok).toBe(true);

    // A byte changed in the approved model: the hash check refuses it.
    const path = join(dir, second.id, 'model.json');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"num_trees"', ' "num_trees"'));
    await expect(loadApprovedModel(dir, audit, { id: second.id })).rejects.toThrow(/model.json: SHA-256/);
    writeFileSync(path, text);
    // A tampered audit log: nothing loads.
    await audit.connection.run("UPDATE ml_audit SET to_state = 'APPROVED' WHERE model = ? AND to_state = 'RETIRED'", [first.id]);
    await expect(loadApprovedModel(dir, audit, { id: second.id })).rejects.toThrow(/audit log fails verification/);
  }, 180_000);
});

function slice(c: CandleColumns, a: number, b: number): CandleColumns {
  return { closeTime: c.closeTime.slice(a, b), open: c.open.slice(a, b), high: c.high.slice(a, b), low: c.low.slice(a, b), close: c.close.slice(a, b), volume: c.volume.slice(a, b) };
}
