import { existsSync, statSync } from 'node:fs';
import { ensureStore, MarketStore } from '../backtest/store/index.ts';
import { CliError } from './cli-error.ts';

/**
 * Opens the store at `path`, building it from the bundled data first when it is missing or
 * empty (progress bar on stderr when asked). A ready store is opened once, not twice.
 */
export async function openStore(path: string, opts: { progressBar: boolean }): Promise<MarketStore> {
  if (existsSync(path) && statSync(path).size > 0) {
    const store = await MarketStore.open(path);
    const reader = await store.connection.runAndReadAll('SELECT (SELECT count(*) FROM candles) + (SELECT count(*) FROM imports) AS n');
    if (Number(reader.getRows()[0][0]) > 0) return store;
    store.close();
  }
  await ensureStore(path, { progressBar: opts.progressBar });
  return MarketStore.open(path);
}

/** Opens an existing store (for commands that read past runs); never builds one. */
export async function openExistingStore(path: string): Promise<MarketStore> {
  if (!existsSync(path)) throw new CliError(`no market store at ${path}; run a backtest first (or pass --store)`);
  return MarketStore.open(path);
}
