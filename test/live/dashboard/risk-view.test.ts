import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { JournalInput } from '../../../src/core/journal/journal-entry.ts';
import { parseSessionConfig } from '../../../src/core/journal/session-config.ts';
import { CorrelationCheck } from '../../../src/core/strategies/regime-portfolio/portfolio-checks.ts';
import type { Strategy } from '../../../src/core/strategy/strategy.ts';
import { budgetRows, correlationRule } from '../../../src/live/dashboard/risk-view.ts';
import { LiveSession } from '../../../src/live/runner/live-session.ts';

const H = 3_600_000;
const T0 = Date.UTC(2022, 0, 3);

/** A two-pair paper session whose strategy carries the regime portfolio's correlation limit and buys BTC once. */
function session(buy: boolean) {
  const check = new CorrelationCheck(10, 0.7, 5);
  const strategy: Strategy = {
    name: 'corr-test',
    checks: [check],
    onStart: (ctx) => check.init(ctx.instruments().length),
    onCandle: (ctx, bar) => {
      if (buy && bar.symbol === 'BTC/USD' && ctx.position('BTC/USD') === 0n && ctx.openOrders().length === 0) ctx.submit({ pair: 'BTC/USD', side: 'buy', type: 'market', qty: parseFixed('0.01') });
    },
  };
  const config = parseSessionConfig({ mode: 'paper', strategy: 'corr-test', pairs: ['BTC/USD', 'ETH/USD'], timeframe: '1h', cash: '10000', clientIdPrefix: 'T', downtime: null });
  let n = 0;
  const s = new LiveSession(config, strategy, { append: () => ++n });
  const rec = (i: JournalInput) => expect(s.record(i)).toBe(true);
  rec({ k: 'deposit', time: T0, asset: 'USD', amount: parseFixed('10000') });
  rec({ k: 'start', time: T0 });
  // ETH follows BTC's moves (half size) plus a small wobble of its own: strongly, not perfectly, correlated.
  let btc = 30_000;
  let eth = 2_000;
  for (let i = 0; i < 20; i++) {
    const r = Math.sin(i * 1.7) * 0.01;
    btc *= 1 + r;
    eth *= 1 + r * 0.5 + Math.cos(i * 2.3) * 0.001;
    for (const [pair, px] of [['BTC/USD', btc], ['ETH/USD', eth]] as const) {
      rec({ k: 'candle', candle: { pair, openTime: T0 + i * H, intervalMs: H, open: px, high: px * 1.001, low: px * 0.999, close: px, volume: 10, trades: 5 } });
    }
  }
  return { s, check };
}

describe('Risk page rules read from the strategy\'s own checks', () => {
  it('correlation: the highest rolling correlation of a held pair against the CorrelationCheck limit', () => {
    const { s, check } = session(true);
    expect(s.kernel.ledger.position('BTC')).toBeGreaterThan(0n);
    const equity = s.equityNow();
    const rule = correlationRule(s, equity);
    const [b, e] = ['BTC/USD', 'ETH/USD'].map((p) => s.sk.instruments.findIndex((i) => i.symbol === p));
    expect(rule.limit).toBe(0.7);
    expect(rule.value).toBe(check.correlation(b, e)); // the check's own number
    expect(rule.value!).toBeGreaterThan(0.9);
    expect(rule.detail).toBe('held BTC/USD ~ ETH/USD, rolling 10 candles');
  });

  it('correlation: n/a with the reason when nothing is held', () => {
    const { s } = session(false);
    expect(correlationRule(s, s.equityNow())).toMatchObject({ value: null, limit: 0.7, detail: 'no pair held (window 10 candles)' });
  });

  it('budgets: without a StrategyBudgetCheck each strategy shows its exposure (attribution books) against no limit', () => {
    const { s } = session(true);
    const equity = s.equityNow();
    const [row] = budgetRows(s, ['corr-test'], equity);
    const held = (Number(s.kernel.ledger.position('BTC')) / 1e18) * s.kernel.lastPrice('BTC/USD');
    expect(row.exposure!).toBeCloseTo(held / equity, 6);
    expect(row).toMatchObject({ strategy: 'corr-test', maxExposure: null, dailyLoss: null, maxDailyLoss: null, ordersLastHour: null, maxOrdersPerHour: null });
  });
});
