import type { GateReport } from '../../core/ml/gates/gate-report.ts';
import type { Evaluation } from './evaluate.ts';

/** Plain-text tables of an evaluation (three models side by side) and of the gate reports. */
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function evaluationTable(e: Evaluation): string {
  const head = 'model        precision  recall     F1  Sharpe  return  max DD  exposure';
  const rows = Object.entries(e.outOfSample).map(([k, s]) =>
    [k.padEnd(11), s.classification.precision.toFixed(3).padStart(10), s.classification.recall.toFixed(3).padStart(7), s.classification.f1.toFixed(3).padStart(6), s.signal.sharpe.toFixed(2).padStart(7), pct(s.signal.totalReturn).padStart(7), pct(s.signal.maxDrawdown).padStart(7), pct(s.signal.exposure).padStart(9)].join(' '),
  );
  return [`out of sample: ${e.testRows} rows in ${e.folds.length} purged folds`, head, ...rows].join('\n');
}

export function gateTable(reports: readonly GateReport[]): string {
  return reports.map((r) => `${r.gate.padEnd(12)} ${r.passed ? 'PASS' : 'FAIL'}${r.reasons.length ? '  ' + r.reasons.join('; ') : ''}`).join('\n');
}

