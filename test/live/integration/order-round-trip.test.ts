/**
 * Every order type and flag the kernel supports, sent the way the live venue sends it (WS v2
 * add_order, and REST AddOrder when the socket is down), read back by the simulator's own
 * Kraken parsers (an independent implementation of the server side): each field must arrive, and
 * both paths must describe the same order. docs.kraken.com/api/docs/websocket-v2/add_order,
 * docs.kraken.com/api/docs/rest-api/add-order.
 */
import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { venueOrder } from './venue-order.ts';
import type { VenueOrder } from '../../../src/core/venue/port.ts';
import { encodeForm } from '../../../src/live/kraken/rest/form.ts';
import { addOrderForm, validateAddOrder } from '../../../src/live/kraken/rest/order-params.ts';
import { buildAddOrder, encodeRequest } from '../../../src/live/kraken/ws/messages/requests.ts';
import { SimCatalog } from '../../../src/live/sim/catalog/catalog.ts';
import { parseRestOrder, parseWsOrder, type ParseContext } from '../../../src/live/sim/engine/order-params.ts';
import type { OrderRequest } from '../../../src/live/sim/engine/types.ts';
import { krakenOrderRefusal, toRestAddOrder, toWsAddOrder } from '../../../src/live/venue/order-mapping.ts';

const NOW = Date.parse('2024-01-01T00:00:00Z');
const ctx: ParseContext = { catalog: new SimCatalog(), nowMs: NOW, lastPrice: () => parseFixed('30000') };
const f = parseFixed;

const order = venueOrder;

function viaWs(o: VenueOrder): OrderRequest {
  const text = encodeRequest(buildAddOrder(toWsAddOrder(o), 'TOKEN', 1));
  return parseWsOrder((JSON.parse(text) as { params: Record<string, unknown> }).params, ctx);
}

function viaRest(o: VenueOrder): OrderRequest {
  const params = toRestAddOrder(o);
  validateAddOrder(params);
  const form = Object.fromEntries(new URLSearchParams(encodeForm(addOrderForm(params))));
  return parseRestOrder(form, ctx);
}

/** The fields of the simulator's reading that the kernel's order determines. */
function essence(r: OrderRequest) {
  return {
    type: r.type,
    side: r.side,
    qty: r.qty,
    limitPrice: r.limitPrice,
    triggerPrice: r.triggerPrice,
    trailingOffset: r.trailingOffset,
    tif: r.tif,
    expireAt: r.expireAt,
    postOnly: r.postOnly,
    feeInBase: r.feeInBase,
    clOrdId: r.clOrdId,
  };
}

const EXPIRE = NOW + 3_600_000;
const base = { type: 'limit', side: 'buy', qty: f('0.01'), tif: 'GTC', postOnly: false, feeInBase: false, clOrdId: 'rt-1' } as const;

const cases: [string, Partial<VenueOrder>, Partial<ReturnType<typeof essence>>][] = [
  ['market buy', { type: 'market' }, { type: 'market' }],
  ['market sell', { type: 'market', side: 'sell' }, { type: 'market', side: 'sell' }],
  ['limit', { limitPrice: f('29000.5') }, { limitPrice: f('29000.5') }],
  ['limit post-only', { limitPrice: f('29000.5'), postOnly: true }, { limitPrice: f('29000.5'), postOnly: true }],
  ['limit IOC', { limitPrice: f('29000.5'), timeInForce: 'ioc' }, { limitPrice: f('29000.5'), tif: 'IOC' }],
  ['limit GTD with expiry', { limitPrice: f('29000.5'), timeInForce: 'gtd', expireAt: EXPIRE }, { limitPrice: f('29000.5'), tif: 'GTD', expireAt: EXPIRE }],
  ['stop-loss', { type: 'stop-loss', side: 'sell', triggerPrice: f('28000') }, { type: 'stop-loss', side: 'sell', triggerPrice: f('28000') }],
  ['take-profit', { type: 'take-profit', side: 'sell', triggerPrice: f('32000') }, { type: 'take-profit', side: 'sell', triggerPrice: f('32000') }],
  [
    'stop-loss-limit',
    { type: 'stop-loss-limit', side: 'sell', triggerPrice: f('28000'), limitPrice: f('27900') },
    { type: 'stop-loss-limit', side: 'sell', triggerPrice: f('28000'), limitPrice: f('27900') },
  ],
  [
    'take-profit-limit',
    { type: 'take-profit-limit', side: 'sell', triggerPrice: f('32000'), limitPrice: f('31900') },
    { type: 'take-profit-limit', side: 'sell', triggerPrice: f('32000'), limitPrice: f('31900') },
  ],
  ['trailing stop, absolute offset', { type: 'trailing-stop', side: 'sell', trailOffset: f('150') }, { type: 'trailing-stop', side: 'sell', trailingOffset: { amount: f('150'), pct: false } }],
  ['trailing stop, percent offset', { type: 'trailing-stop', side: 'sell', trailOffset: f('0.015'), trailIsPercent: true }, { type: 'trailing-stop', side: 'sell', trailingOffset: { amount: f('1.5'), pct: true } }],
  ['stop-loss GTD', { type: 'stop-loss', side: 'sell', triggerPrice: f('28000'), timeInForce: 'gtd', expireAt: EXPIRE }, { type: 'stop-loss', side: 'sell', triggerPrice: f('28000'), tif: 'GTD', expireAt: EXPIRE }],
  // Spot reduce-only: the kernel keeps the sell within the base held; Kraken's reduce_only is for margin positions, so it is not sent.
  ['reduce-only sell', { side: 'sell', limitPrice: f('31000'), reduceOnly: true }, { side: 'sell', limitPrice: f('31000') }],
  ['reduce-only stop-loss', { type: 'stop-loss', side: 'sell', triggerPrice: f('28000'), reduceOnly: true }, { type: 'stop-loss', side: 'sell', triggerPrice: f('28000') }],
  ['client order id (UUID form)', { clientId: '123e4567-e89b-12d3-a456-426614174000', limitPrice: f('29000') }, { clOrdId: '123e4567-e89b-12d3-a456-426614174000', limitPrice: f('29000') }],
];

describe('order types and flags round-trip over WS and REST with every field', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const want = { ...base, limitPrice: undefined, triggerPrice: undefined, trailingOffset: undefined, expireAt: undefined, ...expected };
    const o = order(input);
    expect(essence(viaWs(o))).toEqual(want);
    expect(essence(viaRest(o))).toEqual(want);
  });

  it('quote-sized market buy goes over WS as cash_order_qty (not refused into the REST fallback) and over REST as viqc', () => {
    const o = order({ type: 'market', qty: 0n, quoteQty: f('150') });
    const ws = JSON.parse(encodeRequest(buildAddOrder(toWsAddOrder(o), 'TOKEN', 1))) as { params: Record<string, unknown> };
    expect(ws.params.cash_order_qty).toBe(150);
    expect(ws.params.order_qty).toBeUndefined();
    // The simulator converts the cash amount at the last price (30000): 150 / 30000 = 0.005 BTC.
    expect(viaWs(o).qty).toBe(f('0.005'));
    const rest = toRestAddOrder(o);
    expect(rest.oflags).toContain('viqc');
    expect(rest.volume).toBe('150');
  });

  it('fee currency is explicit on both paths (quote), so Kraken\'s disputed default never applies (README 13.2)', () => {
    for (const side of ['buy', 'sell'] as const) {
      const o = order({ side, limitPrice: f('29000') });
      expect(toWsAddOrder(o).fee_preference).toBe('quote');
      expect(toRestAddOrder(o).oflags).toContain('fciq');
      expect(viaWs(o).feeInBase).toBe(false);
      expect(viaRest(o).feeInBase).toBe(false);
    }
  });

  it('trailing stops over REST use the relative + form Kraken requires, absolute and percent', () => {
    expect(toRestAddOrder(order({ type: 'trailing-stop', side: 'sell', trailOffset: f('150') })).price).toBe('+150');
    expect(toRestAddOrder(order({ type: 'trailing-stop', side: 'sell', trailOffset: f('0.015'), trailIsPercent: true })).price).toBe('+1.5%');
  });

  it('GTD over REST carries expiretm in Unix seconds', () => {
    expect(toRestAddOrder(order({ limitPrice: f('29000'), timeInForce: 'gtd', expireAt: EXPIRE })).expiretm).toBe(String(EXPIRE / 1000));
  });

  it('reduce-only: a sell goes out as a plain spot sell on both paths (no reduce_only, no margin); a buy is refused before sending with its reason', () => {
    const o = order({ side: 'sell', limitPrice: f('31000'), reduceOnly: true });
    expect(krakenOrderRefusal(o)).toBeUndefined();
    const ws = JSON.parse(encodeRequest(buildAddOrder(toWsAddOrder(o), 'TOKEN', 1))) as { params: Record<string, unknown> };
    expect(ws.params).not.toHaveProperty('reduce_only');
    expect(ws.params).not.toHaveProperty('margin');
    const form = new URLSearchParams(encodeForm(addOrderForm(toRestAddOrder(o))));
    expect(form.has('reduce_only')).toBe(false);
    expect(form.has('leverage')).toBe(false);
    expect(krakenOrderRefusal(order({ side: 'buy', limitPrice: f('29000'), reduceOnly: true }))).toMatch(/reduce-only buy: Kraken spot has no short position to reduce/);
    expect(krakenOrderRefusal(order({ side: 'buy', limitPrice: f('29000') }))).toBeUndefined();
  });
});
