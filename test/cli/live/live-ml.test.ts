import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { BUNDLED_DIR, MarketStore } from '../../../src/backtest/store/index.ts';
import { AuditLog } from '../../../src/research/ml/audit-log.ts';
import { listModels } from '../../../src/research/ml/pipeline.ts';
import { retrainAndPromote } from '../../../src/research/ml/retrain.ts';
import { DEFAULT_XGB_PARAMS } from '../../../src/research/ml/xgboost-cli.ts';
import { PERMISSIVE } from '../../research/ml/helpers.ts';
import { HOUR, SIM_START, startSim, waitFor } from '../../live/runner/helpers.ts';
import { krakenbt, ROOT } from '../run-krakenbt.ts';

const FOLDS = { folds: 2, trainRatio: 3, embargo: 4 };
/** Gates relaxed (a config as a user would write it) so that the promotion path runs on the bundled data; long from p >= 0.2. */
const CONFIG = { ...PERMISSIVE, signal: { threshold: 0.2, size: 1 } };

/** Polls the child's status page until its feed has seen the trade at `target` (ms). */
async function seenTrades(status: string, target: number, what: () => string): Promise<void> {
  const start = Date.now();
  for (;;) {
    const st = (await (await fetch(`${status}status.json`)).json()) as { health: { lastTradeAt: number | null } };
    if ((st.health.lastTradeAt ?? 0) >= target) return;
    if (Date.now() - start > 30_000) throw new Error(`the session did not see the trades: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Lines the child printed on stdout (JSON events: started, phase, retrain, stopped). */
type Line = Record<string, any>;

/** Starts `npm run live` (node --import tsx src/cli/live/main.ts) and waits for its `started` line. */
async function startLive(args: readonly string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/live/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += String(d)));
  proc.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const lines = (): Line[] => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
  const event = (name: string) => lines().filter((l) => l.event === name);
  await waitFor(() => event('started').length > 0 || proc.exitCode !== null, 'the live session to start', 60_000);
  expect(event('started'), err).toHaveLength(1);
  return { proc, exited, event, err: () => err };
}

/**
 * `npm run live -- --paper --strategy ml-signal --ml <models dir>` end to end, as a child
 * process against the loopback Kraken simulator, which replays the real BTC/USD trades of
 * 2022-06-01 and whose clock the test moves an hour at a time: the session passes TRADING ->
 * TRANSITION -> DOWNTIME in the 03:00-05:00 window, retrains on the market store, runs the
 * gates, promotes the new model (journaled with its hash) and resumes; `krakenbt backtest
 * --replay` of its journal gives the live hash and refuses once the promoted artifact changed.
 */
describe('npm run live -- --ml: a simulated day through the downtime cycle', () => {
  let dir: string;
  let models: string;
  let storePath: string;
  let firstId: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'krakenbt-live-ml-'));
    models = join(dir, 'models');
    storePath = join(dir, 'market.duckdb');
    const store = await MarketStore.open(storePath);
    await store.importFile(join(BUNDLED_DIR, 'kraken/ohlcvt/60/XBTUSD_60.csv.gz'), { format: 'kraken-ohlcvt', exchange: 'kraken', symbol: 'BTC/USD', intervalMin: 60 });
    const audit = await AuditLog.open(join(models, 'audit.duckdb'));
    const first = await retrainAndPromote(store, models, audit, { pair: 'BTC/USD', timeframe: '1h', from: '2021-01-01', to: '2022-04-30', spec: DEFAULT_FEATURE_SPEC, config: CONFIG, xgb: DEFAULT_XGB_PARAMS, folds: FOLDS });
    expect(first.verdict).toBe('APPROVED');
    firstId = first.id;
    audit.close(); // the child opens both files: DuckDB lets one process hold each
    store.close();
    writeFileSync(join(dir, 'ml.json'), JSON.stringify({ ...CONFIG, folds: FOLDS }));
  }, 180_000);
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('trades, flattens, retrains, gates, promotes and resumes; the journal replays to its hash', async () => {
    const s = await startSim({ USD: '10000' });
    try {
      const journal = join(dir, 'paper.jsonl');
      const args = ['--paper', '--strategy', 'ml-signal', '--pairs', 'BTC/USD', '--timeframe', '1h', '--cash', '10000', '--endpoint', s.sim.restUrl, '--ws-public', s.sim.wsPublicUrl, '--journal', journal, '--warmup', '100', '--quiet', '--log-level', 'warn', '--status-port', '0', '--no-fsync', '--ml', models, '--ml-store', storePath, '--ml-config', join(dir, 'ml.json'), '--ml-train-from', '2021-01-01'];
      const { event, exited, err, proc } = await startLive(args);
      child = proc;
      const status = String(event('started')[0].status);

      for (let h = 1; h <= 24; h++) {
        s.sim.advanceTo(SIM_START + h * HOUR);
        await seenTrades(status, s.lastTrade(), () => `hour ${h}: ${err()}`);
        // The retrain runs in the child during DOWNTIME: let it settle before the clock passes the window
        // (the phase line is written while the trade is processed; give the pipe a moment to deliver it).
        if (event('retrain').length === 0) await new Promise((r) => setTimeout(r, 50));
        if (event('phase').some((p) => p.to === 'DOWNTIME')) await waitFor(() => event('retrain').length > 0, 'the retrain to finish', 120_000);
      }
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);

      const phases = event('phase');
      expect(phases.map((p) => `${p.from}>${p.to}`)).toEqual(['TRADING>TRANSITION', 'TRANSITION>DOWNTIME', 'DOWNTIME>TRANSITION', 'TRANSITION>TRADING']);
      const hour = (p: Line) => new Date(String(p.at)).getUTCHours();
      expect(hour(phases[0])).toBe(2); // one bar ahead of the window: flatten
      expect([3, 4]).toContain(hour(phases[1]));
      expect(hour(phases[2])).toBe(5);
      const [retrain] = event('retrain');
      expect(retrain.verdict).toBe('APPROVED');
      expect(retrain.id).not.toBe(firstId);
      const stopped = event('stopped')[0];
      expect(stopped.ml).toEqual({ phase: 'TRADING', changes: 4, outcomes: [{ id: retrain.id, verdict: 'APPROVED' }] });

      // The lifecycle, from the audit log the child wrote: the first model retired, the new one approved.
      const audit = await AuditLog.open(join(models, 'audit.duckdb'));
      try {
        const states = Object.fromEntries((await listModels(models, audit)).map((m) => [m.id, m.state]));
        expect(states).toEqual({ [firstId]: 'RETIRED', [retrain.id]: 'APPROVED' });
        expect((await audit.verify()).ok).toBe(true);
      } finally {
        audit.close();
      }
      // The journal holds both models by hash; it traded before the window and after the promotion; flat inside it.
      const parsed = parseJournalText(readFileSync(journal, 'utf8'), journal);
      const promos = parsed.entries.flatMap((e) => (e.input.k === 'model' ? [e.input] : []));
      expect(promos.map((p) => p.id)).toEqual([firstId, retrain.id]);
      expect(promos[1].artifactHash).toBe(retrain.artifactHash);
      const modes = parsed.entries.flatMap((e) => (e.input.k === 'mode' ? [e.input.mode] : []));
      expect(modes).toEqual(['halted', 'active', 'reducing-only', 'halted', 'active']);

      // Replay through the backtest path: the same hash, the artifacts loaded by their journaled hashes.
      const replay = await krakenbt(['backtest', '--replay', journal, '--models-dir', models, '--json']);
      expect(replay.code, replay.stderr).toBe(0);
      const replayed = JSON.parse(replay.stdout) as { summary: { hash: string }; fills: { side: string; time: number }[]; inputFailures: string[] };
      expect(replayed.summary.hash).toBe(stopped.summary.hash);
      expect(replayed.inputFailures).toEqual([]);
      // Long before the window, sold while flattening, nothing while down, long again on the promoted model.
      const [down, resumed] = [Date.parse(String(phases[1].at)), Date.parse(String(phases[3].at))];
      const fills = replayed.fills;
      expect(fills.some((f) => f.side === 'buy' && f.time < down)).toBe(true);
      expect(fills.some((f) => f.side === 'sell' && f.time >= Date.parse(String(phases[0].at)) && f.time <= down)).toBe(true);
      expect(fills.some((f) => f.time > down && f.time < resumed)).toBe(false);
      expect(fills.some((f) => f.side === 'buy' && f.time > resumed)).toBe(true);
      // A restart of the same journal loads the models it names by hash (not just today's approved
      // one): its replay ends where the session stopped, and it trades on.
      const again = await startLive(args);
      child = again.proc;
      expect(again.event('started')[0].restarted).toBe(true);
      again.proc.kill('SIGTERM');
      expect(await again.exited, again.err()).toBe(0);
      expect(again.event('stopped')[0].summary.hash).toBe(stopped.summary.hash);
      expect(again.err()).not.toMatch(/failed inside the kernel|promotion refused/); // every model entry applied

      // A changed artifact: one line naming the journal entry and the model; exit 2.
      appendFileSync(join(models, retrain.id, 'model.json'), '\n');
      const refused = await krakenbt(['backtest', '--replay', journal, '--models-dir', models]);
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(new RegExp(`^error: replay refused: .*paper\\.jsonl entry \\d+ promotes model ${retrain.id}: its files no longer match the journaled artifact`));
    } finally {
      s.sim.close();
    }
  }, 400_000);
});
