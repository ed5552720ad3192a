import { describe, expect, it } from 'vitest';
import { tradeStats } from '../../../src/core/metrics/trade-stats.ts';
import type { ClosedTrade } from '../../../src/core/metrics/types.ts';

const trade = (pnl: number, returnPct: number): ClosedTrade => ({
  pair: 'BTC/USD',
  entryTime: 0,
  exitTime: 1,
  qty: 1,
  entryPrice: 100,
  exitPrice: 100 + pnl,
  pnl,
  fees: 0,
  returnPct,
});

describe('tradeStats', () => {
  it.each([
    { name: 'mixed', pnl: [10, -5, 20, -5, 0], ret: [0.1, -0.05, 0.2, -0.05, 0], winRate: 0.4, pf: 3, avgPnl: 4, avgRet: 0.04 },
    { name: 'all losing', pnl: [-1, -3], ret: [-0.01, -0.03], winRate: 0, pf: 0, avgPnl: -2, avgRet: -0.02 },
    { name: 'no losses: profit factor is Infinity', pnl: [5, 0], ret: [0.05, 0], winRate: 0.5, pf: Infinity, avgPnl: 2.5, avgRet: 0.025 },
    { name: 'all break-even: 0/0 is null', pnl: [0], ret: [0], winRate: 0, pf: null, avgPnl: 0, avgRet: 0 },
    { name: 'no trades', pnl: [], ret: [], winRate: null, pf: null, avgPnl: null, avgRet: null },
  ])('$name', ({ pnl, ret, winRate, pf, avgPnl, avgRet }) => {
    const stats = tradeStats(pnl.map((p, i) => trade(p, ret[i])));
    expect(stats.trades).toBe(pnl.length);
    expect(stats.winRate).toBe(winRate);
    expect(stats.profitFactor).toBe(pf);
    if (avgPnl === null) expect(stats.avgTradePnl).toBeNull();
    else expect(stats.avgTradePnl).toBeCloseTo(avgPnl, 12);
    if (avgRet === null) expect(stats.avgTradeReturn).toBeNull();
    else expect(stats.avgTradeReturn).toBeCloseTo(avgRet, 12);
  });
});
