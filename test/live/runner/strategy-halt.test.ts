/**
 * One strategy's kill switch on the runner path: a paper session of a two-member strategy on the
 * simulator. Halting `bidder` is validated before it is journaled (an unknown id, a second halt
 * and resuming a strategy that trades are refused with their reason, as `refused` entries), cancels
 * its resting bid and rejects its new orders, while `flipper` keeps filling; resuming lets it bid
 * again. A replay of the journal reproduces the halt and the live outcome exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { createSessionKernel } from '../../../src/core/journal/session-kernel.ts';
import { loadLiveStrategy } from '../../../src/live/runner/strategy-loader.ts';
import { statusView } from '../../../src/live/status/status-view.ts';
import { closedOrders, advanceHour, FIXTURES, startRunner } from './in-process.ts';
import { session, startSim, tempDir } from './helpers.ts';
import { useTeardown } from './teardown.ts';

describe('per-strategy halt through the runner', () => {
  const defer = useTeardown();

  it('stops one member\'s orders while the other trades, journaled and replayed', async () => {
    const s = await startSim();
    defer(() => s.sim.close());
    const t = tempDir();
    defer(t.cleanup);
    const journalPath = join(t.dir, 'paper.jsonl');
    const cfg = session({ strategy: join(FIXTURES, 'two-members-strategy.ts'), params: {} });
    const { runner, logLines } = await startRunner(s.sim, cfg, journalPath);
    defer(() => runner.stop());
    const k = runner.session.kernel;
    const openOf = (id: string) => k.openOrderList().filter((o) => o.strategyId === id);
    const fillsOf = (id: string) => statusView(runner).attribution.strategies.find((a) => a.strategy === id)?.fills ?? 0;
    let h = 0;
    while (h < 3 || openOf('bidder').length === 0 || fillsOf('flipper') === 0) await advanceHour(s.sim, runner, s.lastTrade, ++h);
    const bid = openOf('bidder')[0];

    expect(runner.setStrategyHalted('nobody', true, 'test')).toBe('strategy "nobody" is not one this session runs (known: bidder, flipper, two-members)');
    expect(runner.setStrategyHalted('bidder', false, 'test')).toBe('strategy bidder is not halted');
    expect(runner.setStrategyHalted('bidder', true, 'test halt')).toBeUndefined();
    expect(runner.setStrategyHalted('bidder', true, 'again')).toBe('strategy bidder is already halted');
    expect([...k.strategyHalts()]).toEqual([['bidder', 'test halt']]);
    const haltedAt = runner.session.inputCount;

    const flipperFills = fillsOf('flipper');
    for (const end = h + 3; h < end; ) await advanceHour(s.sim, runner, s.lastTrade, ++h);
    expect(openOf('bidder')).toEqual([]);
    expect(k.orderList().find((o) => o.clientId === bid.clientId)).toBeUndefined(); // closed (and forgotten)
    const closed = closedOrders(logLines());
    expect(closed.find((c) => c.cid === bid.clientId)?.status).toBe('canceled');
    const refusedBids = closed.filter((c) => c.reason?.startsWith('strategy-halted: strategy bidder is halted (test halt)'));
    expect(refusedBids.length).toBeGreaterThanOrEqual(3); // one new far bid a bar, each rejected
    expect(fillsOf('flipper')).toBeGreaterThan(flipperFills); // the other member trades on

    expect(runner.setStrategyHalted('bidder', false, 'test resume')).toBeUndefined();
    await advanceHour(s.sim, runner, s.lastTrade, ++h);
    expect(openOf('bidder')).toHaveLength(1);
    const live = runner.session.summary();
    await runner.stop();

    const entries = parseJournalText(readFileSync(journalPath, 'utf8')).entries;
    expect(entries.flatMap((e) => (e.input.k === 'strategy' ? [`${e.input.strategyId} ${e.input.halted} ${e.input.reason}`] : []))).toEqual(['bidder true test halt', 'bidder false test resume']);
    expect(entries.flatMap((e) => (e.input.k === 'refused' && e.input.input.k === 'strategy' ? [e.input.reason] : []))).toEqual([
      'strategy "nobody" is not one this session runs (known: bidder, flipper, two-members)',
      'strategy bidder is not halted',
      'strategy bidder is already halted',
    ]);

    // Replay: the same halt at the same entry, and the same outcome as live.
    expect((await replayJournal(journalPath)).summary).toEqual(live);
    const replay = createSessionKernel(cfg, await loadLiveStrategy(cfg.strategy, cfg.params));
    for (const e of entries.filter((x) => x.n <= haltedAt)) replay.apply(e.input);
    expect([...replay.kernel.strategyHalts()]).toEqual([['bidder', 'test halt']]);
    expect(replay.check({ k: 'strategy', time: replay.kernel.now(), strategyId: 'bidder', halted: true, reason: 'x' })).toBe('strategy bidder is already halted');
  }, 60_000);
});
