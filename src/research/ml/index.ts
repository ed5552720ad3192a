/** The ML research API (notebooks/ml.ipynb, docs/ml.md). */
export { DEFAULT_FEATURE_SPEC, parseFeatureSpec, warmupBars, type FeatureSpec } from '../../core/features/feature-spec.ts';
export { featureMatrix, type CandleColumns, type FeatureMatrix } from '../../core/features/candle-columns.ts';
export { checkCausality } from '../../core/features/causality.ts';
export { schemaHash } from '../../core/features/schema-hash.ts';
export { parseXgbModel, predict, predictMatrix } from '../../core/ml/xgb-model.ts';
export { registerApprovedModel, approvedModel } from '../../core/ml/approved-model.ts';
export { DEFAULT_ML_CONFIG, parseMlConfig, type MlConfig } from '../../core/ml/ml-config.ts';
export { purgedFolds } from '../../core/ml/purged-folds.ts';
export { AuditLog } from './audit-log.ts';
export { loadSeries } from './candles.ts';
export { buildDataset, type Dataset } from './dataset.ts';
export { evaluate, type Evaluation } from './evaluate.ts';
export { listModels, loadApprovedModel, loadArtifactForResearch, promoteModel, runGates, trainModel, validateModel } from './pipeline.ts';
export { barsPerYear, retrainAndPromote } from './retrain.ts';
export { DEFAULT_XGB_PARAMS, trainXgboost, xgboostReferencePredict } from './xgboost-cli.ts';
export { evaluationTable, gateTable } from './format.ts';
