import type { FeatureSpec } from '../../features/feature-spec.ts';
import { FEATURE_TYPE, schemaHash } from '../../features/schema-hash.ts';
import { gateReport, type GateReport } from './gate-report.ts';

export interface SchemaInput {
  /** The spec the consuming strategy will compute and feed. */
  readonly expected: FeatureSpec;
  /** The spec stored in the artifact. */
  readonly artifact: FeatureSpec;
  /** Schema hash the artifact recorded at training time. */
  readonly recordedHash: string;
  /** Features the model itself takes (num_feature of the XGBoost model). */
  readonly modelFeatures: number;
  readonly featureTypes: readonly string[];
}

/** Gate 2: names, order, dimensions and types of the features match what the strategy will feed. */
export function schemaGate(s: SchemaInput): GateReport {
  const reasons: string[] = [];
  const want = s.expected.features.map((f) => f.name);
  const have = s.artifact.features.map((f) => f.name);
  if (want.length !== have.length) reasons.push(`dimension: the strategy feeds ${want.length} features, the artifact declares ${have.length}`);
  const n = Math.min(want.length, have.length);
  for (let i = 0; i < n; i++) {
    if (want[i] !== have[i]) {
      reasons.push(`order/name: feature ${i} is "${have[i]}" in the artifact, "${want[i]}" in the strategy`);
      break;
    }
    if (s.expected.features[i].formula !== s.artifact.features[i].formula) reasons.push(`feature "${want[i]}": formula ${s.artifact.features[i].formula} vs ${s.expected.features[i].formula}`);
  }
  if (s.modelFeatures !== have.length) reasons.push(`dimension: the model takes ${s.modelFeatures} features, the spec declares ${have.length}`);
  const badType = s.featureTypes.find((t) => t !== FEATURE_TYPE);
  if (s.featureTypes.length !== have.length) reasons.push(`types: ${s.featureTypes.length} types for ${have.length} features`);
  else if (badType) reasons.push(`types: "${badType}" is not ${FEATURE_TYPE}`);
  const actualHash = schemaHash(s.artifact);
  if (actualHash !== s.recordedHash) reasons.push(`schema hash ${actualHash.slice(0, 12)}... differs from the recorded ${s.recordedHash.slice(0, 12)}...`);
  if (actualHash !== schemaHash(s.expected) && reasons.length === 0) reasons.push('schema hash differs from the strategy spec (label or timeframe)');
  return gateReport('schema', reasons, { features: have.length, modelFeatures: s.modelFeatures, schemaHash: actualHash }, { features: want.length, schemaHash: schemaHash(s.expected) });
}
