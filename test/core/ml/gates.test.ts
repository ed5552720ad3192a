import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { schemaHash } from '../../../src/core/features/schema-hash.ts';
import { verdict } from '../../../src/core/ml/gates/gate-report.ts';
import { integrityGate } from '../../../src/core/ml/gates/integrity-gate.ts';
import { performanceGate, type ScoredModel } from '../../../src/core/ml/gates/performance-gate.ts';
import { riskGate } from '../../../src/core/ml/gates/risk-gate.ts';
import { schemaGate } from '../../../src/core/ml/gates/schema-gate.ts';
import { DEFAULT_ML_CONFIG, parseMlConfig } from '../../../src/core/ml/ml-config.ts';

const scored = (f1: number, sharpe: number, over: Partial<ScoredModel['signal']> = {}): ScoredModel => ({
  classification: { rows: 5000, positives: 1500, predictedPositive: 1000, precision: 0.5, recall: 0.4, f1, accuracy: 0.7, logLoss: 0.6 },
  signal: { bars: 5000, sharpe, totalReturn: 0.2, maxDrawdown: 0.2, exposure: 0.3, maxPosition: 1, trades: 40, ...over },
});

describe('gate 1: integrity', () => {
  const manifest = { 'model.json': 'a'.repeat(64), 'feature-spec.json': 'b'.repeat(64) };
  it.each([
    ['all present and matching', { ...manifest }, ['model.json', 'feature-spec.json'], []],
    ['a changed file', { ...manifest, 'model.json': 'c'.repeat(64) }, ['model.json'], [/model.json: SHA-256/]],
    ['a missing file', { 'feature-spec.json': 'b'.repeat(64) }, ['model.json'], [/model.json is missing/]],
    ['an unsealed extra file', { ...manifest, 'x.txt': 'd'.repeat(64) }, [], [/x.txt is not covered/]],
  ] as const)('%s', (_n, actual, required, reasons) => {
    const r = integrityGate({ manifest, actual, requiredFiles: [...required] });
    expect(r.passed).toBe(reasons.length === 0);
    reasons.forEach((re, i) => expect(r.reasons[i]).toMatch(re));
  });
});

describe('gate 2: schema', () => {
  const spec = DEFAULT_FEATURE_SPEC;
  const base = { expected: spec, artifact: spec, recordedHash: schemaHash(spec), modelFeatures: 8, featureTypes: spec.features.map(() => 'float32') };
  it('passes when names, order, dimension, types and hash agree', () => expect(schemaGate(base).passed).toBe(true));
  it.each([
    ['swapped order', { artifact: { ...spec, features: [spec.features[1], spec.features[0], ...spec.features.slice(2)] } }, /order\/name: feature 0/],
    ['a missing feature', { artifact: { ...spec, features: spec.features.slice(1) } }, /dimension: the strategy feeds 8 features, the artifact declares 7/],
    ['a model of another width', { modelFeatures: 9 }, /the model takes 9 features/],
    ['a float64 type', { featureTypes: spec.features.map(() => 'float64') }, /types: "float64"/],
    ['a recorded hash of another spec', { recordedHash: 'f'.repeat(64) }, /schema hash/],
    ['another label horizon', { artifact: { ...spec, label: { ...spec.label, horizon: 8 } }, recordedHash: schemaHash({ ...spec, label: { ...spec.label, horizon: 8 } }) }, /label or timeframe/],
  ] as const)('fails on %s', (_n, over, re) => {
    const r = schemaGate({ ...base, ...over } as typeof base);
    expect(r.passed).toBe(false);
    expect(r.reasons.join('\n')).toMatch(re);
  });
});

describe('gate 3: out-of-sample performance against the baselines', () => {
  const t = DEFAULT_ML_CONFIG.gates.performance;
  it('passes a model that beats both baselines on F1 and Sharpe', () => {
    expect(performanceGate({ model: scored(0.45, 1.5), logistic: scored(0.4, 1), noSkill: scored(0.44, 0.7) }, t).passed).toBe(true);
  });
  it('rejects a model with good absolute numbers that does not beat the no-skill baseline, saying so', () => {
    const r = performanceGate({ model: scored(0.45, 1.5), logistic: scored(0.4, 1), noSkill: scored(0.44, 1.8) }, t);
    expect(r.passed).toBe(false);
    expect(r.reasons).toEqual(['does not beat the no-skill baseline on Sharpe (1.500 vs 1.800, edge needed 0)']);
  });
  it('rejects below the configured thresholds', () => {
    const r = performanceGate({ model: scored(0.05, 0.2), logistic: scored(0, -1), noSkill: scored(0, -1) }, t);
    expect(r.reasons).toEqual(['F1 0.050 < 0.1', 'signal Sharpe 0.200 < 0.5']);
  });
});

describe('gate 4: risk', () => {
  const t = DEFAULT_ML_CONFIG.gates.risk;
  it('passes sizing within limits and a shallow drawdown', () => expect(riskGate(scored(0.4, 1).signal, { threshold: 0.5, size: 1 }, t).passed).toBe(true));
  it('rejects a deep drawdown and a size above the configured cap', () => {
    const tight = parseMlConfig({ gates: { risk: { maxPosition: 0.5, maxDrawdown: 0.1 } } }).gates.risk;
    const r = riskGate(scored(0.4, 1).signal, { threshold: 0.5, size: 0.8 }, tight);
    expect(r.reasons).toEqual(['position size 0.8 of equity exceeds 0.5', 'largest position 1 > 0.5', 'max drawdown 20.0% > 10.0%']);
  });
  it('rejects leverage', () => expect(riskGate(scored(0.4, 1, { maxPosition: 2 }).signal, { threshold: 0.5, size: 1 }, t).reasons[0]).toMatch(/needs leverage/));
});

describe('verdict', () => {
  it('APPROVED only when all four gates ran and passed', () => {
    const ok = (gate: 'integrity' | 'schema' | 'performance' | 'risk') => ({ gate, passed: true, reasons: [], values: {}, thresholds: {} });
    expect(verdict([ok('integrity'), ok('schema'), ok('performance'), ok('risk')]).verdict).toBe('APPROVED');
    expect(verdict([ok('integrity'), ok('schema'), ok('performance')])).toEqual({ verdict: 'REJECTED', reasons: ['risk: gate did not run'] });
  });
  it('config errors name the field', () => expect(() => parseMlConfig({ signal: { size: 2 } })).toThrow(/ml config: signal.size/));
});
