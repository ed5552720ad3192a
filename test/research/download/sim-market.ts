import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { KrakenSimulator } from '../../../src/live/sim/simulator.ts';

/**
 * A loopback Kraken simulator replaying recorded data: the bundled Kraken BTC/USD hourly
 * OHLCVT archive (data/bundled, see data/README.md), cut to 2022-10-01 .. 2022-12-08 so the
 * test loads in a moment. The simulator's clock starts at `now` (manual clock).
 */
export const BUNDLED_XBT_60 = fileURLToPath(new URL('../../../data/bundled/kraken/ohlcvt/60/XBTUSD_60.csv.gz', import.meta.url));
export const SLICE_FROM = Date.UTC(2022, 9, 1);
export const SLICE_TO = Date.UTC(2022, 11, 8);
export const HOUR = 3_600_000;

export interface RecordedCandle {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function recordedSlice(): { lines: string[]; candles: RecordedCandle[] } {
  const lines = gunzipSync(readFileSync(BUNDLED_XBT_60))
    .toString('utf8')
    .split('\n')
    .filter((l) => {
      const t = Number(l.split(',')[0]) * 1000;
      return t >= SLICE_FROM && t < SLICE_TO;
    });
  const candles = lines.map((l) => {
    const [t, o, h, lo, c, v] = l.split(',').map(Number);
    return { openTime: t * 1000, open: o, high: h, low: lo, close: c, volume: v };
  });
  return { lines, candles };
}

export interface SimMarket {
  readonly sim: KrakenSimulator;
  readonly candles: RecordedCandle[];
  readonly dir: string;
  close(): Promise<void>;
}

export async function startRecordedSim(now: number): Promise<SimMarket> {
  const dir = mkdtempSync(join(tmpdir(), 'dl-sim-'));
  const { lines, candles } = recordedSlice();
  const file = join(dir, 'XBTUSD_60.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const sim = await KrakenSimulator.start({ files: [{ path: file }], startTime: now, heartbeatMs: 0 });
  return {
    sim,
    candles,
    dir,
    async close() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
