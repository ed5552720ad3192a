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

/** The registry alias an `ml-signal` session names the pair's current model by (`--param model=approved:BTC/USD`). */
export const approvedAlias = (pair: string): string => `approved:${pair}`;

/** The model registered under `key`, or undefined (validation asks before anything changes). */
export function registeredModel(key: string): ApprovedModel | undefined {
  return registry.get(key);
}

/**
 * Why a journaled promotion (`id` with `artifactHash` for `pair`) cannot be applied now, or
 * undefined: the artifact must have been loaded (and so verified) by the layer that reads files,
 * under that very hash, for that pair.
 */
export function promotionRefusal(pair: string, id: string, artifactHash: string): string | undefined {
  const m = registry.get(id);
  if (!m) return `model ${id} is not loaded (load the artifact with hash ${artifactHash} first)`;
  if (m.artifactHash !== artifactHash) return `model ${id} is loaded with artifact hash ${m.artifactHash}, not the journaled ${artifactHash}`;
  if (m.pair !== pair) return `model ${id} trades ${m.pair}, not ${pair}`;
  return undefined;
}

/** Applies a promotion: `approved:PAIR` now names the loaded model `id` (a running ml-signal picks it up on its next bar). */
export function promote(pair: string, id: string, artifactHash: string): void {
  const why = promotionRefusal(pair, id, artifactHash);
  if (why) throw new Error(`promotion refused: ${why}`);
  registry.set(approvedAlias(pair), registry.get(id)!);
}

export function approvedModel(key: string): ApprovedModel {
  const m = registry.get(key);
  if (!m) throw new Error(`ml-signal: model "${key}" is not loaded; load an APPROVED artifact first (krakenbt ml list shows them)`);
  return m;
}
