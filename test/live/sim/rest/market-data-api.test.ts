import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenSimulator } from '../../../../src/live/sim/simulator.ts';
import { startRecordedSim, type SimMarket } from '../../../research/download/sim-market.ts';
import { btcTrades, RestCaller } from '../helpers.ts';

/** Kraken's documented OHLC and Trades behaviour (docs.kraken.com, REST, Market Data), see market-data-api.ts. */
const NOW = Date.UTC(2022, 11, 1, 0, 30); // half an hour into the 2022-12-01 00:00 candle

let m: SimMarket;
let api: RestCaller;
beforeAll(async () => {
  m = await startRecordedSim(NOW);
  api = new RestCaller(m.sim.restUrl);
});
afterAll(async () => {
  await m.close();
});

describe('OHLC: "up to 720 of the most recent entries", the current one always present', () => {
  it('serves the latest 720 candles whatever since says, the last one being the current, uncommitted candle', async () => {
    const { body } = await api.pub('OHLC', { pair: 'XBTUSD', interval: '60', since: '0' });
    const rows = body.result.XXBTZUSD;
    expect(rows).toHaveLength(720);
    const current = Date.UTC(2022, 11, 1) / 1000;
    expect(rows.at(-1)[0]).toBe(current);
    expect(rows[0][0]).toBe(current - 719 * 3600);
    expect(body.result.last).toBe(current - 3600); // the newest committed candle
    // The recorded candle a full hour earlier, exactly (trades replay the recorded O/H/L/C, V).
    const rec = m.candles.find((c) => c.openTime === (current - 3600) * 1000)!;
    expect(rows.at(-2).slice(1, 5).map(Number)).toEqual([rec.open, rec.high, rec.low, rec.close]);
    expect(Number(rows.at(-2)[6])).toBeCloseTo(rec.volume, 8);
  });

  it('since = last gives only the current candle; a daily interval reaches back 720 days when data allows', async () => {
    const first = await api.pub('OHLC', { pair: 'XXBTZUSD', interval: '60' });
    const next = await api.pub('OHLC', { pair: 'XXBTZUSD', interval: '60', since: String(first.body.result.last) });
    expect(next.body.result.XXBTZUSD.map((r: any[]) => r[0])).toEqual([Date.UTC(2022, 11, 1) / 1000]);
    const daily = await api.pub('OHLC', { pair: 'XXBTZUSD', interval: '1440' });
    expect(daily.body.result.XXBTZUSD[0][0]).toBe(Date.UTC(2022, 9, 1) / 1000); // the replayed data starts there
    expect((await api.pub('OHLC', { pair: 'XXBTZUSD', interval: '7' })).body.error).toEqual(['EGeneral:Invalid arguments:interval']);
  });
});

describe('Trades: last 1000 by default, count 1..1000, since/last paging', () => {
  it('without since: the most recent 1000 trades up to the clock, and a nanosecond last', async () => {
    const { body } = await api.pub('Trades', { pair: 'XBTUSD' });
    const rows = body.result.XXBTZUSD;
    expect(rows).toHaveLength(1000);
    expect(rows.at(-1)[2] * 1000).toBeLessThanOrEqual(NOW);
    expect(body.result.last).toMatch(/^\d{19}$/);
    expect(BigInt(body.result.last) / 1_000_000n).toBe(BigInt(Math.round(rows.at(-1)[2] * 1000)));
    expect((await api.pub('Trades', { pair: 'XBTUSD', count: '1001' })).body.error).toEqual(['EGeneral:Invalid arguments:count']);
    expect((await api.pub('Trades', { pair: 'XBTUSD', since: 'yesterday' })).body.error).toEqual(['EGeneral:Invalid arguments:since']);
  });

  it('paging from since (seconds, exclusive) on last visits every trade once, in order, up to the clock', async () => {
    let since = String(Date.UTC(2022, 9, 1) / 1000 - 1);
    const ids: number[] = [];
    for (let page = 0; page < 20; page++) {
      const { body } = await api.pub('Trades', { pair: 'XBTUSD', since });
      const rows = body.result.XXBTZUSD;
      if (rows.length === 0) break;
      expect(rows.length).toBeLessThanOrEqual(1000);
      ids.push(...rows.map((r: any[]) => r[6]));
      since = body.result.last;
    }
    const expected = m.candles.filter((c) => c.openTime <= NOW).length * 4 - 1; // 4 trades a candle; the current one has 3 by 00:30 (at :00, :15, :30)
    expect(ids).toHaveLength(expected);
    expect(ids).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
  });
});

describe('trades that share a timestamp are neither skipped nor repeated across pages', () => {
  let sim: KrakenSimulator;
  beforeAll(async () => {
    const t0 = Date.UTC(2024, 0, 1);
    const same = btcTrades(Array(5).fill('30000.0'), '1', t0).map((t) => ({ ...t, time: t0 })); // five trades in one millisecond
    sim = await KrakenSimulator.start({ trades: [...same, ...btcTrades(['30001.0', '30002.0'], '1', t0 + 1000)], heartbeatMs: 0, startTime: t0 + 5000 });
  });
  afterAll(async () => {
    await sim.close();
  });
  it('pages of 2 on last return the 7 trades once each', async () => {
    const c = new RestCaller(sim.restUrl);
    let since = '0';
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { body } = await c.pub('Trades', { pair: 'XBTUSD', since, count: '2' });
      if (!body.result.XXBTZUSD.length) break;
      seen.push(...body.result.XXBTZUSD.map((r: any[]) => r[6]));
      since = body.result.last;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

