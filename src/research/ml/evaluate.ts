import { fitLogistic, predictLogistic } from '../../core/ml/logistic.ts';
import type { SignalRule } from '../../core/ml/ml-config.ts';
import { fitNoSkill, predictNoSkill } from '../../core/ml/no-skill.ts';
import { purgedFolds, type PurgedFold, type PurgedFoldSpec } from '../../core/ml/purged-folds.ts';
import { classMetrics, signalMetrics, type ClassMetrics, type SignalMetrics } from '../../core/ml/scoring.ts';
import { parseXgbModel, predictMatrix } from '../../core/ml/xgb-model.ts';
import { rowsInBars, type Dataset } from './dataset.ts';
import { trainXgboost, type XgbParams } from './xgboost-cli.ts';

export const MODEL_KINDS = ['xgboost', 'logistic', 'no-skill'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface Scored {
  readonly classification: ClassMetrics;
  readonly signal: SignalMetrics;
}

export interface FoldResult {
  readonly fold: number;
  readonly trainBars: readonly [number, number];
  readonly testBars: readonly [number, number];
  readonly trainRows: number;
  readonly testRows: number;
  readonly testFrom: number;
  readonly testTo: number;
  readonly scores: Readonly<Record<ModelKind, Scored>>;
}

export interface Evaluation {
  readonly folds: readonly FoldResult[];
  /** All test windows concatenated (they tile the end of the range): the out-of-sample record. */
  readonly outOfSample: Readonly<Record<ModelKind, Scored>>;
  readonly testRows: number;
}

export interface EvaluateOptions {
  readonly folds: Omit<PurgedFoldSpec, 'horizon'>;
  readonly xgb: XgbParams;
  readonly signal: SignalRule;
  readonly barsPerYear: number;
}

function score(p: Float64Array, y: Float64Array, next: Float64Array, threshold: number, o: EvaluateOptions, oneWayCostBps: number): Scored {
  return {
    classification: classMetrics(p, y, threshold),
    signal: signalMetrics(p, next, { threshold, size: o.signal.size, oneWayCostBps, barsPerYear: o.barsPerYear }),
  };
}

/**
 * Purged walk-forward: on every fold, XGBoost, logistic regression and the no-skill baseline
 * are trained on the same training rows and scored on the same test rows, which the training
 * labels cannot reach (embargo >= horizon). Costs: half the spec's round trip per position change.
 */
export async function evaluate(d: Dataset, o: EvaluateOptions): Promise<Evaluation> {
  const h = d.spec.label.horizon;
  const folds: PurgedFold[] = purgedFolds(d.bar[0], d.bar[d.rows - 1] + 1, { ...o.folds, horizon: h });
  const oneWay = d.spec.label.costBps / 2;
  const all: Record<ModelKind, number[]> = { xgboost: [], logistic: [], 'no-skill': [] };
  const ys: number[] = [];
  const nexts: number[] = [];
  const results: FoldResult[] = [];
  for (const f of folds) {
    const [a, b] = rowsInBars(d, f.train[0], f.train[1]);
    const [c, e] = rowsInBars(d, f.test[0], f.test[1]);
    const w = d.width;
    const xTrain = d.x.subarray(a * w, b * w);
    const yTrain = d.y.subarray(a, b);
    const xTest = d.x.subarray(c * w, e * w);
    const yTest = d.y.subarray(c, e);
    const next = d.nextReturn.subarray(c, e);
    const n = e - c;
    const xgb = parseXgbModel(await trainXgboost(xTrain, yTrain, b - a, w, o.xgb));
    const lr = fitLogistic(xTrain, yTrain, b - a, w);
    const ns = fitNoSkill(yTrain);
    const preds: Record<ModelKind, Float64Array> = {
      xgboost: predictMatrix(xgb, xTest, n),
      logistic: Float64Array.from({ length: n }, (_, i) => predictLogistic(lr, xTest.subarray(i * w, (i + 1) * w))),
      'no-skill': predictNoSkill(ns, n),
    };
    const scores = {} as Record<ModelKind, Scored>;
    for (const k of MODEL_KINDS) {
      scores[k] = score(preds[k], yTest, next, k === 'no-skill' ? 0 : o.signal.threshold, o, oneWay);
      all[k].push(...preds[k]);
    }
    ys.push(...yTest);
    nexts.push(...next);
    results.push({ fold: f.fold, trainBars: f.train, testBars: f.test, trainRows: b - a, testRows: n, testFrom: d.closeTime[c], testTo: d.closeTime[e - 1], scores });
  }
  const y = Float64Array.from(ys);
  const next = Float64Array.from(nexts);
  const outOfSample = {} as Record<ModelKind, Scored>;
  for (const k of MODEL_KINDS) outOfSample[k] = score(Float64Array.from(all[k]), y, next, k === 'no-skill' ? 0 : o.signal.threshold, o, oneWay);
  return { folds: results, outOfSample, testRows: y.length };
}
