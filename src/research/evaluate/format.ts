import type { Evaluation, Subject, SubjectSummary } from './evaluate.ts';

const pct = (x: number | null, digits = 1) => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const label = (s: Subject) => (s.startsWith('alone:') ? `${s.slice(6)} alone` : s === 'constant-allocation' ? 'constant allocation (no skill)' : s);

/** The evaluation as Markdown: the out-of-sample summary, then each fold's windows and choice. */
export function evaluationMarkdown(e: Evaluation): string {
  const s = e.spec;
  const lines = [
    `**${s.pairs.join(', ')} · ${s.timeframe} · ${s.from}..${s.to}** — ${s.folds} walk-forward folds, train ${s.trainRatio}x test, ${s.embargoDays}-day embargo, ${s.warmupDays}-day warm-up; grid ${Object.entries(s.grid).map(([k, v]) => `${k} ∈ {${v.join(', ')}}`).join(', ')}; chosen by training Sharpe.`,
    '',
    '| out of sample (test windows chained) | return | Sharpe (mean) | max drawdown (worst) | exposure (mean) | fees |',
    '|---|---:|---:|---:|---:|---:|',
    ...e.summary.map((r: SubjectSummary) => `| ${label(r.subject)} | ${pct(r.totalReturn)} | ${num(r.meanSharpe)} | ${pct(r.worstDrawdown)} | ${pct(r.meanExposure)} | ${r.fees.toFixed(0)} |`),
    '',
    '| fold | train | test | chosen | train Sharpe | test return | buy-and-hold | constant allocation |',
    '|---|---|---|---|---:|---:|---:|---:|',
    ...e.folds.map((f) => {
      const d = (t: number) => new Date(t).toISOString().slice(0, 10);
      const chosen = Object.entries(f.chosen).map(([k, v]) => `${k}=${v}`).join(' ');
      return `| ${f.fold + 1} | ${d(f.train[0])}..${d(f.train[1])} | ${d(f.test[0])}..${d(f.test[1])} | ${chosen} | ${num(f.trainSharpe)} | ${pct(f.scores['regime-portfolio'].totalReturn)} | ${pct(f.scores['buy-and-hold'].totalReturn)} | ${pct(f.scores['constant-allocation'].totalReturn)} |`;
    }),
  ];
  return lines.join('\n') + '\n';
}
