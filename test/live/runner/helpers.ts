import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseSessionConfig, type SessionConfig } from '../../../src/core/journal/session-config.ts';
import { createLogger, type Logger } from '../../../src/live/logging/logger.ts';
import { KrakenSimulator } from '../../../src/live/sim/simulator.ts';

export const FIXTURE = join(import.meta.dirname, 'fixtures', 'XBTUSD_60.csv');
export const SIM_START = Date.UTC(2022, 5, 1);
export const HOUR = 3_600_000;
export const TEST_KEY = 'TESTKEY';
export const TEST_SECRET = Buffer.alloc(64, 7).toString('base64');

export async function startSim(balances: Record<string, string> = { USD: '10000' }): Promise<{ sim: KrakenSimulator; lastTrade: () => number }> {
  const sim = await KrakenSimulator.start({
    files: [{ path: FIXTURE }],
    startTime: SIM_START,
    accounts: [{ key: TEST_KEY, secret: TEST_SECRET, balances }],
    heartbeatMs: 0,
    seed: 1,
    rateLimit: { enabled: false },
  });
  let last = -Infinity;
  sim.on((ev) => {
    if (ev.kind === 'market') last = Math.max(last, sim.now());
  });
  return { sim, lastTrade: () => last };
}

export function tempDir(prefix = 'live-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function session(over: Partial<SessionConfig> = {}): SessionConfig {
  return parseSessionConfig({
    mode: 'paper',
    strategy: 'sma-cross',
    params: { fast: '3', slow: '8' },
    pairs: ['BTC/USD'],
    timeframe: '1h',
    cash: '10000',
    clientIdPrefix: 'T1',
    downtime: null,
    ...over,
  });
}

/** A logger that keeps its JSON lines in memory (tests read them). */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const dest = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ destination: dest as never, level: 'debug' });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
