import type { MarketStore } from '../../backtest/store/index.ts';

/**
 * What data a store holds: every candle series with its range, count and gaps, and every
 * pair's stored trades. A gap is a run of missing candles between the first and the last
 * (Kraken omits intervals without trades, so gaps are normal in quiet markets and early years).
 */

export interface SeriesListing {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: number;
  readonly first: number; // epoch ms, open of the first candle
  readonly last: number; // epoch ms, open of the last candle
  readonly candles: number;
  /** Candles missing between first and last. */
  readonly missing: number;
  /** Number of gaps (runs of missing candles), and the longest one. */
  readonly gaps: number;
  readonly longestGap?: { readonly from: number; readonly to: number; readonly candles: number };
  /** Where the candles came from (file import, REST OHLC, built from trades). */
  readonly sources: readonly string[];
}

export interface TradesListing {
  readonly exchange: string;
  readonly symbol: string;
  readonly first: number; // epoch ms
  readonly last: number;
  readonly trades: number;
}

export interface DataListing {
  readonly series: readonly SeriesListing[];
  readonly trades: readonly TradesListing[];
}

export async function listData(store: MarketStore, filter: { exchange?: string; symbol?: string } = {}): Promise<DataListing> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.exchange) {
    where.push('exchange = ?');
    params.push(filter.exchange);
  }
  if (filter.symbol) {
    where.push('symbol = ?');
    params.push(filter.symbol);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const seriesRows = (await store.connection.runAndReadAll(
    `WITH c AS (
       SELECT exchange, symbol, interval_min, open_time, source,
              (open_time - lag(open_time) OVER (PARTITION BY exchange, symbol, interval_min ORDER BY open_time)) // (interval_min * 60000) - 1 AS missing_before
       FROM candles ${w}
     )
     SELECT exchange, symbol, interval_min, min(open_time), max(open_time), count(*),
            coalesce(sum(missing_before), 0), count(*) FILTER (WHERE missing_before > 0),
            arg_max(open_time, missing_before) FILTER (WHERE missing_before > 0), max(missing_before),
            list(DISTINCT split_part(coalesce(source, 'unknown'), ':', 1) ORDER BY split_part(coalesce(source, 'unknown'), ':', 1))
     FROM c GROUP BY ALL ORDER BY exchange, symbol, interval_min`,
    params,
  )).getRowsJS();
  const series = seriesRows.map((r): SeriesListing => {
    const interval = Number(r[2]);
    const gapEnd = r[8] === null ? undefined : Number(r[8]);
    const gapLen = r[9] === null ? 0 : Number(r[9]);
    return {
      exchange: String(r[0]), symbol: String(r[1]), interval, first: Number(r[3]), last: Number(r[4]), candles: Number(r[5]),
      missing: Number(r[6]), gaps: Number(r[7]),
      ...(gapEnd !== undefined && gapLen > 0 ? { longestGap: { from: gapEnd - gapLen * interval * 60_000, to: gapEnd, candles: gapLen } } : {}),
      sources: (r[10] as unknown[]).map(String),
    };
  });
  const tradeRows = (await store.connection.runAndReadAll(
    `SELECT exchange, symbol, min(time) // 1000, max(time) // 1000, count(*) FROM trades ${w} GROUP BY ALL ORDER BY exchange, symbol`,
    params,
  )).getRowsJS();
  const trades = tradeRows.map((r): TradesListing => ({ exchange: String(r[0]), symbol: String(r[1]), first: Number(r[2]), last: Number(r[3]), trades: Number(r[4]) }));
  return { series, trades };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z').replace('T', ' ');

/** A plain-text table of a listing, one line per series and per pair with trades. */
export function formatListing(l: DataListing): string {
  const lines: string[] = [];
  if (l.series.length === 0 && l.trades.length === 0) return 'the store holds no market data\n';
  if (l.series.length) {
    lines.push('exchange  pair        interval  first              last               candles  missing  gaps  longest gap');
    for (const s of l.series) {
      const gap = s.longestGap ? `${s.longestGap.candles} from ${iso(s.longestGap.from)}` : '-';
      lines.push(`${s.exchange.padEnd(8)}  ${s.symbol.padEnd(10)}  ${(s.interval + 'm').padStart(8)}  ${iso(s.first)}  ${iso(s.last)}  ${String(s.candles).padStart(7)}  ${String(s.missing).padStart(7)}  ${String(s.gaps).padStart(4)}  ${gap}`);
    }
  }
  if (l.trades.length) {
    if (lines.length) lines.push('');
    lines.push('exchange  pair        trades     first              last');
    for (const t of l.trades) lines.push(`${t.exchange.padEnd(8)}  ${t.symbol.padEnd(10)}  ${String(t.trades).padStart(9)}  ${iso(t.first)}  ${iso(t.last)}`);
  }
  return lines.join('\n') + '\n';
}
