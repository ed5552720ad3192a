import { describe, expect, it } from 'vitest';
import { embargoedFolds } from '../../../src/research/evaluate/folds.ts';

const DAY = 86_400_000;

describe('embargoedFolds', () => {
  it('drops the embargo from the end of every training window; test windows tile the end of the range', () => {
    const from = Date.UTC(2020, 0, 1);
    const to = from + 700 * DAY;
    const folds = embargoedFolds(from, to, DAY, { folds: 4, trainRatio: 3, embargoMs: 20 * DAY });
    expect(folds).toHaveLength(4);
    for (const f of folds) {
      expect(f.test[0] - f.train[1]).toBe(20 * DAY);
      expect(f.train[0]).toBeGreaterThanOrEqual(from);
      expect(f.test[1] - f.test[0]).toBe(100 * DAY);
    }
    expect(folds.at(-1)!.test[1]).toBe(to);
  });

  it('refuses an embargo that eats the training window, and a negative one', () => {
    expect(() => embargoedFolds(0, 70 * DAY, DAY, { folds: 4, trainRatio: 3, embargoMs: 40 * DAY })).toThrow(/embargo leaves no training window/);
    expect(() => embargoedFolds(0, 70 * DAY, DAY, { folds: 1, trainRatio: 3, embargoMs: -1 })).toThrow(/embargo must be >= 0/);
  });
});
