import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { defaultSymbols } from '../../core/instruments/symbols.ts';
import type { CandleBatch } from '../../core/market/candle-batch.ts';
import { candlesFromTrades, type CandlesFromTradesRequest } from './candles-from-trades.ts';
import { loadCandles, storedSeries, type CandleRange, type LoadCandlesRequest, type StoredSeries } from './candle-loader.ts';
import { importIntoConnection, type ImportOptions } from './import/import-file.ts';
import type { ImportReport } from './import/report.ts';
import { seedKrakenInstruments } from './instruments.ts';
import { migrate, MIGRATIONS, type Migration } from './migrations.ts';
import { openDuckDb, type StoreInstance } from './open-duckdb.ts';
import { queryRows } from './sql.ts';

/** Where the store lives unless told otherwise: data/store/market.duckdb in this repository. */
export const DEFAULT_STORE_PATH = fileURLToPath(new URL('../../../data/store/market.duckdb', import.meta.url));

export interface InstrumentRow {
  exchange: string;
  symbol: string;
  base: string;
  quote: string;
  altname: string | null;
  ws_symbol: string | null;
  wsname: string | null;
  pair_id: string | null;
  price_decimals: number | null;
  lot_decimals: number | null;
  cost_decimals: number | null;
  ordermin: string | null;
  costmin: string | null;
  status: string | null;
}

/**
 * The embedded DuckDB market store: instruments, candles, trades and an import log.
 * One process may open a store file for writing at a time (DuckDB's file lock).
 */
export class MarketStore {
  private closed = false;

  private constructor(
    private readonly instance: StoreInstance,
    /** The store's main connection. Exposed so later layers (run results) can add their own tables and queries. */
    readonly connection: DuckDBConnection,
    readonly path: string,
  ) {}

  /** Opens (creating if needed) the store at `path`, or ':memory:'; brings its schema up to date. */
  static async open(path: string = DEFAULT_STORE_PATH, options: { migrations?: readonly Migration[] } = {}): Promise<MarketStore> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await openDuckDb(path);
    const connection = await instance.connect();
    try {
      const { from, to } = await migrate(connection, options.migrations ?? MIGRATIONS);
      await seedKrakenInstruments(connection);
      // Schema changes go into the file now, not the log: a kill right after opening leaves no
      // ALTER in the WAL (whose replay is fragile, see open-duckdb.ts).
      if (from !== to && path !== ':memory:') await connection.run('CHECKPOINT');
    } catch (err) {
      connection.closeSync();
      instance.closeSync();
      throw err;
    }
    return new MarketStore(instance, connection, path);
  }

  /** Checkpoints and closes; the store object is unusable afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Imports one CSV / CSV.GZ file (see ImportOptions); idempotent; all-or-nothing. */
  importFile(path: string, options: ImportOptions = {}): Promise<ImportReport> {
    return importIntoConnection(this.connection, path, options);
  }

  /** Streams candles as columnar batches; see LoadCandlesRequest. */
  loadCandles(request: LoadCandlesRequest): AsyncIterable<CandleBatch> {
    // Kraken spellings (XBTUSD, XBT/USD) are accepted and resolved to the stored name.
    const symbols = request.exchange === 'kraken' ? request.symbols.map((s) => defaultSymbols.tryResolve(s) ?? s) : request.symbols;
    return loadCandles(this.instance, { ...request, symbols });
  }

  /** Builds candles of one interval from the stored trades of a pair (same aggregator as live). */
  candlesFromTrades(request: CandlesFromTradesRequest): Promise<{ trades: number; candles: number; inserted: number }> {
    return candlesFromTrades(this.instance, this.connection, request);
  }

  /** First/last open time and count of one stored series, or undefined when there is none. */
  async candleRange(q: { exchange: string; symbol: string; interval: number }): Promise<CandleRange | undefined> {
    const rows = await queryRows<{ first: number | null; last: number | null; count: number }>(
      this.connection,
      'SELECT min(open_time) AS first, max(open_time) AS last, count(*) AS count FROM candles WHERE exchange = ? AND symbol = ? AND interval_min = ?',
      [q.exchange, q.symbol, q.interval],
    );
    const r = rows[0];
    return r.count === 0 || r.first === null || r.last === null ? undefined : { first: r.first, last: r.last, count: r.count };
  }

  /** Every stored candle series (exchange, symbol, interval) with its range. */
  listSymbols(): Promise<StoredSeries[]> {
    return storedSeries(this.connection);
  }

  instruments(exchange?: string): Promise<InstrumentRow[]> {
    return exchange === undefined
      ? queryRows<InstrumentRow & Record<string, unknown>>(this.connection, 'SELECT * EXCLUDE (updated_at) FROM instruments ORDER BY exchange, symbol')
      : queryRows<InstrumentRow & Record<string, unknown>>(this.connection, 'SELECT * EXCLUDE (updated_at) FROM instruments WHERE exchange = ? ORDER BY symbol', [exchange]);
  }
}
