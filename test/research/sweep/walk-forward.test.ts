import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JobResult } from '../../../src/research/sweep/job.ts';
import { evaluateWalkForward, walkForwardFolds } from '../../../src/research/sweep/walk-forward.ts';

const H = 3_600_000;

describe('walk-forward folds', () => {
  it('test windows tile the end of the range; each follows its training window', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.5, max: 5, noNaN: true }), fc.integer({ min: 2000, max: 50_000 }), (folds, ratio, hours) => {
      const from = Date.UTC(2020, 0, 1);
      const to = from + hours * H;
      const fs = walkForwardFolds(from, to, H, { folds, trainRatio: ratio });
      expect(fs).toHaveLength(folds);
      expect(fs.at(-1)!.test[1]).toBe(to);
      for (const [i, f] of fs.entries()) {
        expect(f.train[1]).toBe(f.test[0]);
        expect(f.train[0]).toBeGreaterThanOrEqual(from);
        expect((f.test[0] - from) % H).toBe(0);
        if (i > 0) expect(f.test[0]).toBe(fs[i - 1].test[1]);
      }
    }));
  });

  it.each([
    [{ folds: 0 }, /folds must be/],
    [{ folds: 2, trainRatio: 0 }, /trainRatio/],
    [{ folds: 100 }, /shorter than two candles/],
  ])('rejects %o', (spec, message) => expect(() => walkForwardFolds(0, 100 * H, H, spec)).toThrow(message));
});

function result(index: number, segment: 'train' | 'test', fold: number, fast: string, sharpe: number | null): JobResult {
  return {
    index, key: `${segment}#${fold}|fast=${fast}`, segment, fold, from: fold * 10, to: fold * 10 + 5, params: { fast }, hash: 'h', candles: 1, trades: 1,
    totalReturn: sharpe, cagr: null, sharpe, sortino: null, maxDrawdown: 0, calmar: null, winRate: null, profitFactor: null, exposure: null, feesPaid: 0, finalEquity: '1', error: null,
  };
}

describe('evaluateWalkForward', () => {
  it('chooses the best in-sample parameters and reports their out-of-sample result and rank', () => {
    const results = [
      result(0, 'train', 0, '5', 1.0), result(1, 'train', 0, '10', 2.0), result(2, 'train', 0, '20', null),
      result(3, 'test', 0, '5', 0.5), result(4, 'test', 0, '10', -0.2), result(5, 'test', 0, '20', 0.1),
      result(6, 'train', 1, '5', 3.0), result(7, 'train', 1, '10', 3.0), result(8, 'train', 1, '20', 0),
      result(9, 'test', 1, '5', 0.7), result(10, 'test', 1, '10', 0.9), result(11, 'test', 1, '20', 0.1),
    ];
    const [f0, f1] = evaluateWalkForward(results, 'sharpe');
    expect(f0).toMatchObject({ chosen: { fast: '10' }, inSample: 2.0, outOfSample: -0.2, outOfSampleRank: 3 });
    // A tie goes to the earlier job.
    expect(f1).toMatchObject({ chosen: { fast: '5' }, inSample: 3.0, outOfSample: 0.7, outOfSampleRank: 2 });
  });
});
