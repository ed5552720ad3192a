import { formatFixed, mul, ZERO, fromFloat, type Fixed } from '../../core/decimal/fixed.ts';
import { parseRiskConfig } from '../../core/risk/risk-config.ts';
import { API_COUNTER_LIMITS, MATCHING_ENGINE_LIMITS, type KrakenRateLimiter } from '../kraken/rest/rate-limiter.ts';
import type { LiveRunner } from '../runner/live-runner.ts';
import { statusView, type StatusView } from '../status/status-view.ts';
import type { LogRing } from './log-ring.ts';
import { budgetRows, correlationRule, exposureCaps, type RiskRule } from './risk-view.ts';
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


/**
 * Strategy halts: the session's strategy threw and was halted (status view `strategyFault`), and
 * each strategy id halted through its kill switch (a journaled `strategy` input), as "name: why".
 */
function haltsOf(v: StatusView, halts: ReadonlyMap<string, string>): { strategy: string; kind: 'fault' | 'halted'; reason: string }[] {
  const out: { strategy: string; kind: 'fault' | 'halted'; reason: string }[] = [];
  if (v.strategyFault) out.push({ strategy: v.strategy.replace(/^.*[\\/]/, ''), kind: 'fault', reason: `threw in ${v.strategyFault.callback}: ${v.strategyFault.message}` });
  for (const [id, reason] of halts) out.push({ strategy: id, kind: 'halted', reason });
  return out;
}


const num = (x: Fixed) => formatFixed(x);

export function dashboardState(src: DashboardSources): DashboardState {
  const r = src.runner;
  const v = statusView(r);
  const s = r.session;
  const k = s.kernel;
  const ledger = k.ledger;
  const quote = s.sk.instruments[0].quote;
  const instruments: DashboardState['instruments'] = {};
  for (const i of s.sk.instruments) instruments[i.symbol] = { base: i.base, quote: i.quote, priceDecimals: i.priceDecimals, lotDecimals: i.lotDecimals };

  let equity: Fixed | null = null;
  try {
    equity = k.equity();
  } catch {
    equity = null;
  }
  const fees = ledger.flowsOf(quote).fees;
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

  // Per strategy: the session's attribution (every fill the kernel consumed, replay included, exact fees).
  const open = new Map<string, number>();
  for (const o of k.openOrderList()) open.set(o.strategyId, (open.get(o.strategyId) ?? 0) + 1);
  // A strategy that throws halts the session's strategy host, and with it every member; one id halted by its kill switch stops alone.
  const faulted = v.strategyFault !== null;
  const halts = k.strategyHalts();
  const byId = new Map(v.attribution.strategies.map((a) => [a.strategy, a]));
  // Every id the session ran (sk.strategyIds: the strategy's name and each id its orders carried).
  // The name alone stands for the session until members' ids show up; then it is dropped if idle.
  const ids = new Set<string>([...s.sk.strategyIds(), ...byId.keys(), ...open.keys(), ...halts.keys()]);
  const named = s.sk.strategyName;
  if (ids.size > 1 && !byId.has(named) && !open.has(named) && !halts.has(named)) ids.delete(named);
  const strategies = [...ids].sort().map((id) => {
    const a = byId.get(id);
    return { id, fills: a?.fills ?? 0, open: open.get(id) ?? 0, pnl: (a?.pnl ?? 0).toFixed(8), fees: a?.fees ?? '0', exposure: a?.exposure ?? 0, halted: faulted || halts.has(id), haltReason: halts.get(id) ?? (faulted ? 'strategy fault' : null) };
  });

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
  const caps = exposureCaps(s);
  const rules: RiskRule[] = [
    { id: 'maxPairShare', name: 'Largest pair share of equity', value: shares[0]?.share ?? 0, limit: risk.maxPairShare ?? caps?.pairCap ?? null, unit: 'pct', detail: shares[0]?.pair ?? '' },
    { id: 'top3Share', name: 'Top-3 pairs share of equity', value: shares.slice(0, 3).reduce((a, x) => a + x.share, 0), limit: caps?.top3Cap ?? null, unit: 'pct', detail: shares.slice(0, 3).map((x) => x.pair).join(', ') },
    correlationRule(s, eqNum),
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
    risk: { tradingMode: v.tradingMode, rules, budgets: budgetRows(s, strategies.map((x) => x.id), eqNum), drift: v.balanceDrift },
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
      // Values Kraken sent that this client does not know (kept as "unknown", counted by the runner's client).
      unknownValues: (h.unknownValues as Record<string, number> | undefined) ?? {},
      deadmanVia: (h.deadmanVia as string | undefined) ?? null,
      strategyHalts: haltsOf(v, halts),
      journal: { entries: v.journalEntries, hash: v.hash, path: r.opts.journalPath },
      watch: feed ? { focus: [...feed.board.rows.values()].filter((x) => x.focus).length, universe: feed.board.rows.size, decisions: feed.board.decisions.slice(-20).reverse() } : null,
      logs: src.logs ? src.logs.recent(40) : [],
    },
  };
}
