import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/core/metrics/index.ts';
import { MAX_POINTS_PER_SERIES, renderReport, writeReport } from '../../../src/backtest/report/index.ts';
import type { ReportInput } from '../../../src/backtest/report/index.ts';
import { buildFixture } from './fixture.ts';

const { input } = buildFixture();
const html = renderReport(input);

/** The embedded JSON payload, parsed back. */
function payloadOf(page: string): { charts: { id: string; spec: { datasets: Record<string, unknown[]> } }[] } {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(page);
  if (!match) throw new Error('no report-data element');
  return JSON.parse(match[1]);
}

describe('renderReport', () => {
  it('is one self-contained page: the vega builds inlined, nothing loaded from elsewhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toContain('sourceMappingURL');
    expect(html).toContain('vegaEmbed');
    expect(html).toContain("default-src 'none'");
    expect(html.length).toBeGreaterThan(700_000);
  });

  it('is deterministic', () => {
    expect(renderReport(input)).toBe(html);
  });

  it('embeds one chart per series with downsampled lines and every fill', () => {
    const { charts } = payloadOf(html);
    expect(charts.map((c) => c.id)).toEqual(['chart-equity', 'chart-drawdown', 'chart-price-0', 'chart-price-1']);
    for (const c of charts) {
      for (const [name, rows] of Object.entries(c.spec.datasets)) {
        expect(rows.length, `${c.id}.${name}`).toBeGreaterThan(0);
        if (name !== 'fills' && name !== 'flows') expect(rows.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
      }
    }
    expect(charts[2].spec.datasets.fills).toHaveLength(input.fills.filter((f) => f.pair === 'BTC/USD').length);
    expect(charts[0].spec.datasets.flows).toEqual([{ t: input.cashFlows![0].time, amount: 5000 }]);
  });

  it('shows the hash and every configuration entry', () => {
    expect(html).toContain(`<td data-testid="run-hash">${input.hash}</td>`);
    for (const key of Object.keys(input.generatedFrom)) expect(html).toContain(`<th scope="row">${key}</th>`);
  });

  it('escapes hostile pair names and config values everywhere', () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    const hostile: ReportInput = {
      ...input,
      title: `Report ${evil}`,
      runId: evil,
      generatedFrom: { [evil]: evil, ok: true },
      prices: input.prices.map((p, i) => (i === 0 ? { ...p, pair: evil } : p)),
      fills: input.fills.map((f) => (f.pair === input.prices[0].pair ? { ...f, pair: evil } : f)),
    };
    const page = renderReport(hostile);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Exactly the five script elements the renderer writes: data, vega, vega-lite, vega-embed, page.
    expect(page.match(/<script\b/gi)).toHaveLength(5);
    expect(page.match(/<\/script/gi)).toHaveLength(5);
    const { charts } = payloadOf(page);
    expect(charts).toHaveLength(4);
  });

  it('draws a chart for a pair that has fills but no prices', () => {
    const fill = { time: input.fills[0].time, pair: 'SOL/USD', side: 'buy' as const, price: 20, qty: 1, fee: 0.05, feeAsset: 'USD' };
    const { charts } = payloadOf(renderReport({ ...input, fills: [...input.fills, fill] }));
    expect(charts.map((c) => c.id)).toContain('chart-price-2');
    expect(charts[4].spec.datasets.fills).toHaveLength(1);
  });

  it('renders an empty run without failing', () => {
    const curve = { time: [], equity: [] };
    const metrics = computeMetrics({ curve });
    const page = renderReport({
      ...input, metrics, equity: curve, cashFlows: [], fills: [], prices: [], monthlyReturns: metrics.monthlyReturns,
    });
    expect(page).toContain('No price series or fills.');
    expect(page).toContain('No complete return period');
  });

  it.each([
    {
      name: 'price length mismatch',
      change: (i: ReportInput): ReportInput => ({ ...i, prices: [{ pair: 'BTC/USD', time: [1, 2], close: [1] }] }),
      error: /prices\[BTC\/USD\] has 2 times but 1 values/,
    },
    {
      name: 'duplicate pair',
      change: (i: ReportInput): ReportInput => ({ ...i, prices: [i.prices[0], i.prices[0]] }),
      error: /lists pair "BTC\/USD" 2 times/,
    },
    {
      name: 'bad fill',
      change: (i: ReportInput): ReportInput => ({ ...i, fills: [{ ...i.fills[0], price: NaN }] }),
      error: /fills\[0\].price is NaN \(BTC\/USD\)/,
    },
    {
      name: 'equity not ascending',
      change: (i: ReportInput): ReportInput => ({ ...i, equity: { time: [2, 1], equity: [1, 1] }, cashFlows: [] }),
      error: /equity times must be strictly ascending/,
    },
  ])('rejects $name', ({ change, error }) => {
    expect(() => renderReport(change(input))).toThrow(error);
  });
});

describe('writeReport', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('creates missing directories and writes the page', async () => {
    dir = await mkdtemp(join(tmpdir(), 'write-report-'));
    const path = join(dir, 'a', 'b', 'report.html');
    await writeReport(path, input);
    expect(await readFile(path, 'utf8')).toBe(html);
  });
});
