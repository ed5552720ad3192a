/**
 * Child process for kill-recovery.test.ts: writes to a store file until it is SIGKILLed.
 *   node --import tsx kill-writer.ts <store> store   -> MarketStore.open, then candle inserts in a loop
 *   node --import tsx kill-writer.ts <store> alter   -> raw DuckDB: a table with a DEFAULT, checkpoint,
 *                                                       then ALTER TABLE ADD COLUMN + inserts left in the WAL
 * Prints "committed N" after each committed write, so the parent knows what must survive.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { MarketStore } from '../../../src/backtest/store/index.ts';

const [path, mode] = process.argv.slice(2);

if (mode === 'store') {
  const store = await MarketStore.open(path);
  for (let k = 0; ; k++) {
    await store.connection.run(`INSERT INTO candles SELECT 'kraken', 'BTC/USD', 60, (i + ${k * 2000}) * 3600000, 1, 1, 1, 1, 1, NULL, 'kill-test' FROM range(2000) t(i)`);
    process.stdout.write(`committed ${(k + 1) * 2000}\n`);
  }
} else {
  const db = await DuckDBInstance.create(path);
  const conn = await db.connect();
  await conn.run('CREATE TABLE log (id INTEGER, created TIMESTAMP NOT NULL DEFAULT current_timestamp)');
  await conn.run('CHECKPOINT');
  await conn.run('ALTER TABLE log ADD COLUMN note VARCHAR');
  await conn.run("INSERT INTO log (id, note) SELECT i, 'x' FROM range(1000) t(i)");
  process.stdout.write('committed 1000\n');
  await new Promise(() => {}); // wait for the kill
}
