/**
 * `npm run live`: paper or real trading on the backtest's kernel. Paper fills against live bars
 * with the simulated venue; real routes orders to Kraken (private WebSocket, REST fallback) and
 * needs keys, --i-understand-real-money and hard risk limits. `--endpoint` points everything at
 * the loopback simulator. Bad input exits 2 with one line naming the problem.
 *
 * The upper layers add to it through a LiveExtension (the ML downtime cycle: src/cli/live/),
 * since src/live may not import them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { defaultSymbols } from '../core/instruments/symbols.ts';
import { parseSessionConfig, type SessionConfig } from '../core/journal/session-config.ts';
import { parseRiskConfig } from '../core/risk/risk-config.ts';
import { parseTimeframe } from '../core/market/timeframe.ts';
import { loadKrakenCredentials, type KrakenCredentials } from './kraken/auth/secrets.ts';
import { createLogger } from './logging/logger.ts';
import { LiveRunner, type LiveRunnerOptions } from './runner/live-runner.ts';
import type { Logger } from './logging/logger.ts';
import { checkRunnerOptions, describeResume } from './runner/runner-options.ts';
import { parseFeeRate } from '../core/decimal/rates.ts';
import { startStatusServer } from './status/status-server.ts';
import { LogRing } from './dashboard/log-ring.ts';
import { KrakenRateLimiter } from './kraken/rest/rate-limiter.ts';
import { statusLine } from './status/status-view.ts';

/** Real money needs limits that bound the damage of a bug: per-order notional and a drawdown breaker. */
export function requireHardLimits(risk: Record<string, unknown>): void {
  parseRiskConfig(risk);
  const missing = ['maxOrderNotional', 'maxDrawdown'].filter((k) => risk[k] === undefined);
  if (missing.length) throw new Error(`--real refuses to start without hard risk limits: set ${missing.join(' and ')} in the config's "risk" (e.g. {"risk": {"maxOrderNotional": "500", "maxDrawdown": 0.1}})`);
}

/** What a layer above adds to `npm run live` (options, session settings, runner inputs, an attached cycle). */
export interface LiveExtension {
  options(y: Argv<any>): Argv<any>;
  /** Before the session config is validated: may set parameters and session fields. Throws one line on bad input. */
  configure?(args: Record<string, any>, settings: { strategy: string; pairs: readonly string[]; timeframe: string; params: Record<string, string>; fromFile: Record<string, unknown> }): void;
  /** Before the runner starts (a restart included): loads what the session needs; returns runner options to add. */
  prepare?(args: Record<string, any>, ctx: { session: SessionConfig; journalPath: string; logger: Logger }): Promise<Partial<LiveRunnerOptions>>;
  /** After the start: follows the runner; the returned function is awaited on shutdown, before the runner stops. */
  attach?(runner: LiveRunner, args: Record<string, any>, ctx: { logger: Logger; emit: (line: Record<string, unknown>) => void }): Promise<() => Promise<Record<string, unknown>>>;
}

/** Runs the live command on `argv` (without the node and script names). */
export async function runLiveCommand(argv: string[], extensions: readonly LiveExtension[] = []): Promise<void> {
  let parser: Argv<any> = yargs(argv)
    .scriptName('npm run live --')
    .usage('$0 --paper|--real [options]\n\nRuns a strategy on live Kraken data through the backtest kernel.')
    .option('paper', { type: 'boolean', default: false, describe: 'paper trading: simulated fills against live bars' })
    .option('real', { type: 'boolean', default: false, describe: 'real trading on Kraken (needs keys, --i-understand-real-money and risk limits)' })
    .option('i-understand-real-money', { type: 'boolean', default: false, describe: 'confirmation required by --real' })
    .option('strategy', { type: 'string', default: 'sma-cross', describe: 'built-in strategy or path to a .ts file' })
    .option('param', { type: 'string', array: true, default: [], describe: 'strategy parameter name=value (repeatable)' })
    .option('pairs', { type: 'string', default: 'BTC/USD', describe: 'comma-separated pairs, any Kraken spelling' })
    .option('timeframe', { type: 'string', default: '1m', describe: 'bar interval: 1m 5m 15m 30m 1h 4h 1d' })
    .option('cash', { type: 'string', default: '10000', describe: 'paper: starting cash in the quote currency' })
    .option('maker-fee', { type: 'string', default: '0.16%' })
    .option('taker-fee', { type: 'string', default: '0.26%' })
    .option('config', { type: 'string', describe: 'JSON file: any session setting plus "risk" limits, "downtime", "reposition"' })
    .option('journal', { type: 'string', describe: 'journal file (default out/live/<mode>-<strategy>.journal.jsonl); an existing one is resumed' })
    .option('endpoint', { type: 'string', describe: 'loopback simulator REST URL (http://127.0.0.1:PORT); WS URLs via --ws-public/--ws-private or the simulator\'s /sim/urls' })
    .option('ws-public', { type: 'string', describe: 'public WebSocket URL (with --endpoint)' })
    .option('ws-private', { type: 'string', describe: 'private WebSocket URL (with --endpoint)' })
    .option('clock', { choices: ['wall', 'feed'] as const, describe: 'event time source: wall (default) or feed (exchange timestamps; default with --endpoint)' })
    .option('warmup', { type: 'number', default: 720, describe: 'bars of REST OHLC history loaded before trading' })
    .option('secret-file', { type: 'string', describe: 'Kraken key file (else KRAKEN_API_KEY/KRAKEN_API_SECRET or KRAKEN_SECRET_FILE)' })
    .option('status-port', { type: 'number', default: 0, describe: 'status page port on 127.0.0.1 (0 = any free port, -1 = off)' })
    .option('control', { type: 'boolean', default: false, describe: 'accept POST /control/{halt,reduce-only,resume} on the status server (token in <journal>.control-token); off = read-only' })
    .option('deadman', { type: 'number', default: 60, describe: 'real: cancel-all-after timeout in seconds (0 = off)' })
    .option('reconcile-every', { type: 'number', default: 60, describe: 'real: seconds between reconciliations' })
    .option('restart-settle', { type: 'number', default: 5, describe: 'real: seconds to wait after a restart before reconciling' })
    .option('fsync', { type: 'boolean', default: true, describe: 'make journal entries durable with fdatasync (--no-fsync: write only)' })
    .option('group-commit', { type: 'boolean', default: true, describe: 'with fsync: one fdatasync per batch in the background, orders held until their inputs are durable (--no-group-commit: an fdatasync per entry before it is processed)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no status line' })
    .option('log-level', { type: 'string', default: 'info' });
  for (const ext of extensions) parser = ext.options(parser);
  const args = await parser
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .help()
    .parseAsync();

  if (args.paper === args.real) throw new Error('choose exactly one of --paper or --real');
  checkRunnerOptions({ warmup: args.warmup, 'status-port': args['status-port'], deadman: args.deadman, 'reconcile-every': args['reconcile-every'], 'restart-settle': args['restart-settle'] });
  const fromFile: Record<string, unknown> = {};
  if (args.config) {
    try {
      Object.assign(fromFile, JSON.parse(readFileSync(args.config, 'utf8')));
    } catch (e) {
      throw new Error(`--config ${args.config}: ${(e as Error).message}`);
    }
  }
  const params: Record<string, string> = { ...((fromFile.params as Record<string, string>) ?? {}) };
  for (const item of args.param.map(String)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--param "${item}" must look like name=value`);
    params[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  const mode = args.real ? 'real' : 'paper';
  parseTimeframe(args.timeframe);
  const pairs = String(args.pairs).split(',').map((p) => defaultSymbols.resolve(p.trim()));
  for (const ext of extensions) ext.configure?.(args, { strategy: args.strategy, pairs, timeframe: args.timeframe, params, fromFile });
  const session: SessionConfig = parseSessionConfig({
    clientIdPrefix: Date.now().toString(36).slice(-6),
    ...fromFile,
    mode,
    strategy: args.strategy,
    params,
    pairs,
    timeframe: args.timeframe,
    cash: mode === 'paper' ? args.cash : '0',
    makerFee: parseFeeRate('--maker-fee', args['maker-fee']),
    takerFee: parseFeeRate('--taker-fee', args['taker-fee']),
  });
  let credentials: KrakenCredentials | undefined;
  if (mode === 'real') {
    if (!args['i-understand-real-money']) throw new Error('--real trades real money: add --i-understand-real-money to confirm');
    requireHardLimits(session.risk);
    credentials = loadKrakenCredentials({ file: args['secret-file'] });
  }
  const endpoint = args.endpoint;
  const urls = endpoint
    ? { restUrl: endpoint.replace(/\/$/, ''), wsPublicUrl: args['ws-public'] ?? '', wsPrivateUrl: args['ws-private'] ?? '' }
    : { restUrl: 'https://api.kraken.com', wsPublicUrl: 'wss://ws.kraken.com/v2', wsPrivateUrl: 'wss://ws-auth.kraken.com/v2' };
  if (endpoint && (!urls.wsPublicUrl || (mode === 'real' && !urls.wsPrivateUrl))) throw new Error('--endpoint needs --ws-public (and --ws-private for --real): the simulator prints all three URLs');
  const journalPath = args.journal ?? join('out', 'live', `${mode}-${session.strategy.replace(/[^A-Za-z0-9-]/g, '_')}-${pairs.join('_').replace('/', '')}-${session.timeframe}.journal.jsonl`);
  const logs = new LogRing(300); // recent lines for the dashboard's Operations page, passed on to stderr
  const logger = createLogger({ level: args['log-level'], destination: logs });
  const limiter = new KrakenRateLimiter(); // shared with the dashboard's rate counters
  const extra: Partial<LiveRunnerOptions>[] = [];
  for (const ext of extensions) if (ext.prepare) extra.push(await ext.prepare(args, { session, journalPath, logger }));
  const runner = new LiveRunner({
    ...Object.assign({}, ...extra),
    session,
    journalPath,
    ...urls,
    clock: args.clock ?? (endpoint ? 'feed' : 'wall'),
    credentials,
    logger,
    warmupBars: args.warmup,
    sync: !args.fsync ? 'write' : args['group-commit'] ? 'group' : 'fsync',
    deadmanSec: args.deadman,
    reconcileEveryMs: args['reconcile-every'] * 1000,
    restartSettleMs: args['restart-settle'] * 1000,
    nonceStateDir: join('out', 'live', 'nonce'),
    restOptions: { rateLimiter: limiter },
    onFatal: (reason) => onFatal(reason),
  });
  // Until the shutdown below exists (during the start), the runner's own stop is all there is.
  let onFatal = (reason: string): void => void process.stderr.write(`error: ${reason}\n`);
  await runner.start();
  const emit = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify(line) + '\n');
  const detach: (() => Promise<Record<string, unknown>>)[] = [];
  for (const ext of extensions) if (ext.attach) detach.push(await ext.attach(runner, args, { logger, emit }));
  const status = args['status-port'] >= 0 ? await startStatusServer(runner, { port: args['status-port'], control: args.control, controlTokenFile: `${journalPath}.control-token`, market: { wsPublicUrl: urls.wsPublicUrl }, limiter, logs }) : undefined;

  const kill = (mode: 'halted' | 'reducing-only' | 'active', why: string) => () => runner.setMode(mode, why);
  process.on('SIGUSR1', kill('halted', 'SIGUSR1 (kill switch)'));
  process.on('SIGUSR2', kill('reducing-only', 'SIGUSR2 (reduce only)'));
  process.on('SIGHUP', kill('active', 'SIGHUP (resume)'));
  let line: NodeJS.Timeout | undefined;
  if (!args.quiet) {
    line = setInterval(() => process.stderr.write(`${statusLine(runner)}\n`), 5_000);
    line.unref();
  }
  const shutdown = async (sig: string, code = 0) => {
    logger.info({ signal: sig }, 'stopping');
    if (line) clearInterval(line);
    await status?.close();
    const notes: Record<string, unknown> = {};
    for (const d of detach) Object.assign(notes, await d());
    await runner.stop();
    limiter.close(); // shared, so the runner does not close it: no rate-limit sleeper outlives the session
    process.stdout.write(JSON.stringify({ event: 'stopped', summary: runner.session.summary(), ...notes }) + '\n');
    process.exit(code);
  };
  const stopOn = (sig: string) => () => {
    shutdown(sig).catch((e: unknown) => {
      process.stderr.write(`error: stopping: ${(e as Error).message}\n`);
      process.exit(1);
    });
  };
  onFatal = (reason) => {
    process.stderr.write(`error: ${reason}\n`);
    shutdown('journal failure', 1).catch(() => process.exit(1));
  };
  process.on('SIGINT', stopOn('SIGINT'));
  process.on('SIGTERM', stopOn('SIGTERM'));
  // Announced only once the signal handlers are in place: a SIGTERM sent on seeing 'started'
  // must reach shutdown (journal flushed, exit 0), not the default action that kills the process.
  process.stdout.write(JSON.stringify({ event: 'started', pid: process.pid, journal: journalPath, restarted: runner.restarted, resumed: runner.resumed ?? null, status: status?.url ?? null, control: status?.controlUrl ?? null }) + '\n');
  if (runner.resumed) process.stderr.write(`${describeResume(journalPath, runner.resumed)}\n`);
  logger.info({ journal: journalPath, status: status?.url }, 'live runner started');
}

/** The entry's error rule: one line, exit 2. */
export function exitOnError(e: unknown): never {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`error: ${msg.split('\n')[0]}\n`);
  process.exit(2);
}
