import type { CandleInput } from '../../core/journal/journal-entry.ts';
import type { KrakenRestClient } from '../kraken/rest/client.ts';

/**
 * Recent closed candles of each pair from REST OHLC (one page, up to 720), merged in the
 * backtest's (close time, pair) order, so the strategy's indicators are warm before trading.
 * The still-forming candle (Kraken always includes it) is left out.
 */
export async function loadWarmup(
  rest: KrakenRestClient,
  pairs: readonly { symbol: string; restName: string }[],
  intervalMin: number,
  now: number,
  maxBars: number,
): Promise<CandleInput[]> {
  if (maxBars <= 0) return [];
  const intervalMs = intervalMin * 60_000;
  const all: { c: CandleInput; p: number }[] = [];
  for (let p = 0; p < pairs.length; p++) {
    const r = await rest.ohlc({ pair: pairs[p].restName, interval: intervalMin as 1 });
    const closed = r.candles.filter((k) => k.time * 1000 + intervalMs <= now && Number(k.volume) > 0).slice(-maxBars);
    for (const k of closed) {
      all.push({
        p,
        c: {
          pair: pairs[p].symbol,
          openTime: k.time * 1000,
          intervalMs,
          open: Number(k.open),
          high: Number(k.high),
          low: Number(k.low),
          close: Number(k.close),
          volume: Number(k.volume),
          trades: k.count,
        },
      });
    }
  }
  all.sort((a, b) => a.c.openTime - b.c.openTime || a.p - b.p);
  return all.map((x) => x.c);
}
