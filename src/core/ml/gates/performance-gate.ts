import type { GateThresholds } from '../ml-config.ts';
import type { ClassMetrics, SignalMetrics } from '../scoring.ts';
import { gateReport, type GateReport } from './gate-report.ts';

export interface ScoredModel {
  readonly classification: ClassMetrics;
  readonly signal: SignalMetrics;
}

export interface PerformanceInput {
  readonly model: ScoredModel;
  readonly logistic: ScoredModel;
  readonly noSkill: ScoredModel;
}

/**
 * Gate 3: out-of-sample precision, recall, F1 and the Sharpe of trading the signal, with the
 * two baselines scored on the same folds. A model that does not beat both baselines is
 * rejected with that reason, however good its absolute numbers look.
 */
export function performanceGate(p: PerformanceInput, t: GateThresholds['performance']): GateReport {
  const reasons: string[] = [];
  const m = p.model.classification;
  const s = p.model.signal;
  const f = (x: number) => x.toFixed(3);
  if (m.rows < t.minTestRows) reasons.push(`only ${m.rows} out-of-sample rows (< ${t.minTestRows})`);
  if (m.precision < t.minPrecision) reasons.push(`precision ${f(m.precision)} < ${t.minPrecision}`);
  if (m.recall < t.minRecall) reasons.push(`recall ${f(m.recall)} < ${t.minRecall}`);
  if (m.f1 < t.minF1) reasons.push(`F1 ${f(m.f1)} < ${t.minF1}`);
  if (!(s.sharpe >= t.minSharpe)) reasons.push(`signal Sharpe ${f(s.sharpe)} < ${t.minSharpe}`);
  for (const [name, b] of [['logistic regression', p.logistic], ['no-skill', p.noSkill]] as const) {
    if (!(s.sharpe >= b.signal.sharpe + t.minSharpeEdge)) reasons.push(`does not beat the ${name} baseline on Sharpe (${f(s.sharpe)} vs ${f(b.signal.sharpe)}, edge needed ${t.minSharpeEdge})`);
    if (!(m.f1 >= b.classification.f1 + t.minF1Edge)) reasons.push(`does not beat the ${name} baseline on F1 (${f(m.f1)} vs ${f(b.classification.f1)}, edge needed ${t.minF1Edge})`);
  }
  return gateReport(
    'performance',
    reasons,
    {
      rows: m.rows,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      sharpe: s.sharpe,
      logisticF1: p.logistic.classification.f1,
      logisticSharpe: p.logistic.signal.sharpe,
      noSkillF1: p.noSkill.classification.f1,
      noSkillSharpe: p.noSkill.signal.sharpe,
    },
    { ...t },
  );
}
