import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketStore } from '../../../src/backtest/store/index.ts';
import { downloadCandles, DownloadError, publicClient, updateDownloads } from '../../../src/research/download/kraken-download.ts';
import { listData } from '../../../src/research/download/data-listing.ts';
import { HOUR, startRecordedSim, type RecordedCandle, type SimMarket } from './sim-market.ts';

const NOW = Date.UTC(2022, 11, 1); // the simulator's clock: 2022-12-01 00:00 UTC

async function stored(store: MarketStore, source?: string): Promise<RecordedCandle[]> {
  const rows = (await store.connection.runAndReadAll(
    `SELECT open_time, open, high, low, close, volume FROM candles WHERE symbol = 'BTC/USD' AND interval_min = 60 ${source ? `AND source = '${source}'` : ''} ORDER BY open_time`,
  )).getRowsJS();
  return rows.map(([t, o, h, l, c, v]) => ({ openTime: Number(t), open: o as number, high: h as number, low: l as number, close: c as number, volume: v as number }));
}

const between = (cs: RecordedCandle[], from: number, to: number) => cs.filter((c) => c.openTime >= from && c.openTime < to);
const approx = (cs: RecordedCandle[]) => cs.map((c) => ({ ...c, volume: Math.round(c.volume * 1e8) / 1e8 }));

let m: SimMarket;
beforeAll(async () => {
  m = await startRecordedSim(NOW);
});
afterAll(async () => {
  await m.close();
});

describe('krakenbt data download against the simulator replaying recorded Kraken data', () => {
  it('without --from: the 719 committed hourly candles OHLC still serves, equal to the recorded ones', async () => {
    const store = await MarketStore.open(':memory:');
    const client = publicClient(m.sim.restUrl);
    try {
      const r = await downloadCandles(client, store, { pair: 'XBTUSD', interval: '1h' });
      expect(r).toMatchObject({ symbol: 'BTC/USD', interval: 60, source: 'ohlc', from: NOW - 719 * HOUR, to: NOW, candles: 719, inserted: 719 });
      expect(approx(await stored(store))).toEqual(approx(between(m.candles, NOW - 719 * HOUR, NOW)));
    } finally {
      store.close();
      await client.close();
    }
  });

  it('older than the 720-candle window: built from Trades paged with since/last, equal to the recorded candles', async () => {
    const store = await MarketStore.open(':memory:');
    const client = publicClient(m.sim.restUrl);
    const from = Date.UTC(2022, 9, 2); // 60 days back
    const progress: number[] = [];
    try {
      const r = await downloadCandles(client, store, { pair: 'BTC/USD', interval: 60, from, onProgress: (p) => progress.push(p.at) });
      const want = between(m.candles, from, NOW);
      expect(r).toMatchObject({ source: 'trades', from, to: NOW, candles: want.length, inserted: want.length });
      expect(r.requests).toBeGreaterThan(5); // 4 trades per recorded hour, 1000 per page
      expect(r.firstAvailable).toBeUndefined();
      expect(approx(await stored(store, 'trades'))).toEqual(approx(want));
      expect(progress.at(-1)).toBeLessThanOrEqual(NOW);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    } finally {
      store.close();
      await client.close();
    }
  });

  it('update resumes both kinds of series from where they stopped, without duplicates', async () => {
    const store = await MarketStore.open(':memory:');
    const client = publicClient(m.sim.restUrl);
    try {
      await downloadCandles(client, store, { pair: 'BTC/USD', interval: 60 });
      await downloadCandles(client, store, { pair: 'BTC/USD', interval: 240, from: Date.UTC(2022, 8, 1), source: 'trades' });
      m.sim.advanceTo(NOW + 5 * HOUR + 1);
      const reports = await updateDownloads(client, store);
      expect(reports.map((r) => [r.interval, r.source, r.inserted])).toEqual([
        [60, 'ohlc', 5],
        [240, 'trades', 1],
      ]);
      expect(approx(await stored(store))).toEqual(approx(between(m.candles, NOW - 719 * HOUR, NOW + 5 * HOUR)));
      const again = await updateDownloads(client, store);
      expect(again.map((r) => r.inserted)).toEqual([0, 0]);
      const [{ n }] = (await store.connection.runAndReadAll('SELECT count(*) - count(DISTINCT (time, price, volume)) AS n FROM trades')).getRowObjectsJS();
      expect(Number(n)).toBe(0);
      const listing = await listData(store);
      expect(listing.series.map((s) => [s.interval, s.first, s.last, s.missing])).toEqual([
        [60, NOW - 719 * HOUR, NOW + 4 * HOUR, 0],
        [240, Date.UTC(2022, 9, 1), NOW, 0],
      ]);
      expect(listing.trades[0]).toMatchObject({ symbol: 'BTC/USD', first: Date.UTC(2022, 9, 1) });
    } finally {
      store.close();
      await client.close();
    }
  });

  it('refuses what it cannot do with a one-line reason', async () => {
    const store = await MarketStore.open(':memory:');
    const client = publicClient(m.sim.restUrl);
    try {
      await expect(downloadCandles(client, store, { pair: 'BTC/USD', interval: 7 })).rejects.toThrow(/interval 7 is not one Kraken serves/);
      await expect(downloadCandles(client, store, { pair: 'NOPE/USD', interval: 60 })).rejects.toThrow(/unknown pair "NOPE\/USD"/);
      await expect(downloadCandles(client, store, { pair: 'BTC/USD', interval: 60, from: NOW + 10 * HOUR })).rejects.toThrow(DownloadError);
      await expect(updateDownloads(client, store)).rejects.toThrow(/nothing to update: no earlier download/);
    } finally {
      store.close();
      await client.close();
    }
  });
});
