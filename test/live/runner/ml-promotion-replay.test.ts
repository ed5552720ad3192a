import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDailyWindow } from '../../../src/core/calendar/downtime-window.ts';
import { DEFAULT_FEATURE_SPEC } from '../../../src/core/features/feature-spec.ts';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { approvedModel, registerApprovedModel, type ApprovedModel } from '../../../src/core/ml/approved-model.ts';
import type { MarketStore } from '../../../src/backtest/store/index.ts';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { AuditLog } from '../../../src/research/ml/audit-log.ts';
import { promotionInput, registerJournalModels } from '../../../src/research/ml/journal-models.ts';
import { attachMlCycle, loadModelForSession } from '../../../src/research/ml/live-wiring.ts';
import { retrainAndPromote } from '../../../src/research/ml/retrain.ts';
import { DEFAULT_XGB_PARAMS } from '../../../src/research/ml/xgboost-cli.ts';
import { btcStore, PERMISSIVE } from '../../research/ml/helpers.ts';
import { HOUR, session, SIM_START, startSim, tempDir } from './helpers.ts';
import { advanceHour, startRunner } from './in-process.ts';
import { useTeardown } from './teardown.ts';

const ALIAS = 'approved:BTC/USD';
const FOLDS = { folds: 2, trainRatio: 3, embargo: 4 };
/** The retrained model's signal rule is long from p >= 0.05 (nearly always), the first one's from 0.5 (rarely): the promotion changes the decisions, so a replay that missed it would not match. */
const EAGER = { ...PERMISSIVE, signal: { ...PERMISSIVE.signal, threshold: 0.05 } };

/**
 * A model promotion is a journal input: the session journals the model it starts with and the
 * one the downtime cycle promotes (id + artifact hash, validated first), and a replay loads
 * exactly those artifacts by hash, switching at the same entry. A day of paper trading
 * ml-signal against the loopback simulator crosses one promotion.
 */
describe('model promotion journaled and replayed', () => {
  const defer = useTeardown();
  let store: MarketStore;
  let dir: string;
  let audit: AuditLog;
  let first: ApprovedModel;

  beforeAll(async () => {
    store = await btcStore();
    dir = mkdtempSync(join(tmpdir(), 'krakenbt-promo-'));
    audit = await AuditLog.open(join(dir, 'audit.duckdb'));
    const r = await retrainAndPromote(store, dir, audit, { pair: 'BTC/USD', timeframe: '1h', from: '2021-01-01', to: '2022-04-30', spec: DEFAULT_FEATURE_SPEC, config: PERMISSIVE, xgb: DEFAULT_XGB_PARAMS, folds: FOLDS });
    expect(r.verdict).toBe('APPROVED');
  }, 120_000);
  afterAll(() => {
    audit.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays a session across a promotion to the same fills and hash, and refuses an altered artifact', async () => {
    first = await loadModelForSession(dir, audit, 'BTC/USD', '1h');
    const s = await startSim({ USD: '10000' });
    defer(() => s.sim.close());
    const t = tempDir('promo-');
    defer(t.cleanup);
    const journal = join(t.dir, 'paper.jsonl');
    const cfg = session({ strategy: 'ml-signal', params: { model: ALIAS }, downtime: null });
    const { runner } = await startRunner(s.sim, cfg, journal, { warmupBars: 100, openingInputs: (time) => [promotionInput(first, time)] });
    let stopped = false;
    defer(() => (stopped ? undefined : runner.stop()));
    const cycle = attachMlCycle(runner, {
      source: store,
      modelsDir: dir,
      audit,
      retrain: { pair: 'BTC/USD', timeframe: '1h', from: '2021-01-01', spec: DEFAULT_FEATURE_SPEC, config: EAGER, xgb: DEFAULT_XGB_PARAMS, folds: FOLDS },
      window: parseDailyWindow('03:00-05:00')!,
      onEnter: 'flatten',
      leadMs: HOUR,
    });
    defer(() => cycle.detach());
    for (let h = 1; h <= 16; h++) {
      await advanceHour(s.sim, runner, s.lastTrade, h);
      await cycle.idle();
      runner.session.onClock(SIM_START + h * HOUR + 1);
    }
    const second = cycle.outcomes[0]?.model;
    expect(second?.id).toBeDefined();
    expect(second!.id).not.toBe(first.id);
    expect(approvedModel(ALIAS).id).toBe(second!.id);

    // Validate, then journal: a promotion of a model nobody loaded is refused with its reason, and changes nothing.
    expect(runner.record({ k: 'model', time: runner.eventNow(), pair: 'BTC/USD', id: 'no-such-model', artifactHash: 'f'.repeat(64) })).toBe(false);
    expect(approvedModel(ALIAS).id).toBe(second!.id);
    const liveHash = runner.session.kernel.hash();
    const liveFills = runner.session.recentFills.map((f) => `${f.execId} ${f.side} ${f.qty}@${f.price}`);
    expect(runner.session.recentFills.some((f) => f.time > cycle.changes.at(-1)!.time)).toBe(true); // it traded the promoted model
    await runner.stop();
    stopped = true;

    const parsed = parseJournalText(readFileSync(journal, 'utf8'), journal);
    const models = parsed.entries.filter((e) => e.input.k === 'model').map((e) => e.input);
    expect(models.map((m) => (m.k === 'model' ? `${m.id} ${m.artifactHash}` : ''))).toEqual([`${first.id} ${first.artifactHash}`, `${second!.id} ${second!.artifactHash}`]);
    const refused = parsed.entries.filter((e) => e.input.k === 'refused').map((e) => (e.input.k === 'refused' ? e.input.reason : ''));
    expect(refused).toEqual(['model no-such-model is not loaded (load the artifact with hash ' + 'f'.repeat(64) + ' first)']);

    // Replay in a process whose registry points elsewhere: the journal decides, by hash.
    registerApprovedModel(second!, [ALIAS]);
    const replayed = await replayJournal(journal, { beforeStrategy: (j) => void registerJournalModels(dir, j.entries, journal) });
    expect(replayed.summary.hash).toBe(liveHash);
    expect(replayed.fills.map((f) => `${f.execId} ${f.side} ${f.qty}@${f.price}`).slice(-liveFills.length)).toEqual(liveFills);
    expect(replayed.inputFailures).toEqual([]);
    expect(approvedModel(ALIAS).id).toBe(second!.id);

    // The promoted artifact altered after the fact: the replay refuses, naming the entry and the model.
    const n = parsed.entries.find((e) => e.input.k === 'model' && e.input.id === second!.id)!.n;
    appendFileSync(join(dir, second!.id, 'model.json'), ' ');
    expect(() => registerJournalModels(dir, parsed.entries, journal)).toThrow(new RegExp(`^replay refused: .*paper\\.jsonl entry ${n} promotes model ${second!.id}: its files no longer match the journaled artifact ${second!.artifactHash.slice(0, 12)}`));
    await expect(replayJournal(journal, { beforeStrategy: (j) => void registerJournalModels(dir, j.entries, journal) })).rejects.toThrow(/replay refused/);
    // ... and a missing one likewise.
    renameSync(join(dir, second!.id), join(dir, 'moved-away'));
    expect(() => registerJournalModels(dir, parsed.entries, journal)).toThrow(`promotes model ${second!.id} (artifact ${second!.artifactHash.slice(0, 12)}...) is not in ${dir}`);
  }, 240_000);
});
