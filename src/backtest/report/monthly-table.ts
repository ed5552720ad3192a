import type { PeriodReturn } from '../../core/metrics/index.ts';
import { escapeHtml } from './escape.ts';
import { formatPercent, formatSignedPercent } from './format.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Cell colour: green for gains, red for losses, stronger with size. Intensity is relative to
 * the largest monthly move in the table (so a calm strategy still shows contrast), capped at 1.
 */
function heat(value: number, scale: number): string {
  const strength = Math.min(1, Math.abs(value) / scale);
  const alpha = (0.08 + 0.72 * strength).toFixed(3);
  return value >= 0 ? `rgba(26,152,80,${alpha})` : `rgba(215,48,39,${alpha})`;
}

function cell(value: number | undefined, scale: number, className: string): string {
  if (value === undefined) return `<td class="${className} empty"></td>`;
  const title = escapeHtml(formatPercent(value, 4));
  return `<td class="${className}" style="background:${heat(value, scale)}" title="${title}">${escapeHtml(formatSignedPercent(value))}</td>`;
}

/**
 * Monthly returns as years x months with a compounded year total. Months absent from the
 * input (before the start, after the end, or in a data gap) are blank, not zero.
 */
export function renderMonthlyTable(rows: readonly PeriodReturn[]): string {
  const byYear = new Map<number, Map<number, number>>();
  for (const row of rows) {
    if (!Number.isInteger(row.month) || row.month < 1 || row.month > 12) {
      throw new RangeError(`report: monthlyReturns has month ${row.month} for year ${row.year}; expected 1..12`);
    }
    if (!Number.isFinite(row.return)) throw new RangeError(`report: monthlyReturns ${row.year}-${row.month} return is ${row.return}`);
    let months = byYear.get(row.year);
    if (months === undefined) byYear.set(row.year, (months = new Map()));
    if (months.has(row.month)) throw new RangeError(`report: monthlyReturns lists ${row.year}-${row.month} twice`);
    months.set(row.month, row.return);
  }
  const scale = Math.max(1e-9, ...rows.map((r) => Math.abs(r.return)));
  const header = `<tr><th scope="col">Year</th>${MONTHS.map((m) => `<th scope="col">${m}</th>`).join('')}<th scope="col" class="total">Year</th></tr>`;
  const body = [...byYear.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const months = byYear.get(year)!;
      const total = [...months.values()].reduce((g, r) => g * (1 + r), 1) - 1;
      const cells = MONTHS.map((_, i) => cell(months.get(i + 1), scale, 'month')).join('');
      return `<tr><th scope="row">${year}</th>${cells}${cell(total, scale, 'total')}</tr>`;
    })
    .join('');
  const empty = byYear.size === 0 ? '<p class="note">No complete return period in the equity curve.</p>' : '';
  return (
    `<section class="card monthly" aria-label="Monthly returns"><h2>Monthly returns (UTC, time-weighted)</h2>${empty}` +
    `<table class="monthly-table" data-testid="monthly-table"><thead>${header}</thead><tbody>${body}</tbody></table></section>`
  );
}
