import type { Metrics } from '../../core/metrics/index.ts';
import { escapeHtml } from './escape.ts';
import {
  formatAmount,
  formatConfigValue,
  formatCount,
  formatPercent,
  formatRatio,
  formatTime,
  formatYears,
} from './format.ts';
import type { ReportInput } from './report-input.ts';

type Row = readonly [label: string, value: string, testId?: string];

function table(caption: string, rows: readonly Row[], className = 'kv'): string {
  const body = rows
    .map(([label, value, testId]) => {
      const attr = testId === undefined ? '' : ` data-testid="${escapeHtml(testId)}"`;
      return `<tr><th scope="row">${escapeHtml(label)}</th><td${attr}>${escapeHtml(value)}</td></tr>`;
    })
    .join('');
  return `<div class="panel"><h2>${escapeHtml(caption)}</h2><table class="${className}"><tbody>${body}</tbody></table></div>`;
}

function performanceRows(m: Metrics): Row[] {
  return [
    ['Total return (TWR)', formatPercent(m.totalReturn), 'total-return'],
    ['CAGR', formatPercent(m.cagr)],
    ['Volatility (annualised)', formatPercent(m.volatility)],
    ['Sharpe', formatRatio(m.sharpe)],
    ['Sortino', formatRatio(m.sortino)],
    ['Max drawdown', formatPercent(m.maxDrawdown), 'max-drawdown'],
    ['Drawdown peak', formatTime(m.maxDrawdownPeakTime)],
    ['Drawdown trough', formatTime(m.maxDrawdownTroughTime)],
    ['Recovered', m.maxDrawdown > 0 && m.maxDrawdownRecoveryTime === null ? 'not recovered' : formatTime(m.maxDrawdownRecoveryTime)],
    ['Calmar', formatRatio(m.calmar)],
  ];
}

function tradingRows(m: Metrics): Row[] {
  return [
    ['Closed trades', formatCount(m.trades), 'trades'],
    ['Win rate', formatPercent(m.winRate, 1)],
    ['Profit factor', formatRatio(m.profitFactor)],
    ['Avg trade PnL', formatAmount(m.avgTradePnl)],
    ['Avg trade return', formatPercent(m.avgTradeReturn)],
    ['Exposure', formatPercent(m.exposure, 1)],
    ['Fees paid', formatAmount(m.feesPaid)],
    ['Turnover', m.turnover === null ? formatRatio(null) : `${formatRatio(m.turnover)}×`],
  ];
}

function runRows(input: ReportInput): Row[] {
  const m = input.metrics;
  return [
    ['Run id', input.runId, 'run-id'],
    ['Event-log hash', input.hash, 'run-hash'],
    ['From', formatTime(m.startTime)],
    ['To', formatTime(m.endTime)],
    ['Duration', formatYears(m.years)],
    ['Equity samples', formatCount(m.samples)],
    ['Start equity', formatAmount(m.startEquity)],
    ['End equity', formatAmount(m.endEquity)],
    ['Net deposits', formatAmount(m.netCashFlow)],
  ];
}

/** The headline metrics of the run and its benchmark, side by side. */
function benchmarkTable(input: ReportInput): string {
  const b = input.benchmark;
  if (!b) return '';
  const m = input.metrics;
  const o = b.metrics;
  const rows: [string, string, string][] = [
    ['Total return', formatPercent(m.totalReturn), formatPercent(o.totalReturn)],
    ['CAGR', formatPercent(m.cagr), formatPercent(o.cagr)],
    ['Sharpe', formatRatio(m.sharpe), formatRatio(o.sharpe)],
    ['Max drawdown', formatPercent(m.maxDrawdown), formatPercent(o.maxDrawdown)],
    ['End equity', formatAmount(m.endEquity), formatAmount(o.endEquity)],
    ['Fees paid', formatAmount(m.feesPaid), formatAmount(o.feesPaid)],
  ];
  const body = rows.map(([k, a, c]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(a)}</td><td data-testid="benchmark-${escapeHtml(k.toLowerCase().replace(/ /g, '-'))}">${escapeHtml(c)}</td></tr>`).join('');
  return (
    `<div class="panel"><h2>Against ${escapeHtml(b.label)}</h2><table class="kv" data-testid="benchmark-table">` +
    `<thead><tr><th></th><th scope="col">this run</th><th scope="col">${escapeHtml(b.label)}</th></tr></thead><tbody>${body}</tbody></table></div>`
  );
}

/** The metrics summary at the top of the report: key/value tables side by side. */
export function renderSummary(input: ReportInput): string {
  return (
    `<section class="summary" aria-label="Summary">` +
    table('Performance', performanceRows(input.metrics)) +
    table('Trading', tradingRows(input.metrics)) +
    table('Run', runRows(input)) +
    benchmarkTable(input) +
    `</section>`
  );
}

/** The run configuration (every assumption the caller listed), in the caller's order. */
export function renderConfig(generatedFrom: ReportInput['generatedFrom']): string {
  const rows: Row[] = Object.entries(generatedFrom).map(([key, value]) => [key, formatConfigValue(value)]);
  if (rows.length === 0) rows.push(['(none given)', '']);
  return `<section class="config" aria-label="Run configuration">${table('Run configuration and fill assumptions', rows, 'kv config-table')}</section>`;
}
