import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { LiveRunner } from '../../../src/live/runner/live-runner.ts';
import { statusView } from '../../../src/live/status/status-view.ts';
import { HOUR, memoryLogger, session, SIM_START, startSim, tempDir, waitFor } from './helpers.ts';
import { useTeardown } from './teardown.ts';

describe('paper session against the simulator, replayed through the backtest path', () => {
  const defer = useTeardown();

  it('gives identical fills, ledger and hash', async () => {
    const s = await startSim();
    const sim = s.sim;
    defer(() => sim.close());
    const t = tempDir();
    defer(t.cleanup);
    const journalPath = join(t.dir, 'paper.jsonl');
    const { logger } = memoryLogger();
    const runner = new LiveRunner({
      session: session(),
      journalPath,
      restUrl: sim.restUrl,
      wsPublicUrl: sim.wsPublicUrl,
      wsPrivateUrl: sim.wsPrivateUrl,
      clock: 'feed',
      logger,
      warmupBars: 20,
      sync: 'write',
    });
    defer(() => runner.stop());
    const fills: string[] = [];
    await runner.start();
    await waitFor(() => runner.health.publicState === 'subscribed', 'feed subscribed');
    for (let h = 1; h <= 60; h++) {
      sim.advanceTo(SIM_START + h * HOUR);
      const target = s.lastTrade();
      await waitFor(() => (runner.health.lastTradeAt ?? 0) >= target, `trades up to hour ${h}`);
    }
    for (const f of runner.session.recentFills) fills.push(`${f.execId} ${f.side} ${f.qty}@${f.price} fee ${f.fee}`);
    const live = runner.session.summary();
    // The status view attributes every fill to the strategy that placed it.
    const attribution = statusView(runner).attribution;
    expect(attribution.strategies.map((a) => a.strategy)).toEqual(['sma-cross']);
    expect(attribution.strategies.reduce((n, a) => n + a.fills, 0)).toBe(fills.length);
    await runner.stop();
    const replayed = await replayJournal(journalPath);
    expect(live.candles).toBeGreaterThan(70);
    expect(fills.length).toBeGreaterThan(1);
    expect(replayed.summary).toEqual(live);
    expect(replayed.fills.map((f) => `${f.execId} ${f.side} ${f.qty}@${f.price} fee ${f.fee}`)).toEqual(fills);
  });
});
