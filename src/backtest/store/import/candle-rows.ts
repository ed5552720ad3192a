import { MINUTE_MS } from '../../../core/market/timeframe.ts';
import { BadRowError, checkUnixSeconds, expectColumns, parseInteger, parseNumber, parseUnixSecondsToMs } from './fields.ts';
import { ImportError } from './report.ts';

/** One parsed candle row; reused for every line so parsing allocates nothing per row. */
export interface CandleRow {
  openTime: number; // epoch ms
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number | null;
}

export function emptyCandleRow(): CandleRow {
  return { openTime: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, trades: null };
}

/** Turns the fields of one data line into `row` or throws BadRowError. Returns false for a header line. */
export type CandleLineParser = (fields: string[], lineNo: number, row: CandleRow) => boolean;

/** Kraken's OHLCVT archive: no header; timestamp (unix s, open time), open, high, low, close, volume, trades. */
export function krakenOhlcvtParser(): CandleLineParser {
  return (f, _lineNo, row) => {
    expectColumns(f, 7, 'timestamp,open,high,low,close,volume,trades');
    row.openTime = parseUnixSecondsToMs(f[0], 'timestamp');
    readOhlcv(f, 1, row);
    row.trades = parseInteger(f[6], 'trades');
    return true;
  };
}

/**
 * Normalised CSV (shared/data/SOURCES.md): a header whose first column is `timestamp` (unix s),
 * with open, high, low, close, volume and optionally trades found by name; other columns ignored.
 */
export function normalisedParser(file: string): CandleLineParser {
  let cols: { n: number; open: number; high: number; low: number; close: number; volume: number; trades: number } | undefined;
  return (f, lineNo, row) => {
    if (!cols) {
      const names = f.map((x) => x.trim().toLowerCase());
      if (names[0] !== 'timestamp') {
        throw new ImportError(`${file}:${lineNo}: a normalised CSV starts with a header whose first column is "timestamp"; found ${JSON.stringify(f.join(','))}`);
      }
      const find = (name: string): number => {
        const i = names.indexOf(name);
        if (i < 0) throw new ImportError(`${file}:${lineNo}: header lacks column "${name}" (has ${names.join(', ')})`);
        return i;
      };
      cols = { n: names.length, open: find('open'), high: find('high'), low: find('low'), close: find('close'), volume: find('volume'), trades: names.indexOf('trades') };
      return false;
    }
    expectColumns(f, cols.n, 'as many as the header');
    row.openTime = parseUnixSecondsToMs(f[0], 'timestamp');
    row.open = parseNumber(f[cols.open], 'open');
    row.high = parseNumber(f[cols.high], 'high');
    row.low = parseNumber(f[cols.low], 'low');
    row.close = parseNumber(f[cols.close], 'close');
    row.volume = parseNumber(f[cols.volume], 'volume');
    row.trades = cols.trades >= 0 ? parseInteger(f[cols.trades], 'trades') : null;
    return true;
  };
}

/**
 * Binance kline dump: open_time, open, high, low, close, volume, close_time, quote_volume, count,
 * taker_buy_volume, taker_buy_quote_volume, ignore. Header optional. Times in ms, or in
 * microseconds (16 digits) in Binance's newer dumps. close_time must fit the interval.
 */
export function binanceKlineParser(intervalMin: number): CandleLineParser {
  const intervalMs = intervalMin * MINUTE_MS;
  return (f, lineNo, row) => {
    if (lineNo === 1 && !/^\s*\d/.test(f[0] ?? '')) return false; // header
    expectColumns(f, 12, 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore');
    const openRaw = parseInteger(f[0], 'open_time');
    const closeRaw = parseInteger(f[6], 'close_time');
    const perMs = f[0].trim().length >= 16 ? 1000 : 1;
    if (openRaw % perMs !== 0) throw new BadRowError(`open_time ${f[0]} is not a whole millisecond`);
    row.openTime = openRaw / perMs;
    checkUnixSeconds(Math.floor(row.openTime / 1000), f[0], 'open_time (as unix seconds)');
    if (closeRaw !== openRaw + intervalMs * perMs - 1) {
      throw new BadRowError(`close_time ${f[6]} does not end the ${intervalMin}-minute candle opened at ${f[0]}`);
    }
    readOhlcv(f, 1, row);
    row.trades = parseInteger(f[8], 'count');
    return true;
  };
}

function readOhlcv(f: string[], at: number, row: CandleRow): void {
  row.open = parseNumber(f[at], 'open');
  row.high = parseNumber(f[at + 1], 'high');
  row.low = parseNumber(f[at + 2], 'low');
  row.close = parseNumber(f[at + 3], 'close');
  row.volume = parseNumber(f[at + 4], 'volume');
}

/** Checks a parsed candle for internal consistency; throws BadRowError naming the problem. */
export function checkCandle(row: CandleRow, intervalMs: number): void {
  for (const [name, v] of [['open', row.open], ['high', row.high], ['low', row.low], ['close', row.close]] as const) {
    if (v <= 0) throw new BadRowError(`${v < 0 ? 'negative' : 'zero'} price: ${name}=${v}`);
  }
  if (row.volume < 0) throw new BadRowError(`negative volume: ${row.volume}`);
  if (row.trades !== null && row.trades < 0) throw new BadRowError(`negative trade count: ${row.trades}`);
  if (row.high < row.low) throw new BadRowError(`high < low (high=${row.high}, low=${row.low})`);
  if (row.open < row.low || row.open > row.high) throw new BadRowError(`open ${row.open} outside [low ${row.low}, high ${row.high}]`);
  if (row.close < row.low || row.close > row.high) throw new BadRowError(`close ${row.close} outside [low ${row.low}, high ${row.high}]`);
  if (row.openTime % intervalMs !== 0) throw new BadRowError(`timestamp ${row.openTime / 1000} is not aligned to the ${intervalMs / MINUTE_MS}-minute interval`);
}
