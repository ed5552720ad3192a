import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../../../src/live/kraken/catalog/catalog-entry.ts';
import { CatalogStore } from '../../../../src/live/kraken/catalog/catalog-store.ts';
import { MarketCatalog } from '../../../../src/live/kraken/catalog/market-catalog.ts';
import { parseKrakenWsFrame } from '../../../../src/live/kraken/ws/messages/parse.ts';
import type { InstrumentMessage } from '../../../../src/live/kraken/ws/messages/market-data.ts';
import { fixtureText } from '../ws/fixture-files.ts';

let store: CatalogStore | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

function catalog(): MarketCatalog {
  const r = parseKrakenWsFrame(fixtureText('ws-v2-instrument-snapshot.json'));
  if (!r.ok) throw r.error;
  return MarketCatalog.fromSources({ assetPairs: JSON.parse(fixtureText('rest-AssetPairs-sample.json')), instrument: r.message as InstrumentMessage });
}

describe('CatalogStore (DuckDB :memory:)', () => {
  it('creates the instruments table with exactly the agreed columns and types', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    store = await CatalogStore.using(conn);
    const reader = await conn.runAndReadAll(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'instruments' ORDER BY ordinal_position",
    );
    expect(reader.getRowObjectsJS().map((r) => `${String(r.column_name)}:${String(r.data_type)}`)).toEqual([
      'exchange:VARCHAR',
      'symbol:VARCHAR',
      'base:VARCHAR',
      'quote:VARCHAR',
      'altname:VARCHAR',
      'ws_symbol:VARCHAR',
      'wsname:VARCHAR',
      'pair_id:VARCHAR',
      'price_decimals:INTEGER',
      'lot_decimals:INTEGER',
      'cost_decimals:INTEGER',
      'ordermin:VARCHAR',
      'costmin:VARCHAR',
      'status:VARCHAR',
      'updated_at:BIGINT',
    ]);
    // Idempotent: a second store on the same database does not fail.
    await CatalogStore.using(conn);
    conn.closeSync();
  });

  it('upserts: inserts, then replaces on (exchange, symbol) without duplicating', async () => {
    store = await CatalogStore.open(':memory:');
    const entries = catalog().entries();
    expect(await store.upsert(entries, 1_700_000_000_000)).toBe(4);
    const first = await store.load();
    expect(first.map((r) => r.symbol)).toEqual(['BTC/USD', 'ETH/BTC', 'MATIC/GBP', 'USDC/USD']);
    expect(first[0]).toEqual({
      exchange: 'kraken',
      symbol: 'BTC/USD',
      base: 'BTC',
      quote: 'USD',
      altname: 'XBTUSD',
      wsSymbol: 'BTC/USD',
      wsname: 'XBT/USD',
      pairId: 'XXBTZUSD',
      priceDecimals: 1,
      lotDecimals: 8,
      costDecimals: 5,
      ordermin: '0.0001',
      costmin: '0.5',
      status: 'online',
      updatedAt: 1_700_000_000_000,
    });
    expect(first[2]).toMatchObject({ symbol: 'MATIC/GBP', pairId: '', altname: '', ordermin: '4.0' });

    const changed: CatalogEntry[] = entries.map((e) => (e.symbol === 'BTC/USD' ? { ...e, status: 'cancel_only', ordermin: '0.00005' } : e));
    await store.upsert(changed, 1_700_000_100_000);
    const second = await store.load();
    expect(second).toHaveLength(4);
    expect(second[0]).toMatchObject({ status: 'cancel_only', ordermin: '0.00005', updatedAt: 1_700_000_100_000 });
    expect(await store.load('binance')).toEqual([]);
  });

  it("works on a table created by the backtest store's migration (updated_at TIMESTAMP, nullable decimals)", async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    // Verbatim shape of src/backtest/store/migrations.ts version 1 at the time of writing.
    await conn.run(`CREATE TABLE instruments (
      exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, base VARCHAR NOT NULL, quote VARCHAR NOT NULL,
      altname VARCHAR, ws_symbol VARCHAR, wsname VARCHAR, pair_id VARCHAR,
      price_decimals INTEGER, lot_decimals INTEGER, cost_decimals INTEGER, ordermin VARCHAR, costmin VARCHAR, status VARCHAR,
      updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp, PRIMARY KEY (exchange, symbol))`);
    await conn.run("INSERT INTO instruments (exchange, symbol, base, quote, status) VALUES ('kraken', 'ZZZ/USD', 'ZZZ', 'USD', 'data-only')");
    const s = await CatalogStore.using(conn);
    await s.upsert(catalog().entries(), 1_700_000_000_123);
    const rows = await s.load();
    expect(rows.find((r) => r.symbol === 'BTC/USD')).toMatchObject({ ordermin: '0.0001', priceDecimals: 1, updatedAt: 1_700_000_000_123 });
    expect(rows.find((r) => r.symbol === 'ZZZ/USD')).toMatchObject({ status: 'data-only', priceDecimals: undefined, ordermin: undefined });
    conn.closeSync();
  });

  it('validates every entry before writing anything', async () => {
    store = await CatalogStore.open(':memory:');
    const entries = catalog().entries();
    const bad = [...entries, { ...entries[0], symbol: 'SOL/USD', lotDecimals: -1 }];
    await expect(store.upsert(bad, 1)).rejects.toThrow(/catalog pair SOL\/USD: lotDecimals: expected an integer/);
    await expect(store.upsert([{ ...entries[0], costmin: 'half' }], 1)).rejects.toThrow(/costmin: expected a decimal string/);
    await expect(store.upsert([{ ...entries[0], symbol: 'BTCUSD' }], 1)).rejects.toThrow(/symbol: expected BASE\/QUOTE/);
    expect(await store.load()).toEqual([]);
  });
});
