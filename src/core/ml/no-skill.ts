/**
 * The no-skill baseline: it knows only the share of positive labels in its training data and
 * says so for every row. Classified, it is "always positive" (precision = prevalence, recall
 * 1, the floor of a precision-recall curve); traded, it is always long (buy and hold).
 */
export interface NoSkillModel {
  readonly kind: 'no-skill';
  readonly prevalence: number;
}

export function fitNoSkill(y: ArrayLike<number>): NoSkillModel {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] === 1 ? 1 : 0;
  return { kind: 'no-skill', prevalence: y.length ? pos / y.length : 0 };
}

/** Scores for `rows` rows; classified and traded with threshold 0 (always positive, always long). */
export function predictNoSkill(m: NoSkillModel, rows: number): Float64Array {
  return new Float64Array(rows).fill(m.prevalence);
}
