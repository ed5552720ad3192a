import { formatFixed } from '../../core/decimal/fixed.ts';
import type { BacktestResult } from './run-backtest.ts';

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null, d = 2) => (x === null ? 'n/a' : Number.isFinite(x) ? x.toFixed(d) : x > 0 ? 'inf' : '-inf');
const day = (t: number | null) => (t === null ? 'not recovered' : new Date(t).toISOString().slice(0, 10));

/** The run's headline numbers as plain data: printed as a table, or as JSON with --json. */
export function summarize(r: BacktestResult): Record<string, string | number | null> {
  const m = r.metrics;
  return {
    strategy: r.config.strategy,
    params: Object.entries(r.config.params).map(([k, v]) => `${k}=${v}`).join(' ') || '(defaults)',
    pairs: r.pairs.join(','),
    timeframe: r.config.timeframe,
    from: new Date(r.from).toISOString(),
    to: new Date(r.to).toISOString(),
    candles: r.candles,
    initialCash: formatFixed(r.initialCash),
    finalEquity: formatFixed(r.finalEquity),
    totalReturn: m.totalReturn,
    cagr: m.cagr,
    volatility: m.volatility,
    sharpe: m.sharpe,
    sortino: m.sortino,
    maxDrawdown: m.maxDrawdown,
    maxDrawdownPeak: m.maxDrawdownPeakTime === null ? null : new Date(m.maxDrawdownPeakTime).toISOString(),
    maxDrawdownTrough: m.maxDrawdownTroughTime === null ? null : new Date(m.maxDrawdownTroughTime).toISOString(),
    maxDrawdownRecovery: m.maxDrawdownRecoveryTime === null ? null : new Date(m.maxDrawdownRecoveryTime).toISOString(),
    calmar: m.calmar,
    trades: m.trades,
    winRate: m.winRate,
    profitFactor: m.profitFactor === null ? null : Number.isFinite(m.profitFactor) ? m.profitFactor : 'Infinity',
    avgTradePnl: m.avgTradePnl,
    avgTradeReturn: m.avgTradeReturn,
    exposure: m.exposure,
    feesPaid: formatFixed(r.feesPaid),
    turnover: m.turnover,
    realizedPnl: formatFixed(r.realizedPnl),
    unrealizedPnl: formatFixed(r.unrealizedPnl),
    fills: r.fills.length,
    openOrdersAtEnd: r.openOrders.length,
    rejections: Object.entries(r.rejectionsByReason).map(([k, v]) => `${k}=${v}`).join(' ') || null,
    hash: r.hash,
  };
}

/** Rows of the terminal table for one run: [label, value]. */
function summaryRows(r: BacktestResult): [string, string][] {
  const m = r.metrics;
  return [
    ['strategy', `${r.config.strategy} ${Object.entries(r.config.params).map(([k, v]) => `${k}=${v}`).join(' ')}`.trim()],
    ['pairs / timeframe', `${r.pairs.join(', ')} / ${r.config.timeframe}`],
    ['period', `${new Date(r.from).toISOString().slice(0, 10)} .. ${new Date(r.to - 1).toISOString().slice(0, 10)} (${r.candles} candles)`],
    ['initial cash', formatFixed(r.initialCash, 2)],
    ['final equity', formatFixed(r.finalEquity, 2)],
    ['total return', pct(m.totalReturn)],
    ['CAGR', pct(m.cagr)],
    ['volatility (ann.)', pct(m.volatility)],
    ['Sharpe', num(m.sharpe)],
    ['Sortino', num(m.sortino)],
    ['max drawdown', `${pct(m.maxDrawdown)} (peak ${day(m.maxDrawdownPeakTime)}, trough ${day(m.maxDrawdownTroughTime)}, ${m.maxDrawdownRecoveryTime === null ? 'not recovered' : `recovered ${day(m.maxDrawdownRecoveryTime)}`})`],
    ['Calmar', num(m.calmar)],
    ['trades (round trips)', String(m.trades)],
    ['win rate', pct(m.winRate)],
    ['profit factor', num(m.profitFactor)],
    ['average trade', `${num(m.avgTradePnl)} (${pct(m.avgTradeReturn)})`],
    ['exposure', pct(m.exposure)],
    ['fees paid', formatFixed(r.feesPaid, 2)],
    ['turnover', num(m.turnover)],
    ['open orders at end', String(r.openOrders.length)],
    ['risk rejections', Object.entries(r.rejectionsByReason).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'],
    ['event-log hash', r.hash],
  ];
}

/** Rows that describe the setting, identical for a run and its benchmark: shown once. */
const SHARED_ROWS = new Set(['pairs / timeframe', 'period', 'initial cash']);

/**
 * The terminal table. With a benchmark (buy-and-hold of the same pairs over the same range,
 * same fees and fill model), every metric is shown side by side with it.
 */
export function formatSummary(r: BacktestResult, benchmark?: BacktestResult): string {
  const rows = summaryRows(r);
  const w = Math.max(...rows.map(([k]) => k.length));
  let lines: string[];
  if (benchmark === undefined) {
    lines = rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
  } else {
    const other = new Map(summaryRows(benchmark));
    const vw = Math.max(...rows.filter(([k]) => !SHARED_ROWS.has(k) && k !== 'event-log hash').map(([, v]) => v.length));
    lines = rows.map(([k, v]) => {
      if (SHARED_ROWS.has(k)) return `  ${k.padEnd(w)}  ${v}`;
      if (k === 'event-log hash') return `  ${k.padEnd(w)}  ${v}\n  ${''.padEnd(w)}  ${other.get(k)} (buy-and-hold)`;
      return `  ${k.padEnd(w)}  ${v.padEnd(vw)}  ${other.get(k) ?? ''}`;
    });
    lines.push('', 'benchmark: buy-and-hold of the same pairs over the same range, with the same cash, fees and fill model.');
  }
  const assumptions = Object.entries(r.assumptions).map(([k, v]) => `  ${k}: ${v}`);
  return [...lines, '', 'assumptions (docs/fill-assumptions.md):', ...assumptions].join('\n');
}
