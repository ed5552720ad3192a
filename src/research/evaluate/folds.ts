import { walkForwardFolds, type Fold } from '../sweep/walk-forward.ts';

export interface EmbargoedFoldSpec {
  readonly folds: number;
  /** Training window length / test window length. */
  readonly trainRatio: number;
  /** Gap left out between each training window and its test window (ms). */
  readonly embargoMs: number;
}

/**
 * The walk-forward folds of research/sweep (test windows tiling the end of the range, each
 * after a training window), with an embargo: the last `embargoMs` of every training window
 * are dropped, so no training result depends on candles that the test window's indicators
 * also read (the rolling windows straddle the boundary otherwise).
 */
export function embargoedFolds(from: number, to: number, intervalMs: number, spec: EmbargoedFoldSpec): Fold[] {
  if (!(spec.embargoMs >= 0)) throw new Error(`evaluate: embargo must be >= 0, got ${spec.embargoMs}`);
  return walkForwardFolds(from, to, intervalMs, { folds: spec.folds, trainRatio: spec.trainRatio }).map((f) => {
    const trainEnd = f.train[1] - spec.embargoMs;
    if (trainEnd - f.train[0] < 2 * intervalMs) throw new Error(`evaluate: fold ${f.fold}: the embargo leaves no training window; use a shorter embargo or fewer folds`);
    return { ...f, train: [f.train[0], trainEnd] as const };
  });
}
