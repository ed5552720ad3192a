/**
 * Inference from an XGBoost JSON model (the format `xgboost` writes with model_out = *.json;
 * checked against XGBoost 1.7.4). Pure TypeScript, no child process: a live strategy scores a
 * row in microseconds. XGBoost works in float32: features are rounded to float32 before the
 * split test (`x < split` goes left, NaN follows default_left), leaf values are summed in
 * float32, and binary:logistic applies the sigmoid to base margin + sum.
 */
export interface XgbTree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly split: Float32Array;
  readonly defaultLeft: Uint8Array;
}

export interface XgbModel {
  readonly objective: 'binary:logistic' | 'reg:squarederror' | 'reg:logistic';
  readonly numFeature: number;
  /** Margin every prediction starts from (base_score mapped through the objective's link). */
  readonly baseMargin: number;
  readonly trees: readonly XgbTree[];
  readonly version: string;
}

const OBJECTIVES = ['binary:logistic', 'reg:squarederror', 'reg:logistic'] as const;

function fail(msg: string): never {
  throw new Error(`xgboost model: ${msg}`);
}

function intArray(x: unknown, what: string): Int32Array {
  if (!Array.isArray(x) || !x.every((v) => Number.isInteger(v))) fail(`${what} is not a list of integers`);
  return Int32Array.from(x as number[]);
}

/** Parses a model from its JSON text; errors name the missing or malformed part. */
export function parseXgbModel(json: string): XgbModel {
  let doc: any;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    fail(`not JSON (${(e as Error).message})`);
  }
  const learner = doc?.learner;
  if (!learner) fail('no "learner" object (is this an XGBoost JSON model?)');
  const objective = learner.objective?.name;
  if (!OBJECTIVES.includes(objective)) fail(`objective "${String(objective)}" is not supported (${OBJECTIVES.join(', ')})`);
  const booster = learner.gradient_booster;
  if (booster?.name !== 'gbtree') fail(`booster "${String(booster?.name)}" is not supported (gbtree)`);
  const param = learner.learner_model_param ?? {};
  const numFeature = Number(param.num_feature);
  if (!Number.isInteger(numFeature) || numFeature < 1) fail('learner_model_param.num_feature is missing');
  if (Number(param.num_class ?? 0) > 1) fail('multi-class models are not supported');
  const baseScore = Math.fround(Number(param.base_score));
  if (!Number.isFinite(baseScore)) fail('learner_model_param.base_score is missing');
  const logistic = objective !== 'reg:squarederror';
  if (logistic && !(baseScore > 0 && baseScore < 1)) fail(`base_score ${baseScore} must be in (0, 1) for ${objective}`);
  const baseMargin = logistic ? Math.fround(-Math.log(1 / baseScore - 1)) : baseScore;
  const rawTrees = booster.model?.trees;
  if (!Array.isArray(rawTrees)) fail('gradient_booster.model.trees is missing');
  const trees = rawTrees.map((t: any, i: number): XgbTree => {
    if ((t.split_type ?? []).some((s: number) => s !== 0)) fail(`tree ${i} has categorical splits (not supported)`);
    const left = intArray(t.left_children, `tree ${i} left_children`);
    const tree = {
      left,
      right: intArray(t.right_children, `tree ${i} right_children`),
      feature: intArray(t.split_indices, `tree ${i} split_indices`),
      split: Float32Array.from(t.split_conditions as number[]),
      defaultLeft: Uint8Array.from(t.default_left as number[]),
    };
    for (const [k, a] of Object.entries(tree)) if (a.length !== left.length) fail(`tree ${i}: ${k} has ${a.length} entries, expected ${left.length}`);
    for (let n = 0; n < left.length; n++) {
      if (left[n] === -1) continue;
      if (left[n] <= n || tree.right[n] <= n || left[n] >= left.length || tree.right[n] >= left.length) fail(`tree ${i} node ${n}: children out of order`);
      if (tree.feature[n] < 0 || tree.feature[n] >= numFeature) fail(`tree ${i} node ${n}: feature ${tree.feature[n]} out of range`);
    }
    return tree;
  });
  return { objective, numFeature, baseMargin, trees, version: (doc.version ?? []).join('.') };
}

/** Raw margin for one row (float32 arithmetic, as XGBoost). */
export function predictMargin(m: XgbModel, row: ArrayLike<number>): number {
  if (row.length !== m.numFeature) throw new Error(`xgboost model: row has ${row.length} features, the model takes ${m.numFeature}`);
  let sum = m.baseMargin; // XGBoost starts from the base margin and adds each tree's leaf in float32
  for (const t of m.trees) {
    let n = 0;
    while (t.left[n] !== -1) {
      const x = row[t.feature[n]];
      if (Number.isNaN(x)) n = t.defaultLeft[n] ? t.left[n] : t.right[n];
      else n = Math.fround(x) < t.split[n] ? t.left[n] : t.right[n];
    }
    sum = Math.fround(sum + t.split[n]);
  }
  return sum;
}

/** The model's prediction: a probability for the logistic objectives. */
export function predict(m: XgbModel, row: ArrayLike<number>): number {
  const margin = predictMargin(m, row);
  return m.objective === 'reg:squarederror' ? margin : Math.fround(1 / (1 + Math.exp(-margin)));
}

/** Predictions for row-major values (`rows` x numFeature). */
export function predictMatrix(m: XgbModel, values: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = predict(m, values.subarray(i * m.numFeature, (i + 1) * m.numFeature));
  return out;
}
