import { describe, expect, it } from 'vitest';
import { featureMatrix, sliceColumns } from '../../../src/core/features/candle-columns.ts';
import { FeatureEngine } from '../../../src/core/features/feature-engine.ts';
import { DEFAULT_FEATURE_SPEC, parseFeatureSpec, warmupBars } from '../../../src/core/features/feature-spec.ts';
import { forwardLabels } from '../../../src/core/features/labels.ts';
import { schemaHash } from '../../../src/core/features/schema-hash.ts';
import { walk } from './walk.ts';

describe('feature spec', () => {
  it('computes each formula as declared (hand-checked values)', () => {
    const spec = parseFeatureSpec({
      version: 1,
      timeframe: '1h',
      features: [
        { name: 'r2', formula: 'ret(2)', lookback: 2 },
        { name: 'gap3', formula: 'sma_gap(3)', lookback: 2 },
        { name: 'rsi2', formula: 'rsi(2)', lookback: 2 },
      ],
      label: { horizon: 1, costBps: 0 },
    });
    const e = new FeatureEngine(spec);
    const bar = (close: number) => ({ open: close, high: close, low: close, close, volume: 1 });
    expect(Array.from(e.push(bar(100)))).toEqual([NaN, NaN, NaN]);
    e.push(bar(110));
    const row = Array.from(e.push(bar(99)));
    expect(row[0]).toBeCloseTo(Math.log(99 / 100), 12);
    expect(row[1]).toBeCloseTo(99 / ((100 + 110 + 99) / 3) - 1, 12);
    expect(row[2]).toBeCloseTo(10 / (10 + 11), 12);
    expect(e.ready()).toBe(true);
  });

  it('rejects a lookback that is not what the formula needs, unknown formulas, duplicates', () => {
    const base = { version: 1, timeframe: '1h', label: { horizon: 4, costBps: 52 } };
    expect(() => parseFeatureSpec({ ...base, features: [{ name: 'r', formula: 'ret(24)', lookback: 3 }] })).toThrow(/needs lookback 24, declared 3/);
    expect(() => parseFeatureSpec({ ...base, features: [{ name: 'r', formula: 'lead(1)', lookback: 1 }] })).toThrow(/formula "lead\(1\)"/);
    expect(() => parseFeatureSpec({ ...base, features: [{ name: 'r', formula: 'ret(1)', lookback: 1 }, { name: 'r', formula: 'ret(2)', lookback: 2 }] })).toThrow(/twice/);
    expect(() => parseFeatureSpec({ ...base, label: { horizon: 0, costBps: 1 }, features: [{ name: 'r', formula: 'ret(1)', lookback: 1 }] })).toThrow(/label.horizon/);
  });

  it('the schema hash changes with names, order, formulas and the label horizon', () => {
    const h = schemaHash(DEFAULT_FEATURE_SPEC);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const swapped = { ...DEFAULT_FEATURE_SPEC, features: [DEFAULT_FEATURE_SPEC.features[1], DEFAULT_FEATURE_SPEC.features[0], ...DEFAULT_FEATURE_SPEC.features.slice(2)] };
    const renamed = { ...DEFAULT_FEATURE_SPEC, features: [{ ...DEFAULT_FEATURE_SPEC.features[0], name: 'x' }, ...DEFAULT_FEATURE_SPEC.features.slice(1)] };
    const horizon = { ...DEFAULT_FEATURE_SPEC, label: { ...DEFAULT_FEATURE_SPEC.label, horizon: 8 } };
    for (const other of [swapped, renamed, horizon]) expect(schemaHash(other)).not.toBe(h);
    expect(schemaHash(parseFeatureSpec(JSON.parse(JSON.stringify(DEFAULT_FEATURE_SPEC))))).toBe(h);
  });

  it('incremental and batch are one code path: feeding bars one by one, or resuming from a snapshot, gives the batch matrix', () => {
    const c = walk(600);
    const m = featureMatrix(DEFAULT_FEATURE_SPEC, c);
    const e = new FeatureEngine(DEFAULT_FEATURE_SPEC);
    let restored: FeatureEngine | undefined;
    for (let i = 0; i < 600; i++) {
      const eng = restored ?? e;
      const row = eng.push({ open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] });
      expect(Array.from(row)).toEqual(Array.from(m.values.subarray(i * m.width, (i + 1) * m.width)));
      if (i === 300) {
        restored = new FeatureEngine(DEFAULT_FEATURE_SPEC);
        restored.restore(JSON.parse(JSON.stringify(e.snapshot())));
      }
    }
    const w = warmupBars(DEFAULT_FEATURE_SPEC);
    for (let j = 0; j < m.width; j++) expect(Number.isFinite(m.values[(w - 1) * m.width + j])).toBe(true);
    expect(m.values.subarray((w - 2) * m.width, (w - 1) * m.width).some(Number.isNaN)).toBe(true);
  });

  it('labels: forward log return over the horizon net of costs; the last h bars have none', () => {
    const c = walk(50);
    const { y, forwardReturn } = forwardLabels(sliceColumns(c, 0, 50), { horizon: 3, costBps: 30 });
    for (let t = 0; t < 47; t++) {
      const r = Math.log(c.close[t + 3] / c.close[t]);
      expect(forwardReturn[t]).toBe(r);
      expect(y[t]).toBe(r > 0.003 ? 1 : 0);
    }
    expect(Array.from(y.subarray(47))).toEqual([NaN, NaN, NaN]);
  });
});
