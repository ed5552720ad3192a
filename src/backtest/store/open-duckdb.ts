import { existsSync } from 'node:fs';
import duckdb, { type Database } from '@duckdb/node-bindings';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from './sql.ts';

/**
 * A DuckDB instance that keeps its C API database handle. The candle loader reads result
 * vectors through @duckdb/node-bindings (see vector-read.ts), which needs a connection of the
 * same database; @duckdb/node-api keeps its handle private, so the store opens the database
 * through the bindings and wraps it with node-api's public constructor.
 */
export class StoreInstance extends DuckDBInstance {
  constructor(readonly database: Database) {
    super(database);
  }

  static async openPath(path: string): Promise<StoreInstance> {
    const config = duckdb.create_config();
    // What DuckDBInstance.create sets (node-api's createConfig): DuckDB reports the client API.
    duckdb.set_config(config, 'duckdb_api', 'node-neo-api');
    return new StoreInstance(await duckdb.open(path, config));
  }
}

/**
 * Opening a store file after a crash.
 *
 * A process killed mid-write leaves `<file>.wal`; DuckDB replays it on the next open. Some
 * replays fail inside DuckDB when the file is opened as the main database: replaying an
 * ALTER TABLE on a table with a DEFAULT expression ("Failure while replaying WAL file ...
 * GetDefaultDatabase with no default database set", DuckDB 1.5). The same log replays when
 * the file is ATTACHed to an in-memory database (a default database then exists), so that is
 * the recovery: attach, checkpoint (the log is folded into the file), detach, open again.
 * When even that fails, or another live process holds the file, the error is one line naming
 * the file and what to do.
 */

export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

const firstLine = (err: unknown) => String(err instanceof Error ? err.message : err).split('\n')[0].slice(0, 300);

/** Replays `<path>.wal` through an attached in-memory session and checkpoints it into the file. */
async function replayByAttach(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`ATTACH ${sqlString(path)} AS crashed`);
    await conn.run('CHECKPOINT crashed');
    await conn.run('DETACH crashed');
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Opens a DuckDB file (or ':memory:'), recovering a write-ahead log left by a killed process. */
export async function openDuckDb(path: string, onRecovered?: (message: string) => void): Promise<StoreInstance> {
  try {
    return await StoreInstance.openPath(path);
  } catch (err) {
    const text = firstLine(err);
    const wal = `${path}.wal`;
    if (/Could not set lock on file|Conflicting lock/i.test(text)) {
      const pid = /PID (\d+)/.exec(text)?.[1];
      throw new StoreOpenError(`store ${path} is in use by another process${pid ? ` (PID ${pid})` : ''}; DuckDB allows one writer: stop that process or use another store file`);
    }
    if (path === ':memory:' || !existsSync(wal) || !/wal|write-ahead|replay/i.test(text)) throw err;
    try {
      await replayByAttach(path);
    } catch (again) {
      throw new StoreOpenError(
        `store ${path}: its write-ahead log ${wal} (left by a crash or a killed process) cannot be replayed: ${firstLine(again)}; ` +
          `fix: move the log aside (mv "${wal}" "${wal}.bad"), which loses only the writes since the last checkpoint, or delete the store to rebuild it`,
      );
    }
    onRecovered?.(`store ${path}: replayed the write-ahead log left by a killed process`);
    return await StoreInstance.openPath(path);
  }
}
