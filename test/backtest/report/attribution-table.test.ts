import { describe, expect, it } from 'vitest';
import { renderAttribution } from '../../../src/backtest/report/attribution-table.ts';
import { renderReport } from '../../../src/backtest/report/index.ts';
import type { Attribution } from '../../../src/core/metrics/attribution.ts';
import { buildFixture } from './fixture.ts';

const ATTRIBUTION: Attribution = {
  strategies: [
    { strategy: 'trend-follower', fills: 12, pnl: 1234.5, fees: '12.3', exposure: 0.25, turnover: 3.5, maxDrawdown: 300, maxDrawdownPct: 0.03 },
    { strategy: '<script>x</script>', fills: 1, pnl: -20, fees: '0.5', exposure: 0.01, turnover: 0.1, maxDrawdown: 20, maxDrawdownPct: 0.002 },
  ],
  regimes: [{ regime: 'risk-on', timeShare: 0.4, fills: 13, pnl: 1214.5, fees: '12.8', exposure: 0.3, turnover: 2, maxDrawdown: 250, pnlByStrategy: { 'trend-follower': 1234.5, '<script>x</script>': -20 } }],
};

const rows = (html: string, testid: string) => {
  const m = new RegExp(`data-testid="${testid}">([\\s\\S]*?)</table>`).exec(html);
  return m ? [...m[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1])) : [];
};

describe('attribution section of the report', () => {
  it('one row per strategy (PnL, fees, exposure, turnover, drawdown, fills) and per regime with every strategy\'s PnL, escaped', () => {
    const html = renderAttribution(ATTRIBUTION);
    const s = rows(html, 'attribution-strategies');
    expect(s[0]).toEqual(['strategy', 'PnL', 'fees', 'exposure', 'turnover', 'max drawdown', 'fills']);
    expect(s[1]).toEqual(['trend-follower', '1,234.50', '12.30', '25.00%', '3.50', '300.00 (3.00%)', '12']);
    expect(s[2][0]).toBe('&lt;script&gt;x&lt;/script&gt;');
    const r = rows(html, 'attribution-regimes');
    expect(r[0].slice(-2)).toEqual(['PnL trend-follower', 'PnL &lt;script&gt;x&lt;/script&gt;']);
    expect(r[1]).toEqual(['risk-on', '40.0%', '1,214.50', '12.80', '30.00%', '2.00', '250.00', '13', '1,234.50', '-20.00']);
    expect(html).not.toContain('<script>x');
  });

  it('is part of the page when the input has it, absent otherwise', () => {
    const { input } = buildFixture();
    expect(renderReport(input)).not.toContain('attribution-strategies');
    expect(renderReport({ ...input, attribution: ATTRIBUTION })).toContain('data-testid="attribution-strategies"');
    expect(renderAttribution({ strategies: [], regimes: [] })).toBe('');
  });
});
