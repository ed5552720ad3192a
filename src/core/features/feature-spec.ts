import { z } from 'zod';
import { formulaLookback, parseFormula } from './formulas.ts';

/**
 * A declared feature spec: what a model is fed, in which order, and what it is trained to
 * predict. Every feature is a formula over closed candles with a declared lookback (bars of
 * history it needs besides the current one); the label is the forward log return over
 * `horizon` bars net of round-trip costs. The schema hash (schema-hash.ts) covers all of it.
 */
export interface FeatureDef {
  readonly name: string;
  /** e.g. "ret(24)", "vol(24)", "sma_gap(48)", "rsi(14)", "range(24)", "volume_z(24)". */
  readonly formula: string;
  readonly lookback: number;
}

export interface LabelDef {
  /** Bars ahead: the label at bar t compares close[t + horizon] with close[t]. */
  readonly horizon: number;
  /** Round-trip cost in basis points (taker fee both ways plus slippage) the move must beat. */
  readonly costBps: number;
}

export interface FeatureSpec {
  readonly version: 1;
  readonly timeframe: string;
  readonly features: readonly FeatureDef[];
  readonly label: LabelDef;
}

const featureSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'feature names are lower_snake_case'),
    formula: z.string().min(1),
    lookback: z.number().int().min(0).max(10_000),
  })
  .strict();

const specSchema = z
  .object({
    version: z.literal(1),
    timeframe: z.string().regex(/^\d+[mhd]$/),
    features: z.array(featureSchema).min(1).max(256),
    label: z.object({ horizon: z.number().int().min(1).max(10_000), costBps: z.number().min(0).max(10_000) }).strict(),
  })
  .strict();

/** Validates a spec from JSON; the error names the offending field. Lookbacks must be what the formula needs. */
export function parseFeatureSpec(input: unknown): FeatureSpec {
  const r = specSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`feature spec: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const spec = r.data as FeatureSpec;
  const seen = new Set<string>();
  for (const f of spec.features) {
    if (seen.has(f.name)) throw new Error(`feature spec: feature "${f.name}" appears twice`);
    seen.add(f.name);
    const needed = formulaLookback(parseFormula(f.formula));
    if (needed !== f.lookback) throw new Error(`feature spec: "${f.name}" = ${f.formula} needs lookback ${needed}, declared ${f.lookback}`);
  }
  return spec;
}

/** Bars a series needs before every feature has a value (largest lookback plus the current bar). */
export function warmupBars(spec: FeatureSpec): number {
  return Math.max(...spec.features.map((f) => f.lookback)) + 1;
}

/** The default spec for hourly candles: returns, volatility, trend, RSI, range and volume. */
export const DEFAULT_FEATURE_SPEC: FeatureSpec = parseFeatureSpec({
  version: 1,
  timeframe: '1h',
  features: [
    { name: 'ret_1', formula: 'ret(1)', lookback: 1 },
    { name: 'ret_4', formula: 'ret(4)', lookback: 4 },
    { name: 'ret_24', formula: 'ret(24)', lookback: 24 },
    { name: 'vol_24', formula: 'vol(24)', lookback: 24 },
    { name: 'sma_gap_48', formula: 'sma_gap(48)', lookback: 47 },
    { name: 'rsi_14', formula: 'rsi(14)', lookback: 14 },
    { name: 'range_24', formula: 'range(24)', lookback: 23 },
    { name: 'volume_z_24', formula: 'volume_z(24)', lookback: 23 },
  ],
  label: { horizon: 4, costBps: 52 },
});
