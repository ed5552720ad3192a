import { describe, expect, it } from 'vitest';
import { featureMatrix, type CandleColumns } from '../../../src/core/features/candle-columns.ts';
import { checkCausality } from '../../../src/core/features/causality.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { walk } from './walk.ts';

/** The default features plus one that reads the next bar's close (the classic off-by-one). */
function withPeek(c: CandleColumns) {
  const m = featureMatrix(DEFAULT_FEATURE_SPEC, c);
  const w = m.width + 1;
  const values = new Float64Array(m.rows * w);
  for (let i = 0; i < m.rows; i++) {
    values.set(m.values.subarray(i * m.width, (i + 1) * m.width), i * w);
    values[i * w + m.width] = i + 1 < m.rows ? Math.log(c.close[i + 1] / c.close[i]) : NaN;
  }
  return { names: [...m.names, 'peek_next_ret'], rows: m.rows, width: w, values };
}

describe('leakage check', () => {
  it('the feature engine passes: no value changes when later bars are removed', () => {
    const r = checkCausality((c) => featureMatrix(DEFAULT_FEATURE_SPEC, c), walk(2000));
    expect(r.cutsChecked).toBe(16);
    expect(r.causal).toBe(true);
  });

  it('a feature that peeks one bar ahead is caught and named; the honest ones are not', () => {
    const r = checkCausality(withPeek, walk(2000));
    expect(r.causal).toBe(false);
    expect(r.leaking.map((l) => l.feature)).toEqual(['peek_next_ret']);
    expect(Number.isFinite(r.leaking[0].full)).toBe(true);
    expect(r.leaking[0].truncated).toBeNaN();
  });
});

describe('leakage check, property', () => {
  it('every formula of the engine is causal on any seeded random walk', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 60, max: 400 }), (seed, n) => {
        expect(checkCausality((c) => featureMatrix(DEFAULT_FEATURE_SPEC, c), walk(n, seed), 6).causal).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
