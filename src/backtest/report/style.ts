/** Inline stylesheet of the report: system fonts only (nothing to download), print-friendly. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1a202c; --muted: #5a6778; --line: #e2e8f0; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 40px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header .sub { margin: 0 0 18px; color: var(--muted); overflow-wrap: anywhere; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
h2 { font-size: 16px; margin: 28px 0 8px; }
h3 { font-size: 14px; margin: 18px 0 4px; color: var(--muted); font-weight: 600; }
section.card, .panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.panel { padding: 4px 0 6px; }
.panel > h2 { font-size: 14px; margin: 6px 12px 6px; }
.config { margin-top: 14px; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; align-items: start; }
table { border-collapse: collapse; }
table.kv { width: 100%; }
table.kv th, table.kv td { padding: 4px 12px; border-top: 1px solid var(--line); text-align: left; vertical-align: top; }
table.kv th { font-weight: 400; color: var(--muted); white-space: nowrap; width: 1%; padding-right: 20px; }
table.kv td { font-variant-numeric: tabular-nums; white-space: nowrap; }
.config table.kv th { width: 30%; white-space: normal; overflow-wrap: anywhere; }
table.kv td[data-testid="run-hash"], table.kv td[data-testid="run-id"], .config table.kv td { white-space: normal; overflow-wrap: anywhere; }
td[data-testid="run-hash"], td[data-testid="run-id"] { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
section.card { padding: 8px 12px 12px; margin-top: 14px; }
section.card > h2 { margin: 6px 0 6px; }
.chart { width: 100%; min-height: 60px; }
.chart.vega-embed { display: block; width: 100%; }
.monthly-table { width: 100%; background: #fff; font-variant-numeric: tabular-nums; table-layout: fixed; }
.monthly-table th, .monthly-table td { border: 1px solid #fff; padding: 6px 4px; text-align: center; font-size: 12.5px; }
.monthly-table thead th { background: #edf1f5; font-weight: 600; }
.monthly-table tbody th { background: #edf1f5; }
.monthly-table td.empty { background: #f7f9fb; }
.monthly-table .total { font-weight: 700; border-left: 2px solid #cbd5e0; }
.scroll { max-height: 520px; overflow: auto; }
.trades-table { width: 100%; font-variant-numeric: tabular-nums; font-size: 12.5px; }
.trades-table th, .trades-table td { padding: 3px 8px; border-top: 1px solid var(--line); text-align: right; white-space: nowrap; }
.trades-table th:nth-child(-n+4), .trades-table td:nth-child(-n+4) { text-align: left; }
.trades-table thead th { position: sticky; top: 0; background: #edf1f5; font-weight: 600; }
.trades-table tr.gain td:nth-child(8), .trades-table tr.gain td:nth-child(9) { color: #1a7f45; }
.trades-table tr.loss td:nth-child(8), .trades-table tr.loss td:nth-child(9) { color: #c53030; }
.note, footer { color: var(--muted); font-size: 12px; }
footer { margin-top: 28px; }
.error { color: #c53030; font-weight: 600; }
@media print { body { background: #fff; } main { padding: 0; } }
`;
