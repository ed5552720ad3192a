import { resolve } from 'node:path';

/**
 * The market store every command uses unless `--store` says otherwise: `$KRAKENBT_STORE`,
 * else `data/store/market.duckdb` under the current directory (in a clone's root, the same
 * file the research notebooks open). Relative paths are taken from the current directory.
 * Kept free of DuckDB so that building the command line loads nothing heavy.
 */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return resolve(cwd, env.KRAKENBT_STORE || 'data/store/market.duckdb');
}

/** The `--store` option every command that reads or writes the store shares. */
export const storeOption = {
  type: 'string',
  describe: 'DuckDB market store file (default: $KRAKENBT_STORE or ./data/store/market.duckdb)',
} as const;
