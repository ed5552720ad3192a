#!/usr/bin/env node
/**
 * `npm run live:demo`: the offline demo of the live runner. It starts the loopback Kraken
 * simulator on the bundled real Kraken BTC/USD hourly candles, runs a paper session of
 * sma-cross against it (market data over the real WebSocket v2 protocol, every input
 * journaled), then replays the journal through the backtest path in a separate process and
 * shows that both give the same ledger and event-log hash. Nothing leaves 127.0.0.1.
 *
 * While it runs, the live dashboard is served on 127.0.0.1 (its URL is printed first): the
 * simulator lists a Kraken-sized synthetic catalog (`--pairs`, default 1,400) whose pairs keep
 * trading, so the Markets page looks like the real exchange. In a terminal the replay is paced
 * (`--pace-ms` per simulated hour) and the dashboard stays up after it (`--stay`) until Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatFixed } from '../core/decimal/fixed.ts';
import { parseSessionConfig } from '../core/journal/session-config.ts';
import { LogRing } from './dashboard/log-ring.ts';
import { KrakenRateLimiter } from './kraken/rest/rate-limiter.ts';
import { createLogger } from './logging/logger.ts';
import { LiveRunner } from './runner/live-runner.ts';
import { KrakenSimulator } from './sim/simulator.ts';
import { SyntheticMarketDriver, syntheticCatalog, syntheticHistory } from './sim/synthetic-market.ts';
import { startStatusServer } from './status/status-server.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = join(ROOT, 'data/bundled/kraken/ohlcvt/60/XBTUSD_60.csv.gz');
const HOUR = 3_600_000;

async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function main(): Promise<void> {
  const args = await yargs(hideBin(process.argv))
    .scriptName('npm run live:demo --')
    .option('start', { type: 'string', default: '2022-06-01', describe: 'UTC date the simulated market starts at (earlier candles are warm-up history)' })
    .option('hours', { type: 'number', default: 240, describe: 'hours of market to replay through the live runner' })
    .option('journal', { type: 'string', default: 'out/live/demo.jsonl', describe: 'where the session journal is written (replaced)' })
    .option('pairs', { type: 'number', default: 1400, describe: 'pairs the simulator lists (BTC/USD real data, the rest synthetic)' })
    .option('pace-ms', { type: 'number', default: process.stdout.isTTY ? 400 : 0, describe: 'wall-clock ms per simulated hour (0: as fast as possible)' })
    .option('stay', { type: 'boolean', default: Boolean(process.stdout.isTTY), describe: 'keep the dashboard up after the replay until Ctrl-C' })
    .option('status-port', { type: 'number', default: 0, describe: 'dashboard port on 127.0.0.1 (0: any free port)' })
    .strict()
    .parse();
  const start = Date.parse(`${args.start}T00:00:00Z`);
  if (!Number.isFinite(start)) throw new Error(`--start: "${args.start}" is not a UTC date (YYYY-MM-DD)`);
  if (!(Number.isInteger(args.hours) && args.hours > 0)) throw new Error(`--hours must be a positive whole number, got ${args.hours}`);
  const journal = resolve(args.journal);
  mkdirSync(dirname(journal), { recursive: true });
  rmSync(journal, { force: true });

  if (!(Number.isInteger(args['pace-ms']) && args['pace-ms'] >= 0)) throw new Error(`--pace-ms must be a whole number >= 0, got ${args['pace-ms']}`);
  const { catalog, synthetic } = syntheticCatalog(args.pairs);
  const history = syntheticHistory(synthetic, start - 26 * HOUR, start);
  const sim = await KrakenSimulator.start({ files: [{ path: DATA }], trades: history, catalog, startTime: start, heartbeatMs: 1000, seed: 1, rateLimit: { enabled: false } });
  const driver = new SyntheticMarketDriver(sim, synthetic);
  let lastMarket = -Infinity;
  sim.on((ev) => {
    if (ev.kind === 'market') lastMarket = Math.max(lastMarket, sim.now());
  });
  const logs = new LogRing(300, null); // the Operations page shows them; the terminal stays readable
  const limiter = new KrakenRateLimiter();
  const runner = new LiveRunner({
    session: parseSessionConfig({ mode: 'paper', strategy: 'sma-cross', params: { fast: '3', slow: '8' }, pairs: ['BTC/USD'], timeframe: '1h', cash: '10000', clientIdPrefix: 'DEMO', downtime: null, risk: { maxDrawdown: 0.5, maxOrderNotional: '25000' } }),
    journalPath: journal,
    restUrl: sim.restUrl,
    wsPublicUrl: sim.wsPublicUrl,
    wsPrivateUrl: sim.wsPrivateUrl,
    clock: 'feed',
    logger: createLogger({ level: 'info', destination: logs }),
    restOptions: { rateLimiter: limiter },
    warmupBars: 20,
    sync: 'write',
    tickMs: 20,
    deadmanSec: 0,
    reconcileEveryMs: 0,
    restartSettleMs: 0,
  });
  process.stdout.write(`simulator on ${sim.restUrl} replaying Kraken BTC/USD 1h from ${new Date(start).toISOString()}\n`);
  let status: Awaited<ReturnType<typeof startStatusServer>> | undefined;
  const churn = setInterval(() => driver.step(40), 250); // the synthetic pairs keep trading
  churn.unref();
  try {
    await runner.start();
    await until(() => runner.health.publicState === 'subscribed', 'the market feed');
    status = await startStatusServer(runner, { port: args['status-port'], control: true, controlTokenFile: `${journal}.control-token`, market: { wsPublicUrl: sim.wsPublicUrl }, limiter, logs });
    process.stdout.write(`dashboard: ${status.url}  (control token in ${journal}.control-token)\n`);
    for (let h = 1; h <= args.hours; h++) {
      if (args['pace-ms'] > 0) await new Promise((r) => setTimeout(r, args['pace-ms']));
      sim.advanceTo(start + h * HOUR);
      const target = lastMarket;
      await until(() => (runner.health.lastTradeAt ?? 0) >= target, `hour ${h} of the market`);
      if (h % 24 === 0 || h === args.hours) {
        const k = runner.session.kernel;
        process.stdout.write(`  ${new Date(start + h * HOUR).toISOString().slice(0, 16)}Z  equity ${k.equityApprox().toFixed(2)} USD  candles ${k.candleCount()}  events ${k.eventCount()}\n`);
      }
    }
    if (args.stay) {
      process.stdout.write(`replay done; the dashboard stays up at ${status.url} — Ctrl-C to stop and run the parity check\n`);
      await new Promise<void>((r) => process.once('SIGINT', () => r()));
    }
  } finally {
    clearInterval(churn);
    await status?.close();
    await runner.stop();
    limiter.close(); // shared, so the runner does not close it: no rate-limit sleeper outlives the session
    await sim.close();
  }
  const live = runner.session.kernel;
  const liveHash = live.hash();
  process.stdout.write(`\nlive paper session: equity ${formatFixed(live.equity(), 2)} USD, event-log hash ${liveHash}\njournal: ${journal}\n`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/backtest/cli.ts'), '--replay', journal, '--json', '--no-report', '--no-save'], { encoding: 'utf8', cwd: ROOT });
  const replay = (JSON.parse(out) as { summary: { hash: string; balances: Record<string, string> | [string, string][]; realizedPnl: string } }).summary;
  process.stdout.write(`replayed through the backtest path (another process): event-log hash ${replay.hash}\n`);
  const liveBalances = JSON.stringify(Object.fromEntries(live.ledger.assets().map((a) => [a, formatFixed(live.ledger.balance(a))])));
  const replayBalances = JSON.stringify(Array.isArray(replay.balances) ? Object.fromEntries(replay.balances) : replay.balances);
  process.stdout.write(`  balances live ${liveBalances}\n  balances replay ${replayBalances}\n`);
  if (replay.hash !== liveHash) throw new Error('parity broken: the replay hash differs from the live session');
  process.stdout.write('parity: the live session and its backtest replay are identical\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exitCode = 2;
});
