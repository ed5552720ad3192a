import type { ClosedTrade } from './types.ts';

export interface TradeStats {
  readonly trades: number;
  /** Share of trades with pnl > 0 (a break-even trade is not a win); null with no trade. */
  readonly winRate: number | null;
  /**
   * Gross profit / gross loss. Infinity when there are winners but no losers; null with no
   * trade, or when every trade broke even (0 / 0).
   */
  readonly profitFactor: number | null;
  readonly avgTradePnl: number | null;
  readonly avgTradeReturn: number | null;
}

export function tradeStats(trades: readonly ClosedTrade[]): TradeStats {
  const count = trades.length;
  if (count === 0) {
    return { trades: 0, winRate: null, profitFactor: null, avgTradePnl: null, avgTradeReturn: null };
  }
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let pnl = 0;
  let ret = 0;
  for (const trade of trades) {
    if (trade.pnl > 0) {
      wins++;
      grossProfit += trade.pnl;
    } else {
      grossLoss -= trade.pnl;
    }
    pnl += trade.pnl;
    ret += trade.returnPct;
  }
  let profitFactor: number | null;
  if (grossLoss > 0) profitFactor = grossProfit / grossLoss;
  else profitFactor = grossProfit > 0 ? Infinity : null;
  return { trades: count, winRate: wins / count, profitFactor, avgTradePnl: pnl / count, avgTradeReturn: ret / count };
}
