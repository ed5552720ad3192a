import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ModelState } from '../../core/ml/lifecycle.ts';
import { execute, queryRows } from '../../backtest/store/sql.ts';

/**
 * The ML audit log: an append-only DuckDB table of training and lifecycle events. Each row
 * carries the SHA-256 of the previous row's hash and its own canonical content, so editing,
 * deleting or reordering any row breaks the chain at that row (`verify`). This class only ever
 * INSERTs; keep a copy of the head hash elsewhere to detect the loss of the newest rows too.
 */
export interface AuditEvent {
  readonly event: 'trained' | 'transition' | 'gates' | 'loaded';
  readonly model: string;
  readonly from?: ModelState | null;
  readonly to?: ModelState | null;
  readonly detail?: Record<string, unknown>;
}

export interface AuditRow {
  readonly seq: number;
  readonly time: number;
  readonly event: string;
  readonly model: string;
  readonly from_state: string | null;
  readonly to_state: string | null;
  readonly detail: string;
  readonly prev_hash: string;
  readonly hash: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly rows: number;
  readonly head: string;
  /** First problem found, naming the row (seq) it is at. */
  readonly problem: string | null;
}

export const GENESIS = '0'.repeat(64);

export function rowHash(prev: string, r: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  const canonical = JSON.stringify([r.seq, r.time, r.event, r.model, r.from_state, r.to_state, r.detail]);
  return bytesToHex(sha256(utf8ToBytes(`${prev}\n${canonical}`)));
}

const DDL = `CREATE TABLE IF NOT EXISTS ml_audit (
  seq BIGINT NOT NULL, time BIGINT NOT NULL, event VARCHAR NOT NULL, model VARCHAR NOT NULL,
  from_state VARCHAR, to_state VARCHAR, detail VARCHAR NOT NULL, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)`;

export class AuditLog {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly now: () => number,
  ) {}

  /** Opens (creating) the log at `path` (a DuckDB file, or ':memory:'). `now` stamps rows (wall clock by default). */
  static async open(path: string, now: () => number = Date.now): Promise<AuditLog> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run(DDL);
    return new AuditLog(instance, connection, now);
  }

  async rows(): Promise<AuditRow[]> {
    return await queryRows<AuditRow & Record<string, unknown>>(this.connection, 'SELECT * FROM ml_audit ORDER BY seq');
  }

  async append(e: AuditEvent): Promise<AuditRow> {
    const last = await queryRows<{ seq: number; hash: string }>(this.connection, 'SELECT seq, hash FROM ml_audit ORDER BY seq DESC LIMIT 1');
    const prev = last[0]?.hash ?? GENESIS;
    const base = { seq: (last[0]?.seq ?? 0) + 1, time: Math.trunc(this.now()), event: e.event, model: e.model, from_state: e.from ?? null, to_state: e.to ?? null, detail: JSON.stringify(e.detail ?? {}) };
    const row: AuditRow = { ...base, prev_hash: prev, hash: rowHash(prev, base) };
    await execute(this.connection, 'INSERT INTO ml_audit VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      row.seq,
      row.time,
      row.event,
      row.model,
      row.from_state,
      row.to_state,
      row.detail,
      row.prev_hash,
      row.hash,
    ]);
    return row;
  }

  /** Walks the chain from the genesis hash; `expectHead` (a head hash kept elsewhere) also catches a lost tail. */
  async verify(expectHead?: string): Promise<AuditVerification> {
    return verifyChain(await this.rows(), expectHead);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Pure check of rows in seq order. */
export function verifyChain(rows: readonly AuditRow[], expectHead?: string): AuditVerification {
  let prev = GENESIS;
  const bad = (problem: string): AuditVerification => ({ ok: false, rows: rows.length, head: prev, problem });
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.seq !== i + 1) return bad(`row ${i + 1}: found seq ${r.seq} (a row was deleted or reordered)`);
    if (r.prev_hash !== prev) return bad(`row ${r.seq}: prev_hash does not match row ${r.seq - 1}'s hash (a row was deleted, inserted or reordered)`);
    const h = rowHash(prev, r);
    if (h !== r.hash) return bad(`row ${r.seq}: content does not match its hash (the row was edited)`);
    prev = h;
  }
  if (expectHead !== undefined && expectHead !== prev) return bad(`head ${prev.slice(0, 12)}... is not the expected ${expectHead.slice(0, 12)}... (rows were lost at the end)`);
  return { ok: true, rows: rows.length, head: prev, problem: null };
}
