import { afterEach, describe, expect, it } from 'vitest';
import { collect, fetchOhlcRange, iterateClosedOrders, iterateLedgers, iterateTrades, iterateTradesHistory } from '../../../../src/live/kraken/rest/paging.ts';
import type { RecordedRequest } from './fake-kraken.ts';
import { fixture } from './fixtures.ts';
import { closeAllHarnesses, startHarness } from './harness.ts';

afterEach(closeAllHarnesses);

const T0 = 1_700_000_000; // first candle start
const STEP = 60;
const CANDLES = 1_000; // T0 .. T0 + 999 min; the last one is the open candle

function candleRow(time: number) {
  return [time, '1.0', '2.0', '0.5', '1.5', '1.2', '0.10000000', 3];
}

/**
 * OHLC handler. `mode`: 'kraken' = documented behaviour (latest 720 rows, whatever `since`);
 * 'paged' = at most 100 rows after `since` (exercises walking). `inclusive` switches `since`
 * between strictly-after and inclusive (undocumented upstream).
 */
function ohlcHandler(mode: 'kraken' | 'paged', inclusive = false) {
  return (r: RecordedRequest) => {
    const since = Number(r.params.get('since') ?? 0);
    const all = Array.from({ length: CANDLES }, (_, i) => T0 + i * STEP);
    const after = all.filter((t) => (inclusive ? t >= since : t > since));
    const committedEnd = all[all.length - 1];
    let rows = mode === 'kraken' ? after.slice(-720) : after.slice(0, 100);
    if (!rows.includes(committedEnd)) rows = [...rows, committedEnd]; // the open candle is always included
    const committed = rows.filter((t) => t < committedEnd);
    const last = committed.length > 0 ? committed[committed.length - 1] : since;
    return { kind: 'json' as const, body: { error: [], result: { XXBTZUSD: rows.map(candleRow), last } } };
  };
}

describe('fetchOhlcRange', () => {
  it.each([
    ['kraken mode, strictly-after since', 'kraken', false],
    ['paged mode, strictly-after since', 'paged', false],
    ['paged mode, inclusive since', 'paged', true],
  ] as const)('%s: walks forward to the target, no gaps or duplicates', async (_n, mode, inclusive) => {
    const h = await startHarness();
    h.fake.on('OHLC', ohlcHandler(mode, inclusive));
    const since = T0 + 500 * STEP;
    const until = T0 + 900 * STEP;
    const r = await fetchOhlcRange(h.client, { pair: 'XBTUSD', interval: 1, since, until });
    expect(r.pair).toBe('XXBTZUSD');
    expect(r.candles.map((c) => c.time)).toEqual(Array.from({ length: 401 }, (_, i) => since + i * STEP));
    expect(r.reachedUntil).toBe(true);
    expect(r.startsAfterRequested).toBe(false);
    if (mode === 'paged') expect(h.fake.calls('OHLC').length).toBeGreaterThan(3);
  });

  it('reports when history before the 720-row window is unavailable', async () => {
    const h = await startHarness();
    h.fake.on('OHLC', ohlcHandler('kraken'));
    const r = await fetchOhlcRange(h.client, { pair: 'XBTUSD', interval: 1, since: T0, until: T0 + 990 * STEP });
    expect(r.startsAfterRequested).toBe(true);
    expect(r.candles[0].time).toBe(T0 + (CANDLES - 1 - 720 + 1) * STEP);
  });

  it('stops at the present when the target lies in the future, returning the open candle apart', async () => {
    const h = await startHarness();
    h.fake.on('OHLC', ohlcHandler('paged'));
    const r = await fetchOhlcRange(h.client, { pair: 'XBTUSD', interval: 1, since: T0 + 950 * STEP, until: T0 + 5_000 * STEP });
    expect(r.reachedUntil).toBe(false);
    expect(r.candles.at(-1)!.time).toBe(T0 + 998 * STEP);
    expect(r.openCandle?.time).toBe(T0 + 999 * STEP);
    expect(r.last).toBe(T0 + 998 * STEP);
  });

  it('replays the recorded OHLC fixture', async () => {
    const h = await startHarness();
    const r = await fetchOhlcRange(h.client, { pair: 'XBTUSD', interval: 1, since: 1700980260, until: 1701023340 });
    expect(r.candles).toHaveLength(17);
    expect(r.openCandle?.time).toBe(1701023400);
    expect(r.reachedUntil).toBe(true);
  });
});

describe('iterateTrades', () => {
  const N = 2_500;
  const tradeTime = (i: number) => 1_700_000_000 + i * 0.5;
  function tradesHandler(r: RecordedRequest) {
    const since = BigInt(r.params.get('since') ?? '0');
    // ids are nanosecond timestamps; `since` below 1e12 is read as seconds, like Kraken does.
    const sinceNs = since < 10n ** 12n ? since * 10n ** 9n : since;
    const rows: unknown[][] = [];
    let lastNs = sinceNs;
    for (let i = 0; i < N && rows.length < 1000; i++) {
      const ns = BigInt(Math.round(tradeTime(i) * 1e3)) * 10n ** 6n;
      if (ns <= sinceNs) continue;
      rows.push(['100.0', '0.1', tradeTime(i), 'b', 'l', '', 1_000 + i]);
      lastNs = ns;
    }
    return { kind: 'json' as const, body: { error: [], result: { XXBTZUSD: rows, last: String(lastNs) } } };
  }

  it('follows `last` through every trade exactly once', async () => {
    const h = await startHarness();
    h.fake.on('Trades', tradesHandler);
    const pages = await collect(iterateTrades(h.client, { pair: 'XBTUSD', since: 1_699_999_999 }));
    const ids = pages.flat().map((t) => t.tradeId);
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => BigInt(1_000 + i)));
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
  });

  it('stops at `until` and drops later trades', async () => {
    const h = await startHarness();
    h.fake.on('Trades', tradesHandler);
    const until = tradeTime(1_499);
    const trades = (await collect(iterateTrades(h.client, { pair: 'XBTUSD', since: 1_699_999_999, until }))).flat();
    expect(trades).toHaveLength(1_500);
    expect(trades.at(-1)!.time).toBe(until);
    expect(h.fake.calls('Trades')).toHaveLength(2);
  });
});

describe('offset paging', () => {
  const template = fixture('rest-ClosedOrders.json').result.closed['O37652-RJWRT-IMO74O'];
  const orderId = (i: number) => `O${String(i).padStart(5, '0')}-AAAAA-BBBBBB`;

  it('ClosedOrders: walks ofs in pages of 50 and de-duplicates when new orders shift the offsets', async () => {
    const h = await startHarness();
    const ids = Array.from({ length: 120 }, (_, i) => orderId(i)); // newest first
    h.fake.on('ClosedOrders', (r) => {
      const ofs = Number(r.params.get('ofs'));
      if (ofs === 50 && !ids.includes('ONEW00-AAAAA-BBBBBB')) ids.unshift('ONEW00-AAAAA-BBBBBB'); // arrives mid-walk
      const page = ids.slice(ofs, ofs + 50);
      return { kind: 'json', body: { error: [], result: { closed: Object.fromEntries(page.map((id) => [id, template])), count: ids.length } } };
    });
    const got = (await collect(iterateClosedOrders(h.client, { closetime: 'close' }))).map(([id]) => id);
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(Array.from({ length: 120 }, (_, i) => orderId(i)));
    expect(h.fake.calls('ClosedOrders').map((r) => r.params.get('ofs'))).toEqual(['0', '50', '100']);
    expect(h.fake.calls('ClosedOrders').every((r) => r.params.get('closetime') === 'close')).toBe(true);
  });

  it('TradesHistory and Ledgers page until count is reached', async () => {
    const h = await startHarness();
    const trade = fixture('rest-TradesHistory.json').result.trades['THVRQM-33VKH-UCI7BS'];
    const entry = fixture('rest-Ledgers.json').result.ledger['L4UESK-KG3EQ-UFO4T5'];
    const pageOf = (prefix: string, total: number, item: unknown, key: string) => (r: RecordedRequest) => {
      const ofs = Number(r.params.get('ofs'));
      const ids = Array.from({ length: Math.max(0, Math.min(50, total - ofs)) }, (_, i) => `${prefix}${ofs + i}`);
      return { kind: 'json' as const, body: { error: [], result: { [key]: Object.fromEntries(ids.map((id) => [id, item])), count: total } } };
    };
    h.fake.on('TradesHistory', pageOf('T', 73, trade, 'trades'));
    h.fake.on('Ledgers', pageOf('L', 100, entry, 'ledger'));
    expect(await collect(iterateTradesHistory(h.client))).toHaveLength(73);
    expect(await collect(iterateLedgers(h.client, { asset: ['ZUSD'] }))).toHaveLength(100);
    expect(h.fake.calls('TradesHistory')).toHaveLength(2);
    expect(h.fake.calls('Ledgers')).toHaveLength(2);
  });
});
