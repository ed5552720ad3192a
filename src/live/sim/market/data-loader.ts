import { readFileSync, statSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseFixed, type Fixed } from '../../../core/decimal/fixed.ts';
import type { SimCatalog, SimPair } from '../catalog/catalog.ts';
import { candleToTrades } from './candle-to-trades.ts';
import type { MarketTrade, SourceCandle } from './market-trade.ts';

/**
 * Loads replayable market data. Accepted inputs:
 *  - Kraken OHLCVT CSV (.csv or .csv.gz, headerless `timestamp,open,high,low,close,volume,trades`,
 *    timestamp = candle open in unix seconds), or a CSV with a header naming timestamp/open/high/low/
 *    close/volume columns. Candles become trades via `candleToTrades`.
 *  - Kraken trades CSV (headerless `timestamp,price,volume[,side]`, side b/s or buy/sell; or a header
 *    naming timestamp/price/volume).
 *  - A fixtures directory (or a REST `Trades` response JSON file): the recorded trades of
 *    `rest-Trades.json` are replayed.
 * The pair comes from `opts.pair` or the file name (`XBTUSD_60.csv.gz` -> BTC/USD); the candle interval
 * from `opts.intervalMinutes`, the file name (`_60`), or the smallest gap between rows.
 */
export interface LoadOptions {
  pair?: string;
  intervalMinutes?: number;
}

export class DataFileError extends Error {
  constructor(file: string, line: number | undefined, message: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
    this.name = 'DataFileError';
  }
}

export function loadMarketData(path: string, catalog: SimCatalog, opts: LoadOptions = {}): MarketTrade[] {
  if (!existsSync(path)) throw new DataFileError(path, undefined, 'no such file or directory');
  if (statSync(path).isDirectory()) {
    const f = join(path, 'rest-Trades.json');
    if (!existsSync(f)) throw new DataFileError(path, undefined, 'directory has no rest-Trades.json to replay');
    return loadRestTradesJson(f, catalog);
  }
  if (path.endsWith('.json')) return loadRestTradesJson(path, catalog);
  const buf = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  const pair = resolvePair(path, catalog, opts.pair);
  return parseCsv(path, text, pair, opts.intervalMinutes ?? intervalFromName(path));
}

function resolvePair(path: string, catalog: SimCatalog, given: string | undefined): SimPair {
  const name = given ?? basename(path).split(/[_.-]/)[0];
  const pair = catalog.anyPair(name);
  if (!pair) throw new DataFileError(path, undefined, `unknown pair ${JSON.stringify(name)}; pass --pair (known: ${catalog.pairs.map((p) => p.symbol).join(', ')})`);
  return pair;
}

function intervalFromName(path: string): number | undefined {
  const m = /_(\d+)\.csv/.exec(basename(path));
  return m ? Number(m[1]) : undefined;
}

function num(file: string, line: number, field: string, text: string | undefined): Fixed {
  if (text === undefined || text.trim() === '') throw new DataFileError(file, line, `missing ${field}`);
  try {
    return parseFixed(text);
  } catch {
    throw new DataFileError(file, line, `${field} is not a decimal number: ${JSON.stringify(text)}`);
  }
}

function seconds(file: string, line: number, text: string | undefined): number {
  const v = Number(text);
  if (text === undefined || !Number.isFinite(v)) throw new DataFileError(file, line, `timestamp is not a number: ${JSON.stringify(text)}`);
  return v * 1000;
}

export function parseCsv(file: string, text: string, pair: SimPair, intervalMinutes?: number): MarketTrade[] {
  const lines = text.split(/\r?\n/);
  let first = 0;
  let cols: Record<string, number> | undefined;
  if (lines.length && /[a-df-z]/i.test(lines[0].split(',')[0] ?? '')) {
    cols = Object.fromEntries(lines[0].split(',').map((h, i) => [h.trim().toLowerCase(), i]));
    first = 1;
  }
  const rows: { line: number; cells: string[] }[] = [];
  for (let i = first; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    rows.push({ line: i + 1, cells: lines[i].split(',') });
  }
  if (!rows.length) return [];
  const isCandles = cols ? 'open' in cols : rows[0].cells.length >= 6;
  const col = (name: string, fallback: number) => (cols && name in cols ? cols[name] : fallback);
  const tCol = cols ? (cols.timestamp ?? cols.time ?? cols.unix ?? 0) : 0;
  let prevTime = -Infinity;
  if (isCandles) {
    const candles: SourceCandle[] = rows.map(({ line, cells }) => {
      const openTime = seconds(file, line, cells[tCol]);
      if (openTime <= prevTime) throw new DataFileError(file, line, `timestamps must increase (got ${cells[tCol]} after ${prevTime / 1000})`);
      prevTime = openTime;
      const c = {
        openTime,
        open: num(file, line, 'open', cells[col('open', 1)]),
        high: num(file, line, 'high', cells[col('high', 2)]),
        low: num(file, line, 'low', cells[col('low', 3)]),
        close: num(file, line, 'close', cells[col('close', 4)]),
        volume: num(file, line, 'volume', cells[col('volume', 5)]),
      };
      if (c.low > c.open || c.low > c.close || c.high < c.open || c.high < c.close) {
        throw new DataFileError(file, line, 'inconsistent candle: low/high do not bracket open/close');
      }
      return c;
    });
    let intervalMs = intervalMinutes !== undefined ? intervalMinutes * 60_000 : Infinity;
    if (!Number.isFinite(intervalMs)) {
      for (let i = 1; i < candles.length; i++) intervalMs = Math.min(intervalMs, candles[i].openTime - candles[i - 1].openTime);
      if (!Number.isFinite(intervalMs)) intervalMs = 60_000;
    }
    return candles.flatMap((c) => candleToTrades(pair.symbol, c, intervalMs, pair.lotDecimals));
  }
  return rows.map(({ line, cells }) => {
    const time = seconds(file, line, cells[tCol]);
    if (time < prevTime) throw new DataFileError(file, line, 'timestamps must not decrease');
    prevTime = time;
    const sideText = (cells[col('side', 3)] ?? '').trim().toLowerCase();
    return {
      symbol: pair.symbol,
      time,
      price: num(file, line, 'price', cells[col('price', 1)]),
      qty: num(file, line, 'volume', cells[col('volume', 2)]),
      side: sideText === 's' || sideText === 'sell' ? 'sell' : 'buy',
      ordType: 'market',
    } satisfies MarketTrade;
  });
}

/** Replays a REST `Trades` response (`{result: {<pairId>: [[price, volume, time, side, type, misc, id]...]}}`). */
export function loadRestTradesJson(file: string, catalog: SimCatalog): MarketTrade[] {
  let doc: any;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DataFileError(file, undefined, `not JSON: ${(e as Error).message}`);
  }
  const out: MarketTrade[] = [];
  for (const [key, rows] of Object.entries(doc?.result ?? {})) {
    if (key === 'last' || !Array.isArray(rows)) continue;
    const pair = catalog.restPair(key) ?? catalog.anyPair(key);
    if (!pair) throw new DataFileError(file, undefined, `unknown pair ${JSON.stringify(key)}`);
    rows.forEach((r: any[], i: number) => {
      out.push({
        symbol: pair.symbol,
        time: Number(r[2]) * 1000,
        price: num(file, i + 1, 'price', String(r[0])),
        qty: num(file, i + 1, 'volume', String(r[1])),
        side: r[3] === 's' ? 'sell' : 'buy',
        ordType: r[4] === 'l' ? 'limit' : 'market',
      });
    });
  }
  if (!out.length) throw new DataFileError(file, undefined, 'no trades found (expected a REST Trades response)');
  return out.sort((a, b) => a.time - b.time);
}
