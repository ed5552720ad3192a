import { describe, expect, it } from 'vitest';
import { parseXgbModel, predict, predictMargin } from '../../../src/core/ml/xgb-model.ts';

/** A hand-written two-tree model in XGBoost 1.7's JSON layout (only the fields the scorer reads). */
function model(over: { objective?: string; baseScore?: string; trees?: unknown[]; numFeature?: string } = {}): string {
  const tree = (feature: number, split: number, left: number, right: number, defaultLeft: number) => ({
    left_children: [1, -1, -1],
    right_children: [2, -1, -1],
    split_indices: [feature, 0, 0],
    split_conditions: [split, left, right],
    default_left: [defaultLeft, 0, 0],
    split_type: [0, 0, 0],
  });
  return JSON.stringify({
    version: [1, 7, 4],
    learner: {
      objective: { name: over.objective ?? 'binary:logistic' },
      learner_model_param: { base_score: over.baseScore ?? '5E-1', num_feature: over.numFeature ?? '2', num_class: '0' },
      gradient_booster: { name: 'gbtree', model: { trees: over.trees ?? [tree(0, 0.5, -0.25, 0.5, 1), tree(1, 10, 0.125, -0.125, 0)] } },
    },
  });
}

describe('XGBoost JSON scorer', () => {
  const m = parseXgbModel(model());
  it.each([
    [[0.2, 3], -0.25 + 0.125],
    [[0.5, 3], 0.5 + 0.125], // x < split goes left; equal goes right
    [[0.9, 10], 0.5 - 0.125],
    [[NaN, NaN], -0.25 - 0.125], // missing: tree 1 default left, tree 2 default right
  ])('row %j has margin %d (base margin 0 for base_score 0.5)', (row, margin) => {
    expect(predictMargin(m, row)).toBe(margin);
    expect(predict(m, row)).toBe(Math.fround(1 / (1 + Math.exp(-margin))));
  });

  it('compares in float32, as XGBoost does', () => {
    const split = Math.fround(0.1); // 0.100000001...
    const f = parseXgbModel(model({ trees: [{ left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [split, 1, 2], default_left: [0, 0, 0] }], numFeature: '1' }));
    // 0.1 as a double is below the float32 split, but rounds to it in float32: XGBoost sends it right.
    expect(0.1 < split).toBe(true);
    expect(predictMargin(f, [0.1])).toBe(2);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['no learner', '{}', /no "learner"/],
    ['another objective', model({ objective: 'multi:softprob' }), /objective "multi:softprob" is not supported/],
    ['a child out of order', model({ trees: [{ left_children: [0, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }] }), /children out of order/],
    ['a feature index out of range', model({ trees: [{ left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [5, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }] }), /feature 5 out of range/],
    ['arrays of different lengths', model({ trees: [{ left_children: [1, -1, -1], right_children: [2, -1], split_indices: [0, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }] }), /right has 2 entries/],
  ])('refuses %s with a message naming it', (_n, text, re) => expect(() => parseXgbModel(text)).toThrow(re));

  it('refuses a row of the wrong width', () => expect(() => predict(m, [1])).toThrow(/row has 1 features, the model takes 2/));
});
