/**
 * Live hot-path latency under load: trade frames arrive on the public socket at a steady rate
 * (default 10,000 trades/s, LIVE_BENCH_RATE), and every TRADES_PER_BAR-th trade opens a new
 * 1-minute bar, so the previous bar closes, is journaled, reaches the kernel and a strategy
 * that trades every bar, and the order goes out on the private socket (its acknowledgement is
 * journaled too). Measured in-process against the loopback simulator in real mode, from the
 * client's `frame` event for the bar-closing trade (socket delivered the text) to KrakenVenue's
 * onSent probe (add_order handed to the socket). Journal policies: write (no sync), fsync (an
 * fdatasync per entry on the event loop) and group (group commit: one fdatasync in the thread
 * pool per batch, orders held until their inputs are durable; src/live/journal/journal-writer.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseFixed } from '../src/core/decimal/fixed.ts';
import { parseSessionConfig } from '../src/core/journal/session-config.ts';
import type { SyncPolicy } from '../src/live/journal/journal-writer.ts';
import { createLogger } from '../src/live/logging/logger.ts';
import { LiveRunner } from '../src/live/runner/live-runner.ts';
import { KrakenSimulator } from '../src/live/sim/simulator.ts';

const KEY = 'BENCHKEY';
const SECRET = Buffer.alloc(64, 9).toString('base64');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Trades per bar: one bar (and one order) per this many trades. */
const TRADES_PER_BAR = 100;

interface LoadRun {
  latencies: number[];
  trades: number;
  seconds: number;
  orders: number;
  syncs: number;
}

async function once(sync: SyncPolicy, trades: number, rate: number): Promise<LoadRun> {
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
  // Receive times of the frames that carry a bar-closing trade (qty 0.02; every other trade is
  // 0.01), in order: each such frame causes exactly one order, and orders go out in bar order.
  const closing: number[] = [];
  const latencies: number[] = [];
  let measuring = false;
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
      const at = closing.shift();
      if (at !== undefined && measuring) latencies.push(performance.now() - at);
    },
  });
  await runner.start();
  const internals = runner as unknown as { publicWs: { on: (e: string, f: (f: { raw: string }) => void) => void }; journal: { syncs: number } };
  internals.publicWs.on('frame', (f) => {
    if (f.raw.includes('"qty":0.02')) closing.push(performance.now());
  });
  while (runner.health.publicState !== 'subscribed' || runner.health.privateState !== 'subscribed') await new Promise((r) => setTimeout(r, 10));
  const syncsBefore = internals.journal.syncs;
  const big = parseFixed('0.02');
  const small = parseFixed('0.01');
  const barMs = 60_000 / TRADES_PER_BAR;
  const start = performance.now();
  let sent = 0;
  // Paced: as many trades as the rate allows by now (at most 2 ms worth at once, so a late
  // turn does not become one long burst), then back to the event loop (sockets, journal callbacks).
  const burst = Math.max(1, Math.ceil(rate / 500));
  while (sent < trades) {
    const due = Math.min(trades, sent + burst, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; sent < due; sent++) {
      const i = sent + 1;
      if (i === 10 * TRADES_PER_BAR) measuring = true; // warm-up: the first 10 bars are not counted
      sim.injectTrade({ symbol: 'BTC/USD', price: parseFixed('40000'), qty: i % TRADES_PER_BAR === 0 ? big : small, side: 'buy', ordType: 'market', time: t0 + i * barMs });
    }
    await new Promise((r) => setImmediate(r));
  }
  const seconds = (performance.now() - start) / 1000;
  const waitUntil = Date.now() + 2000;
  const wanted = Math.floor(trades / TRADES_PER_BAR) - 10;
  while (latencies.length < wanted - 1 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 5));
  const syncs = internals.journal.syncs - syncsBefore;
  await runner.stop();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  return { latencies, trades, seconds, orders: latencies.length, syncs };
}

export async function benchLiveLatency(): Promise<Record<string, number | string>> {
  const trades = Number(process.env.LIVE_BENCH_TRADES ?? 50_000);
  const rate = Number(process.env.LIVE_BENCH_RATE ?? 10_000);
  const out: Record<string, number | string> = {
    path: 'trade frame on socket -> add_order on socket (real mode, simulator)',
    load: `${rate} trades/s offered, one bar (so one order and its ack) per ${TRADES_PER_BAR} trades`,
    trades,
  };
  const policies = (process.env.LIVE_BENCH_POLICIES?.split(',') ?? ['write', 'fsync', 'group']) as SyncPolicy[];
  for (const sync of policies) {
    const cpu = process.cpuUsage();
    const r = await once(sync, trades, rate);
    const used = process.cpuUsage(cpu);
    out[`${sync}: trades/s achieved`] = Math.round(r.trades / r.seconds);
    out[`${sync}: orders measured`] = r.orders;
    out[`${sync}: p50 ms`] = Number(pct(r.latencies, 50).toFixed(3));
    out[`${sync}: p99 ms`] = Number(pct(r.latencies, 99).toFixed(3));
    out[`${sync}: max ms`] = Number(pct(r.latencies, 100).toFixed(3));
    out[`${sync}: CPU s (process, whole run)`] = Number(((used.user + used.system) / 1e6).toFixed(2));
    if (sync === 'group') out['group: fdatasync calls (one per batch)'] = r.syncs;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchLiveLatency().then((r) => console.log(r));
}
