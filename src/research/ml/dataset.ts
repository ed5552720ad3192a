import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { featureMatrix, type CandleColumns } from '../../core/features/candle-columns.ts';
import type { FeatureSpec } from '../../core/features/feature-spec.ts';
import { forwardLabels } from '../../core/features/labels.ts';
import { schemaHash } from '../../core/features/schema-hash.ts';

/**
 * A labelled training set built from one candle series: features through the FeatureEngine
 * (the live code path), labels from the spec's horizon and costs. Only rows where every
 * feature and the label exist are kept; `bar` maps each row back to its candle.
 */
export interface Dataset {
  readonly spec: FeatureSpec;
  readonly names: readonly string[];
  readonly width: number;
  readonly rows: number;
  /** Row-major features of the usable rows. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Candle index of each row. */
  readonly bar: Int32Array;
  /** log(close[t+1] / close[t]) per row: what holding from this bar's close for one bar earned. */
  readonly nextReturn: Float64Array;
  readonly closeTime: Float64Array;
  /** SHA-256 over the candles' bytes (time, OHLCV) and the spec's schema hash. */
  readonly dataHash: string;
  readonly from: number;
  readonly to: number;
}

export function candleHash(c: CandleColumns, spec: FeatureSpec): string {
  const h = sha256.create();
  for (const col of [c.closeTime, c.open, c.high, c.low, c.close, c.volume]) h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  h.update(new TextEncoder().encode(schemaHash(spec)));
  return bytesToHex(h.digest());
}

export function buildDataset(spec: FeatureSpec, c: CandleColumns): Dataset {
  const m = featureMatrix(spec, c);
  const { y } = forwardLabels(c, spec.label);
  const n = c.close.length;
  const keep: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    if (Number.isNaN(y[i])) continue;
    let ok = true;
    for (let j = 0; j < m.width && ok; j++) ok = Number.isFinite(m.values[i * m.width + j]);
    if (ok) keep.push(i);
  }
  const rows = keep.length;
  const x = new Float64Array(rows * m.width);
  const yy = new Float64Array(rows);
  const next = new Float64Array(rows);
  const time = new Float64Array(rows);
  keep.forEach((i, r) => {
    x.set(m.values.subarray(i * m.width, (i + 1) * m.width), r * m.width);
    yy[r] = y[i];
    next[r] = Math.log(c.close[i + 1] / c.close[i]);
    time[r] = c.closeTime[i];
  });
  return {
    spec,
    names: m.names,
    width: m.width,
    rows,
    x,
    y: yy,
    bar: Int32Array.from(keep),
    nextReturn: next,
    closeTime: time,
    dataHash: candleHash(c, spec),
    from: n ? c.closeTime[0] : NaN,
    to: n ? c.closeTime[n - 1] : NaN,
  };
}

/** Rows whose bar lies in [fromBar, toBar). */
export function rowsInBars(d: Dataset, fromBar: number, toBar: number): [number, number] {
  let a = 0;
  while (a < d.rows && d.bar[a] < fromBar) a++;
  let b = a;
  while (b < d.rows && d.bar[b] < toBar) b++;
  return [a, b];
}
