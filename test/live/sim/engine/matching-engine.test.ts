import { afterEach, describe, expect, it } from 'vitest';
import { formatFixed, mul, parseFixed, roundTo } from '../../../../src/core/decimal/fixed.ts';
import type { KrakenSimulator } from '../../../../src/live/sim/simulator.ts';
import { btcTrades, KEY, RestCaller, startSim } from '../helpers.ts';

let sim: KrakenSimulator;
let api: RestCaller;

afterEach(async () => {
  await sim.close();
});

async function open(prices: string[], opts: Parameters<typeof startSim>[0] = {}, qty = '1'): Promise<void> {
  sim = await startSim({ trades: btcTrades(prices, qty), ...opts });
  api = new RestCaller(sim.restUrl);
}

async function add(params: Record<string, string>): Promise<any> {
  return (await api.priv('AddOrder', { pair: 'XBTUSD', ...params })).body;
}

const acct = () => sim.account(KEY);

describe('resting limit orders against the replayed market', () => {
  it('a buy limit fills at its price when a trade prints through it, maker fee in quote, exact balances and ledger', async () => {
    await open(['30000.0', '29996.0', '29990.0']);
    const res = await add({ type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.5' });
    expect(res.error).toEqual([]);
    sim.step(); // 29996: not through
    expect(acct().trades).toHaveLength(0);
    sim.step(); // 29990: through
    const a = acct();
    expect(a.trades).toHaveLength(1);
    const t = a.trades[0];
    expect([formatFixed(t.price), formatFixed(t.qty), formatFixed(t.cost), formatFixed(t.fee), t.maker, t.feeAsset.iso]).toEqual(['29995', '0.5', '14997.5', '23.996', true, 'USD']);
    expect(a.balances).toEqual({ USD: '84978.504', BTC: '2.5' });
    expect(a.openOrders).toHaveLength(0);
    expect(a.closedOrders[0].status).toBe('closed');
    // Two ledger legs share the trade id; the fee sits on the USD leg; balances are the results.
    const legs = a.ledger.filter((e) => e.refid === t.id);
    expect(legs.map((e) => [e.asset.id, formatFixed(e.amount), formatFixed(e.fee), formatFixed(e.balance)])).toEqual([
      ['XXBT', '0.5', '0', '2.5'],
      ['ZUSD', '-14997.5', '23.996', '84978.504'],
    ]);
  });

  it('conservation: each balance equals the sum of its ledger amounts minus fees', async () => {
    await open(['30000.0', '29990.0', '30100.0', '29900.0', '30200.0']);
    await add({ type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.5' });
    await add({ type: 'sell', ordertype: 'limit', price: '30050.0', volume: '0.3' });
    await add({ type: 'buy', ordertype: 'market', volume: '0.01' });
    while (sim.step());
    const a = acct();
    expect(a.trades.length).toBeGreaterThanOrEqual(3);
    for (const [iso, bal] of Object.entries(a.balances)) {
      const sum = a.ledger.filter((e) => e.asset.iso === iso).reduce((s, e) => s + e.amount - e.fee, 0n);
      expect(formatFixed(sum)).toBe(bal);
    }
  });

  it('with the `touch` rule a trade at the limit price fills; with `through` it does not', async () => {
    await open(['30000.0', '29995.0'], { fillRule: 'touch' });
    await add({ type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.5' });
    sim.step();
    expect(acct().trades).toHaveLength(1);
  });

  it('fills partially when the trade volume is smaller than the order', async () => {
    await open(['30000.0', '29990.0', '29980.0'], {}, '0.3');
    await add({ type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.5' });
    sim.step();
    let a = acct();
    expect(a.trades.map((t) => formatFixed(t.qty))).toEqual(['0.3']);
    expect(a.openOrders[0].status).toBe('open');
    sim.step();
    a = acct();
    expect(a.trades.map((t) => formatFixed(t.qty))).toEqual(['0.3', '0.2']);
    expect(a.closedOrders[0].status).toBe('closed');
  });

  it('fault partialFills(0.25) caps each fill at a quarter of the trade volume', async () => {
    await open(['30000.0', '29990.0', '29980.0']);
    sim.faults.partialFills(0.25);
    await add({ type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.4' });
    sim.step();
    sim.step();
    expect(acct().trades.map((t) => formatFixed(t.qty))).toEqual(['0.25', '0.15']);
    expect(() => sim.faults.partialFills(0)).toThrow(/fraction/);
  });

  it('orders share a trade\'s volume in price-time priority', async () => {
    await open(['30000.0', '29980.0'], {}, '0.5');
    await add({ type: 'buy', ordertype: 'limit', price: '29990.0', volume: '0.4' });
    await add({ type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.4' });
    sim.step();
    expect(acct().trades.map((t) => [formatFixed(t.price), formatFixed(t.qty)])).toEqual([
      ['29995', '0.4'],
      ['29990', '0.1'],
    ]);
  });
});

describe('order types', () => {
  it('a market buy walks the synthetic book at taker fee', async () => {
    await open(['30000.0']);
    const res = await add({ type: 'buy', ordertype: 'market', volume: '0.01' });
    expect(res.result.descr.order).toBe('buy 0.01000000 XBTUSD @ market');
    const [t] = acct().trades;
    const bestAsk = sim.markets.get('BTC/USD')?.book.asks[0];
    expect(t.price).toBe(bestAsk?.price);
    expect(t.maker).toBe(false);
    expect(t.fee).toBe(roundTo(mul(t.cost, parseFixed('0.0026')), 4, 'half-even'));
  });

  it('post-only that would take is accepted and immediately canceled ("Post only order")', async () => {
    await open(['30000.0']);
    const res = await add({ type: 'buy', ordertype: 'limit', price: '30100.0', volume: '0.01', oflags: 'post' });
    expect(res.error).toEqual([]);
    const [o] = acct().closedOrders;
    expect([o.status, o.reason, formatFixed(o.filled)]).toEqual(['canceled', 'Post only order', '0']);
  });

  it('a marketable limit takes liquidity up to its price; IOC expires the rest', async () => {
    await open(['30000.0']);
    const book = sim.markets.get('BTC/USD')!.book;
    const limit = formatFixed(book.asks[0].price, 1);
    expect((await add({ type: 'buy', ordertype: 'limit', price: limit, volume: '2', timeinforce: 'IOC' })).error).toEqual([]);
    const a = acct();
    expect(a.trades).toHaveLength(1);
    expect(a.trades[0].qty).toBe(book.asks[0].qty);
    expect([a.closedOrders[0].status, a.closedOrders[0].reason]).toEqual(['expired', 'Immediate or cancel']);
  });

  it.each([
    ['stop-loss sell triggers when the price falls to the stop', { type: 'sell', ordertype: 'stop-loss', price: '29950.0' }, ['30000.0', '29960.0', '29950.0'], 2],
    ['take-profit sell triggers when the price rises to the target', { type: 'sell', ordertype: 'take-profit', price: '30050.0' }, ['30000.0', '30040.0', '30060.0'], 2],
    ['stop-loss buy triggers when the price rises to the stop', { type: 'buy', ordertype: 'stop-loss', price: '30050.0' }, ['30000.0', '30040.0', '30060.0'], 2],
    ['stop-loss-limit sell triggers, then takes down to its limit', { type: 'sell', ordertype: 'stop-loss-limit', price: '29950.0', price2: '29900.0' }, ['30000.0', '29960.0', '29950.0'], 2],
    ['trailing-stop sell (+100) triggers 100 below the peak', { type: 'sell', ordertype: 'trailing-stop', price: '+100' }, ['30000.0', '30300.0', '30250.0', '30200.0'], 3],
    ['trailing-stop sell (+1%) triggers 1% below the peak', { type: 'sell', ordertype: 'trailing-stop', price: '+1%' }, ['30000.0', '30000.0', '29800.0', '29700.0'], 3],
  ])('%s', async (_name, params, prices, triggerStep) => {
    await open(prices);
    const res = await add({ volume: '0.01', ...params });
    expect(res.error).toEqual([]);
    for (let i = 1; i < triggerStep; i++) {
      sim.step();
      expect(acct().trades).toHaveLength(0);
    }
    sim.step();
    const a = acct();
    expect(a.trades.length).toBeGreaterThan(0);
    expect(a.trades.every((t) => !t.maker)).toBe(true);
    expect(a.closedOrders[0].triggered).toBe(true);
  });

  it('GTD orders expire in simulator time', async () => {
    await open(['30000.0']);
    await add({ type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.01', timeinforce: 'GTD', expiretm: '+60' });
    sim.advanceBy(59_000);
    expect(acct().openOrders).toHaveLength(1);
    sim.advanceBy(1_000);
    expect(acct().closedOrders[0].status).toBe('expired');
  });
});

describe('order rejections', () => {
  it.each([
    ['insufficient USD for a buy limit', { type: 'buy', ordertype: 'limit', price: '30000.0', volume: '10' }, 'EOrder:Insufficient funds'],
    ['insufficient BTC for a sell', { type: 'sell', ordertype: 'limit', price: '40000.0', volume: '2.5' }, 'EOrder:Insufficient funds'],
    ['insufficient USD for a market buy', { type: 'buy', ordertype: 'market', volume: '4' }, 'EOrder:Insufficient funds'],
    ['volume below ordermin', { type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.00001' }, 'EOrder:Order minimum not met'],
    ['price off the tick', { type: 'buy', ordertype: 'limit', price: '30000.05', volume: '0.01' }, 'EOrder:Tick size check failed'],
    ['cost below costmin', { type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.0001' }, 'EOrder:Cost minimum not met'],
    ['unknown order type', { type: 'buy', ordertype: 'bogus', volume: '0.01' }, 'EGeneral:Invalid arguments:ordertype'],
    ['bad side', { type: 'hold', ordertype: 'market', volume: '0.01' }, 'EGeneral:Invalid arguments:type'],
    ['unknown pair', { pair: 'FOOBAR', type: 'buy', ordertype: 'market', volume: '0.01' }, 'EQuery:Unknown asset pair'],
    ['post-only market', { type: 'buy', ordertype: 'market', volume: '0.01', oflags: 'post' }, 'EGeneral:Invalid arguments:oflags'],
    ['elapsed deadline', { type: 'buy', ordertype: 'market', volume: '0.01', deadline: '2000-01-01T00:00:00Z' }, 'EService:Deadline elapsed'],
  ])('%s', async (_name, params, error) => {
    await open(['30000.0']);
    expect(await add(params)).toEqual({ error: [error] });
    expect(acct().openOrders).toHaveLength(0);
  });

  it('funds held by open orders are not available to new ones', async () => {
    await open(['30000.0']);
    expect((await add({ type: 'sell', ordertype: 'limit', price: '40000.0', volume: '1.5' })).error).toEqual([]);
    expect(acct().holds).toEqual({ BTC: '1.5' });
    expect(await add({ type: 'sell', ordertype: 'limit', price: '40000.0', volume: '1' })).toEqual({ error: ['EOrder:Insufficient funds'] });
  });

  it('system status cancel_only refuses new orders', async () => {
    await open(['30000.0']);
    sim.setSystemStatus('cancel_only');
    expect(await add({ type: 'buy', ordertype: 'market', volume: '0.01' })).toEqual({ error: ['EService:Market in cancel_only mode'] });
  });
});

describe('dead man\'s switch', () => {
  it('CancelAllOrdersAfter cancels every open order when it fires in simulator time, and can be refreshed or disabled', async () => {
    await open(['30000.0']);
    await add({ type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.01' });
    await add({ type: 'sell', ordertype: 'limit', price: '40000.0', volume: '0.01' });
    const r = await api.priv('CancelAllOrdersAfter', { timeout: '60' });
    expect(r.body.result).toEqual({ currentTime: '2024-01-01T00:00:00Z', triggerTime: '2024-01-01T00:01:00Z' });
    sim.advanceBy(30_000);
    await api.priv('CancelAllOrdersAfter', { timeout: '60' }); // refresh: now fires at +90 s
    sim.advanceBy(59_000);
    expect(acct().openOrders).toHaveLength(2);
    sim.advanceBy(1_000);
    expect(acct().openOrders).toHaveLength(0);
    expect(acct().closedOrders.every((o) => o.status === 'canceled')).toBe(true);
    // Disabled (timeout 0): nothing fires.
    await add({ type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.01' });
    await api.priv('CancelAllOrdersAfter', { timeout: '10' });
    expect((await api.priv('CancelAllOrdersAfter', { timeout: '0' })).body.result.triggerTime).toBe('0');
    sim.advanceBy(20_000);
    expect(acct().openOrders).toHaveLength(1);
  });
});

describe('determinism', () => {
  it('the same seed and the same requests give the same ids', async () => {
    const run = async () => {
      await open(['30000.0', '29990.0']);
      await add({ type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.5' });
      sim.step();
      const a = acct();
      const ids = [...a.closedOrders.map((o) => o.id), ...a.trades.map((t) => t.id), ...a.ledger.map((e) => e.id)];
      await sim.close();
      return ids;
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    for (const id of first) expect(id).toMatch(/^[OTL][A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    sim = await startSim({ trades: btcTrades(['30000.0']) }); // for afterEach
  });
});

