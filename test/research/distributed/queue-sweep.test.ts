import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MarketStore } from '../../../src/backtest/store/index.ts';
import { queueExecutor } from '../../../src/research/distributed/queue-executor.ts';
import { saveResults } from '../../../src/research/sweep/sweep-store.ts';
import { resultsHash } from '../../../src/research/sweep/results-hash.ts';
import { runSweep, sweepIdOf, type SweepSpec } from '../../../src/research/sweep/run-sweep.ts';
import { backtestConfig } from '../../../src/research/runs/backtest.ts';
import { researchStore } from '../helpers.ts';
import { startRedis, type TestRedis } from './redis.ts';

const ROOT = join(import.meta.dirname, '../../..');
const FRAGILE = join(import.meta.dirname, '../fixtures/fragile-strategy.ts');

/** 24 backtests of sma-cross on five years of real hourly BTC/USD: long enough to kill a worker mid-job. */
const spec: SweepSpec = {
  base: { strategy: 'sma-cross', pairs: ['BTC/USD'], timeframe: '1h', from: '2018-01-01', to: '2022-12-31' },
  space: { fast: ['5', '10', '15', '20', '25', '30', '35', '40'], slow: ['50', '100', '200'] },
};

interface TestWorker {
  readonly child: ChildProcess;
  /** stderr so far */
  log(): string;
  waitFor(re: RegExp): Promise<void>;
}

const workers: TestWorker[] = [];

function startWorker(url: string): TestWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/krakenbt.ts', 'worker', '--queue', url, '--lock-ms', '3000'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of [...waiters]) if (w.re.test(err)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const w: TestWorker = {
    child,
    log: () => err,
    waitFor: (re) => (re.test(err) ? Promise.resolve() : new Promise((resolve) => waiters.push({ re, resolve }))),
  };
  workers.push(w);
  return w;
}

function stopWorker(w: TestWorker, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    w.child.once('exit', () => resolve());
    w.child.kill(signal);
  });
}

let redis: TestRedis;
let store: MarketStore;
beforeAll(async () => {
  [redis, store] = await Promise.all([startRedis(), researchStore()]);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => stopWorker(w, 'SIGKILL')));
});
afterAll(async () => {
  store.close();
  await redis.stop();
});

const rowCount = async (sweepId: string): Promise<number> =>
  Number((await store.connection.runAndReadAll('SELECT count(*) AS n FROM sweep_results WHERE sweep_id = $1', [sweepId])).getRowObjectsJS()[0].n);

describe('sweeps on BullMQ workers', () => {
  it('three worker processes, one killed mid-job: the same result table and hash as the local sweep, one row per job', async () => {
    const local = await runSweep(store, spec, { workers: 0 });
    expect(local.results).toHaveLength(24);
    const sweepId = sweepIdOf(spec, backtestConfig(spec.base));
    const [victim] = [startWorker(redis.url), startWorker(redis.url), startWorker(redis.url)];
    // Kill the first worker while it holds a job: after it has started its second one.
    const killed = victim.waitFor(/start[^\n]*\n[\s\S]*start /).then(() => stopWorker(victim, 'SIGKILL'));
    const out = await runSweep(store, spec, { store, executor: queueExecutor({ url: redis.url, sweepId, reconcileMs: 500 }) });
    await killed;
    expect(victim.child.signalCode).toBe('SIGKILL');
    expect(out.complete).toBe(true);
    expect(out.results).toEqual(local.results);
    expect(resultsHash(out.results)).toBe(resultsHash(local.results));
    expect(await rowCount(sweepId)).toBe(24);
    // The job the victim held was run again by a survivor (BullMQ's stalled-job check).
    const victimStarts = (victim.log().match(/start /g) ?? []).length;
    const victimDone = (victim.log().match(/done /g) ?? []).length;
    expect(victimStarts).toBeGreaterThan(victimDone);
  });

  it('Redis restarting mid-sweep (no persistence) loses no finished result: lost jobs are queued again', async () => {
    const s2: SweepSpec = { ...spec, space: { fast: ['6', '12', '18', '24'], slow: ['60', '120', '180'] } };
    const local = await runSweep(store, s2, { workers: 0 });
    const sweepId = sweepIdOf(s2, backtestConfig(s2.base));
    startWorker(redis.url);
    startWorker(redis.url);
    let restarted: Promise<void> | undefined;
    let requeued = 0;
    const out = await runSweep(store, s2, {
      store,
      executor: queueExecutor({
        url: redis.url, sweepId, reconcileMs: 300,
        onStatus: (q) => {
          requeued = q.requeued;
          if (q.done >= 3 && !restarted) restarted = redis.restart();
        },
      }),
    });
    await restarted;
    expect(restarted).toBeDefined();
    expect(requeued).toBeGreaterThan(0);
    expect(out.results).toEqual(local.results);
    expect(await rowCount(sweepId)).toBe(local.results.length);
  });

  it('a parameter set that fails mid-run fails its job with the error; the rest of the sweep completes, like the local sweep', async () => {
    const s3: SweepSpec = { base: { strategy: FRAGILE, pairs: ['BTC/USD'], timeframe: '1d', from: '2019-01-01', to: '2020-12-31' }, space: { boom: ['0', '1'], size: ['50', '100'] } };
    const local = await runSweep(store, s3, { workers: 0 });
    const sweepId = sweepIdOf(s3, backtestConfig(s3.base));
    startWorker(redis.url);
    const out = await runSweep(store, s3, { executor: queueExecutor({ url: redis.url, sweepId, reconcileMs: 300 }) });
    expect(out.results).toEqual(local.results);
    const failed = out.results.filter((r) => r.error !== null);
    expect(failed.map((r) => r.params.boom)).toEqual(['1', '1']);
    expect(failed[0].error).toMatch(/fragile strategy exploded on candle 10/);
    expect(out.results.filter((r) => r.error === null)).toHaveLength(2);
  });

  it('a job whose result arrives twice (a stalled job that its first worker still finished) is one row', async () => {
    const s4: SweepSpec = { base: { ...spec.base, timeframe: '1d' }, space: { fast: ['3', '7'], slow: ['30'] } };
    const sweepId = sweepIdOf(s4, backtestConfig(s4.base));
    startWorker(redis.url);
    const out = await runSweep(store, s4, { store, executor: queueExecutor({ url: redis.url, sweepId, reconcileMs: 300 }) });
    await saveResults(store.connection, sweepId, out.results);
    await saveResults(store.connection, sweepId, [out.results[1], out.results[0]]);
    expect(await rowCount(sweepId)).toBe(out.results.length);
    const again = await runSweep(store, s4, { store });
    expect(again.resumed).toBe(out.results.length);
    expect(again.results).toEqual(out.results);
  });
});
