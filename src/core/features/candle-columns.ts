import { FeatureEngine } from './feature-engine.ts';
import type { FeatureSpec } from './feature-spec.ts';

/** One series of closed candles in time order, as columns (close time, epoch ms). */
export interface CandleColumns {
  readonly closeTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Row-major feature values, one row per candle (NaN during warm-up). */
export interface FeatureMatrix {
  readonly names: readonly string[];
  readonly rows: number;
  readonly width: number;
  readonly values: Float64Array;
}

export function sliceColumns(c: CandleColumns, from: number, to: number): CandleColumns {
  return {
    closeTime: c.closeTime.subarray(from, to),
    open: c.open.subarray(from, to),
    high: c.high.subarray(from, to),
    low: c.low.subarray(from, to),
    close: c.close.subarray(from, to),
    volume: c.volume.subarray(from, to),
  };
}

/** Pushes every candle through one FeatureEngine, in order: the same code a live strategy runs. */
export function featureMatrix(spec: FeatureSpec, c: CandleColumns): FeatureMatrix {
  const engine = new FeatureEngine(spec);
  const n = c.close.length;
  const w = engine.width;
  const values = new Float64Array(n * w);
  const bar = { open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < n; i++) {
    bar.open = c.open[i];
    bar.high = c.high[i];
    bar.low = c.low[i];
    bar.close = c.close[i];
    bar.volume = c.volume[i];
    values.set(engine.push(bar), i * w);
  }
  return { names: spec.features.map((f) => f.name), rows: n, width: w, values };
}
