/**
 * Live hot-path latency: a trade frame arriving on the public socket -> the order it causes
 * leaving the process. Measured in-process against the loopback simulator in real mode: each
 * trade opens a new 1-minute bar, so the previous bar closes, is journaled (fdatasync or write),
 * reaches the kernel and a strategy that trades every bar, and the order is written to the
 * private socket. Timestamps: the client's `frame` event (socket delivered the text) and
 * KrakenVenue's onSent probe (add_order handed to the socket).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseFixed } from '../src/core/decimal/fixed.ts';
import { parseSessionConfig } from '../src/core/journal/session-config.ts';
import { createLogger } from '../src/live/logging/logger.ts';
import { LiveRunner } from '../src/live/runner/live-runner.ts';
import { KrakenSimulator } from '../src/live/sim/simulator.ts';

const KEY = 'BENCHKEY';
const SECRET = Buffer.alloc(64, 9).toString('base64');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function once(sync: 'fsync' | 'write', events: number): Promise<number[]> {
  const t0 = Date.UTC(2024, 0, 1);
  const sim = await KrakenSimulator.start({
    trades: [{ symbol: 'BTC/USD', price: parseFixed('40000'), qty: parseFixed('0.1'), side: 'buy', ordType: 'market', time: t0 - 60_000 }],
    startTime: t0,
    accounts: [{ key: KEY, secret: SECRET, balances: { USD: '100000000' } }],
    heartbeatMs: 0,
    rateLimit: { enabled: false },
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-live-'));
  const strategyPath = join(dir, 'every-bar.ts');
  (await import('node:fs')).writeFileSync(
    strategyPath,
    `export default () => ({ name: 'every-bar', onCandle(ctx, bar) { ctx.submit({ pair: bar.symbol, side: 'buy', type: 'limit', qty: 1000000000000000n, limitPrice: 1000000000000000000000n, postOnly: true }); } });\n`,
  );
  const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) as never, level: 'error' });
  const received: number[] = [];
  const latencies: number[] = [];
  const runner = new LiveRunner({
    session: parseSessionConfig({ mode: 'real', strategy: strategyPath, pairs: ['BTC/USD'], timeframe: '1m', clientIdPrefix: 'B', downtime: null, risk: { maxOrderNotional: '100000000', maxDrawdown: 0.9 } }),
    journalPath: join(dir, 'bench.jsonl'),
    restUrl: sim.restUrl,
    wsPublicUrl: sim.wsPublicUrl,
    wsPrivateUrl: sim.wsPrivateUrl,
    clock: 'feed',
    credentials: (await import('../src/live/kraken/auth/secrets.ts')).krakenCredentials(KEY, SECRET),
    logger,
    warmupBars: 0,
    sync,
    deadmanSec: 0,
    reconcileEveryMs: 0,
    onOrderSent: () => {
      const at = received.shift();
      if (at !== undefined) latencies.push(performance.now() - at);
    },
  });
  await runner.start();
  const ws = (runner as unknown as { publicWs: { on: (e: string, f: () => void) => void } }).publicWs;
  ws.on('frame', () => received.push(performance.now()));
  while (runner.health.publicState !== 'subscribed' || runner.health.privateState !== 'subscribed') await new Promise((r) => setTimeout(r, 10));
  for (let i = 1; i <= events; i++) {
    received.length = 0;
    sim.injectTrade({ symbol: 'BTC/USD', price: parseFixed('40000'), qty: parseFixed('0.01'), side: 'buy', ordType: 'market', time: t0 + i * 60_000 });
    const want = latencies.length + 1;
    const start = Date.now();
    while (latencies.length < want && Date.now() - start < 2000) await new Promise((r) => setImmediate(r));
  }
  await runner.stop();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  return latencies.slice(10);
}

export async function benchLiveLatency(): Promise<Record<string, number | string>> {
  const events = Number(process.env.LIVE_BENCH_EVENTS ?? 2000);
  const out: Record<string, number | string> = { path: 'trade frame on socket -> add_order on socket (real mode, simulator)', events };
  for (const sync of ['write', 'fsync'] as const) {
    const l = await once(sync, events);
    out[`${sync} samples`] = l.length;
    out[`${sync} p50 ms`] = Number(pct(l, 50).toFixed(3));
    out[`${sync} p99 ms`] = Number(pct(l, 99).toFixed(3));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchLiveLatency().then((r) => console.log(r));
}
