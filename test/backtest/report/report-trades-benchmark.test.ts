import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/backtest/report/index.ts';
import { timeAxisFormat } from '../../../src/backtest/report/chart-specs.ts';
import { formatHolding, MAX_TRADE_ROWS } from '../../../src/backtest/report/trades-table.ts';
import { buildFixture } from './fixture.ts';

const { input } = buildFixture();
const html = renderReport(input);

function payloadOf(page: string): { charts: { id: string; spec: Record<string, any> }[] } {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(page);
  if (!match) throw new Error('no report-data element');
  return JSON.parse(match[1]);
}

/** The trades table rows as arrays of cell texts. */
function tradeRows(page: string): string[][] {
  const table = /<table class="trades-table"[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page);
  if (!table) return [];
  return [...table[1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
}

describe('report: trades table', () => {
  it('lists every closed trade with entry, exit, qty, prices, PnL, fees and holding time', () => {
    const trades = input.trades!;
    expect(trades.length).toBeGreaterThan(5);
    expect(html).toContain(`Trades (${trades.length} round trips)`);
    const rows = tradeRows(html);
    expect(rows).toHaveLength(trades.length);
    const [first] = rows;
    const t = trades[0];
    expect(first[0]).toBe('1');
    expect(first[1]).toBe(t.pair);
    expect(first[2]).toBe(`${new Date(t.entryTime).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    expect(first[3]).toBe(`${new Date(t.exitTime).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    expect(Number(first[4].replace(/,/g, ''))).toBeCloseTo(t.qty, 8);
    expect(Number(first[5].replace(/,/g, ''))).toBeCloseTo(t.entryPrice, 6);
    expect(Number(first[6].replace(/,/g, ''))).toBeCloseTo(t.exitPrice, 6);
    expect(Number(first[7].replace(/,/g, ''))).toBeCloseTo(t.pnl, 2);
    expect(Number(first[9].replace(/,/g, ''))).toBeCloseTo(t.fees, 2);
    expect(first[10]).toBe(formatHolding(t.exitTime - t.entryTime));
  });

  it('caps a very long list and says so; says when there are none', () => {
    const many = Array.from({ length: MAX_TRADE_ROWS + 5 }, () => input.trades![0]);
    const page = renderReport({ ...input, trades: many });
    expect(tradeRows(page)).toHaveLength(MAX_TRADE_ROWS);
    expect(page).toContain(`First ${MAX_TRADE_ROWS.toLocaleString('en-US')} of ${many.length.toLocaleString('en-US')} trades`);
    expect(renderReport({ ...input, trades: [] })).toContain('No closed trades.');
  });

  it.each([
    [45 * 60_000, '45m'],
    [5.5 * 3_600_000, '5h 30m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 4h'],
    [2 * 86_400_000, '2d'],
    [-1, '—'],
  ])('holding time %d ms is "%s"', (ms, text) => {
    expect(formatHolding(ms)).toBe(text);
  });
});

describe('report: buy-and-hold benchmark', () => {
  it('draws the benchmark as a second dataset and line of the equity chart, with a legend', () => {
    const equity = payloadOf(html).charts.find((c) => c.id === 'chart-equity')!.spec;
    expect(equity.datasets.benchmark.length).toBeGreaterThan(100);
    expect(equity.datasets.equity.length).toBeGreaterThan(100);
    const names = equity.layer.map((l: any) => l.data.name);
    expect(names).toEqual(['benchmark', 'equity', 'flows']);
    expect(equity.layer[0].encoding.color.datum).toBe('buy-and-hold');
    expect(equity.layer[1].encoding.color.scale.domain).toEqual(['strategy', 'buy-and-hold']);
    expect(html).toContain('Equity against buy-and-hold (dashed)');
  });

  it('shows the benchmark metrics beside the run', () => {
    const b = input.benchmark!.metrics;
    expect(html).toContain('data-testid="benchmark-table"');
    expect(html).toContain(`<td data-testid="benchmark-total-return">${(b.totalReturn! * 100).toFixed(2)}%</td>`);
  });

  it('without a benchmark the equity chart has one line and no comparison table', () => {
    const page = renderReport({ ...input, benchmark: undefined, cashFlows: [] });
    const equity = payloadOf(page).charts.find((c) => c.id === 'chart-equity')!.spec;
    expect(Object.keys(equity.datasets)).toEqual(['equity']);
    expect(page).not.toContain('benchmark-table');
  });
});

describe('report: dated time axes', () => {
  it('every chart labels its time axis with the year', () => {
    for (const c of payloadOf(html).charts) expect(c.spec.config.axisTemporal.format, c.id).toBe('%b %Y');
  });

  it.each([
    [5 * 365 * 86_400_000, '%b %Y'],
    [30 * 86_400_000, '%d %b %Y'],
    [86_400_000, '%d %b %Y %H:%M'],
  ])('a span of %d ms gets format %s (always with the year)', (span, format) => {
    expect(timeAxisFormat(span)).toBe(format);
    expect(format).toContain('%Y');
  });
});
