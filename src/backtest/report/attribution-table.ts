import type { Attribution } from '../../core/metrics/attribution.ts';
import { escapeHtml } from './escape.ts';
import { formatAmount, formatPercent, formatRatio } from './format.ts';

const cell = (x: string) => `<td>${escapeHtml(x)}</td>`;

/**
 * Per-strategy and per-regime attribution (src/core/metrics/attribution.ts): who made or lost
 * the money, what it paid in fees, how much it held and traded, and its worst fall; then the
 * same for each regime, with the PnL of every strategy while the regime was in force.
 * Empty string when the run has no attribution.
 */
export function renderAttribution(a: Attribution | undefined): string {
  if (!a || (a.strategies.length === 0 && a.regimes.length === 0)) return '';
  const strategyRows = a.strategies
    .map((s) => `<tr><th>${escapeHtml(s.strategy)}</th>${[formatAmount(s.pnl), formatAmount(Number(s.fees)), formatPercent(s.exposure), formatRatio(s.turnover), `${formatAmount(s.maxDrawdown)} (${formatPercent(s.maxDrawdownPct)})`, String(s.fills)].map(cell).join('')}</tr>`)
    .join('');
  const ids = a.strategies.map((s) => s.strategy);
  const regimeRows = a.regimes
    .map((r) => `<tr><th>${escapeHtml(r.regime)}</th>${[formatPercent(r.timeShare, 1), formatAmount(r.pnl), formatAmount(Number(r.fees)), formatPercent(r.exposure), formatRatio(r.turnover), formatAmount(r.maxDrawdown), String(r.fills), ...ids.map((id) => formatAmount(r.pnlByStrategy[id] ?? 0))].map(cell).join('')}</tr>`)
    .join('');
  const head = (cols: readonly string[]) => `<thead><tr>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  return (
    `<section class="card" aria-label="Attribution"><h2>Attribution by strategy</h2>` +
    `<table class="monthly-table" data-testid="attribution-strategies">${head(['strategy', 'PnL', 'fees', 'exposure', 'turnover', 'max drawdown', 'fills'])}<tbody>${strategyRows}</tbody></table>` +
    `<h2>Attribution by regime</h2>` +
    `<table class="monthly-table" data-testid="attribution-regimes">${head(['regime', 'time', 'PnL', 'fees', 'exposure', 'turnover', 'max drawdown', 'fills', ...ids.map((id) => `PnL ${id}`)])}<tbody>${regimeRows}</tbody></table>` +
    `<p class="note">PnL of a strategy: the cash flow of its own fills (fees included) plus its positions at the last price; the strategies add up to the run. A regime's row covers the intervals it was in force.</p></section>`
  );
}
