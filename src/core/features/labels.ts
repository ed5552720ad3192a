import type { CandleColumns } from './candle-columns.ts';
import type { LabelDef } from './feature-spec.ts';

/**
 * Labels look ahead by definition: the label of bar t is known only at bar t + horizon. They
 * exist for training and scoring only, never for a live decision, and purged walk-forward
 * keeps any training label from overlapping a test window (purged-folds.ts).
 */
export interface Labels {
  /** 1 when the net forward log return beats zero, 0 when not, NaN for the last `horizon` bars. */
  readonly y: Float64Array;
  /** log(close[t + h] / close[t]) before costs (NaN at the end), for trading the signal. */
  readonly forwardReturn: Float64Array;
}

export function forwardLabels(c: CandleColumns, label: LabelDef): Labels {
  const n = c.close.length;
  const h = label.horizon;
  const cost = label.costBps / 10_000;
  const y = new Float64Array(n).fill(NaN);
  const forwardReturn = new Float64Array(n).fill(NaN);
  for (let t = 0; t + h < n; t++) {
    const r = Math.log(c.close[t + h] / c.close[t]);
    forwardReturn[t] = r;
    y[t] = r - cost > 0 ? 1 : 0;
  }
  return { y, forwardReturn };
}
