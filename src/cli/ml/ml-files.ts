import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_FEATURE_SPEC, parseFeatureSpec, type FeatureSpec } from '../../core/features/feature-spec.ts';
import { parseMlConfig, type MlConfig } from '../../core/ml/ml-config.ts';
import type { RetrainSpec } from '../../research/ml/retrain.ts';
import { DEFAULT_XGB_PARAMS, type XgbParams } from '../../research/ml/xgboost-cli.ts';
import { CliError } from '../cli-error.ts';

/** The ML config (--config: gates, signal, xgb, folds) and feature spec (--spec) files of `krakenbt ml` and `npm run live -- --ml`. */
export interface FileConfig {
  readonly ml: MlConfig;
  readonly xgb: XgbParams;
  readonly folds: RetrainSpec['folds'];
}

function readJsonFile(path: string, what: string): unknown {
  if (!existsSync(path)) throw new CliError(`${what} file not found: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`${what} file ${path}: ${(e as Error).message}`);
  }
}

export function loadConfig(path: string | undefined, horizon: number): FileConfig {
  const raw = (path ? readJsonFile(path, 'config') : {}) as Record<string, unknown>;
  const { xgb, folds, ...rest } = raw;
  try {
    return {
      ml: parseMlConfig(rest),
      xgb: { ...DEFAULT_XGB_PARAMS, ...(xgb as Partial<XgbParams> | undefined) },
      folds: { folds: 4, trainRatio: 3, embargo: Math.max(horizon, 2 * horizon), ...(folds as object | undefined) },
    };
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

export function loadSpec(path: string | undefined): FeatureSpec {
  if (!path) return DEFAULT_FEATURE_SPEC;
  try {
    return parseFeatureSpec(readJsonFile(path, 'feature spec'));
  } catch (e) {
    throw e instanceof CliError ? e : new CliError((e as Error).message);
  }
}
