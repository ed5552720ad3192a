import { ONE, toNumber, ZERO, type Fixed } from '../decimal/fixed.ts';
import type { ClosedTrade } from '../metrics/types.ts';

/** One execution, as far as round trips care. */
export interface TradeFill {
  readonly time: number;
  readonly pair: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Fixed;
  readonly price: Fixed;
  /** Fee in the quote currency (a fee charged in base is not counted here). */
  readonly quoteFee: Fixed;
  /** Realized PnL the ledger booked for this fill (sells; 0 for buys). */
  readonly realizedPnl: Fixed;
}

/** A round trip, from flat to flat in one pair: the metrics' ClosedTrade (floats, for statistics). */
export type RoundTrip = ClosedTrade;

interface Open {
  entryTime: number;
  bought: Fixed;
  buyCost: Fixed;
  sold: Fixed;
  sellValue: Fixed;
  fees: Fixed;
  pnl: Fixed;
  position: Fixed;
}

/**
 * Groups fills into round trips per pair: a trip opens when the position leaves zero and
 * closes when it returns to zero. Its PnL is the ledger's realized PnL over the trip (FIFO,
 * net of entry and exit fees), so the trips add up to the ledger's realized total for closed
 * positions. Trips still open at the end are not reported.
 */
export function roundTrips(fills: readonly TradeFill[]): RoundTrip[] {
  const open = new Map<string, Open>();
  const out: RoundTrip[] = [];
  for (const f of fills) {
    let t = open.get(f.pair);
    if (!t) {
      if (f.side === 'sell') continue; // selling coin that was deposited, not bought in this run
      t = { entryTime: f.time, bought: ZERO, buyCost: ZERO, sold: ZERO, sellValue: ZERO, fees: ZERO, pnl: ZERO, position: ZERO };
      open.set(f.pair, t);
    }
    const value = (f.qty * f.price) / ONE;
    t.fees += f.quoteFee;
    t.pnl += f.realizedPnl;
    if (f.side === 'buy') {
      t.bought += f.qty;
      t.buyCost += value;
      t.position += f.qty;
    } else {
      t.sold += f.qty;
      t.sellValue += value;
      t.position -= f.qty;
    }
    if (t.position <= ZERO) {
      const cost = toNumber(t.buyCost);
      out.push({
        pair: f.pair,
        entryTime: t.entryTime,
        exitTime: f.time,
        qty: toNumber(t.bought),
        entryPrice: toNumber(t.buyCost) / toNumber(t.bought),
        exitPrice: toNumber(t.sellValue) / toNumber(t.sold),
        pnl: toNumber(t.pnl),
        fees: toNumber(t.fees),
        returnPct: cost > 0 ? toNumber(t.pnl) / cost : 0,
      });
      open.delete(f.pair);
    }
  }
  return out;
}
