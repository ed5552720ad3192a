import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { FeatureSpec } from './feature-spec.ts';

/** Every feature is a float32 when it reaches a model (XGBoost's own input type). */
export const FEATURE_TYPE = 'float32';

/** The canonical text of a spec: feature names, formulas, lookbacks and types in order, timeframe, label. */
export function canonicalSpec(spec: FeatureSpec): string {
  return JSON.stringify({
    version: spec.version,
    timeframe: spec.timeframe,
    features: spec.features.map((f) => [f.name, f.formula, f.lookback, FEATURE_TYPE]),
    label: [spec.label.horizon, spec.label.costBps],
  });
}

/** SHA-256 of the canonical spec: recorded in every artifact, checked by the schema gate and at load. */
export function schemaHash(spec: FeatureSpec): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalSpec(spec))));
}
