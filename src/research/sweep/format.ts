import type { JobResult } from './job.ts';
import { paramsKey } from './param-space.ts';
import type { FoldOutcome, Objective } from './walk-forward.ts';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null) => (x === null ? '-' : x.toFixed(3));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The best `top` results by the objective (ties: job order), as a text table. */
export function formatTop(results: readonly JobResult[], objective: Objective, top: number): string {
  const ok = results.filter((r) => r.error === null);
  const sorted = [...ok].sort((a, b) => (b[objective] ?? -Infinity) - (a[objective] ?? -Infinity) || a.index - b.index).slice(0, top);
  return table(
    ['params', 'sharpe', 'return', 'max dd', 'trades', 'final equity'],
    sorted.map((r) => [paramsKey(r.params), num(r.sharpe), pct(r.totalReturn), pct(r.maxDrawdown), String(r.trades), r.finalEquity === null ? '-' : Number(r.finalEquity).toFixed(2)]),
  );
}

export function formatFolds(folds: readonly FoldOutcome[], objective: Objective): string {
  return table(
    ['fold', 'train', 'test', 'chosen', `IS ${objective}`, `OOS ${objective}`, 'IS return', 'OOS return', 'OOS rank'],
    folds.map((f) => [
      String(f.fold), `${day(f.trainFrom)}..${day(f.trainTo)}`, `${day(f.testFrom)}..${day(f.testTo)}`, f.chosen ? paramsKey(f.chosen) : '-',
      num(f.inSample), num(f.outOfSample), pct(f.inSampleReturn), pct(f.outOfSampleReturn), f.outOfSampleRank === null ? '-' : String(f.outOfSampleRank),
    ]),
  );
}
