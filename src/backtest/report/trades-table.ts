import type { ClosedTrade } from '../../core/metrics/index.ts';
import { escapeHtml } from './escape.ts';
import { formatAmount, formatSignedPercent, formatTime } from './format.ts';

/** Most trades listed; a longer run lists its first ones and says how many were left out. */
export const MAX_TRADE_ROWS = 2000;

const qtyFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });
const priceFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 8 });

/** "3d 4h", "5h 30m", "45m": how long a position was held. */
export function formatHolding(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return `${m}m`;
}

const HEAD = ['#', 'Pair', 'Entry (UTC)', 'Exit (UTC)', 'Qty', 'Entry price', 'Exit price', 'PnL', 'Return', 'Fees', 'Held'];

/**
 * Closed round trips (flat to flat, FIFO, PnL net of fees), one row each, in entry order.
 * Positions still open at the end are not trades yet and are not listed.
 */
export function renderTradesTable(trades: readonly ClosedTrade[]): string {
  const shown = trades.slice(0, MAX_TRADE_ROWS);
  const rows = shown
    .map((t, i) => {
      const cls = t.pnl > 0 ? 'gain' : t.pnl < 0 ? 'loss' : '';
      const cells = [
        String(i + 1),
        t.pair,
        formatTime(t.entryTime),
        formatTime(t.exitTime),
        qtyFormat.format(t.qty),
        priceFormat.format(t.entryPrice),
        priceFormat.format(t.exitPrice),
        formatAmount(t.pnl),
        formatSignedPercent(t.returnPct, 2),
        formatAmount(t.fees),
        formatHolding(t.exitTime - t.entryTime),
      ];
      return `<tr class="${cls}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('');
  const note =
    trades.length === 0
      ? '<p class="note">No closed trades.</p>'
      : trades.length > shown.length
        ? `<p class="note">First ${shown.length.toLocaleString('en-US')} of ${trades.length.toLocaleString('en-US')} trades; all of them are in the stored run (krakenbt runs export).</p>`
        : '';
  const table = shown.length
    ? `<div class="scroll"><table class="trades-table" data-testid="trades-table"><thead><tr>${HEAD.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`
    : '';
  return `<section class="card" aria-label="Trades"><h2>Trades (${trades.length.toLocaleString('en-US')} round trips)</h2>${table}${note}</section>`;
}
