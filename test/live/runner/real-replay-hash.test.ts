import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { session, startSim, tempDir } from './helpers.ts';
import { useTeardown } from './teardown.ts';
import { advanceHour, FIXTURES, startRunner } from './in-process.ts';

/**
 * A real-mode session (venue events journaled) replays through the backtest path to the very
 * summary the live runner had, hash included. This failed while the live kernel saw fill fields
 * the journal does not carry (Kraken's `cost`): the live hash had `|cost=...`, the replay not.
 */
describe('real session replay', () => {
  const defer = useTeardown();

  it('gives the live ledger and hash', async () => {
    const s = await startSim({ USD: '10000' });
    const sim = s.sim;
    defer(() => sim.close());
    const t = tempDir('real-hash-');
    defer(t.cleanup);
    const cfg = session({ mode: 'real', strategy: join(FIXTURES, 'flip-strategy.ts'), params: {}, cash: '0', risk: { maxOrderNotional: '1000', maxDrawdown: 0.5 } });
    const runner = (await startRunner(sim, cfg, join(t.dir, 'real.jsonl'))).runner;
    defer(() => runner.stop());
    for (let h = 1; h <= 4; h++) await advanceHour(sim, runner, s.lastTrade, h);
    const live = runner.session.summary();
    expect(runner.session.recentFills.length).toBeGreaterThan(1);
    await runner.stop();
    expect((await replayJournal(join(t.dir, 'real.jsonl'))).summary).toEqual(live);
  });
});
