import { formatFixed, mul, parseFixed, ZERO, fromFloat, type Fixed } from '../../core/decimal/fixed.ts';
import { parseRiskConfig } from '../../core/risk/risk-config.ts';
import { API_COUNTER_LIMITS, MATCHING_ENGINE_LIMITS, type KrakenRateLimiter } from '../kraken/rest/rate-limiter.ts';
import type { LiveRunner } from '../runner/live-runner.ts';
import { statusView } from '../status/status-view.ts';
import type { LogRing } from './log-ring.ts';
import type { MarketFeed } from './market-feed.ts';

/**
 * What the dashboard shows, in sections. The push hub sends a section again only when it
 * changed, so each key is one unit of update. Money is exact decimal text (formatted in the
 * browser at the instrument's precision); display-only ratios are numbers.
 */
export interface DashboardState {
  readonly session: Record<string, unknown>;
  readonly instruments: Record<string, { base: string; quote: string; priceDecimals: number; lotDecimals: number }>;
  readonly account: Record<string, unknown>;
  readonly positions: readonly Record<string, unknown>[];
  readonly strategies: readonly Record<string, unknown>[];
  readonly openOrders: readonly object[];
  readonly fills: readonly object[];
  readonly risk: Record<string, unknown>;
  readonly ops: Record<string, unknown>;
}

export interface DashboardSources {
  readonly runner: LiveRunner;
  readonly feed?: MarketFeed;
  readonly limiter?: KrakenRateLimiter;
  readonly logs?: LogRing;
  readonly controlEnabled: boolean;
}

/** Realized PnL per strategy, from every fill seen (by exec id, so a fill counts once). */
export class StrategyTally {
  private readonly seen = new Set<string>();
  readonly realized = new Map<string, Fixed>();

  observe(r: LiveRunner): void {
    const byClient = new Map(r.session.kernel.orderList().map((o) => [o.clientId, strategyOf(o)]));
    for (const f of r.session.recentFills) {
      if (this.seen.has(f.execId)) continue;
      this.seen.add(f.execId);
      const s = byClient.get(f.clientId) ?? 'session';
      this.realized.set(s, (this.realized.get(s) ?? ZERO) + parseFixed(f.realizedPnl));
    }
  }
}

function strategyOf(o: object): string {
  const id = (o as { strategyId?: unknown }).strategyId;
  return typeof id === 'string' && id ? id : 'session';
}

const num = (x: Fixed) => formatFixed(x);

export function dashboardState(src: DashboardSources, tally: StrategyTally): DashboardState {
  const r = src.runner;
  const v = statusView(r);
  const s = r.session;
  const k = s.kernel;
  const ledger = k.ledger;
  tally.observe(r);
  const quote = s.sk.instruments[0].quote;
  const instruments: DashboardState['instruments'] = {};
  for (const i of s.sk.instruments) instruments[i.symbol] = { base: i.base, quote: i.quote, priceDecimals: i.priceDecimals, lotDecimals: i.lotDecimals };

  let equity: Fixed | null = null;
  try {
    equity = k.equity();
  } catch {
    equity = null;
  }
  const orders = k.orderList();
  const fees = orders.reduce((a, o) => a + o.fees, ZERO);
  const positions = s.sk.instruments.map((i) => {
    const qty = ledger.position(i.base);
    const px = k.lastPrice(i.symbol);
    const cost = ledger.costBasis(i.base);
    const mark = Number.isFinite(px) ? fromFloat(px, i.priceDecimals) : null;
    const value = mark === null ? null : mul(qty, mark);
    return {
      pair: i.symbol,
      base: i.base,
      quote: i.quote,
      qty: num(qty),
      avgPrice: qty > 0n ? num((cost * 10n ** 18n) / qty) : null,
      lastPrice: mark === null ? null : num(mark),
      value: value === null ? null : num(value),
      unrealizedPnl: value === null || qty === 0n ? null : num(value - cost),
      realizedPnl: num(ledger.realizedPnl(i.base)),
    };
  });

  const groups = new Map<string, { orders: number; open: number; fees: Fixed }>();
  for (const o of orders) {
    const g = groups.get(strategyOf(o)) ?? { orders: 0, open: 0, fees: ZERO };
    g.orders++;
    if (o.status === 'open' || o.status === 'pending-new' || o.status === 'partially-filled' || o.status === 'unknown') g.open++;
    g.fees += o.fees;
    groups.set(strategyOf(o), g);
  }
  if (!groups.size) groups.set('session', { orders: 0, open: 0, fees: ZERO });
  const single = groups.size === 1;
  const strategies = [...groups].map(([id, g]) => ({
    id: id === 'session' ? v.strategy.replace(/^.*[\\/]/, '') : id,
    orders: g.orders,
    open: g.open,
    fees: num(g.fees),
    // One strategy: the ledger's exact total; several: each one's fills as seen by this dashboard.
    realizedPnl: single ? v.realizedPnl : num(tally.realized.get(id) ?? ZERO),
    halted: false,
  }));

  const risk = parseRiskConfig(r.config.risk);
  const eqNum = v.equity;
  const peak = Math.max(eqNum, ...s.equity.map((p) => p.equity));
  const drawdown = peak > 0 ? (peak - eqNum) / peak : 0;
  const shares = positions.map((p) => ({ pair: p.pair, share: p.value !== null && eqNum > 0 ? Number(p.value) / eqNum : 0 })).sort((a, b) => b.share - a.share);
  const largestOrder = k.openOrderList().reduce((m, o) => {
    const px = o.limitPrice ?? (Number.isFinite(k.lastPrice(o.pair)) ? fromFloat(k.lastPrice(o.pair), 8) : ZERO);
    const n = o.quoteQty ?? mul(o.qty, px);
    return n > m ? n : m;
  }, ZERO);
  const rules = [
    { id: 'maxPairShare', name: 'Largest pair share of equity', value: shares[0]?.share ?? 0, limit: risk.maxPairShare ?? null, unit: 'pct', detail: shares[0]?.pair ?? '' },
    { id: 'top3Share', name: 'Top-3 pairs share of equity', value: shares.slice(0, 3).reduce((a, x) => a + x.share, 0), limit: null, unit: 'pct', detail: shares.slice(0, 3).map((x) => x.pair).join(', ') },
    { id: 'maxDrawdown', name: 'Drawdown from peak (halts at limit)', value: drawdown, limit: risk.maxDrawdown ?? null, unit: 'pct', detail: `peak ${peak.toFixed(2)} ${quote}` },
    { id: 'maxOrderNotional', name: 'Largest open order notional', value: Number(num(largestOrder)), limit: risk.maxOrderNotional === undefined ? null : Number(num(risk.maxOrderNotional)), unit: quote, detail: '' },
  ];

  const feed = src.feed;
  const h = v.health as Record<string, unknown>;
  const limiter = src.limiter;
  return {
    session: {
      mode: v.mode,
      strategy: v.strategy.replace(/^.*[\\/]/, ''),
      pairs: v.pairs,
      timeframe: v.timeframe,
      tradingMode: v.tradingMode,
      clock: Number.isFinite(v.clock) ? v.clock : null,
      controlEnabled: src.controlEnabled,
    },
    instruments,
    account: {
      quote,
      balances: v.balances,
      cash: num(ledger.balance(quote)),
      equity: equity === null ? null : num(equity),
      realizedPnl: v.realizedPnl,
      unrealizedPnl: v.unrealizedPnl,
      fees: num(fees),
      equityPoints: s.equity.length,
    },
    positions,
    strategies,
    openOrders: v.openOrders,
    fills: v.recentFills.slice(0, 50),
    risk: { tradingMode: v.tradingMode, rules, drift: v.balanceDrift },
    ops: {
      connections: [
        { name: 'runner market feed', state: h.publicState },
        ...(h.privateState ? [{ name: 'runner private feed', state: h.privateState }] : []),
        ...(feed ? [{ name: 'dashboard market feed', state: feed.state }] : []),
      ],
      reconnects: h.reconnects,
      lastTradeAt: h.lastTradeAt,
      lastError: h.lastError,
      lateTrades: h.lateTrades,
      partialBarsDropped: h.partialBarsDropped,
      reconciliations: h.reconciliations,
      corrections: h.corrections,
      balanceDrift: v.balanceDrift,
      rest: limiter
        ? { apiCounter: limiter.apiCounterLevel(), apiMax: API_COUNTER_LIMITS[limiter.tier].max, engineMax: MATCHING_ENGINE_LIMITS[limiter.tier].max, tier: limiter.tier, matchingEngine: Object.fromEntries(v.pairs.map((p) => [p, limiter.matchingEngineLevel(p)])) }
        : null,
      unknownFrames: feed ? { ...feed.unknownFrames } : null,
      strategyHalts: strategies.filter((x) => x.halted).map((x) => x.id),
      journal: { entries: v.journalEntries, hash: v.hash, path: r.opts.journalPath },
      watch: feed ? { focus: [...feed.board.rows.values()].filter((x) => x.focus).length, universe: feed.board.rows.size, decisions: feed.board.decisions.slice(-20).reverse() } : null,
      logs: src.logs ? src.logs.recent(40) : [],
    },
  };
}
