import { formatFixed, parseFixed } from '../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../src/core/instruments/symbols.ts';
import { Kernel } from '../../src/core/kernel/kernel.ts';
import { createCandleBatch, pushCandle } from '../../src/core/market/candle-batch.ts';
import type { Order, OrderRequest } from '../../src/core/orders/order.ts';
import type { FillView, Strategy } from '../../src/core/strategy/strategy.ts';
import { KrakenFeeModel } from '../../src/core/venue/sim/fee-model.ts';
import type { TouchRule } from '../../src/core/venue/sim/fill-model.ts';
import { OhlcPathFillModel } from '../../src/core/venue/sim/fill-model.ts';
import { FixedLatency } from '../../src/core/venue/sim/latency-model.ts';
import { SimulatedVenue } from '../../src/core/venue/sim/simulated-venue.ts';
import { FixedBpsSlippage } from '../../src/core/venue/sim/slippage-model.ts';

export const HOUR = 3_600_000;

/** [open, high, low, close, volume?] */
export type C = [number, number, number, number, number?];

export interface ScenarioOrder {
  /** Submitted at the close of this candle (0 = the setup candle). */
  at?: number;
  pair?: string;
  side: 'buy' | 'sell';
  type: OrderRequest['type'];
  qty?: string;
  quoteQty?: string;
  limit?: string;
  trigger?: string;
  trail?: string;
  trailPct?: boolean;
  postOnly?: boolean;
  tif?: 'gtc' | 'ioc' | 'gtd';
  expireAfterCandles?: number;
  cancelAt?: number;
}

export interface Scenario {
  setup?: C;
  candles: C[];
  orders: ScenarioOrder[];
  usd?: string;
  btc?: string;
  slippageBps?: number;
  volumeShare?: number | null;
  touch?: TouchRule;
  latencyMs?: number;
}

export interface ScenarioResult {
  fills: { id: string; price: string; qty: string; fee: string; feeAsset: string; liq: string; candle: number }[];
  orders: Order[];
  usd: string;
  btc: string;
}

/** Runs one candle scenario on BTC/USD: setup candle, orders placed at its close, then the candles. */
export function runScenario(s: Scenario): ScenarioResult {
  const inst = defaultSymbols.instrument('BTC/USD');
  const fills: ScenarioResult['fills'] = [];
  const placed: Order[] = [];
  let candleIndex = 0;
  const strategy: Strategy = {
    name: 'scenario',
    onCandle(ctx) {
      s.orders.forEach((o, i) => {
        if ((o.at ?? 0) === candleIndex) {
          placed[i] = ctx.submit({
            clientId: `s${i}`,
            pair: 'BTC/USD',
            side: o.side,
            type: o.type,
            qty: o.qty ? parseFixed(o.qty) : undefined,
            quoteQty: o.quoteQty ? parseFixed(o.quoteQty) : undefined,
            limitPrice: o.limit ? parseFixed(o.limit) : undefined,
            triggerPrice: o.trigger ? parseFixed(o.trigger) : undefined,
            trailOffset: o.trail ? parseFixed(o.trail) : undefined,
            trailIsPercent: o.trailPct,
            postOnly: o.postOnly,
            timeInForce: o.tif,
            expireAt: o.expireAfterCandles !== undefined ? ctx.now() + o.expireAfterCandles * HOUR : undefined,
          });
        }
        if (o.cancelAt === candleIndex && placed[i]) ctx.cancel(`s${i}`);
      });
      candleIndex++;
    },
    onFill(_ctx, f: FillView) {
      fills.push({ id: f.clientId, price: formatFixed(f.price), qty: formatFixed(f.qty), fee: formatFixed(f.fee), feeAsset: f.feeAsset, liq: f.liquidity, candle: candleIndex });
    },
  };
  const venue = new SimulatedVenue({
    fees: new KrakenFeeModel({ maker: '0.0016', taker: '0.0026' }),
    slippage: s.slippageBps ? new FixedBpsSlippage(s.slippageBps) : undefined,
    maxVolumeShare: s.volumeShare ?? null,
    fillModel: new OhlcPathFillModel(s.touch ?? 'touch'),
    latency: new FixedLatency(s.latencyMs ?? 0),
  });
  const kernel = new Kernel({ instruments: [inst], accountCurrency: 'USD', strategy, venue, retainClosedOrders: true });
  const all: C[] = [s.setup ?? [100, 100, 100, 100, 1000], ...s.candles];
  const batch = createCandleBatch(all.length, HOUR);
  kernel.deposit(0, 'USD', parseFixed(s.usd ?? '100000'));
  kernel.start(0);
  if (s.btc) {
    kernel.markPrice('BTC/USD', all[0][3]); // BTC arrives valued at the setup close
    kernel.deposit(0, 'BTC', parseFixed(s.btc));
  }
  all.forEach(([o2, h2, l2, c2, v2], i) => pushCandle(batch, 0, i * HOUR, o2, h2, l2, c2, v2 ?? 1000));
  kernel.onCandles(batch);
  kernel.stop(all.length * HOUR);
  return {
    fills,
    orders: placed.map((p) => kernel.orderList().find((o2) => o2.clientId === p.clientId) ?? p),
    usd: formatFixed(kernel.ledger.balance('USD')),
    btc: formatFixed(kernel.ledger.balance('BTC')),
  };
}
