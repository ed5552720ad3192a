import type { FeatureSpec } from '../features/feature-spec.ts';
import type { SignalRule } from './ml-config.ts';
import type { XgbModel } from './xgb-model.ts';

/**
 * A model a strategy may trade: built only by a loader that checked the artifact is APPROVED
 * in the audit log and that its files hash to the artifact hash of that approval.
 */
export interface ApprovedModel {
  readonly id: string;
  readonly artifactHash: string;
  readonly schemaHash: string;
  readonly pair: string;
  readonly spec: FeatureSpec;
  readonly model: XgbModel;
  readonly signal: SignalRule;
}

/**
 * Approved models by id (or by the alias "approved:PAIR" for the newest approved one), set by
 * the layer that loads and verifies artifacts (CLI, live wiring) before a strategy is built.
 * The ml-signal factory resolves its `model` parameter here, so src/core never reads a file.
 */
const registry = new Map<string, ApprovedModel>();

export function registerApprovedModel(m: ApprovedModel, aliases: readonly string[] = []): void {
  registry.set(m.id, m);
  for (const a of aliases) registry.set(a, m);
}

export function approvedModel(key: string): ApprovedModel {
  const m = registry.get(key);
  if (!m) throw new Error(`ml-signal: model "${key}" is not loaded; load an APPROVED artifact first (krakenbt ml list shows them)`);
  return m;
}
