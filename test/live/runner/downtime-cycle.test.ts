import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDailyWindow } from '../../../src/core/calendar/downtime-window.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { approvedModel } from '../../../src/core/ml/approved-model.ts';
import type { MarketStore } from '../../../src/backtest/store/index.ts';
import { AuditLog } from '../../../src/research/ml/audit-log.ts';
import { listModels } from '../../../src/research/ml/pipeline.ts';
import { retrainAndPromote } from '../../../src/research/ml/retrain.ts';
import { attachMlCycle, loadModelForSession } from '../../../src/research/ml/live-wiring.ts';
import { DEFAULT_XGB_PARAMS } from '../../../src/research/ml/xgboost-cli.ts';
import { btcStore, PERMISSIVE } from '../../research/ml/helpers.ts';
import { HOUR, session, SIM_START, startSim, tempDir } from './helpers.ts';
import { advanceHour, startRunner } from './in-process.ts';
import { useTeardown } from './teardown.ts';


/**
 * A simulated day (2022-06-01, real recorded BTC/USD trades replayed by the loopback Kraken
 * simulator) of a paper session trading ml-signal. The runner passes TRADING -> TRANSITION
 * (flattening from 02:00, one bar ahead of the 03:00-05:00 window) -> DOWNTIME (retrain on the
 * bundled candles up to the day before, four gates, promotion) -> TRANSITION -> TRADING, and
 * trades the new model afterwards. The gates are relaxed (PERMISSIVE) so the promotion path runs.
 */
describe('live runner: a day through the ML downtime cycle', () => {
  const defer = useTeardown();
  let store: MarketStore;
  let dir: string;
  let audit: AuditLog;
  let firstId: string;

  beforeAll(async () => {
    store = await btcStore();
    dir = mkdtempSync(join(tmpdir(), 'krakenbt-cycle-'));
    audit = await AuditLog.open(join(dir, 'audit.duckdb'));
    const first = await retrainAndPromote(store, dir, audit, { pair: 'BTC/USD', timeframe: '1h', from: '2021-01-01', to: '2022-04-30', spec: DEFAULT_FEATURE_SPEC, config: PERMISSIVE, xgb: DEFAULT_XGB_PARAMS, folds: { folds: 2, trainRatio: 3, embargo: 4 } });
    expect(first.verdict).toBe('APPROVED');
    // The session can only trade what this loader accepts: APPROVED in a verified audit log, files matching the approval's hash.
    firstId = (await loadModelForSession(dir, audit, 'BTC/USD', '1h')).id;
    expect(firstId).toBe(first.id);
  }, 120_000);
  afterAll(() => {
    audit.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('flattens, retrains, gates, promotes and resumes with the new model', async () => {
    const s = await startSim({ USD: '10000' });
    defer(() => s.sim.close());
    const t = tempDir('cycle-');
    defer(t.cleanup);
    const cfg = session({ strategy: 'ml-signal', params: { model: 'approved:BTC/USD', threshold: '0.2' }, downtime: null });
    const { runner } = await startRunner(s.sim, cfg, join(t.dir, 'paper.jsonl'), { warmupBars: 100 });
    defer(() => runner.stop());
    const positions: { hour: number; btc: bigint; phase: string }[] = [];
    const cycle = attachMlCycle(runner, {
      source: store,
      modelsDir: dir,
      audit,
      retrain: { pair: 'BTC/USD', timeframe: '1h', from: '2021-01-01', spec: DEFAULT_FEATURE_SPEC, config: PERMISSIVE, xgb: DEFAULT_XGB_PARAMS, folds: { folds: 2, trainRatio: 3, embargo: 4 } },
      window: parseDailyWindow('03:00-05:00')!,
      onEnter: 'flatten',
      leadMs: HOUR,
    });
    defer(() => cycle.detach());
    for (let h = 1; h <= 24; h++) {
      await advanceHour(s.sim, runner, s.lastTrade, h);
      await cycle.idle();
      runner.session.onClock(SIM_START + h * HOUR + 1); // let the cycle see the settled retrain
      positions.push({ hour: h, btc: runner.session.kernel.ledger.position('BTC'), phase: cycle.phase });
    }
    const path = cycle.changes.map((c) => `${c.from}>${c.to}`);
    expect(path).toEqual(['TRADING>TRANSITION', 'TRANSITION>DOWNTIME', 'DOWNTIME>TRANSITION', 'TRANSITION>TRADING']);
    const hourOf = (ms: number) => new Date(ms).getUTCHours();
    const [enter, down, resume] = cycle.changes;
    expect(hourOf(enter.time)).toBe(2);
    expect([3, 4]).toContain(hourOf(down.time));
    expect(hourOf(resume.time)).toBe(5);
    // Flat for the whole DOWNTIME phase; the strategy was long at some point that day (flattening was real).
    for (const p of positions.filter((x) => x.phase === 'DOWNTIME')) expect(p.btc).toBe(0n);
    // It really had a position to flatten (bought at the 02:00 bar, sold by the reducing-only strategy) ...
    expect(positions.some((p) => p.phase === 'TRANSITION' && p.btc > 0n)).toBe(true);
    const sells = runner.session.recentFills.filter((f) => f.side === 'sell');
    expect(sells.some((f) => f.time >= enter.time && f.time <= down.time)).toBe(true);
    // ... and trades again after the window, on the promoted model.
    expect(positions.some((p) => p.hour > 5 && p.btc > 0n)).toBe(true);
    // The retrain produced a new model that passed the gates and was promoted over the first.
    expect(cycle.outcomes.map((o) => o.verdict)).toEqual(['APPROVED']);
    const newId = cycle.outcomes[0].id;
    expect(newId).not.toBe(firstId);
    const states = Object.fromEntries((await listModels(dir, audit)).map((m) => [m.id, m.state]));
    expect(states).toEqual({ [firstId]: 'RETIRED', [newId]: 'APPROVED' });
    expect(approvedModel('approved:BTC/USD').id).toBe(newId);
    expect((await audit.verify()).ok).toBe(true);
    expect(runner.session.kernel.tradingMode()).toBe('active');
  }, 180_000);
});
