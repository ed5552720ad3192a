/**
 * `krakenbt worker --queue redis://host:port`: runs sweep jobs from the queue until stopped
 * (SIGINT/SIGTERM finish the job in hand, then exit). Start one per core, on any machine that
 * reaches the Redis; it needs this repository and its node_modules, not the market store.
 */
import type { Argv, CommandModule } from 'yargs';

function options(y: Argv) {
  return y
    .usage('$0 worker --queue redis://host:port [--concurrency 1]\n\nRuns `krakenbt sweep --queue` jobs from a Redis queue, on this machine, until stopped.')
    .option('queue', { type: 'string', demandOption: true, describe: 'the Redis the coordinator uses: redis://host:port[/db]' })
    .option('concurrency', { type: 'number', default: 1, describe: 'jobs at once in this process (backtests are CPU-bound: prefer one process per core)' })
    .option('lock-ms', { type: 'number', default: 30_000, describe: 'job lock duration; must exceed the longest single backtest (a dead worker\'s jobs move on after this)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no line per job on stderr' });
}

type WorkerArgs = Awaited<ReturnType<ReturnType<typeof options>['parseAsync']>>;

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'run sweep jobs from a Redis queue (krakenbt sweep --queue) until stopped',
  builder: (y) => options(y) as unknown as Argv<WorkerArgs>,
  handler: async (args) => {
    const [{ parseRedisUrl }, { runQueueWorker }] = await Promise.all([import('../../research/distributed/redis-url.ts'), import('../../research/distributed/queue-worker.ts')]);
    parseRedisUrl(args.queue);
    if (!Number.isInteger(args.concurrency) || args.concurrency < 1) throw new Error(`--concurrency ${args.concurrency} must be a whole number >= 1`);
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.stderr.write(`worker ${process.pid}: taking jobs from ${args.queue}\n`);
    try {
      const r = await runQueueWorker({
        url: args.queue, concurrency: args.concurrency, lockDurationMs: args['lock-ms'], signal: abort.signal,
        onStart: args.quiet ? undefined : (j) => process.stderr.write(`worker ${process.pid}: start ${j.key}\n`),
        onJob: args.quiet ? undefined : (j) => process.stderr.write(`worker ${process.pid}: done ${j.key} ${j.ms.toFixed(0)} ms${j.error ? ` failed: ${j.error}` : ''}\n`),
      });
      process.stderr.write(`worker ${process.pid}: stopped after ${r.processed} job(s)\n`);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
