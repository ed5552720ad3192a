import type { DuckDBConnection } from '@duckdb/node-api';
import { KRAKEN_PAIRS } from '../../core/instruments/kraken-pairs.ts';
import { execute, queryRows } from './sql.ts';

/**
 * Instrument rows. Kraken's come from the static pair table (src/core/instruments); a live
 * catalog refresh may overwrite them later. Other exchanges get a minimal row (base, quote)
 * when their data is first imported, so every stored candle has an instrument.
 */
export async function seedKrakenInstruments(conn: DuckDBConnection): Promise<void> {
  // Runs at every open: one read finds the pairs already there (an INSERT ... ON CONFLICT per
  // pair cost ~3.5 ms each, most of the store's open time), and only missing ones are written.
  const present = new Set((await queryRows<{ symbol: string }>(conn, "SELECT symbol FROM instruments WHERE exchange = 'kraken'")).map((r) => r.symbol));
  for (const p of KRAKEN_PAIRS) {
    if (present.has(p.symbol)) continue;
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
