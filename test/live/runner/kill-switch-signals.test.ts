import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { fetchStatus, spawnLive } from './child.ts';
import { HOUR, SIM_START, startSim, tempDir } from './helpers.ts';
import { FIXTURES } from './in-process.ts';
import { killChild, useTeardown } from './teardown.ts';

/**
 * The kill switch by signal on a spawned `npm run live` paper child (flip strategy: one market
 * order per bar, buy when flat, sell when long): SIGUSR1 halts, SIGUSR2 allows only reducing
 * orders, SIGHUP resumes. Each is a journaled `mode` input; the fills show which orders the
 * kernel let through. The status server stays read-only (no --control): POSTs are refused.
 */
async function waitUntil(poll: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!(await poll())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('kill switch signals (child process against the simulator)', () => {
  const defer = useTeardown();

  it('SIGUSR1 halts, SIGUSR2 reduces only, SIGHUP resumes; journaled; orders gated', async () => {
    const s = await startSim();
    const sim = s.sim;
    defer(() => sim.close());
    const t = tempDir('signals-');
    defer(t.cleanup);
    const journal = join(t.dir, 'paper.jsonl');
    const config = join(t.dir, 'config.json');
    writeFileSync(config, JSON.stringify({ clientIdPrefix: 'S1', downtime: null }));
    const child = spawnLive(sim, ['--paper', '--strategy', join(FIXTURES, 'flip-strategy.ts'), '--journal', journal, '--config', config, '--timeframe', '1h', '--warmup', '10', '--status-port', '0', '--no-fsync']);
    defer(() => killChild(child));
    const url = await child.statusUrl();
    let st = await fetchStatus(url);
    await waitUntil(async () => (st = await fetchStatus(url)).health.publicState === 'subscribed', 'feed subscribed');
    expect((await fetch(`${url}control/halt`, { method: 'POST', headers: { 'x-control-token': 'x' } })).status).toBe(403);

    let h = 0;
    const hour = async () => {
      sim.advanceTo(SIM_START + ++h * HOUR);
      const target = s.lastTrade();
      await waitUntil(async () => ((st = await fetchStatus(url)).health.lastTradeAt ?? 0) >= target, `hour ${h}`);
    };
    const signal = async (sig: NodeJS.Signals, mode: string) => {
      child.proc.kill(sig);
      await waitUntil(async () => (st = await fetchStatus(url)).tradingMode === mode, `${sig} -> ${mode}`);
    };
    // Newest first in status.json; keep them oldest first, with a count to compare against.
    const fills = (): { side: string }[] => [...st.recentFills].reverse();
    const position = () => Number(st.positions[0].qty);

    for (let i = 0; i < 3; i++) await hour();
    while (position() === 0) await hour();
    expect(fills().length).toBeGreaterThan(0);

    await signal('SIGUSR1', 'halted');
    let n = fills().length;
    for (let i = 0; i < 3; i++) await hour();
    expect(fills().slice(n)).toEqual([]); // the flip sell is refused
    expect(position()).toBeGreaterThan(0);

    await signal('SIGUSR2', 'reducing-only');
    n = fills().length;
    for (let i = 0; i < 4; i++) await hour();
    expect(fills().slice(n).map((f) => f.side)).toEqual(['sell']); // the sell goes through, the next buys do not
    expect(position()).toBe(0);

    await signal('SIGHUP', 'active');
    n = fills().length;
    for (let i = 0; i < 3; i++) await hour();
    expect(fills().slice(n).map((f) => f.side)).toContain('buy');

    child.proc.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
    const modes = parseJournalText(readFileSync(journal, 'utf8')).entries.flatMap((e) => (e.input.k === 'mode' ? [`${e.input.mode} (${e.input.reason})`] : []));
    expect(modes).toEqual([
      'halted (warm-up)',
      'active (warm-up done)',
      'halted (SIGUSR1 (kill switch))',
      'reducing-only (SIGUSR2 (reduce only))',
      'active (SIGHUP (resume))',
    ]);
  }, 45_000);
});
