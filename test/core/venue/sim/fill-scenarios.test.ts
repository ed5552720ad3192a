import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../../helpers/scenario.ts';

/**
 * One row per fill rule of docs/fill-assumptions.md. Setup candle closes at 100 (BTC/USD,
 * tick 0.1, lot 1e-8), orders are placed at its close, fees are 0.16% maker / 0.26% taker.
 * `fills` lists [clientId, price, qty, liquidity] in the order they happened.
 */
interface Row {
  name: string;
  s: Scenario;
  fills: [string, string, string, 'maker' | 'taker'][];
  status?: Record<string, string>;
  fees?: string[];
}

const rows: Row[] = [
  { name: 'market buy fills at the next open as taker', s: { candles: [[101, 102, 100, 101.5]], orders: [{ side: 'buy', type: 'market', qty: '1' }] }, fills: [['s0', '101', '1', 'taker']], fees: ['0.2626'] },
  { name: 'market sell fills at the next open', s: { btc: '2', candles: [[99, 100, 98, 99.5]], orders: [{ side: 'sell', type: 'market', qty: '1.5' }] }, fills: [['s0', '99', '1.5', 'taker']] },
  { name: 'slippage moves a taker buy up, snapped to the tick', s: { slippageBps: 10, candles: [[101, 102, 100, 101.5]], orders: [{ side: 'buy', type: 'market', qty: '1' }] }, fills: [['s0', '101.2', '1', 'taker']] },
  { name: 'slippage moves a taker sell down, snapped to the tick', s: { btc: '1', slippageBps: 10, candles: [[101, 102, 100, 101.5]], orders: [{ side: 'sell', type: 'market', qty: '1' }] }, fills: [['s0', '100.8', '1', 'taker']] },
  { name: 'limit buy touched exactly fills at the limit as maker', s: { candles: [[100, 100.5, 99, 99.5]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '99' }] }, fills: [['s0', '99', '1', 'maker']], fees: ['0.1584'] },
  { name: 'limit buy touched exactly does not fill under the trade-through rule', s: { touch: 'through', candles: [[100, 100.5, 99, 99.5]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '99' }] }, fills: [], status: { s0: 'open' } },
  { name: 'limit buy traded through fills under the trade-through rule', s: { touch: 'through', candles: [[100, 100.5, 98.9, 99.5]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '99' }] }, fills: [['s0', '99', '1', 'maker']] },
  { name: 'limit buy not touched stays open', s: { candles: [[100, 100.5, 99, 99.5]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '98' }] }, fills: [], status: { s0: 'open' } },
  { name: 'resting limit buy gapped through fills at its limit', s: { candles: [[98, 98.5, 97, 98]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '99' }] }, fills: [['s0', '99', '1', 'maker']] },
  { name: 'limit buy marketable on arrival takes at the open', s: { candles: [[100.5, 101, 100, 100.8]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '101' }] }, fills: [['s0', '100.5', '1', 'taker']], fees: ['0.2613'] },
  { name: 'marketable limit whose open moved away rests and fills as maker', s: { candles: [[102, 103, 100.8, 101.2]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '101' }] }, fills: [['s0', '101', '1', 'maker']] },
  { name: 'limit sell touched fills at the limit', s: { btc: '1', candles: [[100, 102, 99.5, 101]], orders: [{ side: 'sell', type: 'limit', qty: '1', limit: '102' }] }, fills: [['s0', '102', '1', 'maker']] },
  { name: 'limit orders never fill from the candle they were placed on', s: { setup: [100, 100.5, 99, 100], candles: [[100, 100.5, 99.6, 100.2]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '99.5' }] }, fills: [], status: { s0: 'open' } },
  { name: 'post-only that would cross is rejected', s: { candles: [[100, 101, 99, 100]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '100.5', postOnly: true }] }, fills: [], status: { s0: 'rejected' } },
  { name: 'post-only that rests fills as maker', s: { candles: [[100, 100.5, 99, 99.8]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '99.5', postOnly: true }] }, fills: [['s0', '99.5', '1', 'maker']] },
  { name: 'IOC limit marketable at the open fills as taker', s: { candles: [[100.2, 101, 99, 100]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '101', tif: 'ioc' }] }, fills: [['s0', '100.2', '1', 'taker']], status: { s0: 'filled' } },
  { name: 'IOC limit not marketable at the open is canceled, even if touched later', s: { candles: [[100, 100.5, 98, 99]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '99', tif: 'ioc' }] }, fills: [], status: { s0: 'canceled' } },
  { name: 'IOC remainder beyond the volume cap is canceled', s: { volumeShare: 0.1, candles: [[100.2, 101, 99, 100, 20]], orders: [{ side: 'buy', type: 'limit', qty: '5', limit: '101', tif: 'ioc' }] }, fills: [['s0', '100.2', '2', 'taker']], status: { s0: 'canceled' }, fees: ['0.52104'] },
  { name: 'stop-loss sell touched inside the candle fills at the stop', s: { btc: '1', candles: [[100, 100.5, 97, 99]], orders: [{ side: 'sell', type: 'stop-loss', qty: '1', trigger: '98' }] }, fills: [['s0', '98', '1', 'taker']] },
  { name: 'gap through a stop-loss fills at the open', s: { btc: '1', candles: [[96, 97, 95, 96.5]], orders: [{ side: 'sell', type: 'stop-loss', qty: '1', trigger: '98' }] }, fills: [['s0', '96', '1', 'taker']] },
  { name: 'stop-loss buy (breakout) fills at its trigger', s: { candles: [[100, 103, 99.8, 102.5]], orders: [{ side: 'buy', type: 'stop-loss', qty: '1', trigger: '102' }] }, fills: [['s0', '102', '1', 'taker']] },
  { name: 'take-profit sell touched fills at the trigger', s: { btc: '1', candles: [[100, 103, 99.5, 102.5]], orders: [{ side: 'sell', type: 'take-profit', qty: '1', trigger: '102' }] }, fills: [['s0', '102', '1', 'taker']] },
  { name: 'gap through a take-profit fills at the (better) open', s: { btc: '1', candles: [[104, 105, 103, 104.5]], orders: [{ side: 'sell', type: 'take-profit', qty: '1', trigger: '102' }] }, fills: [['s0', '104', '1', 'taker']] },
  {
    name: 'stop and take-profit in one up candle: low comes first, the stop fills first',
    s: { btc: '1', candles: [[100, 103, 97, 101]], orders: [{ side: 'sell', type: 'stop-loss', qty: '0.5', trigger: '98' }, { side: 'sell', type: 'take-profit', qty: '0.5', trigger: '102' }] },
    fills: [['s0', '98', '0.5', 'taker'], ['s1', '102', '0.5', 'taker']],
  },
  {
    name: 'stop and take-profit in one down candle: high comes first, the take-profit fills first',
    s: { btc: '1', candles: [[100, 103, 97, 99]], orders: [{ side: 'sell', type: 'stop-loss', qty: '0.5', trigger: '98' }, { side: 'sell', type: 'take-profit', qty: '0.5', trigger: '102' }] },
    fills: [['s1', '102', '0.5', 'taker'], ['s0', '98', '0.5', 'taker']],
  },
  { name: 'stop-loss-limit triggered while marketable takes at the trigger', s: { btc: '1', candles: [[100, 100, 97, 97.2]], orders: [{ side: 'sell', type: 'stop-loss-limit', qty: '1', trigger: '98', limit: '97.5' }] }, fills: [['s0', '98', '1', 'taker']] },
  {
    name: 'stop-loss-limit gapped below its limit rests, then fills at the limit',
    s: { btc: '1', candles: [[96, 96.5, 95, 96], [96, 98, 95.5, 97.8]], orders: [{ side: 'sell', type: 'stop-loss-limit', qty: '1', trigger: '98', limit: '97.5' }] },
    fills: [['s0', '97.5', '1', 'maker']],
  },
  { name: 'take-profit-limit triggers and takes at the trigger', s: { btc: '1', candles: [[100, 102.5, 99.8, 102]], orders: [{ side: 'sell', type: 'take-profit-limit', qty: '1', trigger: '102', limit: '101.5' }] }, fills: [['s0', '102', '1', 'taker']] },
  {
    name: 'trailing stop ratchets with new highs and triggers at peak - offset',
    s: { btc: '1', candles: [[100, 104, 99.5, 103.5], [103, 103.5, 101, 101.5]], orders: [{ side: 'sell', type: 'trailing-stop', qty: '1', trail: '2' }] },
    fills: [['s0', '102', '1', 'taker']],
  },
  {
    name: 'percent trailing stop triggers 2% under the peak',
    s: { btc: '1', candles: [[100, 110, 99, 109], [108, 108.5, 105, 106]], orders: [{ side: 'sell', type: 'trailing-stop', qty: '1', trail: '0.02', trailPct: true }] },
    fills: [['s0', '107.8', '1', 'taker']],
  },
  { name: 'trailing stop ratchets and triggers within one down candle (high first)', s: { btc: '1', candles: [[100, 105, 99, 99.5]], orders: [{ side: 'sell', type: 'trailing-stop', qty: '1', trail: '2' }] }, fills: [['s0', '103', '1', 'taker']] },
  { name: 'trailing buy follows the trough and triggers at trough + offset', s: { candles: [[100, 100.5, 95, 96], [96.5, 98, 96, 97.5]], orders: [{ side: 'buy', type: 'trailing-stop', qty: '1', trail: '2' }] }, fills: [['s0', '97', '1', 'taker']] },
  {
    name: 'volume cap spreads a limit order over several candles (partial fills)',
    s: { volumeShare: 0.1, candles: [[100, 100, 98, 99, 20], [99, 99.5, 98, 99, 20], [99, 99.5, 98.5, 99, 20]], orders: [{ side: 'buy', type: 'limit', qty: '5', limit: '99' }] },
    fills: [['s0', '99', '2', 'maker'], ['s0', '99', '2', 'maker'], ['s0', '99', '1', 'maker']],
    status: { s0: 'filled' },
  },
  { name: 'a zero-volume candle fills nothing under a volume cap; the next one does', s: { volumeShare: 0.1, candles: [[101, 101, 101, 101, 0], [102, 103, 101, 102, 100]], orders: [{ side: 'buy', type: 'market', qty: '1' }] }, fills: [['s0', '102', '1', 'taker']] },
  { name: 'fee is charged in USD per fill, exact, at the maker rate', s: { candles: [[100, 100, 98, 99]], orders: [{ side: 'buy', type: 'limit', qty: '0.12345678', limit: '99' }] }, fills: [['s0', '99', '0.12345678', 'maker']], fees: ['0.019555553952'] },
  { name: 'a good-till-date order expires unfilled', s: { candles: [[100, 100, 99, 99.5], [99.5, 100, 99, 99.2]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '90', tif: 'gtd', expireAfterCandles: 1 }] }, fills: [], status: { s0: 'expired' } },
  {
    name: 'a market buy that gaps beyond the cash fills what the cash buys, the rest is canceled',
    s: { usd: '100.3', candles: [[101, 102, 100, 101]], orders: [{ side: 'buy', type: 'market', qty: '1' }] },
    fills: [['s0', '101', '0.99049402', 'taker']],
    status: { s0: 'canceled' },
  },
  { name: 'a quote-amount market buy spends the cash fee included', s: { usd: '1000', candles: [[101, 102, 100, 101]], orders: [{ side: 'buy', type: 'market', quoteQty: '1000' }] }, fills: [['s0', '101', '9.87531428', 'taker']], fees: ['2.593257529928'], status: { s0: 'filled' } },
  { name: 'latency: an order arriving after a candle opened waits for the next open', s: { latencyMs: 1_800_000, candles: [[101, 102, 100, 101.5], [103, 104, 102, 103]], orders: [{ side: 'buy', type: 'market', qty: '1' }] }, fills: [['s0', '103', '1', 'taker']] },
  { name: 'a canceled order never fills', s: { candles: [[100, 100, 99, 99.5], [99.5, 99.5, 89, 90]], orders: [{ side: 'buy', type: 'limit', qty: '1', limit: '95', cancelAt: 1 }] }, fills: [], status: { s0: 'canceled' } },
  { name: 'selling more than is held is rejected before the venue', s: { btc: '1', candles: [[100, 100, 99, 99.5]], orders: [{ side: 'sell', type: 'market', qty: '1.5' }] }, fills: [], status: { s0: 'rejected' } },
];

describe('simulated venue fill rules (docs/fill-assumptions.md)', () => {
  it('has at least 30 scenario rows', () => expect(rows.length).toBeGreaterThanOrEqual(30));

  it.each(rows)('$name', (row) => {
    const r = runScenario(row.s);
    expect(r.fills.map((f) => [f.id, f.price, f.qty, f.liq])).toEqual(row.fills);
    for (const f of r.fills) expect(f.feeAsset).toBe('USD');
    if (row.fees) expect(r.fills.map((f) => f.fee)).toEqual(row.fees);
    for (const [id, status] of Object.entries(row.status ?? {})) {
      expect(r.orders.find((o) => o.clientId === id)?.status, id).toBe(status);
    }
  });
});
