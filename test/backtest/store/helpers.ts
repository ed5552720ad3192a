import { fileURLToPath } from 'node:url';
import type { CandleBatch } from '../../../src/core/market/candle-batch.ts';
import type { MarketStore } from '../../../src/backtest/store/index.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/csv/', import.meta.url));

export interface Row {
  pair: number;
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

/** Copies every row out of a batch stream (batches may be reused by the loader). */
export async function collect(batches: AsyncIterable<CandleBatch>): Promise<{ rows: Row[]; sizes: number[] }> {
  const rows: Row[] = [];
  const sizes: number[] = [];
  for await (const b of batches) {
    sizes.push(b.length);
    for (let i = 0; i < b.length; i++) {
      rows.push({ pair: b.pair[i], openTime: b.openTime[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i], trades: b.trades[i] });
    }
  }
  return { rows, sizes };
}

/**
 * The content of every store table: small tables row by row, large ones as row count plus an
 * order-independent XOR of per-row hashes. Equal snapshots mean equal content.
 */
export async function snapshot(store: MarketStore): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const table of ['meta', 'instruments', 'candles', 'trades', 'imports']) {
    const [[n, h]] = (await store.connection.runAndReadAll(`SELECT count(*), bit_xor(hash(t)) FROM ${table} t`)).getRowsJson();
    out[table] = Number(n) <= 5000 ? (await store.connection.runAndReadAll(`SELECT * FROM ${table} ORDER BY ALL`)).getRowsJson() : [n, h];
  }
  return JSON.stringify(out);
}

/** Deterministic Fisher-Yates shuffle (LCG seeded), for physical insertion orders in tests. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
