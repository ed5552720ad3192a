import { formatFixed, parseFixed, type Fixed } from '../../core/decimal/fixed.ts';
import { defaultSymbols } from '../../core/instruments/symbols.ts';
import type { VenueEvent, VenueOrder } from '../../core/venue/port.ts';
import type { OrderFlag as RestOrderFlag, AddOrderParams as RestAddOrder } from '../kraken/rest/order-params.ts';
import type { ExecutionReport } from '../kraken/ws/messages/private-data.ts';
import type { AddOrderParams as WsAddOrder } from '../kraken/ws/messages/requests.ts';

/**
 * Fee currency is always sent explicitly as quote: the kernel books fees in the quote currency,
 * and Kraken's documented default differs between REST (fcib for sells) and WS, while captured
 * orders show fciq (README 13.2). docs.kraken.com/api/docs/rest-api/add-order (`oflags`),
 * docs.kraken.com/api/docs/websocket-v2/add_order (`fee_preference`).
 */
const FEE_IN_QUOTE = true;

/**
 * Why this order must not be sent to Kraken at all, or undefined. Kraken's `reduce_only` flag
 * reduces a margin position (support.kraken.com "Other order options": "only reduce a currently
 * open position"; shared/kraken README 5: `reduce_only` (bool, margin)), and this client trades
 * spot without margin, so the flag is never sent: the kernel enforces spot reduce-only itself (a
 * sell within the base held, order-validation.ts) and the order goes out as a plain spot sell. A
 * reduce-only buy can reduce nothing in spot and would be a doomed or misread order: refused here
 * too, should one ever get past the kernel.
 */
export function krakenOrderRefusal(o: VenueOrder): string | undefined {
  if (o.reduceOnly && o.side === 'buy') return 'reduce-only buy: Kraken spot has no short position to reduce (its reduce_only is for margin positions)';
  return undefined;
}

/** Kernel order -> WS v2 add_order. The kernel's client order id is Kraken's cl_ord_id. */
export function toWsAddOrder(o: VenueOrder): WsAddOrder {
  const p: WsAddOrder = { symbol: o.pair, side: o.side, order_type: o.type, order_qty: formatFixed(o.qty), cl_ord_id: o.clientId };
  if (o.quoteQty !== undefined) {
    // add_order `cash_order_qty`: market buys sized in quote units, instead of order_qty.
    delete (p as Partial<WsAddOrder>).order_qty;
    p.cash_order_qty = formatFixed(o.quoteQty);
  }
  p.fee_preference = FEE_IN_QUOTE ? 'quote' : 'base';
  if (o.limitPrice !== undefined) p.limit_price = formatFixed(o.limitPrice);
  if (o.triggerPrice !== undefined) p.triggers = { reference: 'last', price: formatFixed(o.triggerPrice) };
  if (o.trailOffset !== undefined) p.triggers = { reference: 'last', price: formatFixed(o.trailIsPercent ? o.trailOffset * 100n : o.trailOffset), price_type: o.trailIsPercent ? 'pct' : 'quote' };
  if (o.postOnly) p.post_only = true;
  if (o.timeInForce !== 'gtc') p.time_in_force = o.timeInForce;
  if (o.timeInForce === 'gtd' && o.expireAt !== undefined) p.expire_time = new Date(o.expireAt).toISOString();
  return p;
}

/**
 * Kernel order -> REST AddOrder (the fallback path when the private socket is down), every field
 * of the WS form included (docs.kraken.com/api/docs/rest-api/add-order):
 * - `price` is the limit price of limit orders and the trigger price of triggered types; `price2`
 *   the limit price of `*-limit` types;
 * - trailing stops need the relative `+` form: `+<offset>` or `+<percent>%` ("Trailing stops
 *   require the + form");
 * - GTD needs `expiretm` (Unix seconds);
 * - quote-sized market buys use `viqc` with the quote amount as `volume`;
 * - the fee currency is explicit (`fciq`).
 */
export function toRestAddOrder(o: VenueOrder): RestAddOrder {
  const oflags: RestOrderFlag[] = [];
  if (o.postOnly) oflags.push('post');
  if (o.quoteQty !== undefined) oflags.push('viqc');
  oflags.push(FEE_IN_QUOTE ? 'fciq' : 'fcib');
  let price: string | undefined;
  let price2: string | undefined;
  if (o.trailOffset !== undefined) price = o.trailIsPercent ? `+${formatFixed(o.trailOffset * 100n)}%` : `+${formatFixed(o.trailOffset)}`;
  else if (o.triggerPrice !== undefined) {
    price = formatFixed(o.triggerPrice);
    if (o.limitPrice !== undefined) price2 = formatFixed(o.limitPrice);
  } else if (o.limitPrice !== undefined) price = formatFixed(o.limitPrice);
  return {
    // REST names pairs by Kraken's altname (XBTUSD); "BTCUSD" is refused as an unknown asset pair.
    pair: defaultSymbols.info(o.pair).altname,
    type: o.side,
    ordertype: o.type as RestAddOrder['ordertype'],
    volume: formatFixed(o.quoteQty ?? o.qty),
    ...(price !== undefined ? { price } : {}),
    ...(price2 !== undefined ? { price2 } : {}),
    oflags,
    ...(o.timeInForce !== 'gtc' ? { timeinforce: o.timeInForce.toUpperCase() as 'IOC' | 'GTD' } : {}),
    ...(o.timeInForce === 'gtd' && o.expireAt !== undefined ? { expiretm: String(Math.ceil(o.expireAt / 1000)) } : {}),
    cl_ord_id: o.clientId,
  };
}

const iso = (asset: string): string => (asset === 'XBT' || asset === 'XXBT' ? 'BTC' : asset.replace(/^[XZ](?=[A-Z]{3}$)/, ''));

/** One WS v2 execution report -> the venue event it means for the kernel, or null (pending_new, status-only reports). */
export function executionToEvent(r: ExecutionReport, clientId: string): VenueEvent | null {
  const time = Date.parse(r.timestamp);
  switch (r.exec_type) {
    case 'new':
      return { kind: 'accepted', time, clientId, venueOrderId: r.order_id };
    case 'trade': {
      const fee = r.fees?.[0];
      return {
        kind: 'fill',
        time,
        clientId,
        execId: r.exec_id!,
        qty: parseFixed(r.last_qty!),
        price: parseFixed(r.last_price!),
        fee: fee ? parseFixed(fee.qty) : 0n,
        feeAsset: fee ? iso(fee.asset) : r.symbol?.split('/')[1] ?? 'USD',
        liquidity: r.liquidity_ind === 'm' ? 'maker' : 'taker',
        // Kraken's own booked cost (rounded to the quote's decimals), so the ledger matches the account.
        cost: r.cost !== undefined ? parseFixed(r.cost) : undefined,
        pair: r.symbol,
        side: r.side,
        orderStatus: r.order_status === 'filled' ? 'filled' : 'partially-filled',
      };
    }
    case 'canceled':
      return { kind: 'canceled', time, clientId, reason: r.reason ?? r.cancel_reason ?? 'canceled' };
    case 'expired':
      return { kind: 'expired', time, clientId };
    default:
      return null;
  }
}

export function fixedOrZero(s: string | undefined): Fixed {
  return s === undefined ? 0n : parseFixed(s);
}
