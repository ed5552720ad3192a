/**
 * Purged walk-forward folds over a labelled series. Test windows tile the end of the series;
 * each is preceded by a training window that ends `embargo` bars before the test starts.
 * The label of bar i reads bars up to i + horizon, so with embargo >= horizon no training
 * label overlaps the test window (the leak of a plain walk-forward that puts test right after
 * train). Indices are bar numbers in the series, so gaps in the usable rows change nothing.
 */
export interface PurgedFoldSpec {
  readonly folds: number;
  /** Training window length / test window length; Infinity trains on everything before (expanding). */
  readonly trainRatio: number;
  /** Bars left out between the last training bar and the first test bar; at least the label horizon. */
  readonly embargo: number;
  readonly horizon: number;
}

export interface PurgedFold {
  readonly fold: number;
  /** Bar ranges [from, to). */
  readonly train: readonly [number, number];
  readonly test: readonly [number, number];
}

/** Folds over bars [first, end): `first` is the first usable bar, `end` one past the last labelled bar. */
export function purgedFolds(first: number, end: number, spec: PurgedFoldSpec): PurgedFold[] {
  if (!Number.isInteger(spec.folds) || spec.folds < 1) throw new Error(`purged walk-forward: folds must be a whole number >= 1, got ${spec.folds}`);
  if (!Number.isInteger(spec.embargo) || spec.embargo < spec.horizon) {
    throw new Error(`purged walk-forward: embargo ${spec.embargo} is shorter than the label horizon ${spec.horizon}; training labels would overlap the test window`);
  }
  if (!(spec.trainRatio > 0)) throw new Error(`purged walk-forward: trainRatio must be > 0, got ${spec.trainRatio}`);
  const span = end - first;
  const ratio = Number.isFinite(spec.trainRatio) ? spec.trainRatio : 1;
  const testLen = Math.floor((span - spec.embargo) / (spec.folds + ratio));
  if (testLen < 2) throw new Error(`purged walk-forward: ${span} bars are too few for ${spec.folds} folds`);
  const trainLen = Math.floor(testLen * ratio);
  const firstTest = end - spec.folds * testLen;
  return Array.from({ length: spec.folds }, (_, i) => {
    const t0 = firstTest + i * testLen;
    const trainEnd = t0 - spec.embargo;
    const trainStart = Number.isFinite(spec.trainRatio) ? Math.max(first, trainEnd - trainLen) : first;
    return { fold: i, train: [trainStart, trainEnd] as const, test: [t0, t0 + testLen] as const };
  });
}

/** Whether any training label (bar i reads up to i + horizon) reaches into the fold's test window. */
export function foldLeaks(f: PurgedFold, horizon: number): boolean {
  return f.train[1] - 1 + horizon >= f.test[0] && f.train[0] < f.test[1];
}
