import { pathToFileURL } from 'node:url';
import { importBundled, MarketStore } from '../src/backtest/store/index.ts';

/**
 * Market store throughput: candles/s from DuckDB into CandleBatch typed arrays (the kernel's
 * hot path; target >= 5M/s), the same with SQL resampling, and the time to import the whole
 * bundled data set. Run alone with `npx tsx bench/store-load.ts`.
 */

const ROWS = 5_000_000;
const PAIRS = 5;
const T0 = Date.UTC(2020, 0, 1);

async function timeLoad(store: MarketStore, symbols: string[], interval: number, exchange = 'synthetic'): Promise<{ rows: number; seconds: number; cpuSeconds: number; checksum: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  let checksum = 0;
  for await (const b of store.loadCandles({ exchange, symbols, interval, from: T0, to: T0 + 10 * 365 * 86_400_000, batchSize: 16_384 })) {
    rows += b.length;
    checksum += b.close[b.length - 1]; // touch the data so nothing is optimised away
  }
  const used = process.cpuUsage(cpu);
  return { rows, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, checksum };
}

export async function benchStoreLoad(): Promise<Record<string, number | string>> {
  const store = await MarketStore.open(':memory:');
  try {
    let t = performance.now();
    const bundled = await importBundled(store, { progressBar: false });
    const importSeconds = (performance.now() - t) / 1000;
    const importedRows = bundled.reduce((s, r) => s + r.inserted, 0);

    t = performance.now();
    // 'synthetic' stores rows time-major (pairs interleaved); 'synthetic-by-pair' stores the same
    // rows one pair after the other, as importing one file per pair does.
    for (const [exchange, order] of [['synthetic', ''], ['synthetic-by-pair', `ORDER BY i % ${PAIRS}, i`]]) {
      await store.connection.run(`INSERT INTO candles
        SELECT '${exchange}', 'P' || (i % ${PAIRS}) || '/USD', 1, ${T0} + (i // ${PAIRS}) * 60000,
          100 + (i % 97), 101 + (i % 97), 99 + (i % 97), 100.5 + (i % 97), 1 + (i % 13), i % 50, 'bench'
        FROM range(${ROWS}) t(i) ${order}`);
    }
    const setupSeconds = (performance.now() - t) / 1000;
    const symbols = Array.from({ length: PAIRS }, (_, i) => `P${i}/USD`);

    await timeLoad(store, symbols.slice(0, 1), 1); // warm-up
    const direct = await timeLoad(store, symbols, 1);
    const byPair = await timeLoad(store, symbols, 1, 'synthetic-by-pair');
    const resampled = await timeLoad(store, symbols, 60);

    const figures = {
      'store.import.bundled.rows': importedRows,
      'store.import.bundled.seconds': Number(importSeconds.toFixed(2)),
      'store.import.bundled.rows_per_s': Math.round(importedRows / importSeconds),
      'store.synthetic.rows': ROWS,
      'store.synthetic.setup_seconds': Number(setupSeconds.toFixed(2)),
      'store.load.candles': direct.rows,
      'store.load.seconds': Number(direct.seconds.toFixed(3)),
      'store.load.candles_per_s': Math.round(direct.rows / direct.seconds),
      // CPU time of all of the process's threads (DuckDB's included): steadier than wall time on a busy machine.
      'store.load.cpu_seconds': Number(direct.cpuSeconds.toFixed(3)),
      'store.load_by_pair_layout.candles_per_s': Math.round(byPair.rows / byPair.seconds),
      'store.load_by_pair_layout.cpu_seconds': Number(byPair.cpuSeconds.toFixed(3)),
      'store.load_resampled_1m_to_1h.source_candles_per_s': Math.round(ROWS / resampled.seconds),
      'store.load_resampled_1m_to_1h.candles': resampled.rows,
    };
    return figures;
  } finally {
    store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [k, v] of Object.entries(await benchStoreLoad())) console.log(`${k.padEnd(54)} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`);
}
