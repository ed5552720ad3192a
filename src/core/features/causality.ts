import { sliceColumns, type CandleColumns, type FeatureMatrix } from './candle-columns.ts';

/** Anything that turns a candle series into a feature matrix (the engine, or a hand-written builder). */
export type MatrixBuilder = (c: CandleColumns) => FeatureMatrix;

export interface CausalityReport {
  readonly causal: boolean;
  /** Features whose value at some bar changed when later bars were removed. */
  readonly leaking: readonly { readonly feature: string; readonly bar: number; readonly full: number; readonly truncated: number }[];
  readonly cutsChecked: number;
}

const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b;

/**
 * Leakage check: a feature is causal when its value at bar t depends only on bars <= t. So
 * build the matrix on the full series and again on the series cut after bar t, for `cuts`
 * cut points spread over the range: any difference at a bar <= t means the feature read the
 * future (a value computed from bar t + 1 changes, or turns NaN, when bar t + 1 is removed).
 */
export function checkCausality(build: MatrixBuilder, c: CandleColumns, cuts = 16): CausalityReport {
  const full = build(c);
  const n = c.close.length;
  const leaking: { feature: string; bar: number; full: number; truncated: number }[] = [];
  const found = new Set<string>();
  let checked = 0;
  for (let k = 1; k <= cuts; k++) {
    const cut = Math.floor((n * k) / (cuts + 1));
    if (cut < 2) continue;
    checked++;
    const part = build(sliceColumns(c, 0, cut));
    // The last few bars before the cut are where a peek ahead shows; compare all of them.
    for (let t = 0; t < cut; t++) {
      for (let j = 0; j < full.width; j++) {
        const a = full.values[t * full.width + j];
        const b = part.values[t * part.width + j];
        if (!same(a, b) && !found.has(full.names[j])) {
          found.add(full.names[j]);
          leaking.push({ feature: full.names[j], bar: t, full: a, truncated: b });
        }
      }
    }
  }
  return { causal: leaking.length === 0, leaking, cutsChecked: checked };
}
