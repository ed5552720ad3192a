import type { FeatureSpec } from '../../core/features/feature-spec.ts';
import type { ApprovedModel } from '../../core/ml/approved-model.ts';
import type { MlConfig } from '../../core/ml/ml-config.ts';
import { parseTimeframe } from '../../core/market/timeframe.ts';
import type { CandleSource } from '../../backtest/run/run-backtest.ts';
import type { AuditLog } from './audit-log.ts';
import { loadSeries } from './candles.ts';
import { loadApprovedModel, promoteModel, trainModel, validateModel, type TrainOutcome, type ValidationOutcome } from './pipeline.ts';
import type { XgbParams } from './xgboost-cli.ts';

export interface RetrainSpec {
  readonly pair: string;
  readonly timeframe: string;
  readonly from: string;
  readonly to: string;
  readonly spec: FeatureSpec;
  readonly config: MlConfig;
  readonly xgb: XgbParams;
  readonly folds: { readonly folds: number; readonly trainRatio: number; readonly embargo: number };
}

export interface RetrainResult {
  readonly id: string;
  readonly verdict: 'APPROVED' | 'REJECTED';
  readonly reasons: readonly string[];
  readonly model: ApprovedModel | null;
  readonly training: TrainOutcome;
  readonly validation: ValidationOutcome;
}

export const barsPerYear = (timeframe: string) => (365 * 24 * 60) / parseTimeframe(timeframe);

/** Train -> validate -> promote when all four gates pass; the approved model comes back through the hash-checking loader. */
export async function retrainAndPromote(source: CandleSource, modelsDir: string, audit: AuditLog, r: RetrainSpec): Promise<RetrainResult> {
  const candles = await loadSeries(source, { pair: r.pair, timeframe: r.timeframe, from: r.from, to: r.to });
  const training = await trainModel({ pair: r.pair, timeframe: r.timeframe, candles, spec: r.spec, xgb: r.xgb, folds: r.folds, config: r.config, barsPerYear: barsPerYear(r.timeframe) }, modelsDir, audit);
  const validation = await validateModel(modelsDir, training.id, r.spec, r.config, audit);
  if (validation.state === 'REJECTED') return { id: training.id, verdict: 'REJECTED', reasons: validation.reasons, model: null, training, validation };
  await promoteModel(modelsDir, training.id, audit);
  return { id: training.id, verdict: 'APPROVED', reasons: [], model: await loadApprovedModel(modelsDir, audit, { id: training.id }), training, validation };
}
