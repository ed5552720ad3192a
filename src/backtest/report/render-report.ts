import { drawdownRows, equityRows, fillRows, flowRows, priceRows } from './chart-data.ts';
import type { FillRow } from './chart-data.ts';
import { drawdownSpec, equitySpec, priceSpec, timeAxisFormat, withTimeAxis } from './chart-specs.ts';
import type { VegaLiteSpec } from './chart-specs.ts';
import { escapeHtml, jsonForScript } from './escape.ts';
import { renderAttribution } from './attribution-table.ts';
import { renderMonthlyTable } from './monthly-table.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import type { ReportInput } from './report-input.ts';
import { REPORT_CSS } from './style.ts';
import { renderConfig, renderSummary } from './summary-table.ts';
import { renderTradesTable } from './trades-table.ts';
import { recordCharts, renderRejections } from './strategy-record.ts';
import { vegaBrowserScripts } from './vega-assets.ts';

/** Most points a line (equity, drawdown, each pair's price) carries into the report. */
export const MAX_POINTS_PER_SERIES = 5000;

/**
 * Network is denied to the page itself: whatever a library might try to load is blocked and
 * logged. Vega compiles its expressions with Function(), hence 'unsafe-eval'.
 */
const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";

interface Chart {
  readonly id: string;
  readonly heading: string;
  readonly spec: VegaLiteSpec;
}

function fillCounts(rows: readonly FillRow[]): string {
  const buys = rows.filter((r) => r.side === 'buy').length;
  const sells = rows.length - buys;
  return `${buys} buy${buys === 1 ? '' : 's'}, ${sells} sell${sells === 1 ? '' : 's'}`;
}

function buildCharts(input: ReportInput): Chart[] {
  const charts: Chart[] = [
    {
      id: 'chart-equity',
      heading: input.benchmark ? `Equity against ${input.benchmark.label} (dashed)` : 'Equity',
      spec: equitySpec(
        equityRows(input.equity, MAX_POINTS_PER_SERIES),
        flowRows(input.equity, input.cashFlows ?? []),
        input.benchmark && { label: input.benchmark.label, rows: equityRows(input.benchmark.equity, MAX_POINTS_PER_SERIES) },
      ),
    },
    {
      id: 'chart-drawdown',
      heading: 'Drawdown (time-weighted, from running peak)',
      spec: drawdownSpec(drawdownRows(input.equity, input.cashFlows ?? [], MAX_POINTS_PER_SERIES)),
    },
  ];
  // One chart per pair: pairs with prices in the caller's order, then pairs that only have fills.
  const pairs = [...new Set([...input.prices.map((p) => p.pair), ...input.fills.map((f) => f.pair)])];
  pairs.forEach((pair, i) => {
    const series = input.prices.filter((p) => p.pair === pair);
    if (series.length > 1) throw new RangeError(`report: prices lists pair ${JSON.stringify(pair)} ${series.length} times`);
    const prices = series.length === 1 ? priceRows(series[0], MAX_POINTS_PER_SERIES) : [];
    const fills = fillRows(input.fills.filter((f) => f.pair === pair));
    charts.push({ id: `chart-price-${i}`, heading: `${pair} — ${fillCounts(fills)}`, spec: priceSpec(prices, fills) });
  });
  return charts;
}

function chartElement(chart: Chart): string {
  const datasets = Object.keys(chart.spec.datasets as Record<string, unknown>).join(' ');
  return `<div class="chart" id="${chart.id}" data-chart="${chart.id}" data-datasets="${escapeHtml(datasets)}"></div>`;
}

const block = (c: Chart, level: 'h2' | 'h3'): string => `<${level}>${escapeHtml(c.heading)}</${level}>${chartElement(c)}`;

function chartsSection(charts: readonly Chart[]): string {
  const [equity, drawdown, ...prices] = charts;
  const priceBlock = prices.length === 0 ? '<p class="note">No price series or fills.</p>' : prices.map((c) => block(c, 'h3')).join('');
  return (
    `<section class="card" aria-label="Equity">${block(equity, 'h2')}${block(drawdown, 'h2')}</section>` +
    `<section class="card" aria-label="Prices and fills"><h2>Prices and fills</h2>${priceBlock}</section>`
  );
}

/** Strategy record (regime bands, allocation lines) and the rejections table, when the input has them. */
function strategySection(input: ReportInput, charts: readonly Chart[]): string {
  const parts: string[] = [];
  if (charts.length) parts.push(`<section class="card" aria-label="Strategy record"><h2>Strategy record</h2>${charts.map((c) => block(c, 'h3')).join('')}</section>`);
  if (input.rejectionsByReason) parts.push(renderRejections(input.rejectionsByReason));
  return parts.join('\n');
}

function runEnd(input: ReportInput): number {
  const t = input.equity.time;
  return t.length ? t[t.length - 1] : 0;
}

/**
 * One self-contained HTML report: vega, vega-lite and vega-embed inlined, data embedded as
 * JSON, every text escaped. Opens from file:// with no network. Deterministic: the same input
 * gives the same bytes (no generation timestamp; the run's hash identifies it).
 */
export function renderReport(input: ReportInput): string {
  const charts = buildCharts(input);
  const record = recordCharts(input.recorded ?? [], runEnd(input), MAX_POINTS_PER_SERIES);
  const t = input.equity.time;
  const axisFormat = timeAxisFormat(t.length ? t[t.length - 1] - t[0] : 0);
  const payload = { charts: [...charts, ...record].map(({ id, spec }) => ({ id, spec: withTimeAxis(spec, axisFormat) })) };
  const scripts = vegaBrowserScripts()
    .map((source) => `<script>${source}</script>`)
    .join('\n');
  return `<!doctype html>
<html lang="en" data-report-state="loading">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(input.title)}</h1>
<p class="sub">Run <code>${escapeHtml(input.runId)}</code> · event-log hash <code>${escapeHtml(input.hash)}</code></p></header>
${renderSummary(input)}
${chartsSection(charts)}
${strategySection(input, record)}
${input.trades ? renderTradesTable(input.trades) : ''}
${renderAttribution(input.attribution)}
${renderMonthlyTable(input.monthlyReturns)}
${renderConfig(input.generatedFrom)}
<footer>Lines are downsampled to at most ${MAX_POINTS_PER_SERIES.toLocaleString('en-US')} points per series
(lowest and highest point of each bucket kept, so spikes stay visible); every fill is shown; metrics use the full data.
Times are UTC.</footer>
</main>
<noscript><p class="error">The charts need JavaScript; the tables above do not.</p></noscript>
<script type="application/json" id="report-data">${jsonForScript(payload)}</script>
${scripts}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
