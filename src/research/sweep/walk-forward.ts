import { alignDown } from '../../core/market/timeframe.ts';
import type { JobResult } from './job.ts';
import { paramsKey, type Params } from './param-space.ts';

/**
 * Rolling walk-forward: the range is cut into `folds` consecutive test windows of equal
 * length; each is preceded by a training window `trainRatio` times as long. Parameters are
 * chosen on the training window (in-sample) and judged on the test window that follows
 * (out-of-sample), which the choice never saw. Test windows tile the end of the range, so
 * their results read as one out-of-sample history.
 */
export interface WalkForwardSpec {
  readonly folds: number;
  /** Training window length / test window length (default 3). */
  readonly trainRatio?: number;
}

export interface Fold {
  readonly fold: number;
  readonly train: readonly [number, number];
  readonly test: readonly [number, number];
}

export function walkForwardFolds(from: number, to: number, intervalMs: number, spec: WalkForwardSpec): Fold[] {
  const ratio = spec.trainRatio ?? 3;
  if (!Number.isInteger(spec.folds) || spec.folds < 1) throw new Error(`walk-forward: folds must be a whole number >= 1, got ${spec.folds}`);
  if (!(ratio > 0)) throw new Error(`walk-forward: trainRatio must be > 0, got ${ratio}`);
  const testLen = alignDown((to - from) / (spec.folds + ratio), intervalMs);
  const trainLen = alignDown(testLen * ratio, intervalMs);
  if (testLen < intervalMs * 2) throw new Error(`walk-forward: ${spec.folds} folds leave test windows shorter than two candles; use fewer folds or a longer range`);
  const firstTest = to - spec.folds * testLen;
  return Array.from({ length: spec.folds }, (_, i) => {
    const t0 = firstTest + i * testLen;
    return { fold: i, train: [t0 - trainLen, t0] as const, test: [t0, t0 + testLen] as const };
  });
}

/** Higher is better; null (undefined metric, failed run) loses to any number. */
export type Objective = 'sharpe' | 'sortino' | 'totalReturn' | 'cagr' | 'calmar';

export interface FoldOutcome {
  readonly fold: number;
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testFrom: number;
  readonly testTo: number;
  readonly chosen: Params | null;
  readonly inSample: number | null;
  readonly outOfSample: number | null;
  readonly inSampleReturn: number | null;
  readonly outOfSampleReturn: number | null;
  /** Where the chosen parameters rank out-of-sample among all candidates (1 = best). */
  readonly outOfSampleRank: number | null;
}

const score = (r: JobResult, objective: Objective): number => r[objective] ?? -Infinity;

/** Picks the best training result per fold (ties: earlier job) and looks up its test result. */
export function evaluateWalkForward(results: readonly JobResult[], objective: Objective = 'sharpe'): FoldOutcome[] {
  const folds = [...new Set(results.filter((r) => r.segment === 'train').map((r) => r.fold))].sort((a, b) => a - b);
  return folds.map((fold) => {
    const train = results.filter((r) => r.segment === 'train' && r.fold === fold).sort((a, b) => a.index - b.index);
    const test = results.filter((r) => r.segment === 'test' && r.fold === fold);
    let best: JobResult | undefined;
    for (const r of train) if (r.error === null && (!best || score(r, objective) > score(best, objective))) best = r;
    const chosenKey = best ? paramsKey(best.params) : undefined;
    const oos = test.find((r) => paramsKey(r.params) === chosenKey);
    const ranked = test.filter((r) => r.error === null).sort((a, b) => score(b, objective) - score(a, objective));
    const rank = oos ? ranked.findIndex((r) => r.index === oos.index) + 1 : 0;
    return {
      fold,
      trainFrom: train[0]?.from ?? NaN,
      trainTo: train[0]?.to ?? NaN,
      testFrom: test[0]?.from ?? NaN,
      testTo: test[0]?.to ?? NaN,
      chosen: best?.params ?? null,
      inSample: best ? best[objective] : null,
      outOfSample: oos ? oos[objective] : null,
      inSampleReturn: best?.totalReturn ?? null,
      outOfSampleReturn: oos?.totalReturn ?? null,
      outOfSampleRank: rank > 0 ? rank : null,
    };
  });
}
