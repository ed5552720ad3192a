/**
 * Settles a KrakenOutcomeUnknown for AddOrder: looks the order up by cl_ord_id among open, then
 * closed orders. `not-found` after the response was lost means Kraken did not accept it, but
 * Kraken can take a moment to list a new order: use `attempts`/`delayMs` to look more than once
 * before concluding, and only then decide whether to send the order again.
 */
import { realSleep, type Sleep } from './clock.ts';
import type { KrakenRestClient } from './client.ts';
import type { KrakenOrder } from './schemas.ts';

export type UnknownOrderResolution =
  | { readonly status: 'found'; readonly txid: string; readonly order: KrakenOrder; readonly list: 'open' | 'closed' }
  | { readonly status: 'not-found' };

export interface ResolveOptions {
  /** Lookups before answering not-found (default 1). */
  readonly attempts?: number;
  /** Wait between lookups (default 1000 ms). */
  readonly delayMs?: number;
  readonly sleep?: Sleep;
}

export async function resolveUnknownOrder(client: KrakenRestClient, clOrdId: string, options: ResolveOptions = {}): Promise<UnknownOrderResolution> {
  const attempts = Math.max(1, options.attempts ?? 1);
  const sleep = options.sleep ?? realSleep;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(options.delayMs ?? 1000);
    const open = await client.openOrders({ cl_ord_id: clOrdId });
    const inOpen = findByClOrdId(open.open, clOrdId);
    if (inOpen) return { status: 'found', txid: inOpen[0], order: inOpen[1], list: 'open' };
    const closed = await client.closedOrders({ cl_ord_id: clOrdId });
    const inClosed = findByClOrdId(closed.closed, clOrdId);
    if (inClosed) return { status: 'found', txid: inClosed[0], order: inClosed[1], list: 'closed' };
  }
  return { status: 'not-found' };
}

/** Matches on the order's own cl_ord_id field, so a server that ignored the filter cannot fool us. */
function findByClOrdId(orders: Record<string, KrakenOrder>, clOrdId: string): [string, KrakenOrder] | undefined {
  return Object.entries(orders).find(([, o]) => o.cl_ord_id === clOrdId);
}
