import { toNumber } from '../../core/decimal/fixed.ts';
import { writeReport } from '../report/index.ts';
import type { BacktestResult } from './run-backtest.ts';

/**
 * Writes the HTML report of a run; resolves to its path once the file is on disk (a failed
 * write rejects). With a benchmark run (buy-and-hold of the same pairs over the same range),
 * its equity is drawn beside the run's and its metrics shown next to them.
 */
export async function writeRunReport(path: string, r: BacktestResult, benchmark?: BacktestResult): Promise<string> {
  await writeReport(path, {
    title: `${r.config.strategy} on ${r.pairs.join(', ')} (${r.config.timeframe})`,
    runId: `${r.config.strategy}-${r.hash.slice(0, 12)}`,
    hash: r.hash,
    generatedFrom: {
      strategy: r.config.strategy,
      params: Object.entries(r.config.params).map(([k, v]) => `${k}=${v}`).join(' ') || '(defaults)',
      pairs: r.pairs.join(', '),
      exchange: r.config.exchange,
      timeframe: r.config.timeframe,
      from: new Date(r.from).toISOString(),
      to: new Date(r.to).toISOString(),
      'initial cash': r.config.cash,
      ...r.assumptions,
      ...(benchmark ? { benchmark: `buy-and-hold of ${benchmark.pairs.join(', ')}, hash ${benchmark.hash}` } : {}),
    },
    metrics: r.metrics,
    equity: { time: r.equity.time, equity: r.equity.equity },
    fills: r.fills.map((f) => ({ time: f.time, pair: f.pair, side: f.side, price: toNumber(f.price), qty: toNumber(f.qty), fee: toNumber(f.fee), feeAsset: f.feeAsset })),
    prices: r.prices,
    monthlyReturns: r.metrics.monthlyReturns,
    recorded: [...r.recorded].map(([series, s]) => ({ series, time: s.time, value: s.value })),
    rejectionsByReason: r.rejectionsByReason,
    trades: r.trips,
    ...(benchmark ? { benchmark: { label: 'buy-and-hold', equity: { time: benchmark.equity.time, equity: benchmark.equity.equity }, metrics: benchmark.metrics } } : {}),
    attribution: r.attribution ?? undefined,
  });
  return path;
}
