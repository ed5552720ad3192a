import { formatFixed } from '../../core/decimal/fixed.ts';
import type { Attribution } from '../../core/metrics/attribution.ts';
import type { LiveRunner } from '../runner/live-runner.ts';
import type { FillRow } from '../runner/live-session.ts';

export interface StatusView {
  readonly mode: string;
  readonly strategy: string;
  readonly pairs: readonly string[];
  readonly timeframe: string;
  readonly tradingMode: string;
  readonly clock: number;
  readonly journalEntries: number;
  readonly hash: string;
  readonly balances: Readonly<Record<string, string>>;
  readonly positions: readonly { pair: string; qty: string; lastPrice: number | null }[];
  readonly openOrders: readonly { clientId: string; pair: string; side: string; type: string; qty: string; limitPrice: string | null; status: string; venueState: string | null }[];
  readonly recentFills: readonly FillRow[];
  readonly realizedPnl: string;
  readonly unrealizedPnl: string | null;
  readonly equity: number;
  readonly equityCurve: readonly { time: number; equity: number }[];
  readonly health: Record<string, unknown>;
  readonly balanceDrift: Readonly<Record<string, string>>;
  /** PnL, fees, exposure, turnover and drawdown per strategy id and per regime since the session began. */
  readonly attribution: Attribution;
  /** The strategy's exception (message, stack, event time): the strategy is halted; null while it runs. */
  readonly strategyFault: { time: number; callback: string; message: string; stack: string } | null;
  /** Inputs the kernel refused (journaled as `refused`, skipped by replay), and the latest one. */
  readonly refusedInputs: number;
  readonly lastRefusal: { n: number; kind: string; reason: string } | null;
  /** Journaled inputs that failed inside the kernel anyway (should stay 0). */
  readonly inputFailures: number;
}

/** A read-only picture of the runner for the status page and the status line. */
export function statusView(r: LiveRunner): StatusView {
  const s = r.session;
  const k = s.kernel;
  const summary = s.summary();
  const upnl = s.unrealizedPnl();
  return {
    mode: r.config.mode,
    strategy: r.config.strategy,
    pairs: r.config.pairs,
    timeframe: r.config.timeframe,
    tradingMode: k.tradingMode(),
    clock: k.now(),
    journalEntries: s.inputCount,
    hash: summary.hash,
    balances: summary.balances,
    positions: s.sk.instruments.map((i) => {
      const px = k.lastPrice(i.symbol);
      return { pair: i.symbol, qty: formatFixed(k.ledger.position(i.base)), lastPrice: Number.isFinite(px) ? px : null };
    }),
    openOrders: k.openOrderList().map((o) => ({
      clientId: o.clientId,
      pair: o.pair,
      side: o.side,
      type: o.type,
      qty: formatFixed(o.quoteQty ?? o.qty),
      limitPrice: o.limitPrice === undefined ? null : formatFixed(o.limitPrice),
      status: o.status,
      venueState: r.venue?.trackedState(o.clientId) ?? null,
    })),
    recentFills: [...s.recentFills].reverse().slice(0, 20),
    realizedPnl: summary.realizedPnl,
    unrealizedPnl: upnl === null ? null : formatFixed(upnl),
    equity: s.equityNow(),
    equityCurve: s.equity,
    health: { ...r.health, lateTrades: s.bars.lateTrades, partialBarsDropped: s.bars.partialBarsDropped, reconciliations: r.venue?.reconciliations ?? 0, corrections: r.venue?.corrections ?? 0 },
    balanceDrift: r.balanceDrift,
    attribution: s.attribution.result(),
    strategyFault: s.strategyFault() ?? null,
    refusedInputs: s.refusedCount,
    lastRefusal: s.lastRefusal,
    inputFailures: s.sk.failures(),
  };
}

/** One line for the terminal: what the runner is doing right now. */
export function statusLine(r: LiveRunner): string {
  const v = statusView(r);
  const t = Number.isFinite(v.clock) ? new Date(v.clock).toISOString().slice(0, 16) : '-';
  return `[live ${v.mode}] ${v.strategy} ${v.pairs.join(',')} ${v.timeframe} | ${t} | feed ${String(v.health.publicState)} | ${v.tradingMode} | equity ${v.equity.toFixed(2)} | open ${v.openOrders.length} | fills ${v.recentFills.length} | journal ${v.journalEntries}`;
}
