/**
 * Runs the loopback Kraken simulator from the command line:
 *
 *   npx tsx src/live/sim/main.ts --port 0 --data data/bundled/kraken/ohlcvt/60/XBTUSD_60.csv.gz \
 *     [--data more.csv.gz] [--pair XBTUSD] [--interval 60] [--start 2022-01-01T00:00:00Z] \
 *     [--speed 60 | --manual] [--seed 1] [--key K --secret S] [--balance USD=10000 --balance BTC=1]
 *
 * Prints the REST and WebSocket URLs and one account's credentials (JSON on stdout), then replays the
 * market at `--speed` x real time until interrupted.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { KrakenSimulator } from './simulator.ts';

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .option('port', { type: 'number', default: 0, describe: 'REST port (0 = ephemeral); WS ports are ephemeral unless --ws-port/--ws-auth-port' })
    .option('ws-port', { type: 'number', default: 0 })
    .option('ws-auth-port', { type: 'number', default: 0 })
    .option('data', { type: 'string', array: true, demandOption: true, describe: 'Kraken OHLCVT/trades CSV(.gz), REST Trades JSON, or the fixtures directory' })
    .option('pair', { type: 'string', describe: 'pair of the data files when the file name does not say (XBTUSD, BTC/USD)' })
    .option('interval', { type: 'number', describe: 'candle interval in minutes when the file name does not say' })
    .option('start', { type: 'string', describe: 'RFC3339 start time; earlier data is warm-up history' })
    .option('speed', { type: 'number', default: 1, describe: 'replay speed (x real time)' })
    .option('manual', { type: 'boolean', default: false, describe: 'do not advance time by itself' })
    .option('seed', { type: 'number', default: 1 })
    .option('key', { type: 'string', default: 'SIMKEY' })
    .option('secret', { type: 'string', describe: 'base64 API secret (default: seeded random)' })
    .option('balance', { type: 'string', array: true, default: ['USD=10000'], describe: 'ASSET=amount' })
    .option('no-rate-limit', { type: 'boolean', default: false })
    .strict()
    .parse();
  const start = argv.start !== undefined ? Date.parse(argv.start) : undefined;
  if (start !== undefined && !Number.isFinite(start)) throw new Error(`--start is not an RFC3339 time: ${argv.start}`);
  const balances = Object.fromEntries(
    argv.balance.map((b) => {
      const [asset, amount] = b.split('=');
      if (!asset || amount === undefined) throw new Error(`--balance must look like ASSET=amount, got ${JSON.stringify(b)}`);
      return [asset, amount];
    }),
  );
  const sim = await KrakenSimulator.start({
    files: argv.data.map((path) => ({ path, pair: argv.pair, intervalMinutes: argv.interval })),
    seed: argv.seed,
    startTime: start,
    clock: argv.manual ? { mode: 'manual' } : { mode: 'realtime', speed: argv.speed },
    rateLimit: { enabled: !argv['no-rate-limit'] },
    ports: { rest: argv.port, wsPublic: argv['ws-port'], wsPrivate: argv['ws-auth-port'] },
  });
  const creds = sim.addAccount({ key: argv.key, secret: argv.secret, balances });
  process.stdout.write(
    JSON.stringify({ rest: sim.restUrl, wsPublic: sim.wsPublicUrl, wsPrivate: sim.wsPrivateUrl, apiKey: creds.key, apiSecret: creds.secret, simTime: new Date(sim.now()).toISOString(), pendingEvents: sim.pending() }) + '\n',
  );
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error: closing the simulator: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`kraken simulator: ${(e as Error).message}\n`);
  process.exit(1);
});
