import type { DuckDBConnection } from '@duckdb/node-api';
import { KRAKEN_PAIRS } from '../../core/instruments/kraken-pairs.ts';
import { execute } from './sql.ts';

/**
 * Instrument rows. Kraken's come from the static pair table (src/core/instruments); a live
 * catalog refresh may overwrite them later. Other exchanges get a minimal row (base, quote)
 * when their data is first imported, so every stored candle has an instrument.
 */
export async function seedKrakenInstruments(conn: DuckDBConnection): Promise<void> {
  for (const p of KRAKEN_PAIRS) {
    const [base, quote] = p.symbol.split('/');
    await execute(
      conn,
      `INSERT INTO instruments (exchange, symbol, base, quote, altname, ws_symbol, wsname, pair_id,
         price_decimals, lot_decimals, cost_decimals, ordermin, costmin, status)
       VALUES ('kraken', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'online') ON CONFLICT DO NOTHING`,
      [p.symbol, base, quote, p.altname, p.symbol, p.wsname, p.pairId, p.priceDecimals, p.lotDecimals, p.costDecimals, p.ordermin, p.costmin],
    );
  }
}

/** Adds a minimal instrument row for a pair seen in imported data, if none exists. */
export async function ensureInstrument(conn: DuckDBConnection, exchange: string, symbol: string): Promise<void> {
  const [base, quote] = symbol.split('/');
  await execute(
    conn,
    `INSERT INTO instruments (exchange, symbol, base, quote, status) VALUES (?, ?, ?, ?, 'data-only') ON CONFLICT DO NOTHING`,
    [exchange, symbol, base ?? symbol, quote ?? ''],
  );
}
