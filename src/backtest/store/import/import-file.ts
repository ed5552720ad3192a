import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { defaultSymbols, type SymbolTable } from '../../../core/instruments/symbols.ts';
import { MINUTE_MS, parseTimeframe } from '../../../core/market/timeframe.ts';
import { ensureInstrument } from '../instruments.ts';
import { execute, inTransaction, queryRows, sqlInt, sqlString } from '../sql.ts';
import { canonicalSymbol, parseDataFileName } from '../symbols.ts';
import { binanceKlineParser, checkCandle, emptyCandleRow, krakenOhlcvtParser, normalisedParser, type CandleLineParser } from './candle-rows.ts';
import { detectFormat } from './detect-format.ts';
import { BadRowError, expectColumns, parseNumber, parseUnixSecondsToMicros } from './fields.ts';
import { readLines, sha256File } from './line-reader.ts';
import { ImportError, ImportRejectedError, type BadRow, type ImportFormat, type ImportReport } from './report.ts';

/**
 * Imports one CSV / CSV.GZ file into the store. Rows are parsed and checked in JS (so every bad
 * line is reported with its number), staged in a connection-local TEMP table, and copied into
 * the store in ONE transaction with ON CONFLICT DO NOTHING. Hence:
 *  - re-importing a file inserts nothing and says so (alreadyImported, skippedDuplicates);
 *  - a file with bad rows is rejected whole unless skipBadRows, and the store is untouched.
 */

export interface ImportOptions {
  /** Guessed from the first line when omitted. */
  readonly format?: ImportFormat;
  /** Required for normalised files ("kraken" or "binance"); implied by the other formats. */
  readonly exchange?: string;
  /** Any spelling the exchange uses ("XBTUSD", "BTC/USD"); taken from the file name when omitted. */
  readonly symbol?: string;
  /** Candle interval (minutes or "1h"); taken from the file name when omitted. */
  readonly intervalMin?: number | string;
  /** Import the good rows and list the bad ones in the report instead of rejecting the file. */
  readonly skipBadRows?: boolean;
  readonly symbolTable?: SymbolTable;
  /** Progress while the file is read: bytes of the file read so far and its size (for a progress bar). */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

interface Plan {
  readonly file: string;
  readonly format: ImportFormat;
  readonly exchange: string;
  readonly symbol: string;
  readonly intervalMin?: number;
}

const MAX_TEXT = 200;
let stagingCounter = 0;

function plan(path: string, format: ImportFormat, opts: ImportOptions): Plan {
  const file = path;
  const fromName = parseDataFileName(path);
  let exchange = opts.exchange?.trim().toLowerCase();
  if (!exchange) {
    if (format === 'normalised-ohlcv') {
      throw new ImportError(`${file}: normalised CSV files do not say which exchange they come from; pass exchange ("kraken" or "binance")`);
    }
    exchange = format === 'binance-klines' ? 'binance' : 'kraken';
  }
  const pairName = opts.symbol ?? fromName?.pairName;
  if (!pairName) throw new ImportError(`${file}: cannot read the pair from the file name; pass symbol`);
  const symbol = canonicalSymbol(exchange, pairName, opts.symbolTable ?? defaultSymbols);
  if (format === 'kraken-trades') return { file, format, exchange, symbol };
  const given = opts.intervalMin === undefined ? undefined : parseTimeframe(opts.intervalMin);
  if (given !== undefined && fromName?.intervalMin !== undefined && given !== fromName.intervalMin) {
    throw new ImportError(`${file}: interval ${given} min was given but the file name says ${fromName.intervalMin} min`);
  }
  const intervalMin = given ?? fromName?.intervalMin;
  if (intervalMin === undefined) throw new ImportError(`${file}: cannot read the candle interval from the file name; pass intervalMin`);
  return { file, format, exchange, symbol, intervalMin };
}

function candleParser(p: Plan): CandleLineParser {
  switch (p.format) {
    case 'kraken-ohlcvt': return krakenOhlcvtParser();
    case 'normalised-ohlcv': return normalisedParser(p.file);
    case 'binance-klines': return binanceKlineParser(p.intervalMin!);
    default: throw new ImportError(`${p.file}: ${p.format} is not a candle format`);
  }
}

interface Staged {
  rowsRead: number;
  bad: BadRow[];
}

/** Parses candle lines into the staging appender. */
async function stageCandles(p: Plan, appender: DuckDBAppender, onBytes?: (n: number) => void): Promise<Staged> {
  const parse = candleParser(p);
  const intervalMs = p.intervalMin! * MINUTE_MS;
  const row = emptyCandleRow();
  const bad: BadRow[] = [];
  let rowsRead = 0;
  let lineNo = 0;
  let prevTime = -Infinity;
  for await (const line of readLines(p.file, onBytes)) {
    lineNo++;
    if (line.trim() === '') continue;
    let isData = true;
    try {
      isData = parse(line.split(','), lineNo, row); // false for a header line
      if (!isData) continue;
      checkCandle(row, intervalMs);
      if (row.openTime === prevTime) throw new BadRowError(`duplicate timestamp ${row.openTime / 1000}`);
      if (row.openTime < prevTime) throw new BadRowError(`out-of-order timestamp ${row.openTime / 1000} (previous row had ${prevTime / 1000})`);
    } catch (err) {
      if (!(err instanceof BadRowError)) throw err;
      bad.push({ line: lineNo, reason: err.message, text: line.slice(0, MAX_TEXT) });
      continue;
    } finally {
      if (isData) rowsRead++;
    }
    prevTime = row.openTime;
    appender.appendDouble(row.openTime);
    appender.appendDouble(row.open);
    appender.appendDouble(row.high);
    appender.appendDouble(row.low);
    appender.appendDouble(row.close);
    appender.appendDouble(row.volume);
    if (row.trades === null) appender.appendNull();
    else appender.appendDouble(row.trades);
    appender.endRow();
  }
  return { rowsRead, bad };
}

/** Kraken time-and-sales CSV: no header; timestamp (unix s, fractional), price, volume. */
async function stageTrades(p: Plan, appender: DuckDBAppender, onBytes?: (n: number) => void): Promise<Staged> {
  const bad: BadRow[] = [];
  let rowsRead = 0;
  let lineNo = 0;
  let prevTime = -Infinity;
  for await (const line of readLines(p.file, onBytes)) {
    lineNo++;
    if (line.trim() === '') continue;
    rowsRead++;
    let time: number, price: number, volume: number;
    try {
      const f = line.split(',');
      expectColumns(f, 3, 'timestamp,price,volume');
      time = parseUnixSecondsToMicros(f[0], 'timestamp');
      price = parseNumber(f[1], 'price');
      volume = parseNumber(f[2], 'volume');
      if (price <= 0) throw new BadRowError(`${price < 0 ? 'negative' : 'zero'} price: ${price}`);
      if (volume < 0) throw new BadRowError(`negative volume: ${volume}`);
      if (time < prevTime) throw new BadRowError(`out-of-order timestamp ${f[0].trim()} (earlier than the previous trade)`);
    } catch (err) {
      if (!(err instanceof BadRowError)) throw err;
      bad.push({ line: lineNo, reason: err.message, text: line.slice(0, MAX_TEXT) });
      continue;
    }
    prevTime = time;
    appender.appendInteger(lineNo);
    appender.appendDouble(time);
    appender.appendDouble(price);
    appender.appendDouble(volume);
    appender.endRow();
  }
  return { rowsRead, bad };
}

/** What an import was asked, as the import log keys it: the resolved target and the bad-row policy. */
function importOptionsKey(p: Plan, opts: ImportOptions): string {
  return JSON.stringify({ format: p.format, exchange: p.exchange, symbol: p.symbol, intervalMin: p.intervalMin ?? null, skipBadRows: opts.skipBadRows === true });
}

/** Imports `path`; see ImportOptions. Throws ImportRejectedError (nothing written) on bad rows unless skipBadRows. */
export async function importIntoConnection(conn: DuckDBConnection, path: string, opts: ImportOptions = {}): Promise<ImportReport> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new ImportError(`${path}: no such file`);
  const format = opts.format ?? (await detectFormat(path));
  const p = plan(path, format, opts);
  const sha256 = await sha256File(path);
  const staging = `import_staging_${process.pid}_${++stagingCounter}`;
  const isTrades = format === 'kraken-trades';
  await conn.run(isTrades
    ? `CREATE TEMP TABLE ${staging} (line INTEGER, time DOUBLE, price DOUBLE, volume DOUBLE)`
    : `CREATE TEMP TABLE ${staging} (open_time DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, trades DOUBLE)`);
  try {
    const appender = await conn.createAppender(staging, 'main', 'temp');
    let staged: Staged;
    try {
      const total = statSync(path).size;
      const onBytes = opts.onProgress ? (n: number) => opts.onProgress!(n, total) : undefined;
      staged = isTrades ? await stageTrades(p, appender, onBytes) : await stageCandles(p, appender, onBytes);
      opts.onProgress?.(total, total);
    } finally {
      appender.closeSync();
    }
    if (staged.bad.length > 0 && !opts.skipBadRows) throw new ImportRejectedError(p.file, staged.bad);
    const goodRows = staged.rowsRead - staged.bad.length;
    const ex = sqlString(p.exchange);
    const sym = sqlString(p.symbol);

    return await inTransaction(conn, async () => {
      const options = importOptionsKey(p, opts);
      // An earlier import of the same bytes with the same options that stored good rows; a
      // 0-row attempt (every row bad, or under other options) does not count.
      const previous = await queryRows<{ n: number }>(conn,
        'SELECT count(*) AS n FROM imports WHERE file_sha256 = ? AND options = ? AND rows_read - coalesce(rows_bad, 0) > 0', [sha256, options]);
      await ensureInstrument(conn, p.exchange, p.symbol);
      let inserted: number;
      let conflicts: number;
      if (isTrades) {
        // ordinal: rank among same-microsecond trades, so overlapping dumps give the same keys.
        const numbered = `SELECT CAST(time AS BIGINT) AS time, price, volume, CAST(row_number() OVER (PARTITION BY time ORDER BY line) - 1 AS INTEGER) AS ordinal FROM ${staging}`;
        const c = await queryRows<{ n: number }>(conn, `SELECT count(*) AS n FROM (${numbered}) s JOIN trades t
          ON t.exchange = ${ex} AND t.symbol = ${sym} AND t.time = s.time AND t.ordinal = s.ordinal
          WHERE t.price <> s.price OR t.volume <> s.volume`);
        conflicts = c[0].n;
        inserted = await execute(conn, `INSERT INTO trades (exchange, symbol, time, price, volume, side, ordinal)
          SELECT ${ex}, ${sym}, time, price, volume, NULL, ordinal FROM (${numbered}) ORDER BY time, ordinal ON CONFLICT DO NOTHING`);
      } else {
        const iv = sqlInt(p.intervalMin!);
        const c = await queryRows<{ n: number }>(conn, `SELECT count(*) AS n FROM ${staging} s JOIN candles c
          ON c.exchange = ${ex} AND c.symbol = ${sym} AND c.interval_min = ${iv} AND c.open_time = CAST(s.open_time AS BIGINT)
          WHERE c.open <> s.open OR c.high <> s.high OR c.low <> s.low OR c.close <> s.close OR c.volume <> s.volume
             OR c.trades IS DISTINCT FROM CAST(s.trades AS BIGINT)`);
        conflicts = c[0].n;
        inserted = await execute(conn, `INSERT INTO candles (exchange, symbol, interval_min, open_time, open, high, low, close, volume, trades, source)
          SELECT ${ex}, ${sym}, ${iv}, CAST(open_time AS BIGINT), open, high, low, close, volume, CAST(trades AS BIGINT), ${sqlString(`${format}:${basename(path)}`)}
          FROM ${staging} ORDER BY open_time ON CONFLICT DO NOTHING`);
      }
      const skippedDuplicates = goodRows - inserted;
      // Already imported: the same file and options stored its rows before, and nothing new now.
      const alreadyImported = previous[0].n > 0 && inserted === 0;
      if (!alreadyImported) {
        await execute(conn, `INSERT INTO imports (file_sha256, path, format, exchange, symbol, interval_min, rows_read, rows_inserted, rows_skipped, options, rows_bad)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [sha256, path, format, p.exchange, p.symbol, p.intervalMin ?? null, staged.rowsRead, inserted, staged.rowsRead - inserted, options, staged.bad.length]);
      }
      const report: ImportReport = {
        file: p.file, format, exchange: p.exchange, symbol: p.symbol, sha256,
        rowsRead: staged.rowsRead, inserted, skippedDuplicates, conflicts, skippedBad: staged.bad, alreadyImported,
        ...(p.intervalMin !== undefined ? { intervalMin: p.intervalMin } : {}),
      };
      return report;
    });
  } finally {
    await conn.run(`DROP TABLE IF EXISTS temp.${staging}`);
  }
}
