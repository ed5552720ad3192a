import { formatFixed } from '../decimal/fixed.ts';
import type { Kernel } from '../kernel/kernel.ts';

/** What identifies a session's outcome: the event-log hash and the exact ledger. Equal summaries = parity. */
export interface SessionSummary {
  readonly hash: string;
  readonly events: number;
  readonly candles: number;
  readonly clock: number;
  readonly mode: string;
  readonly balances: Readonly<Record<string, string>>;
  readonly realizedPnl: string;
  readonly openOrders: readonly { clientId: string; pair: string; side: string; status: string; venueOrderId: string | null }[];
}

export function summarizeSession(kernel: Kernel): SessionSummary {
  const ledger = kernel.ledger;
  const balances: Record<string, string> = {};
  for (const asset of [...ledger.assets()].sort()) balances[asset] = formatFixed(ledger.balance(asset));
  return {
    hash: kernel.hash(),
    events: kernel.eventCount(),
    candles: kernel.candleCount(),
    clock: kernel.now(),
    mode: kernel.tradingMode(),
    balances,
    realizedPnl: formatFixed(ledger.realizedPnl()),
    openOrders: kernel.openOrderList().map((o) => ({ clientId: o.clientId, pair: o.pair, side: o.side, status: o.status, venueOrderId: o.venueOrderId ?? null })),
  };
}
