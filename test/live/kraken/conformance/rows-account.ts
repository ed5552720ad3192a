/** Conformance rows: balances (BalanceEx), history paging, WS token handling. */
import { pageByOffset, collect, iterateClosedOrders, iterateTradesHistory } from '../../../../src/live/kraken/rest/paging.ts';
import { ConnectionToken } from '../../../../src/live/kraken/ws/connection-token.ts';
import { KEY, nextEvent } from '../../integration/harness.ts';
import type { ConformanceRow } from './row.ts';
import { sellLimit } from './rows-executions.ts';

/** A resting buy far below the market (30000): it holds quote until canceled. */
const buyLimit = (cid: string, qty: string, price: string) => ({ ...sellLimit(cid), side: 'buy' as const, order_qty: qty, limit_price: price });
import type { SimRun } from './sim-driver.ts';

const BALANCE_EX = 'docs.kraken.com/api-reference/account-data/get-extended-balance';
const BALANCE = 'docs.kraken.com/api-reference/account-data/get-account-balance (Symbol Extensions)';
const CLOSED = 'docs.kraken.com/api/docs/rest-api/get-closed-orders (ofs, count; 50 results per page)';
const HISTORY = 'docs.kraken.com/api/docs/rest-api/get-trade-history (ofs, count; 50 results per page)';
const AUTH = 'docs.kraken.com/api/docs/guides/spot-ws-auth; README 10.3 (token valid 15 min until used, then for the connection)';

const ex = (balance: string, hold = '0', more: Record<string, string> = {}) => ({ balance, hold_trade: hold, ...more });

async function readBalances(h: SimRun) {
  h.client.balanceEx(await h.rest.balanceEx());
}

/** Hand-written offset pages: `pages[ofs]` = ids, every page answering `count`. */
function fakePages(pages: Record<number, string[]>, count: number) {
  return (ofs: number) => Promise.resolve({ items: Object.fromEntries((pages[ofs] ?? []).map((id) => [id, { id }])), count });
}
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `O${String(from + i).padStart(4, '0')}`);

/** Places n IOC sells far above the market: each expires at once and becomes one closed order. */
async function closedOrders(h: SimRun, n: number, prefix = 'ioc'): Promise<void> {
  for (let i = 0; i < n; i++) {
    await h.rest.addOrder({ pair: 'XBTUSD', type: 'sell', ordertype: 'limit', volume: '0.001', price: '31000.0', timeinforce: 'IOC', cl_ord_id: `${prefix}-${i}` });
    h.sim.advanceBy(1000); // the per-pair trading counter decays (docs: rate limits, matching engine)
  }
}

export const accountRows: ConformanceRow[] = [
  {
    id: 'B01',
    doc: `${BALANCE_EX} ("available balance = balance + credit - credit_used - hold_trade")`,
    behaviour: 'available includes credit, minus credit used and holds',
    docs: { balanceEx: { ZUSD: ex('10.0000', '1.0026', { credit: '5.0000', credit_used: '2.0000' }) } },
    sim: {
      balances: { USD: '10' },
      run: async (h) => {
        h.sim.setCredit(KEY, 'USD', '5', '2');
        await h.place(buyLimit('c1', '0.0001', '10000.0')); // holds 1 USD plus the taker fee: 1.0026
        await readBalances(h);
      },
    },
    expect: { balances: { USD: { total: '10', available: '11.9974' } } },
  },
  {
    id: 'B02',
    doc: `${BALANCE} (.F: balances earning automatically in Kraken Rewards; transact through the base asset)`,
    behaviour: 'XBT.F adds to BTC: owned and spendable',
    docs: { balanceEx: { XXBT: ex('0.2500000000'), 'XBT.F': ex('0.5000000000'), ZUSD: ex('1000.0000') } },
    sim: { balances: { USD: '1000', BTC: '0.25', 'BTC.F': '0.5' }, run: readBalances },
    expect: { balances: { BTC: { total: '0.75', available: '0.75' }, USD: { total: '1000', available: '1000' } } },
  },
  {
    id: 'B03',
    doc: `${BALANCE} (example: "USDT to transact with your USDT and USDT.F balances")`,
    behaviour: 'USDT.F counts toward USDT even with no spot USDT',
    docs: { balanceEx: { 'USDT.F': ex('250.00000000') } },
    sim: { balances: { 'USDT.F': '250' }, run: readBalances },
    expect: { balances: { USDT: { total: '250', available: '250' } } },
  },
  {
    id: 'B04',
    doc: `${BALANCE} (.S staked, .M opt-in rewards, .B yield-bearing, .T tokenized: read-only)`,
    behaviour: 'read-only variants are not spendable and not owned for trading',
    docs: { balanceEx: { XXBT: ex('1.0000000000'), 'XBT.S': ex('3.0000000000'), 'XBT.M': ex('2.0'), 'XBT.B': ex('1.0'), 'XBT.T': ex('1.0'), ZUSD: ex('1000.0000') } },
    sim: { balances: { USD: '1000', BTC: '1', 'BTC.S': '3', 'BTC.M': '2', 'BTC.B': '1', 'BTC.T': '1' }, run: readBalances },
    expect: { balances: { BTC: { total: '1', available: '1' }, USD: { total: '1000', available: '1000' } } },
  },
  {
    id: 'B05',
    doc: `${BALANCE_EX} (hold_trade: "held amounts only include spot non margin orders")`,
    behaviour: 'an open sell holds its base: available drops, the total does not',
    docs: { balanceEx: { XXBT: ex('2.0000000000', '0.0050000000'), ZUSD: ex('100000.0000', '0.0000') } },
    sim: {
      run: async (h) => {
        await h.place(sellLimit('c1'));
        await readBalances(h);
      },
    },
    expect: { balances: { BTC: { total: '2', available: '1.995' }, USD: { total: '100000', available: '100000' } } },
  },
  {
    id: 'B06',
    doc: `${BALANCE_EX}; README 8 (asset ids mix legacy XXBT/ZUSD and altnames)`,
    behaviour: 'legacy ids and altnames name the same asset',
    docs: { balanceEx: { XXBT: ex('1.0'), 'XBT.F': ex('0.1'), XETH: ex('2.0'), 'ETH.F': ex('0.5'), ZEUR: ex('3.0') } },
    sim: { balances: { BTC: '1', 'BTC.F': '0.1', ETH: '2', 'ETH.F': '0.5', EUR: '3' }, run: readBalances },
    expect: { balances: { BTC: { total: '1.1', available: '1.1' }, ETH: { total: '2.5', available: '2.5' }, EUR: { total: '3', available: '3' } } },
  },
  {
    id: 'B07',
    doc: `${BALANCE_EX} (holds on a Kraken Rewards asset)`,
    behaviour: 'a buy holds quote: spot plus .F minus the hold is available',
    docs: { balanceEx: { ZUSD: ex('100.0000', '40.1040'), 'USD.F': ex('50.0000') } },
    sim: {
      balances: { USD: '100', 'USD.F': '50' },
      run: async (h) => {
        await h.place(buyLimit('c1', '0.002', '20000.0')); // holds 40 USD plus the taker fee: 40.104
        await readBalances(h);
      },
    },
    expect: { balances: { USD: { total: '150', available: '109.896' } } },
  },
  {
    id: 'P01',
    doc: CLOSED,
    behaviour: '120 closed orders over three pages are all read',
    docs: { run: async () => ({ listed: (await collect(pageByOffset(fakePages({ 0: ids(0, 50), 50: ids(50, 100), 100: ids(100, 120) }, 120)))).length }) },
    sim: {
      executions: false,
      run: async (h) => {
        await closedOrders(h, 120);
        return { listed: (await collect(iterateClosedOrders(h.rest))).length };
      },
    },
    expect: { listed: 120 },
  },
  {
    id: 'P02',
    doc: `${CLOSED} (newest first: new orders shift the offsets while paging)`,
    behaviour: 'an order closing between two pages shifts them; each order is still read once',
    docs: { run: async () => ({ listed: (await collect(pageByOffset(fakePages({ 0: ids(1, 51), 50: ids(50, 100), 100: ids(100, 121) }, 121)))).length }) },
    sim: {
      executions: false,
      run: async (h) => {
        await closedOrders(h, 120);
        let extra = 0;
        const pages = pageByOffset(async (ofs) => {
          const r = await h.rest.closedOrders({ ofs });
          if (ofs === 0) await closedOrders(h, 1, `late-${extra++}`); // closes while the client pages
          return { items: r.closed, count: r.count };
        });
        return { listed: (await collect(pages)).length };
      },
    },
    expect: { listed: 120 },
  },
  {
    id: 'P03',
    doc: HISTORY,
    behaviour: 'more than 50 own trades: every page of TradesHistory is read',
    docs: { run: async () => ({ listed: (await collect(pageByOffset(fakePages({ 0: ids(0, 50), 50: ids(50, 60) }, 60)))).length }) },
    sim: {
      executions: false,
      run: async (h) => {
        for (let i = 0; i < 60; i++) {
          await h.rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.001', cl_ord_id: `mkt-${i}` });
          h.sim.advanceBy(1000);
        }
        const trades = await collect(iterateTradesHistory(h.rest));
        return { listed: trades.length };
      },
    },
    expect: { listed: 60 },
  },
  {
    id: 'P04',
    doc: CLOSED,
    behaviour: 'an account without history: an empty first page ends paging',
    docs: { run: async () => ({ listed: (await collect(pageByOffset(fakePages({}, 0)))).length }) },
    sim: { executions: false, run: async (h) => ({ listed: (await collect(iterateClosedOrders(h.rest))).length }) },
    expect: { listed: 0 },
  },
  {
    id: 'T01',
    doc: AUTH,
    behaviour: 'one GetWebSocketsToken per connection, shared by every private request on it',
    docs: {
      run: async () => {
        let n = 0;
        const t = new ConnectionToken(async () => `t${++n}`, () => 0, 840_000);
        t.newConnection(1);
        await t.get(1);
        await t.get(1);
        await t.get(1);
        return { tokens: t.fetched };
      },
    },
    sim: {
      executions: false,
      run: async (h) => {
        h.ws.connect();
        h.ws.subscribe({ channel: 'executions' });
        h.ws.subscribe({ channel: 'balances' });
        await nextEvent(h.ws, 'state', (s) => s.state === 'subscribed');
        await h.ws.cancelAllOrdersAfter(60);
        return { tokens: h.tokens() };
      },
    },
    expect: { tokens: 1 },
  },
  {
    id: 'T02',
    doc: `${AUTH} (a token not used within 15 minutes is refused)`,
    behaviour: 'an expired token is refused; the client fetches a new one and the subscription succeeds',
    docs: {
      run: async () => {
        let n = 0;
        const t = new ConnectionToken(async () => `t${++n}`, () => 0, 840_000);
        await t.get(1);
        t.invalidate(); // what the client does on "ESession:Invalid session"
        await t.get(1);
        return { tokens: t.fetched };
      },
    },
    sim: {
      executions: false,
      options: { tokenTtlSec: 900 },
      run: async (h) => {
        h.ws.connect();
        await nextEvent(h.ws, 'state', (s) => s.state === 'open');
        await h.ws.cancelAllOrdersAfter(0); // fetches the connection's token, no subscription uses it
        h.sim.advanceBy(901_000); // simulator time: the unused token is now too old
        h.ws.subscribe({ channel: 'executions' });
        await nextEvent(h.ws, 'state', (s) => s.state === 'subscribed');
        return { tokens: h.tokens() };
      },
    },
    expect: { tokens: 2 },
  },
];
