import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLeaks, purgedFolds } from '../../../src/core/ml/purged-folds.ts';

describe('purged walk-forward', () => {
  it('leaves an embargo of at least the horizon between every training window and its test window', () => {
    const folds = purgedFolds(100, 10_100, { folds: 4, trainRatio: 3, embargo: 6, horizon: 4 });
    expect(folds.map((f) => f.test[0] - f.train[1])).toEqual([6, 6, 6, 6]);
    expect(folds.at(-1)!.test[1]).toBe(10_100);
    for (let i = 1; i < 4; i++) expect(folds[i].test[0]).toBe(folds[i - 1].test[1]); // test windows tile the end
    for (const f of folds) expect(foldLeaks(f, 4)).toBe(false);
  });

  it('refuses an embargo shorter than the label horizon (the leak of a plain walk-forward)', () => {
    expect(() => purgedFolds(0, 1000, { folds: 2, trainRatio: 3, embargo: 3, horizon: 4 })).toThrow(/embargo 3 is shorter than the label horizon 4/);
    // and the leak detector sees it in a fold built by hand the plain way
    expect(foldLeaks({ fold: 0, train: [0, 500], test: [500, 600] }, 4)).toBe(true);
  });

  it('property: no training label ever reaches a test bar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 48 }), fc.integer({ min: 0, max: 48 }), fc.integer({ min: 2000, max: 20_000 }), fc.constantFrom(1, 2, 3, Infinity), (folds, horizon, extra, n, ratio) => {
        const fs = purgedFolds(0, n, { folds, trainRatio: ratio, embargo: horizon + extra, horizon });
        for (const f of fs) {
          expect(f.train[1] - 1 + horizon).toBeLessThan(f.test[0]);
          expect(f.train[0]).toBeGreaterThanOrEqual(0);
          expect(f.train[1]).toBeGreaterThan(f.train[0]);
        }
      }),
    );
  });
});
