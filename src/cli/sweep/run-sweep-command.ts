/** The work of `krakenbt sweep`, loaded only when that command runs. */
import cliProgress from 'cli-progress';
import { openMarket } from '../../research/data/market.ts';
import { queueExecutor, type QueueStatus } from '../../research/distributed/queue-executor.ts';
import { parseRedisUrl } from '../../research/distributed/redis-url.ts';
import { formatFolds, formatTop } from '../../research/sweep/format.ts';
import { parseParamSpace } from '../../research/sweep/param-space.ts';
import { resultsHash } from '../../research/sweep/results-hash.ts';
import { runSweep, sweepIdOf, type SweepSpec } from '../../research/sweep/run-sweep.ts';
import { evaluateWalkForward } from '../../research/sweep/walk-forward.ts';
import { backtestConfig } from '../../research/runs/backtest.ts';
import { CliError } from '../cli-error.ts';
import type { SweepArgs } from '../commands/sweep.ts';

export async function sweep(args: SweepArgs): Promise<void> {
  const fixed: Record<string, string> = {};
  for (const item of args.fixed.map(String)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--fixed "${item}" must look like name=value`);
    fixed[item.slice(0, eq)] = item.slice(eq + 1);
  }
  const spec: SweepSpec = {
    base: {
      strategy: args.strategy, pairs: args.pairs.split(',').map((p) => p.trim()).filter(Boolean), timeframe: args.timeframe, from: args.from, to: args.to, cash: args.cash, params: fixed,
      ...(args['maker-fee'] ? { makerFee: args['maker-fee'] } : {}), ...(args['taker-fee'] ? { takerFee: args['taker-fee'] } : {}),
    },
    space: parseParamSpace(args.param.map(String)),
    search: args.random !== undefined ? { kind: 'random', samples: args.random, seed: args.seed } : { kind: 'grid' },
    ...(args.folds !== undefined ? { walkForward: { folds: args.folds, trainRatio: args['train-ratio'] } } : {}),
  };

  if (args.queue !== undefined) parseRedisUrl(args.queue);
  const store = await openMarket(args.store);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const tty = !args.json && process.stderr.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar({
      stream: process.stderr, hideCursor: true,
      format: args.queue
        ? 'sweep {bar} {value}/{total} jobs | {percentage}% | eta {eta_formatted} | failed {failed} | running {running} | resumed {resumed}'
        : 'sweep {bar} {value}/{total} jobs | {percentage}% | eta {eta_formatted} | resumed {resumed}',
    }, cliProgress.Presets.shades_classic)
    : undefined;
  let started = false;
  const queueState = { failed: 0, running: 0 };
  try {
    const t0 = performance.now();
    const executor = args.queue === undefined ? undefined : queueExecutor({
      url: args.queue,
      sweepId: sweepIdOf(spec, backtestConfig(spec.base)),
      onStatus: (q: QueueStatus) => {
        queueState.failed = q.failed;
        queueState.running = q.running;
        if (!tty) process.stderr.write(`sweep: ${q.done}/${q.total} done, ${q.failed} failed, ${q.running} running${q.requeued ? `, ${q.requeued} re-queued` : ''}\n`);
      },
    });
    const out = await runSweep(store, spec, {
      workers: args.workers,
      store: args.save ? store : undefined,
      signal: abort.signal,
      executor,
      onProgress: (p) => {
        if (!bar) return;
        const payload = { resumed: p.resumed, ...queueState };
        if (!started) bar.start(p.total, p.done, payload);
        else bar.update(p.done, payload);
        started = true;
      },
    });
    bar?.stop();
    const seconds = (performance.now() - t0) / 1000;
    if (args.json) {
      for (const r of out.results) process.stdout.write(JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) + '\n');
    } else {
      const where = args.queue ? `queue ${args.queue}` : `${args.workers} worker thread(s)`;
      process.stdout.write(`${out.sweepId}: ${out.results.length} results (${out.resumed} resumed from the store), ${out.skipped.length} parameter sets refused by the strategy, ${seconds.toFixed(1)} s on ${where}\n`);
      process.stdout.write(`results hash ${resultsHash(out.results)}\n`);
      for (const s of out.skipped.slice(0, 3)) process.stdout.write(`  refused ${JSON.stringify(s.params)}: ${s.reason}\n`);
      const failed = out.results.filter((r) => r.error !== null);
      if (failed.length > 0) process.stdout.write(`  ${failed.length} job(s) failed:\n${failed.map((r) => `    ${r.key}: ${r.error}`).join('\n')}\n`);
      process.stdout.write('\n');
      if (spec.walkForward) {
        const folds = evaluateWalkForward(out.results, args.objective);
        process.stdout.write(`${formatFolds(folds, args.objective)}\n`);
      } else {
        process.stdout.write(`${formatTop(out.results, args.objective, args.top)}\n`);
      }
      if (args.save) process.stdout.write(`\nresults stored in ${args.store}: SELECT * FROM sweep_results WHERE sweep_id = '${out.sweepId}'\n`);
    }
    if (!out.complete) {
      process.stderr.write(`interrupted: ${out.results.length} results stored; run the same command again to resume\n`);
      process.exitCode = 130;
    }
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
    store.close();
  }
}
