import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  exportRunTable, firstFillDifference, getRun, listRuns, RunNotFoundError,
  type ExportFormat, type FillDifference, type StoredFill, type StoredRun,
} from '../../backtest/results/runs-query.ts';
import type { MarketStore } from '../../backtest/store/index.ts';
import { CliError } from '../cli-error.ts';
import { openExistingStore } from '../open-store.ts';
import { day, formatTable, minute, pct, ratio } from '../table.ts';

/** Each `krakenbt runs` action: reads the store, prints text or (--json) one JSON document. */

const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};

async function withStore<T>(path: string, body: (store: MarketStore) => Promise<T>): Promise<T> {
  const store = await openExistingStore(path);
  try {
    return await body(store);
  } catch (e) {
    if (e instanceof RunNotFoundError) throw new CliError(e.message);
    throw e;
  } finally {
    store.close();
  }
}

export async function runsList(args: { store: string; json: boolean; strategy?: string; limit?: number }): Promise<void> {
  const rows = await withStore(args.store, (s) => listRuns(s.connection, { strategy: args.strategy, limit: args.limit }));
  if (args.json) return out(JSON.stringify(rows));
  if (rows.length === 0) return out(`no runs stored in ${args.store}; krakenbt backtest stores each run it makes`);
  out(
    formatTable(
      ['run id', 'strategy', 'params', 'pairs', 'tf', 'from', 'to', 'return', 'max dd', 'sharpe', 'trades', 'stored (UTC)'],
      rows.map((r) => [r.run_id, r.strategy, r.params === '{}' ? '' : Object.entries(JSON.parse(r.params) as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(' '), r.pairs, r.timeframe, day(r.from_ms), day(r.to_ms - 1), pct(r.total_return), pct(r.max_drawdown), ratio(r.sharpe), String(r.trades ?? 'n/a'), minute(r.saved_ms)]),
    ),
  );
}

/** The metrics shown by `show` and `compare`, in order: [key in the stored metrics, label, format]. */
const METRICS: readonly [string, string, (x: any) => string][] = [
  ['totalReturn', 'total return', pct],
  ['cagr', 'CAGR', pct],
  ['volatility', 'volatility (ann.)', pct],
  ['sharpe', 'Sharpe', ratio],
  ['sortino', 'Sortino', ratio],
  ['maxDrawdown', 'max drawdown', pct],
  ['calmar', 'Calmar', ratio],
  ['trades', 'trades (round trips)', (x) => (x === null || x === undefined ? 'n/a' : String(x))],
  ['winRate', 'win rate', pct],
  ['profitFactor', 'profit factor', (x) => (x === 'Infinity' ? 'inf' : ratio(x))],
  ['exposure', 'exposure', pct],
  ['turnover', 'turnover', ratio],
];

function runRows(r: StoredRun): [string, string][] {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
  return [
    ['strategy', `${r.strategy} ${params}`.trim()],
    ['pairs / timeframe', `${r.pairs} / ${r.timeframe}`],
    ['period', `${day(r.from)} .. ${day(r.to - 1)} (${r.candles} candles)`],
    ['initial cash', r.initialCash],
    ['final equity', r.finalEquity],
    ...METRICS.map(([key, label, f]): [string, string] => [label, f(r.metrics[key])]),
    ['fees paid', r.feesPaid],
    ['realized / unrealized PnL', `${r.realizedPnl} / ${r.unrealizedPnl}`],
    ['orders / fills / open lots', `${r.counts.orders} / ${r.counts.fills} / ${r.counts.openLots}`],
    ['stored (UTC)', minute(r.savedAt)],
    ['event-log hash', r.hash],
  ];
}

const kv = (rows: readonly (readonly string[])[]) => {
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, ...v]) => `  ${k.padEnd(w)}  ${v.join('  ')}`.trimEnd()).join('\n');
};

export async function runsShow(args: { store: string; json: boolean; run: string }): Promise<void> {
  const run = await withStore(args.store, (s) => getRun(s.connection, args.run));
  if (args.json) return out(JSON.stringify(run));
  out(`run ${run.runId}\n${kv(runRows(run))}\n\nassumptions:\n${Object.entries(run.assumptions).map(([k, v]) => `  ${k}: ${String(v)}`).join('\n')}`);
}

const fillText = (f: StoredFill | null) => (f === null ? '(no fill: the run has fewer fills)' : `${minute(f.time_ms)} ${f.pair} ${f.side} qty ${f.qty} @ ${f.price} fee ${f.fee} ${f.fee_asset} (order ${f.client_id})`);

export async function runsCompare(args: { store: string; json: boolean; a: string; b: string }): Promise<void> {
  const { a, b, diff } = await withStore(args.store, async (s) => {
    const a = await getRun(s.connection, args.a);
    const b = await getRun(s.connection, args.b);
    return { a, b, diff: a.hash === b.hash ? null : await firstFillDifference(s.connection, a.runId, b.runId) };
  });
  const identical = a.hash === b.hash;
  if (args.json) return out(JSON.stringify({ a: a.runId, b: b.runId, identical, metrics: Object.fromEntries(METRICS.map(([k]) => [k, { a: a.metrics[k] ?? null, b: b.metrics[k] ?? null }])), firstFillDifference: diff }));
  const ra = runRows(a);
  const rb = new Map(runRows(b));
  const width = Math.max(...ra.filter(([k]) => k !== 'event-log hash').map(([, v]) => v.length), a.runId.length);
  const rows = [['', a.runId.padEnd(width), b.runId], ...ra.map(([k, v]) => [k, k === 'event-log hash' ? `${v.slice(0, 16)}…`.padEnd(width) : v.padEnd(width), k === 'event-log hash' ? `${(rb.get(k) ?? '').slice(0, 16)}…` : (rb.get(k) ?? '')])];
  out(`${kv(rows)}\n\n${compareVerdict(identical, diff)}`);
}

function compareVerdict(identical: boolean, diff: FillDifference | null): string {
  if (identical) return 'identical: same event-log hash, so every input, order, fill and ledger entry is the same';
  if (diff === null) return 'every fill is the same; the runs differ elsewhere (orders, timers or settings), see the hashes above';
  return `first fill that differs (#${diff.n}):\n  a: ${fillText(diff.a)}\n  b: ${fillText(diff.b)}`;
}

export async function runsExport(args: { store: string; json: boolean; run: string; format: ExportFormat; out: string }): Promise<void> {
  try {
    await mkdir(args.out, { recursive: true });
  } catch (e) {
    throw new CliError(`--out ${args.out}: cannot create the export directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const files = await withStore(args.store, async (s) => {
    const run = await getRun(s.connection, args.run);
    const written: { table: string; path: string; rows: number }[] = [];
    for (const table of ['trades', 'fills'] as const) {
      const path = resolve(join(args.out, `${run.runId}-${table}.${args.format}`));
      written.push({ table, path, rows: await exportRunTable(s.connection, run.runId, table, args.format, path) });
    }
    return written;
  });
  if (args.json) return out(JSON.stringify(files));
  out(files.map((f) => `${f.table}: ${f.rows} rows -> ${f.path}`).join('\n'));
}
